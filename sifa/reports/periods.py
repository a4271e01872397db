"""The periods a report reads (本月, 本年累计, 上年同期, 上期) and the comparisons between them.

A report's period is usually a calendar month, but any span works: 本年累计 runs from 1 January
of the period's end year to its end; 同比 compares with the same dates a year before; 环比 with
the preceding span of the same length (whole months: the same number of months before).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sifa.reports.definitions import MOM, PERIOD, YOY, YTD, YTD_YOY

Period = tuple[date, date]


def month_period(year: int, month: int) -> Period:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_before(day: date) -> date:
    """The same day a year before (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def _whole_months(start: date, end: date) -> int:
    """How many calendar months [start, end] covers exactly; 0 when not whole months."""
    if start.day != 1 or not _is_month_end(end):
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _months_back(day: date, months: int) -> date:
    """The first day of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def previous_period(start: date, end: date) -> Period:
    """The span just before [start, end] of the same length (环比's base)."""
    months = _whole_months(start, end)
    if months:
        first = _months_back(start, months)
        return first, start - timedelta(days=1)
    length = end - start
    return start - timedelta(days=1) - length, start - timedelta(days=1)


def same_period_last_year(start: date, end: date) -> Period:
    if _is_month_end(end):  # keep month ends month ends (a February of a leap year)
        last = year_before(end.replace(day=1))
        return year_before(start), last.replace(day=calendar.monthrange(last.year, last.month)[1])
    return year_before(start), year_before(end)


@dataclass(frozen=True)
class Periods:
    """Every period a report of [start, end] reads, by name (see `needed`)."""

    period: Period
    ytd: Period
    last_year: Period
    previous: Period
    ytd_last_year: Period

    @classmethod
    def of(cls, start: date, end: date) -> Periods:
        ytd = (date(end.year, 1, 1), end)
        return cls(
            period=(start, end),
            ytd=ytd,
            last_year=same_period_last_year(start, end),
            previous=previous_period(start, end),
            ytd_last_year=same_period_last_year(*ytd),
        )

    def for_measure(self, measure: str) -> tuple[Period, Period | None]:
        """(the period a cell shows, the period it is compared with or None)."""
        return {
            PERIOD: (self.period, None),
            YTD: (self.ytd, None),
            YOY: (self.period, self.last_year),
            MOM: (self.period, self.previous),
            YTD_YOY: (self.ytd, self.ytd_last_year),
        }[measure]

    def needed(self, measures) -> list[Period]:
        """The distinct periods the measures read, in a stable order."""
        result: list[Period] = []
        for measure in measures:
            for p in self.for_measure(measure):
                if p is not None and p not in result:
                    result.append(p)
        return result


def change_percent(current, base) -> Decimal | None:
    """(current − base) / base × 100, one decimal; None when there is no base to compare."""
    if base is None or current is None or not base:
        return None
    return ((Decimal(current) - Decimal(base)) * 100 / Decimal(base)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
