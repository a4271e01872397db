"""A worker killed with SIGKILL leaves its job 进行中: the next worker to start (`manage.py
run_worker`, as `make worker` and deploy/sifa-worker.service run it) fails the jobs whose
process is gone, with a Chinese message, and the user may retry them."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sifa.core import tasks
from sifa.core.models import Job

pytestmark = pytest.mark.django_db

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def dead_pid() -> int:
    """The pid of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def running_job(user, runner: str, *, queued_task=True) -> Job:
    job = Job.objects.create(user=user, title="导出调解案件", request={"path": "/"}, total=10)
    if queued_task:
        result = tasks.run_job.enqueue(job.pk)
        DBTaskResult.objects.filter(id=result.id).update(status="RUNNING", worker_ids=["w1"])
        job.task_id = str(result.id)
    job.status, job.runner, job.done = Job.Status.RUNNING, runner, 4
    job.save()
    return job


def test_runner_names_this_process_and_tells_a_dead_one(settings):
    me = tasks.this_runner()
    host, _pid, start = me.rsplit(":", 2)
    assert host == socket.gethostname() and start  # /proc is there on this machine
    assert not tasks.runner_gone(me)
    assert tasks.runner_gone(f"{host}:{dead_pid()}:1")
    # The same pid with another start time is a reused pid: the job's process is gone.
    assert tasks.runner_gone(me.rsplit(":", 1)[0] + ":1")
    # Another host's process, or no runner, cannot be judged here.
    assert not tasks.runner_gone(f"other-host:{dead_pid()}:1")
    assert not tasks.runner_gone("")


def test_a_job_of_a_dead_worker_fails_with_a_message_and_is_retried(cast, login, settings):
    settings.TASKS = DATABASE
    user = cast.township_clerk
    host = socket.gethostname()
    dead = running_job(user, f"{host}:{dead_pid()}:1")
    alive = running_job(user, tasks.this_runner())
    elsewhere = running_job(user, f"other-host:{dead_pid()}:1", queued_task=False)

    assert tasks.recover_interrupted() == [dead.pk]

    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED and dead.finished_at is not None
    assert dead.message == tasks.INTERRUPTED
    assert "意外停止" in dead.message and "重试" in dead.message
    assert DBTaskResult.objects.get(id=dead.task_id).status == "FAILED"
    for other in (alive, elsewhere):
        other.refresh_from_db()
        assert other.status == Job.Status.RUNNING
    assert DBTaskResult.objects.get(id=alive.task_id).status == "RUNNING"
    # The user sees the message on the job's page and retries: queued again, progress reset.
    client = login(user)
    assert "意外停止" in client.get(reverse("jobs:detail", args=[dead.pk])).content.decode()
    retried = tasks.retry(dead)
    assert (retried.status, retried.done, retried.message) == (Job.Status.QUEUED, 0, "")


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="db_worker closes the test transaction's connection on PostgreSQL; there the kill "
    "drill (scripts/drill-kill) runs run_worker as a real process after each SIGKILL",
)
def test_run_worker_recovers_before_running_the_queue(cast, settings):
    settings.TASKS = DATABASE
    dead = running_job(cast.township_clerk, f"{socket.gethostname()}:{dead_pid()}:1")
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload")
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED and dead.message == tasks.INTERRUPTED
