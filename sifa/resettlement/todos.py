"""The resettlement line's to-do provider (待办); registered by the lead as `resettlement_todos`.

* 未衔接: a release notice whose release date has passed and that is not yet connected;
* 必接必送: a key person (重点帮教对象) released within seven days (before or after today)
  without a gate record (RA-4);
* 帮教期满: the five-year window ends within three days or has ended, and the assistance is not
  yet ended (RA-1).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.todos import Todo
from sifa.resettlement.selectors.persons import (
    EXPIRY_DUE,
    GATE_DUE,
    NOT_CONNECTED_DUE,
    resettlement_due,
)


def resettlement_todos(user) -> list[Todo]:
    """To-dos for `user`: only records the user may see (through the selector)."""
    return [_todo(item) for item in resettlement_due(actor=user)]


def _todo(item) -> Todo:
    released = item.released
    values = {"name": released.person.name, "date": item.due.isoformat()}
    if item.kind == GATE_DUE:
        title = (
            _("重点帮教对象 %(name)s 已于 %(date)s 释放，尚无必接必送记录")
            if item.overdue
            else _("重点帮教对象 %(name)s 将于 %(date)s 释放，请安排必接必送")
        )
    elif item.kind == NOT_CONNECTED_DUE:
        title = _("刑满释放人员 %(name)s 已于 %(date)s 释放，尚未衔接")
    elif item.kind == EXPIRY_DUE:
        title = (
            _("安置帮教对象 %(name)s 帮教期已于 %(date)s 届满，请办理帮教结束")
            if item.overdue
            else _("安置帮教对象 %(name)s 帮教期将于 %(date)s 届满")
        )
    else:  # pragma: no cover - every kind is listed above
        title = str(released)
    return Todo.about(
        released,
        line=_("安置帮教"),
        title=title % values,
        due=item.due,
        overdue=item.overdue,
    )
