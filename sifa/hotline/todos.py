"""The 12345 work-order line's to-do provider (待办): orders near their signing or reply
deadline and overdue ones for the handling office, overdue ones escalated (督办) to its bureau's
desk and sections, orders waiting to be assigned and requests waiting for a decision."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core import clock
from sifa.core.todos import Todo
from sifa.hotline.deadlines import BASIS
from sifa.hotline.selectors.orders import ASSIGN_DUE, DECIDE_DUE, SIGN_DUE, hotline_due


def hotline_todos(user) -> list[Todo]:
    return [_todo(item) for item in hotline_due(actor=user)]


def _todo(item) -> Todo:
    order = item.order
    values = {"number": order.number, "due": clock.minute_text(item.due)}
    if item.kind == ASSIGN_DUE:
        title = _("12345工单 %(number)s 待分派（签收时限 %(due)s）")
    elif item.kind == DECIDE_DUE:
        title = _("12345工单 %(number)s 有延期或退单申请待审核")
    elif item.kind == SIGN_DUE:
        title = (
            _("12345工单 %(number)s 已超过签收时限 %(due)s")
            if item.overdue
            else _("12345工单 %(number)s 请于 %(due)s 前签收")
        )
    else:
        title = (
            _("12345工单 %(number)s 已超过答复时限 %(due)s")
            if item.overdue
            else _("12345工单 %(number)s 请于 %(due)s 前答复")
        )
    if item.escalated:
        title = _("【督办】%(title)s（承办：%(office)s）") % {
            "title": title % values,
            "office": order.office.name,
        }
    else:
        title = title % values
    return Todo.about(
        order,
        line=_("12345工单"),
        title=title,
        due=clock.local_day(item.due),
        overdue=item.overdue,
        basis=BASIS,
    )
