"""The working-day calendar: official calendar, admin overrides, unknown years."""

from datetime import UTC, date, datetime, timedelta

import pytest

from sifa.core.calendar import (
    WorkingCalendar,
    is_statutory_holiday,
    is_working_day,
    next_working_day,
)
from sifa.core.models import CalendarDay

HOLIDAY, WORKDAY = CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.WORKDAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 3, 11), True),  # an ordinary Monday
        (date(2024, 3, 9), False),  # an ordinary Saturday
        (date(2024, 10, 4), False),  # Friday inside the National Day holiday
        (date(2024, 10, 8), True),  # first day back
        (date(2024, 5, 11), True),  # Saturday, 调休上班日 after 劳动节
        (date(2024, 9, 29), True),  # Sunday, 调休上班日 before 国庆节
    ],
)
def test_is_working_day_follows_the_official_calendar(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2024, 10, 1), True),  # 国庆节
        (date(2024, 10, 5), True),  # a Saturday inside the holiday period
        (date(2025, 1, 1), True),  # 元旦
        (date(2024, 3, 9), False),  # an ordinary weekend is not a statutory holiday
        (date(2024, 5, 11), False),  # a make-up working day
        (date(2024, 3, 11), False),
    ],
)
def test_is_statutory_holiday(day, holiday):
    assert is_statutory_holiday(day) is holiday


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 9, 30), date(2024, 10, 8)),  # over the whole National Day holiday
        (date(2024, 5, 10), date(2024, 5, 11)),  # Friday → the make-up Saturday
        (date(2024, 3, 8), date(2024, 3, 11)),  # Friday → Monday
        (date(2024, 3, 11), date(2024, 3, 12)),  # strictly after, even from a working day
        (date(2024, 12, 31), date(2025, 1, 2)),  # across the year end and 元旦
    ],
)
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected


def test_an_aware_datetime_is_taken_in_the_project_time_zone():
    # 2024-10-07 17:00 UTC is 2024-10-08 01:00 in Asia/Shanghai: a working day.
    assert is_working_day(datetime(2024, 10, 7, 17, 0, tzinfo=UTC)) is True
    assert is_working_day(date(2024, 10, 7)) is False


def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday():
    assert is_working_day(date(2099, 10, 1)) is True  # Thursday
    assert is_working_day(date(2099, 10, 3)) is False  # Saturday
    assert is_statutory_holiday(date(2099, 10, 1)) is False
    assert next_working_day(date(2099, 10, 2)) == date(2099, 10, 5)  # Friday → Monday


def test_the_admin_table_fills_in_a_year_the_package_does_not_know():
    CalendarDay.objects.create(date=date(2099, 10, 1), kind=HOLIDAY, name="国庆节")
    CalendarDay.objects.create(date=date(2099, 10, 3), kind=WORKDAY, name="国庆节调休")

    assert is_working_day(date(2099, 10, 1)) is False
    assert is_statutory_holiday(date(2099, 10, 1)) is True
    assert is_working_day(date(2099, 10, 3)) is True
    assert next_working_day(date(2099, 9, 30)) == date(2099, 10, 2)


def test_the_admin_table_overrides_the_package_for_a_known_date():
    CalendarDay.objects.create(date=date(2024, 3, 11), kind=HOLIDAY, name="本地调整")
    CalendarDay.objects.create(date=date(2024, 10, 4), kind=WORKDAY, name="本地调整")

    assert is_working_day(date(2024, 3, 11)) is False
    assert is_statutory_holiday(date(2024, 3, 11)) is True
    assert is_working_day(date(2024, 10, 4)) is True
    assert is_statutory_holiday(date(2024, 10, 4)) is False


def test_an_edit_to_the_table_is_seen_by_the_next_call():
    assert is_working_day(date(2024, 3, 11)) is True
    entry = CalendarDay.objects.create(date=date(2024, 3, 11), kind=HOLIDAY)
    assert is_working_day(date(2024, 3, 11)) is False
    entry.delete()
    assert is_working_day(date(2024, 3, 11)) is True


def test_one_calendar_loads_the_table_once_per_year(django_assert_num_queries):
    calendar = WorkingCalendar()
    with django_assert_num_queries(1):
        working = [
            calendar.is_working_day(date(2024, 1, 1) + timedelta(days=n)) for n in range(366)
        ]
    assert sum(working) > 200
    with django_assert_num_queries(1):  # 2025 is a new year; 2024 is already loaded
        calendar.is_working_day(date(2025, 1, 2))
        calendar.is_working_day(date(2024, 6, 3))


def test_add_working_days_counts_after_the_start_day():
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2024, 5, 6), 0) == date(2024, 5, 6)
    assert calendar.add_working_days(date(2024, 5, 6), 1) == date(2024, 5, 7)
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2024, 5, 6), -1)


def test_a_table_without_any_working_day_is_reported_not_looped_forever():
    start = date(2099, 1, 1)
    CalendarDay.objects.bulk_create(
        CalendarDay(date=start + timedelta(days=n), kind=HOLIDAY) for n in range(400)
    )
    with pytest.raises(ValueError):
        next_working_day(start)
