"""To-dos (待办) of the annual inspection (年度检查考核): submissions not in by their due date
(for the institution and its bureaus), submissions awaiting the actor's 初审, and reviewed or
deferred ones awaiting the actor's decision. Registered in `line.py`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.todos import Todo
from sifa.practice.selectors import inspection as selectors

LINE_NAME = _("律师和基层法律服务")


def _todo(submission, title: str, *, overdue: bool) -> Todo:
    return Todo(
        line=str(LINE_NAME),
        title=title % {"name": submission.institution, "year": submission.year},
        due=submission.due_on,
        url=submission.get_absolute_url(),
        overdue=overdue,
        office=submission.office.name,
        office_path=submission.office.path,
        basis=_("年度检查考核材料报送截止日期"),
    )


def inspection_todos(user) -> list[Todo]:
    today = timezone.localdate()
    items = [
        _todo(row, _("%(name)s 逾期未报送%(year)s年度检查考核材料"), overdue=True)
        for row in selectors.overdue_submissions(actor=user, today=today)
    ]
    items += [
        _todo(row, _("%(name)s %(year)s年度检查考核材料待初审"), overdue=False)
        for row in selectors.awaiting_review(actor=user)
    ]
    items += [
        _todo(row, _("%(name)s %(year)s年度检查考核待作出考核决定"), overdue=False)
        for row in selectors.awaiting_decision(actor=user)
    ]
    return items
