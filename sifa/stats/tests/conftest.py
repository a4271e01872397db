"""Fixtures of the stats tests: the test-only indicators and a staff roster to count."""

from datetime import date

import pytest

from sifa.stats import registry
from sifa.stats.tests.helpers import END, START, TEST_INDICATORS, add_staff


@pytest.fixture
def test_indicators():
    for indicator in TEST_INDICATORS:
        registry.register(indicator)
    yield
    for indicator in TEST_INDICATORS:
        registry.unregister(indicator.key)


@pytest.fixture
def roster(cast):
    """Staff appointed across the tree within and around 2026-01-01..2026-06-30."""
    rows = [
        # (office, start, end, post, full_time)
        (cast.township_a1, date(2025, 12, 31), None, "head", True),  # before: serving only
        (cast.township_a1, START, None, "mediator", False),  # first day counts
        (cast.township_a1, END, None, "mediator", True),  # last day counts
        (cast.village_a1, date(2026, 3, 1), None, "", False),  # no post recorded
        (cast.township_a2, date(2026, 2, 1), date(2026, 6, 30), "mediator", False),  # left on END
        (cast.county_a, date(2026, 4, 1), date(2026, 7, 1), "head", True),  # leaves after END
        (cast.township_b1, date(2026, 5, 5), None, "mediator", False),
        (cast.city, date(2026, 7, 1), None, "head", True),  # after: neither
    ]
    return [
        add_staff(office, start=start, end=end, post=post, full_time=full_time, name=f"在册{i}")
        for i, (office, start, end, post, full_time) in enumerate(rows)
    ]
