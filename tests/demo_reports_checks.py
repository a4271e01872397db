"""Checks of the demo city's monthly reports (sifa/reports/demo.py), run with the city loaded.

The demo 司法所 submitted every month from January up to the month before the demo's today (and
before the real today); the bureau accepted each but the latest, which awaits review. Each
snapshot freezes every indicator of the report set from the records: a consistency check
straight after loading finds no difference in any of them (the record digests of every line's
models are stable, so a difference always means a record really changed).
"""

from datetime import date, timedelta

from django.utils import timezone

from sifa.reports import consistency, definitions
from sifa.reports.models import ReportSubmission


def expected_months(today: date) -> list[tuple[int, int]]:
    """January 2026 … the month before `today` (and before the real today)."""
    last = min(today, timezone.localdate()).replace(day=1) - timedelta(days=1)
    return [(year, month) for year in range(2026, last.year + 1) for month in range(1, 13)
            if date(year, month, 1) <= last]  # fmt: skip


def check_submissions(root_office, today: date):
    submissions = {
        (s.year, s.month): s
        for s in ReportSubmission.objects.filter(office__path__startswith=root_office.path)
    }
    months = expected_months(today)
    assert sorted(submissions) == months
    assert len(months) >= 9  # the demo's today is never before 2026-10-31
    assert {s.office_id for s in submissions.values()} == {submissions[months[0]].office_id}
    for key in months[:-1]:
        assert submissions[key].status == ReportSubmission.Status.ACCEPTED, key
    assert submissions[months[-1]].status == ReportSubmission.Status.SUBMITTED
    # Submitted on the 3rd of the next month and accepted two days later (never after now).
    january = submissions[(2026, 1)]
    assert timezone.localtime(january.submitted_at).date() == date(2026, 2, 3)
    assert timezone.localtime(january.reviewed_at).date() == date(2026, 2, 5)
    assert all(s.submitted_at <= timezone.now() for s in submissions.values())

    keys = set(definitions.ReportSet().indicator_keys())
    for key, submission in sorted(submissions.items()):
        snapshot = submission.current_snapshot()
        assert {v.indicator for v in snapshot.values.filter(breakdown="")} == keys, key
        accepted = snapshot.values.get(indicator="mediation.cases_accepted", breakdown="")
        assert accepted.value > 0 and accepted.record_count == accepted.value, key
        check = consistency.check_snapshot(snapshot)
        assert check.differences == 0, (key, check.detail)
