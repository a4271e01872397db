"""The system's own to-do: enter next year's holiday notice before working days run out.

国务院办公厅 publishes the next year's holidays and make-up working days around November. Until
the `chinese_calendar` package or the admin table knows them, every working-day deadline that
reaches into that year is computed as if it had no holidays, so the administrators who keep the
table (`codes.manage`) see a to-do from 1 November, due on 31 December.
"""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.calendar import year_is_known
from sifa.core.deadlines import deadline_state
from sifa.core.todos import Todo
from sifa.orgs import access
from sifa.orgs.access import Cap

REMIND_FROM_MONTH = 11


def holiday_table_todos(user, *, today: date | None = None) -> list[Todo]:
    today = today or timezone.localdate()
    if today.month < REMIND_FROM_MONTH or not access.has_capability_anywhere(
        user, Cap.CODES_MANAGE
    ):
        return []
    next_year = today.year + 1
    if year_is_known(next_year):
        return []
    due = date(today.year, 12, 31)
    return [
        Todo(
            line=_("系统管理"),
            title=_("录入%(year)d年法定节假日和调休上班日（国务院办公厅通知）")
            % {"year": next_year},
            due=due,
            url=reverse("admin:core_calendarday_changelist"),
            overdue=deadline_state(due, today=today) == "overdue",
        )
    ]
