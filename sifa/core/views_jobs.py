"""我的任务: the user's background jobs (sifa.core.tasks) — progress, result, error, retry.

Every page here reads the user's own jobs only (`tasks.jobs_of`): another user's job, an
administrator's included, is not found (404), and so is its file.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sifa.core import crypto, tasks
from sifa.core.views import STATUS_COLUMN, Column, download, paginate


def _htmx(request) -> bool:
    """An htmx poll asks for the changing part only (the rows, the status block)."""
    return request.headers.get("HX-Request") == "true"


JOB_COLUMNS = (
    Column(gettext_lazy("任务"), "title"),
    Column(gettext_lazy("提交时间"), "created_at"),
    STATUS_COLUMN,
    Column(gettext_lazy("进度"), unsortable=gettext_lazy("由已处理数和总数算出，执行中不断变化")),
    Column(gettext_lazy("结果"), unsortable=gettext_lazy("结果文件或结果页的链接，不是一个值")),
)


@login_required
def job_list(request):
    page = paginate(request, tasks.jobs_of(request.user), columns=JOB_COLUMNS)
    context = {
        "title": _("我的任务"),
        "page_obj": page,
        "running": any(not job.finished for job in page.object_list),
    }
    template = "core/jobs/_job_rows.html" if _htmx(request) else "core/jobs/list.html"
    return render(request, template, context)


@login_required
def job_detail(request, pk):
    job = tasks.job_of(request.user, pk)
    template = (
        "core/jobs/_job_status.html"
        if request.headers.get("HX-Request")
        else "core/jobs/detail.html"
    )
    return render(request, template, {"job": job, "title": job.title})


@login_required
def job_download(request, pk):
    job = tasks.job_of(request.user, pk)
    if job.result is None:
        raise Http404(_("该任务没有可下载的文件。"))
    content = crypto.open_bytes(job.result)
    return download(content, job.result_name, content_type=job.result_type, private=True)


@login_required
@require_POST
def job_retry(request, pk):
    job = tasks.job_of(request.user, pk)
    try:
        tasks.retry(job)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect(job)
