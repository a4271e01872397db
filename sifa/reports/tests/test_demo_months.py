"""Which months the demo 司法所 submits (sifa/reports/demo.py): every month from January of the
demo year that has ended before the demo's today and before the real today."""

from datetime import date

from sifa.core.demo import DemoContext
from sifa.reports.demo import report_months


def months(today, real_today):
    return report_months(DemoContext(today=today), real_today=real_today)


def test_every_complete_month_from_january_up_to_the_month_before_today():
    assert months(date(2026, 12, 7), date(2026, 12, 7)) == [(2026, m) for m in range(1, 12)]
    # The last day of a month has not ended yet on that day.
    assert months(date(2026, 10, 31), date(2026, 12, 7))[-1] == (2026, 9)
    assert months(date(2026, 11, 1), date(2026, 12, 7))[-1] == (2026, 10)


def test_across_the_year_end():
    got = months(date(2027, 3, 1), date(2027, 3, 1))
    assert got[0] == (2026, 1) and got[-1] == (2027, 2) and len(got) == 14


def test_a_demo_today_after_the_real_today_stops_at_the_last_month_really_ended():
    assert months(date(2027, 3, 1), date(2026, 12, 7))[-1] == (2026, 11)
