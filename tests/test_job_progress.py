"""A job's progress written inside a transaction (an import being applied) is seen by the job
page while the transaction is still open: on PostgreSQL it goes through a connection of its own
(sifa.core.tasks.progress)."""

from __future__ import annotations

import pytest
from django.db import connection, connections, transaction

from sifa.core import tasks
from sifa.core.models import Job

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _seen_from_outside(job: Job) -> int:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT done FROM core_job WHERE id = %s", [job.pk])
            return cursor.fetchone()[0]
    finally:
        other.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
def test_progress_inside_a_transaction_is_seen_outside_it(cast, monkeypatch):
    monkeypatch.setattr(tasks, "PROGRESS_INTERVAL", 0)
    job = Job.objects.create(user=cast.township_clerk, title="导入数据", total=100)
    running = tasks._Running(job.pk, job.total)
    token = tasks._current.set(running)
    try:
        with transaction.atomic():
            tasks.progress(40)
            assert _seen_from_outside(job) == 40  # the transaction has not ended
            transaction.set_rollback(True)
    finally:
        tasks._current.reset(token)
        if running.side is not None:
            running.side.close()
    assert _seen_from_outside(job) == 40
