"""Fixtures of the reports tests: the stats test indicators and roster, reused."""

from sifa.stats.tests.conftest import roster, test_indicators  # noqa: F401
