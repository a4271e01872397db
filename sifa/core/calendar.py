"""The working-day calendar (工作日历): weekends, statutory holidays (法定节假日) and make-up
working days (调休上班日).

Sources, strongest first:

1. the admin table `core.CalendarDay` — a bureau enters the 国务院办公厅 annual holiday notice
   there when the package is late, or corrects a date;
2. the `chinese_calendar` package (the official notices since 2004);
3. for a year the package does not know: Monday–Friday.

`WorkingCalendar` answers for one computation and loads the table one year at a time, so a loop
over many days costs one query per year touched. It keeps nothing between computations: an
edit to the table is seen by the next one. The module functions each use a fresh calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
from django.utils import timezone

from sifa.core.models import CalendarDay

# Far more non-working days in a row than any official calendar has (the longest holiday is
# about 9 days); reaching it means the admin table marks a whole stretch as holidays by mistake.
MAX_CONSECUTIVE_DAYS_OFF = 366


def as_local_date(value: date | datetime) -> date:
    """The calendar date of `value`, in the project time zone when it is an aware datetime."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).date()
        return value.date()
    return value


class WorkingCalendar:
    """Working-day answers for one computation (see the module docstring)."""

    def __init__(self) -> None:
        self._overrides_by_year: dict[int, dict[date, str]] = {}

    def _override(self, day: date) -> str | None:
        """The admin table's kind for `day` (CalendarDay.Kind), or None."""
        overrides = self._overrides_by_year.get(day.year)
        if overrides is None:
            overrides = dict(
                CalendarDay.objects.filter(date__year=day.year).values_list("date", "kind")
            )
            self._overrides_by_year[day.year] = overrides
        return overrides.get(day)

    def is_working_day(self, value: date | datetime) -> bool:
        """工作日: not a weekend and not a statutory holiday; a 调休上班日 is a working day."""
        day = as_local_date(value)
        override = self._override(day)
        if override is not None:
            return override == CalendarDay.Kind.WORKDAY
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the package has no notice for
            return day.weekday() < 5

    def is_statutory_holiday(self, value: date | datetime) -> bool:
        """法定节假日 (with the 调休 rest days of a holiday period), not ordinary weekends."""
        day = as_local_date(value)
        override = self._override(day)
        if override is not None:
            return override == CalendarDay.Kind.HOLIDAY
        try:
            on_holiday, holiday_name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return False
        # The package names a plain weekend None; a 调休上班日 has a name but is not on_holiday.
        return on_holiday and holiday_name is not None

    def next_working_day(self, value: date | datetime) -> date:
        """The first working day strictly after `value`."""
        day = as_local_date(value)
        for _ in range(MAX_CONSECUTIVE_DAYS_OFF):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError(f"no working day within {MAX_CONSECUTIVE_DAYS_OFF} days after {value}")

    def working_day_on_or_after(self, value: date | datetime) -> date:
        """`value` itself when it is a working day, else the next working day."""
        day = as_local_date(value)
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, value: date | datetime, count: int) -> date:
        """The `count`-th working day after `value` (`value` itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = as_local_date(value)
        for _ in range(count):
            day = self.next_working_day(day)
        return day


def is_working_day(value: date | datetime) -> bool:
    return WorkingCalendar().is_working_day(value)


def is_statutory_holiday(value: date | datetime) -> bool:
    return WorkingCalendar().is_statutory_holiday(value)


def next_working_day(value: date | datetime) -> date:
    return WorkingCalendar().next_working_day(value)


def year_is_known(year: int) -> bool:
    """Does the calendar know the official holidays of `year` (package or admin table)?"""
    if CalendarDay.objects.filter(date__year=year, kind=CalendarDay.Kind.HOLIDAY).exists():
        return True
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


# From 1 December (month, day) the administrators are warned when next year's holidays are not
# loaded: the 国务院办公厅 notice appears in November, and deadlines of late December already
# reach into January.
HOLIDAY_WARNING_FROM = (12, 1)


def unloaded_next_year(today: date) -> int | None:
    """From HOLIDAY_WARNING_FROM on, next year when the calendar does not know its holidays
    (neither the package nor the table); otherwise None."""
    if (today.month, today.day) < HOLIDAY_WARNING_FROM:
        return None
    next_year = today.year + 1
    return None if year_is_known(next_year) else next_year
