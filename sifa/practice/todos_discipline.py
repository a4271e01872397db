"""To-dos (待办) of complaints: an open complaint near or past its handling deadline
(rule `practice.complaint`, SIFA_PRACTICE_COMPLAINT_DAYS), for whoever sees it (the bureau)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.deadlines import OVERDUE, rule
from sifa.core.todos import Todo
from sifa.practice.constants_discipline import COMPLAINT_RULE
from sifa.practice.deadlines import COMPLAINT  # noqa: F401  (registers the rule)
from sifa.practice.selectors.discipline import complaints_due


def complaint_todos(user) -> list[Todo]:
    basis = rule(COMPLAINT_RULE).article
    items = []
    for item in complaints_due(actor=user):
        overdue = item.state == OVERDUE
        title = (
            _("对%(target)s的投诉已超过办理期限")
            if overdue
            else _("对%(target)s的投诉办理期限将至")
        )
        complaint = item.complaint
        target = (
            complaint.practitioner.person.name
            if complaint.practitioner_id
            else complaint.institution
        )
        items.append(
            Todo(
                line=_("律师和基层法律服务"),
                title=title % {"target": target},
                due=item.due,
                url=complaint.get_absolute_url(),
                overdue=overdue,
                office=complaint.office.name,
                office_path=complaint.office.path,
                basis=basis,
            )
        )
    return items
