"""The reports' to-do provider (待办): monthly reports returned (退回) to their office.

A returned report must be corrected and submitted again. No statute fixes the days: 统计法
第7条 asks for statistics that are true and on time, and the bureaus set the period. Sifa
declares it as a deadline rule (`reports.resubmit`, 3 working days from the return, 地方规定)
so that the to-do has a due date like every other; a bureau that sets another period changes
this one rule.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import OVERDUE, DeadlineRule, Unit, compute, deadline_state, register_rule
from sifa.core.todos import Todo
from sifa.reports.models import ReportSubmission
from sifa.reports.selectors_submissions import visible_submissions

# 统计法 第7条 (true and timely statistics); the period itself is local practice (地方规定).
RESUBMIT = register_rule(
    DeadlineRule(
        "reports.resubmit", 3, Unit.WORKDAY, "统计法 第7条；地方规定", "修改后重新上报月报"
    )
)


def returned_reports_todos(user) -> list[Todo]:
    """Returned monthly reports the user may see, each due `RESUBMIT` after its return."""
    today = timezone.localdate()
    calendar = WorkingCalendar()
    rows = visible_submissions(user).filter(status=ReportSubmission.Status.RETURNED)
    items = []
    for submission in rows.order_by("reviewed_at", "pk"):
        returned_on = (
            timezone.localdate(submission.reviewed_at) if submission.reviewed_at else today
        )
        due = compute(RESUBMIT.code, returned_on, calendar=calendar)
        overdue = deadline_state(due, today=today) == OVERDUE
        values = {
            "office": submission.office.name,
            "year": submission.year,
            "month": submission.month,
        }
        items.append(
            Todo(
                line=_("月报上报"),
                title=(
                    _("%(office)s%(year)s年%(month)s月月报被退回，重新上报已超期")
                    if overdue
                    else _("%(office)s%(year)s年%(month)s月月报被退回，请修改后重新上报")
                )
                % values,
                due=due,
                url=reverse("reports:submission_detail", args=[submission.pk]),
                overdue=overdue,
                office=submission.office.name,
                office_path=submission.office.path,
                basis=RESUBMIT.article,
            )
        )
    return items
