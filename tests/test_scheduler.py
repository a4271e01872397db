"""Scheduled work (sifa.core.scheduling, docs/jobs.md): the daily jobs of SIFA_SCHEDULE are
enqueued as tasks when due, each run is recorded for the administrator, and a run missed
while the server was down runs once at the next start."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sifa.core import scheduling
from sifa.core.models import Job, ScheduledRun

SESSIONS = (("session_cleanup", "03:30", "clearsessions"),)


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_last_due_is_today_once_the_time_has_come_else_yesterday():
    entry = scheduling.Entry("x", datetime.strptime("03:30", "%H:%M").time(), "clearsessions")
    assert scheduling.last_due(entry, local(2026, 5, 10, 3, 30)) == local(2026, 5, 10, 3, 30)
    assert scheduling.last_due(entry, local(2026, 5, 10, 3, 29)) == local(2026, 5, 9, 3, 30)


def test_a_missed_run_runs_once_when_the_scheduler_starts(db, settings):
    settings.SIFA_SCHEDULE = SESSIONS
    now = timezone.now()
    entry = scheduling.entries()[0]
    due = scheduling.last_due(entry, now)
    # The server was down: the last run recorded is two days older than the schedule.
    old = ScheduledRun.objects.create(
        key="session_cleanup",
        command="clearsessions",
        due_at=due - timedelta(days=2),
        status=ScheduledRun.Status.SUCCEEDED,
    )
    call_command("run_scheduler", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    runs = ScheduledRun.objects.exclude(pk=old.pk)
    assert [(r.key, r.due_at) for r in runs] == [("session_cleanup", due)]  # once, not 2×
    run = runs.get()
    assert run.status == ScheduledRun.Status.SUCCEEDED
    assert run.started_at and run.finished_at and run.finished_at >= run.started_at
    assert run.late == (now - due > scheduling.LATE_AFTER)

    call_command("run_scheduler", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ScheduledRun.objects.count() == 2  # the same due time is never run twice


def test_every_scheduled_job_of_the_default_list_runs(cast):
    runs = scheduling.enqueue_due()
    keys = {r.key for r in runs}
    assert keys == {
        "consistency_check",
        "audit_purge",
        "session_cleanup",
        "job_cleanup",
        "deadline_reminders",
        "corrections_expiring",
        "holiday_warning",
    }
    by_key = {r.key: r for r in ScheduledRun.objects.all()}
    for key, run in by_key.items():
        assert run.status == ScheduledRun.Status.SUCCEEDED, (key, run.output)
    assert "份月报" in by_key["consistency_check"].output
    assert "已清理" in by_key["audit_purge"].output
    assert "名用户有待办" in by_key["deadline_reminders"].output
    assert "已删除" in by_key["job_cleanup"].output


def test_a_failing_job_is_recorded_with_its_message(db, settings):
    settings.SIFA_SCHEDULE = (("bad_purge", "01:00", "purge_audit --before 2999-01-01"),)
    [run] = scheduling.enqueue_due()
    run.refresh_from_db()
    assert run.status == ScheduledRun.Status.FAILED
    assert "审计记录至少保存" in run.output and "未删除任何记录" in run.output


def test_old_finished_jobs_are_purged(cast, settings):
    settings.SIFA_JOB_KEEP_DAYS = 7
    old = Job.objects.create(user=cast.township_clerk, title="旧", status=Job.Status.SUCCEEDED)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    recent = Job.objects.create(user=cast.township_clerk, title="新", status=Job.Status.FAILED)
    Job.objects.filter(pk=recent.pk).update(finished_at=timezone.now() - timedelta(days=1))
    waiting = Job.objects.create(user=cast.township_clerk, title="排队")
    call_command("purge_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_runs_are_visible_to_the_administrator_only(cast, login, settings):
    settings.SIFA_SCHEDULE = SESSIONS
    scheduling.enqueue_due()
    url = reverse("admin:core_scheduledrun_changelist")
    page = login(cast.sysadmin).get(url)
    assert page.status_code == 200 and "session_cleanup" in page.content.decode()
    run = ScheduledRun.objects.get()
    detail = login(cast.sysadmin).get(reverse("admin:core_scheduledrun_change", args=[run.pk]))
    assert detail.status_code == 200
    assert login(cast.auditor).get(url).status_code == 403
    assert login(cast.township_clerk).get(url).status_code == 302  # not an admin user at all
