"""The forensic line's to-dos (待办): acceptance decisions and completions near their due date
or overdue, for the institution's own account and the bureaus above it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.deadlines import OVERDUE
from sifa.core.todos import Todo
from sifa.forensic import deadlines
from sifa.forensic.selectors.cases import forensic_due


def forensic_todos(user) -> list[Todo]:
    return [_todo(item) for item in forensic_due(actor=user)]


def _todo(item) -> Todo:
    case = item.case
    overdue = item.state == OVERDUE
    values = {"number": case.number, "client": case.client, "date": item.due.isoformat()}
    if item.kind == "decision":
        title = (
            _("鉴定委托 %(number)s（%(client)s）受理决定已于 %(date)s 超期")
            if overdue
            else _("鉴定委托 %(number)s（%(client)s）应于 %(date)s 前作出受理决定")
        )
        basis = deadlines.ACCEPT_LETTER.article if case.by_letter else deadlines.ACCEPT.article
    else:
        title = (
            _("司法鉴定案件 %(number)s 已于 %(date)s 超过办结期限")
            if overdue
            else _("司法鉴定案件 %(number)s 应于 %(date)s 前办结")
        )
        basis = deadlines.COMPLETION.article
    return Todo.about(
        case, line=_("司法鉴定"), title=title % values, due=item.due, overdue=overdue, basis=basis
    )
