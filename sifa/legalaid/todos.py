"""The legal-aid line's to-do provider (待办), registered from LegalAidConfig.ready().

It lists the running deadlines of open applications the user may see that are near (within
three days) or past: the 7-day decision, the 3-day assignment, the 5-day agreement, the
5-day objection decision, the 30-day closing materials and 30-day review, and the
applicant's supplement deadline (once passed, the application may be deemed withdrawn).
Two kinds are listed from their first day, not only near the deadline: a new portal application
(新网上申请, decision within 7 days) and closing materials awaiting review (the 办案补贴 is paid
after it, 30 days).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.deadlines import OVERDUE
from sifa.core.todos import Todo
from sifa.legalaid.selectors.applications import (
    ARTICLES,
    OBJECTION,
    SUPPLEMENT,
    applications_due,
    can_handle_objection,
)


def legalaid_todos(user) -> list[Todo]:
    """To-dos for `user`: only applications the user may see (through the selector). The
    objection's 5 days are the 司法行政部门's (法律援助法 第49条), so that to-do goes to the
    users who may decide it, not to the centre whose decision is contested."""
    return [
        _todo(item)
        for item in applications_due(actor=user)
        if item.deadline.kind != OBJECTION or can_handle_objection(user, item.application)
    ]


def _todo(item) -> Todo:
    application, deadline = item.application, item.deadline
    overdue = deadline.state == OVERDUE
    if item.new_online and not deadline.alarming:
        title = _("新网上申请 %(number)s 待审查，请在期限内作出是否给予法律援助的决定")
    elif item.subsidy_review and not deadline.alarming:
        title = _("法援案件 %(number)s 结案材料待审查，审查后核发办案补贴")
    elif deadline.kind == SUPPLEMENT:
        title = (
            _("法援案件 %(number)s 补充材料期限已过，可视为撤回申请")
            if overdue
            else _("法援案件 %(number)s 补充材料期限将至")
        )
    else:
        title = (
            _("法援案件 %(number)s %(step)s已超期")
            if overdue
            else _("法援案件 %(number)s %(step)s期限将至")
        )
    return Todo.about(
        application,
        line=_("法律援助"),
        title=title % {"number": application.number, "step": deadline.label},
        due=deadline.due,
        overdue=overdue,
        basis=ARTICLES.get(deadline.kind, ""),
    )
