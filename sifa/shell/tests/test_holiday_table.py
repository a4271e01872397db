from datetime import date

import pytest

from sifa.core.models import CalendarDay
from sifa.core.todos import for_user
from sifa.shell.holiday_table import holiday_table_todos

# 2099: a year no release of chinese_calendar will know in this project's lifetime.
IN_NOVEMBER_2098 = date(2098, 11, 5)


@pytest.mark.django_db
def test_administrator_is_asked_for_next_years_holidays_from_november(cast):
    [todo] = holiday_table_todos(cast.sysadmin, today=IN_NOVEMBER_2098)
    assert "2099" in todo.title
    assert todo.due == date(2098, 12, 31)
    assert not todo.overdue
    assert todo.url == "/admin/core/calendarday/"


@pytest.mark.django_db
def test_no_reminder_once_the_year_is_entered(cast):
    CalendarDay.objects.create(date=date(2099, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    assert holiday_table_todos(cast.sysadmin, today=IN_NOVEMBER_2098) == []


@pytest.mark.django_db
def test_no_reminder_before_november_or_for_business_users(cast):
    assert holiday_table_todos(cast.sysadmin, today=date(2098, 10, 31)) == []
    assert holiday_table_todos(cast.township_clerk, today=IN_NOVEMBER_2098) == []
    assert holiday_table_todos(cast.auditor, today=IN_NOVEMBER_2098) == []


@pytest.mark.django_db
def test_the_provider_is_registered_for_the_home_page(cast):
    # Whatever today is, a business user never gets the administrator's to-do.
    assert all(t.line != "系统管理" for t in for_user(cast.township_clerk))
