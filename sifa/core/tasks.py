"""Background jobs with progress (后台任务, 我的任务), on Django's tasks framework.

Long work — an Excel import of more than SIFA_IMPORT_BACKGROUND_ROWS rows, an export of more
than SIFA_EXPORT_BACKGROUND_ROWS, 全部核查 of many months, a city's report set or work
summary — leaves the request: the page saves a `Job` for the user, enqueues `run_job` and
sends the user to the job's page, where a progress bar (rows done / total) follows it without
reloading. A worker (`make worker`: django-tasks-db's `db_worker`, the queue in Sifa's own
database) runs it; the user may leave and come back to 我的任务, and gets the result — a file
only they may download, or the page to see — or a Chinese error, and may retry a failed job.

**One code path.** A page that may run in the background is decorated:

    @login_required
    @runs_in_background(_("导出调解案件"), when=export_over(lambda r: _filtered(r).count()))
    def case_export(request): ...

`when(request)` returns None (run now, as before: small work keeps its direct response) or the
number of rows to expect. In the background the worker *replays the same request*: the same
view, the same user, the same query string, form fields and uploaded file, so every access
check, filter and rule of the page holds unchanged, and a background export is the same file
the page would have sent. The view's response becomes the job's outcome: a file download its
result; a redirect its result page (with the page's messages as the result's text; an error or
warning message fails the job with that text); a 403/404 a Chinese refusal. An import (which
renders its own page) raises its errors (`ValidationError`) in a job and the job fails with
every error by row and column, having written nothing: imports are all or nothing.

Progress comes from the kit: an import (sifa.core.imports) reports each row read or written,
`xlsx_response` each row written, and any long loop may call `progress(done, total)` — a
no-op outside a job.
Progress is written at most about once a second, on the job's own row; inside an import's
transaction on PostgreSQL through a second connection, so the bar moves while the rows are
written (on SQLite it moves when the transaction ends).
"""

from __future__ import annotations

import contextvars
import logging
import os
import re
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from functools import wraps
from importlib import import_module
from urllib.parse import unquote

from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.session import SessionStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.tasks import task
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core import crypto, metrics
from sifa.core.models import Job

logger = logging.getLogger(__name__)

JOB_ATTRIBUTE = "sifa_job"  # set on a replayed request: the view runs, it is not sent away
PROGRESS_INTERVAL = 1.0  # seconds between two progress writes (the page polls every second)
GENERIC_ERROR = "任务执行出错，未保存任何结果。请重试；如仍失败，请联系系统管理员。"


# --- progress -----------------------------------------------------------------------------------


@dataclass
class _Running:
    job_id: int
    total: int
    done: int = 0
    written_at: float = field(default_factory=time.monotonic)
    note: str = ""
    side: object = None  # a second database connection for progress inside a transaction


_current: contextvars.ContextVar[_Running | None] = contextvars.ContextVar("sifa_job", default=None)


def in_job() -> bool:
    """Is this code running inside a background job?"""
    return _current.get() is not None


def progress(done: int, total: int | None = None) -> None:
    """Report `done` of `total` (default: the total the job started with); no-op outside a job."""
    running = _current.get()
    if running is None:
        return
    running.done = done
    if total is not None:
        running.total = total
    now = time.monotonic()
    if now - running.written_at >= PROGRESS_INTERVAL:
        running.written_at = now
        if connection.in_atomic_block and connection.vendor == "postgresql":
            _progress_beside(running, done)
        else:
            Job.objects.filter(pk=running.job_id).update(done=done, total=running.total)


def _progress_beside(running: _Running, done: int) -> None:
    """Progress written inside a transaction (an import being applied) would be seen only when
    it ends: on PostgreSQL it goes through a connection of its own, so the bar moves. (SQLite
    has one writer at a time: there the bar moves when the transaction ends.)"""
    if running.side is None:
        running.side = connections.create_connection(DEFAULT_DB_ALIAS)
    table = running.side.ops.quote_name(Job._meta.db_table)
    with running.side.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET done = %s, total = %s WHERE id = %s",  # noqa: S608
            [done, running.total, running.job_id],
        )


def track(rows: Iterable, *, start: int = 0) -> Iterator:
    """Yield `rows`, reporting each as done (an export's rows as they are written)."""
    done = start
    for row in rows:
        yield row
        done += 1
        progress(done)


def note(text: str) -> None:
    """The result's text for the user (“导入完成：共1,200行”), when the response says nothing."""
    running = _current.get()
    if running is not None:
        running.note = str(text)


# --- starting: the decorator and the job row ------------------------------------------------


