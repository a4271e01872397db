"""The 公证 line's to-dos: notarisations overdue or near their issue deadline (公证法 第30条),
and reviews near their decision deadline — the office's own, and the bureau's over its offices."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.todos import Todo
from sifa.notary.selectors.notarisations import notarisations_due, reviews_due


def notary_todos(user) -> list[Todo]:
    todos = []
    for item in notarisations_due(actor=user):
        n = item.notarisation
        values = {"number": n.number, "date": item.due.isoformat()}
        title = (
            _("公证事项 %(number)s 已超过出证期限（%(date)s）")
            if item.overdue
            else _("公证事项 %(number)s 出证期限将至（%(date)s）")
        )
        todos.append(
            Todo.about(
                n,
                line=_("公证"),
                title=title % values,
                due=item.due,
                overdue=item.overdue,
                basis="公证法 第30条",
            )
        )
    today = timezone.localdate()
    for review in reviews_due(actor=user, today=today):
        todos.append(
            Todo.about(
                review,
                line=_("公证"),
                title=_("公证书 %(number)s 的复查应于 %(date)s 前作出决定")
                % {"number": review.notarisation.number, "date": review.due_on.isoformat()},
                due=review.due_on,
                overdue=review.due_on < today,
                basis="公证程序规则 第63条",
            )
        )
    return todos
