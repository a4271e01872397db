"""Freezing a month: the frozen values equal the registry's figures, with their records."""

from datetime import date

import pytest

from sifa.mediation.tests.factories import make_case, make_committee
from sifa.reports import actions
from sifa.reports.models import SnapshotRecord, SnapshotValue
from sifa.reports.periods import month_period
from sifa.reports.snapshots import (
    fingerprint,
    record_digest,
    record_digests,
    report_indicators,
)
from sifa.stats import registry
from sifa.stats.registry import Scope

YEAR, MONTH = 2026, 3
ACCEPTED = "mediation.cases_accepted"


def march(day: int) -> date:
    return date(YEAR, MONTH, day)


def cases_in(cast, office, days, actor=None, **overrides):
    """Mediation cases received in `office`'s (new) committee on the given days of March."""
    committee = make_committee(office)
    actor = actor or cast.county_supervisor
    return [make_case(actor, committee, received_on=march(d), **overrides) for d in days]


def frozen(snapshot, key=ACCEPTED, breakdown="", bucket=""):
    return SnapshotValue.objects.get(
        snapshot=snapshot, indicator=key, breakdown=breakdown, bucket=bucket
    )


@pytest.fixture
def month_cases(cast):
    """Township A1: 2 neighbourhood + 1 marriage case in March, 1 in April; A2: 1 in March."""
    a1 = cases_in(cast, cast.township_a1, [2, 15])
    a1 += cases_in(cast, cast.township_a1, [31], dispute_type="marriage_family")
    committee = make_committee(cast.township_a1)
    april = make_case(cast.township_clerk, committee, received_on=date(YEAR, 4, 1))
    a2 = cases_in(cast, cast.township_a2, [10])
    return {"a1": a1, "april": april, "a2": a2}


def test_frozen_values_equal_the_registry_figures(cast, month_cases):
    submission = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    snapshot = submission.current_snapshot()
    start, end = month_period(YEAR, MONTH)
    scope = Scope(cast.township_a1, start, end)

    for indicator in report_indicators():
        figures = registry.figures(indicator, scope)
        assert frozen(snapshot, indicator.key).value == figures.value, indicator.key
        for key, rows in figures.breakdowns.items():
            for stored, label, value in rows:
                row = frozen(snapshot, indicator.key, key, registry.breakdown_token(stored))
                assert (row.value, row.bucket_label) == (value, label)
        records = registry.records(indicator, scope)
        assert frozen(snapshot, indicator.key).record_count == records.count()


def test_the_cases_of_the_month_are_frozen_with_their_records(cast, month_cases):
    submission = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    snapshot = submission.current_snapshot()

    total = frozen(snapshot)
    assert total.value == 3  # two neighbourhood cases and one marriage case of A1 in March
    assert total.record_count == 3
    assert frozen(snapshot, breakdown="type", bucket="neighbourhood").value == 2
    assert frozen(snapshot, breakdown="type", bucket="marriage_family").value == 1
    ids = set(
        SnapshotRecord.objects.filter(snapshot=snapshot, indicator=ACCEPTED).values_list(
            "record_id", flat=True
        )
    )
    assert ids == {str(case.pk) for case in month_cases["a1"]}
    assert (snapshot.period_start, snapshot.period_end) == month_period(YEAR, MONTH)
    assert snapshot.version == 1 and snapshot.taken_by == cast.township_clerk


def test_the_fingerprint_is_that_of_the_records_digests(cast, month_cases):
    submission = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    snapshot = submission.current_snapshot()
    digests = dict(
        SnapshotRecord.objects.filter(snapshot=snapshot, indicator=ACCEPTED).values_list(
            "record_id", "digest"
        )
    )

    assert frozen(snapshot).fingerprint == fingerprint(digests)
    start, end = month_period(YEAR, MONTH)
    now = record_digests(registry.get(ACCEPTED), Scope(cast.township_a1, start, end))
    assert now == digests


def test_a_save_without_change_keeps_the_digest_and_an_edit_changes_it(cast, month_cases):
    indicator = registry.get(ACCEPTED)
    scope = Scope(cast.township_a1, *month_period(YEAR, MONTH))
    case = month_cases["a1"][0]
    before = record_digests(indicator, scope)

    case.save()  # only updated_at moves
    assert record_digests(indicator, scope) == before

    case.facts = "双方因宅基地边界发生争执。"
    case.save()
    after = record_digests(indicator, scope)
    assert after[str(case.pk)] != before[str(case.pk)]
    assert {k: v for k, v in after.items() if k != str(case.pk)} == {
        k: v for k, v in before.items() if k != str(case.pk)
    }


def test_the_digest_reads_values_not_their_spelling():
    from decimal import Decimal

    assert record_digest([Decimal("1.50"), None]) == record_digest([Decimal("1.5"), None])
    assert record_digest([None]) != record_digest([""])
    assert record_digest(["a", "b"]) != record_digest(["ab", ""])


def test_a_county_freezes_its_whole_subtree(cast, month_cases):
    submission = actions.submit_month(cast.county_supervisor, cast.county_a, YEAR, MONTH)

    total = frozen(submission.current_snapshot())
    assert total.value == 4  # A1's three and A2's one; April's case is not in March
    assert total.record_count == 4