def runs_in_background(title, *, when: Callable[..., int | None]) -> Callable:
    """Decorate a view (under `@login_required`): when `when(request, *args, **kwargs)` gives a
    number, save a job for the request (that many rows expected; 0 unknown) and send the user to
    the job's page; when it gives None, or in the worker's replay, run the view as it is."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if getattr(request, JOB_ATTRIBUTE, None) is None:
                expected = when(request, *args, **kwargs)
                if expected is not None:
                    text = title(request) if callable(title) else title
                    job = start(request, title=str(text), total=expected)
                    return redirect(job)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def always(request, *args, **kwargs) -> int:
    """`when=` of a page whose work always runs in the background (the total unknown)."""
    return 0


def export_over(count: Callable) -> Callable:
    """`when=` of an export: in the background when `count(request)` rows exceed the limit."""

    def when(request, *args, **kwargs) -> int | None:
        rows = count(request, *args, **kwargs)
        return rows if rows > sifa_setting("SIFA_EXPORT_BACKGROUND_ROWS") else None

    return when


def start(request, *, title: str, total: int = 0) -> Job:
    """Save a job that replays `request` for its user, and enqueue it."""
    upload, upload_name, file_field = None, "", ""
    if request.FILES:
        file_field, uploaded = next(iter(request.FILES.items()))
        upload, upload_name = crypto.seal_bytes(uploaded.read()), uploaded.name
    replay = {
        "path": request.path,
        "method": request.method,
        "query": request.META.get("QUERY_STRING", ""),
        "post": {
            key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"
        },
        "file_field": file_field,
        "host": request.get_host(),
        "secure": request.is_secure(),
    }
    job = Job.objects.create(
        user=request.user,
        title=title[:200],
        total=total,
        request=replay,
        upload=upload,
        upload_name=upload_name[:200],
    )
    enqueue(job)
    return job


def enqueue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def retry(job: Job) -> Job:
    """Run a failed job again (the caller checked it is the user's own)."""
    if job.status != Job.Status.FAILED:
        raise ValidationError(_("只有失败的任务可以重试。"), code="not_failed")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.QUEUED,
        done=0,
        message="",
        result=None,
        result_name="",
        result_type="",
        result_url="",
        started_at=None,
        finished_at=None,
    )
    enqueue(job)
    job.refresh_from_db()
    return job


# --- running ------------------------------------------------------------------------------------


@task()
def run_job(job_id: int) -> str:
    """The task the worker runs: replay the job's request and keep its outcome."""
    job = Job.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
        attempts=job.attempts + 1,
        runner=this_runner(),
    )
    running = _Running(job.pk, job.total)
    token = _current.set(running)
    started = time.perf_counter()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            outcome = _outcome(_replay(job), running)
    except ValidationError as error:
        outcome = _failed("\n".join(error.messages))
    except PermissionDenied as error:
        outcome = _failed(str(error) or _("您没有权限执行此任务。"))
    except Http404:
        outcome = _failed(_("要处理的记录不存在，或不在您的管理范围内。"))
    except Exception:
        logger.exception("background job %s failed", job.pk)
        outcome = _failed(_(GENERIC_ERROR))
    finally:
        _current.reset(token)
        if running.side is not None:
            running.side.close()
    metrics.observe_task(
        _task_name(job),
        time.perf_counter() - started,
        failed=outcome["status"] != Job.Status.SUCCEEDED,
    )
    done = running.total if outcome["status"] == Job.Status.SUCCEEDED else running.done
    Job.objects.filter(pk=job.pk).update(
        **outcome, done=done, total=max(running.total, done), finished_at=timezone.now()
    )
    return outcome["status"]


def _task_name(job: Job) -> str:
    """The metrics label of a job: its view's name (never an argument or a record id)."""
    try:
        return resolve(job.request.get("path", "")).view_name or "job"
    except Resolver404:
        return "job"


def _failed(message: str) -> dict:
    return {"status": Job.Status.FAILED, "message": message}


def _replay(job: Job) -> HttpResponse:
    """The job's request, made again for its user, answered by the same view."""
    replay = job.request
    factory = RequestFactory()
    options = {"HTTP_HOST": replay["host"], "secure": replay["secure"]}
    if replay["method"] == "POST":
        data = dict(replay["post"])
        if job.upload is not None:
            content = crypto.open_bytes(job.upload)
            data[replay["file_field"]] = SimpleUploadedFile(job.upload_name, content)
        request = factory.post(replay["path"], data=data, **options)
    else:
        query = f"?{replay['query']}" if replay["query"] else ""
        request = factory.get(replay["path"] + query, **options)
    request.user = job.user
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()  # never saved
    request._messages = SessionStorage(request)
    setattr(request, JOB_ATTRIBUTE, job)
    match = resolve(replay["path"])
    request.resolver_match = match
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    response.sifa_messages = list(request._messages)
    return response


