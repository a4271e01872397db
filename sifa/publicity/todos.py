"""To-dos of the 法治副校长 rules (教育部令第52号): a school of the register without an active
appointee (overdue: the rule holds every day), and an appointee who has given the school fewer
than SIFA_PUBLICITY_VP_MIN_HOURS class hours this year (due on 31 December); and a 民主法治示范
村(社区) title whose naming or last review is two years old or more (复核 due)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.todos import Todo
from sifa.publicity.actions.schools import min_hours
from sifa.publicity.constants import REVIEW_EVERY_YEARS
from sifa.publicity.selectors import schools as selectors

LINE_NAME = _("普法与依法治理")
BASIS = _("教育部令第52号《中小学法治副校长聘任与管理办法》")


def publicity_todos(user):
    today = timezone.localdate()
    for school in selectors.schools_uncovered(user, on=today):
        yield Todo.about(
            school,
            url=reverse("publicity:school_detail", args=[school.pk]),
            line=str(LINE_NAME),
            title=_("学校 %(name)s 没有在聘的法治副校长") % {"name": school.name},
            due=today,
            overdue=True,
            basis=str(BASIS),
        )
    hours = min_hours()
    year_end = datetime.date(today.year, 12, 31)
    for row in selectors.hours_short(user, year=today.year, below=hours):
        appointment = row.appointment
        yield Todo.about(
            appointment,
            line=str(LINE_NAME),
            title=_("法治副校长 %(name)s 本年度在 %(school)s 授课%(hours)s课时，不足%(min)s课时")
            % {
                "name": appointment.person.name,
                "school": appointment.school.name,
                "hours": row.hours.normalize() if row.hours else 0,
                "min": hours,
            },
            due=year_end,
            overdue=False,
            basis=str(BASIS),
        )

    for title in selectors.titles_due_for_review(user, on=today):
        due = selectors.years_later(title.last_checked, REVIEW_EVERY_YEARS)
        yield Todo.about(
            title,
            line=str(LINE_NAME),
            title=_("%(title)s 已满两年未复核") % {"title": title},
            due=due,
            overdue=due < today,
            basis=str(_("民主法治示范村(社区)每两年复核一次")),
        )
