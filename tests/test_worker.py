"""A real worker process (django-tasks-db's `db_worker`, as `make worker` runs it) on the
database backend: a large export queued from the page, and a scheduled job queued by the
scheduler, are run by the worker in another process, and the user then downloads the file.

The worker must reach the test database, so this runs on PostgreSQL (SQLite's test database
is in memory, private to this process)."""

from __future__ import annotations

import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from sifa.core import scheduling
from sifa.core.models import Job, ScheduledRun
from sifa.mediation.tests.factories import make_case, make_committee

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parent.parent
DATABASE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def worker_environment() -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    return {**os.environ, "DATABASE_URL": url, "SIFA_TASKS_BACKEND": "database"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs a shared database")
def test_a_worker_process_runs_queued_jobs(cast, login, settings):
    settings.TASKS = DATABASE
    settings.SIFA_EXPORT_BACKGROUND_ROWS = 1
    settings.SIFA_SCHEDULE = (("session_cleanup", "03:30", "clearsessions"),)
    committee = make_committee(cast.township_a1)
    cases = [make_case(cast.township_clerk, committee) for _ in range(2)]
    client = login(cast.township_clerk)

    response = client.get(reverse("mediation:case_export"))
    job = Job.objects.get(user=cast.township_clerk)
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.QUEUED  # nothing runs it in this process
    assert 'hx-trigger="every 1s"' in client.get(job.get_absolute_url()).content.decode()
    [run] = scheduling.enqueue_due()
    assert run.status == ScheduledRun.Status.QUEUED

    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=worker_environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert (job.done, job.total) == (2, 2) and job.attempts == 1
    content = client.get(reverse("jobs:download", args=[job.pk])).content
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    assert sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        c.number for c in cases
    )
    assert login(cast.sibling_clerk).get(reverse("jobs:download", args=[job.pk])).status_code == 404
    run.refresh_from_db()
    assert run.status == ScheduledRun.Status.SUCCEEDED and run.finished_at is not None