def _outcome(response: HttpResponse, running: _Running) -> dict:
    """What the view's answer means for the job."""
    messages = getattr(response, "sifa_messages", [])
    problems = [str(m) for m in messages if m.level >= message_levels.WARNING]
    said = [str(m) for m in messages if m.level < message_levels.WARNING]
    disposition = response.get("Content-Disposition", "")
    if response.status_code == 200 and disposition.startswith("attachment"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return {
            "status": Job.Status.SUCCEEDED,
            "result": crypto.seal_bytes(content),
            "result_name": _filename(disposition)[:200],
            "result_type": response.get("Content-Type", "application/octet-stream")[:200],
            "message": running.note,
        }
    if response.status_code in (301, 302, 303):
        if problems:
            # The page it led to still says more (an import's preview lists every error).
            return {**_failed("\n".join(problems)), "result_url": response["Location"][:500]}
        return {
            "status": Job.Status.SUCCEEDED,
            "result_url": response["Location"][:500],
            "message": "\n".join([*said, running.note]).strip(),
        }
    if response.status_code == 200:
        return {"status": Job.Status.SUCCEEDED, "message": running.note or _("任务已完成。")}
    if response.status_code == 403:
        return _failed(_("您没有权限执行此任务。"))
    if response.status_code == 404:
        return _failed(_("要处理的记录不存在，或不在您的管理范围内。"))
    return _failed(_("请求有误，请回到原页面重新提交。"))


def _filename(disposition: str) -> str:
    found = re.search(r"filename\*=utf-8''([^;]+)", disposition, re.IGNORECASE)
    if found:
        return unquote(found.group(1))
    found = re.search(r'filename="?([^";]+)"?', disposition)
    return found.group(1) if found else "result"


# --- the user's jobs ------------------------------------------------------------------------------


def jobs_of(user):
    """The user's own jobs, newest first (nobody sees another's jobs, administrators neither)."""
    return Job.objects.filter(user=user).order_by("-created_at", "-pk")


def job_of(user, pk) -> Job:
    """The user's job `pk`; another's job is not found (404)."""
    return get_object_or_404(jobs_of(user), pk=pk)


def purge_finished(*, now=None) -> int:
    """Delete finished jobs older than SIFA_JOB_KEEP_DAYS with their files; the count."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=sifa_setting("SIFA_JOB_KEEP_DAYS"))
    finished = [Job.Status.SUCCEEDED, Job.Status.FAILED]
    deleted, _counts = Job.objects.filter(status__in=finished, finished_at__lt=cutoff).delete()
    return deleted


# --- jobs of a worker that died -------------------------------------------------------------------

INTERRUPTED = (
    "任务执行中断：执行该任务的后台进程意外停止（如被强制结束或服务器断电），未保存任何结果。"
    "请点击“重试”重新执行。"
)


def _process_start(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot, /proc/<pid>/stat field 22): None when
    there is no such process; "" where /proc is not available (then the pid alone counts)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            # The command name (field 2) is in parentheses and may hold spaces.
            return stat.read().rsplit(")", 1)[1].split()[19]
    except FileNotFoundError:
        return None if os.path.isdir("/proc") else _pid_alive(pid)
    except (OSError, IndexError):
        return ""


def _pid_alive(pid: int) -> str | None:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return ""
    return ""


def this_runner() -> str:
    """This process as a job's runner: host, pid and the process's start (a reused pid differs)."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid) or ''}"


def runner_gone(runner: str) -> bool:
    """Whether the process named by `runner` is known to be gone. Only processes of this host
    can be checked: a runner of another host (or an empty one) is never called gone."""
    try:
        host, pid, start = runner.rsplit(":", 2)
        pid_number = int(pid)
    except ValueError:
        return False
    if host != socket.gethostname():
        return False
    current = _process_start(pid_number)
    if current is None:
        return True
    return bool(start and current and current != start)


def recover_interrupted(*, now=None) -> list[int]:
    """Fail the jobs RUNNING in a worker process of this host that is gone, with a Chinese
    message and a retry, and mark their queue rows failed; returns their ids. Run when a
    worker starts (`manage.py run_worker`): a worker killed with SIGKILL could not do it."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    recovered = []
    for job in Job.objects.filter(status=Job.Status.RUNNING).exclude(runner=""):
        if not runner_gone(job.runner):
            continue
        updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, message=INTERRUPTED, finished_at=now
        )
        if not updated:
            continue
        recovered.append(job.pk)
        if job.task_id:
            DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                status="FAILED",
                finished_at=now,
                exception_class_path="sifa.core.tasks.WorkerGone",
                traceback=f"worker process {job.runner} gone",
            )
        metrics.observe_task(_task_name(job), 0.0, failed=True)
        logger.warning("background job %s interrupted: its worker %s is gone", job.pk, job.runner)
    return recovered
