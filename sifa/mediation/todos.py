"""The mediation line's to-do provider (待办), registered from MediationConfig.ready().

It lists what the records can tell: open cases near or past the one-month 调结 target
(PM-22) and agreements whose performance deadline has come while still 待履行 (督促履行,
PM-23). The 30-day 司法确认 window is not listed: the records do not say whether the
parties plan to apply (an application is theirs to make, PM-20), so a to-do for every
agreement would be noise.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.deadlines import OVERDUE
from sifa.core.todos import Todo
from sifa.mediation.selectors.cases import CLOSING_TARGET, cases_due


def mediation_todos(user) -> list[Todo]:
    """To-dos for `user`: only cases the user may see (through the selector)."""
    return [_todo(item) for item in cases_due(actor=user)]


def _todo(item) -> Todo:
    overdue = item.state == OVERDUE
    if item.kind == CLOSING_TARGET:
        title = (
            _("案件 %(number)s 已超过一个月调结期限")
            if overdue
            else _("案件 %(number)s 一个月调结期限将至")
        )
    else:
        title = (
            _("案件 %(number)s 协议履行期限已过，请督促履行")
            if overdue
            else _("案件 %(number)s 协议履行期限将至")
        )
    return Todo.about(
        item.case,
        line=_("人民调解"),
        title=title % {"number": item.case.number},
        due=item.due,
        overdue=overdue,
    )
