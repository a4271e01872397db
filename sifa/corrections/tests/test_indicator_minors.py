"""A minor's corrections records: counted in every figure, listed in a drill-down only for users
holding Cap.MINORS (社区矫正法 第54条)."""

from __future__ import annotations

import datetime

import pytest

from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.stats import registry, selectors
from sifa.stats.registry import Scope

pytestmark = pytest.mark.django_db


def test_minors_counted_for_all_but_listed_only_with_the_capability(cast):
    worker = make_worker(cast.county_a)  # cc_worker: holds Cap.MINORS
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    adult = make_active_subject(worker, cast.township_a1)
    indicator = registry.get("corrections.under_correction")
    day = max(minor.registered_on, adult.registered_on) + datetime.timedelta(days=1)

    for user in (worker, cast.township_clerk):  # the clerk (jo_staff) has no Cap.MINORS
        scope = Scope(cast.township_a1, day, day, user=user)
        assert registry.value(indicator, scope) == 2
    listed_for_worker = selectors.indicator_records(
        indicator, Scope(cast.township_a1, day, day, user=worker)
    )
    listed_for_clerk = selectors.indicator_records(
        indicator, Scope(cast.township_a1, day, day, user=cast.township_clerk)
    )
    assert set(listed_for_worker) == {minor, adult}
    assert set(listed_for_clerk) == {adult}


def test_every_corrections_indicator_declares_how_minors_are_hidden():
    """Every figure over subjects or their records hides minors in its drill-down."""
    for indicator in registry.all_indicators():
        if not indicator.key.startswith("corrections."):
            continue
        names = {f.name for f in indicator.model._meta.get_fields()}
        if names & {"is_minor", "subject"} or indicator.model.__name__ == "Investigation":
            assert indicator.restricted is not None, indicator.key
