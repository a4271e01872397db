"""Scheduled work (计划任务): the daily jobs of SIFA_SCHEDULE, enqueued as tasks.

`manage.py run_scheduler` (`make scheduler`, deploy/sifa-scheduler.service) wakes every
30 seconds and, for each job, works out the last time it was due (today at its HH:MM in the
bureau's zone, or yesterday if that is still ahead). A due time without a `ScheduledRun` gets
one and its task is enqueued; the worker runs the job's management command and records start,
end, status and output on the run (admin: 计划任务执行记录, for the system administrator).

A run missed while the server was down is therefore run once when the scheduler starts again
(only the last due time counts, however many days were missed), marked 补执行. The unique
(job, due time) pair keeps two schedulers, or a restart in the same minute, from running one
due time twice. No cron, no extra service: the queue is the database's.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from io import StringIO

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from config.sifa_settings import sifa_setting
from sifa.core.models import ScheduledRun

LATE_AFTER = timedelta(minutes=5)  # enqueued later than this after its time: a missed run


@dataclass(frozen=True)
class Entry:
    key: str
    at: time
    command: str


def entries() -> list[Entry]:
    """SIFA_SCHEDULE as entries: (key, "HH:MM", "command --options")."""
    return [
        Entry(key, time.fromisoformat(at), command)
        for key, at, command in sifa_setting("SIFA_SCHEDULE")
    ]


def last_due(entry: Entry, now: datetime) -> datetime:
    """The last time at or before `now` the entry was due (bureau time, as an aware time)."""
    local = timezone.localtime(now)
    due = timezone.make_aware(datetime.combine(local.date(), entry.at))
    if due > now:
        due = timezone.make_aware(datetime.combine(local.date() - timedelta(days=1), entry.at))
    return due


def enqueue_due(now: datetime | None = None) -> list[ScheduledRun]:
    """Enqueue every job whose last due time has no run yet; the runs created."""
    now = now or timezone.now()
    created = []
    for entry in entries():
        due = last_due(entry, now)
        if ScheduledRun.objects.filter(key=entry.key, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(
                    key=entry.key, command=entry.command, due_at=due, late=now - due > LATE_AFTER
                )
        except IntegrityError:  # another scheduler took it
            continue
        run_scheduled.enqueue(run.pk)
        created.append(run)
    return created


@task()
def run_scheduled(run_id: int) -> str:
    """Run one scheduled job's command and record what happened."""
    run = ScheduledRun.objects.get(pk=run_id)
    ScheduledRun.objects.filter(pk=run.pk).update(
        status=ScheduledRun.Status.RUNNING, started_at=timezone.now()
    )
    out = StringIO()
    try:
        name, *arguments = shlex.split(run.command)
        call_command(name, *arguments, stdout=out, stderr=out)
    except BaseException as error:
        status = ScheduledRun.Status.FAILED
        out.write(f"\n{type(error).__name__}: {error}")
    else:
        status = ScheduledRun.Status.SUCCEEDED
    ScheduledRun.objects.filter(pk=run.pk).update(
        status=status, finished_at=timezone.now(), output=out.getvalue().strip()[:20000]
    )
    return status
