"""The assessment's to-do provider (待办): objections (异议) awaiting the section's answer, due
by the end of the objection period (SIFA_ASSESSMENT_OBJECTION_DAYS working days after
publication [M]) so that the run can be finalised."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.assessment.selectors.runs import objections_to_answer
from sifa.core.todos import Todo


def assessment_todos(user) -> list[Todo]:
    today = timezone.localdate()
    return [
        Todo.about(
            objection.score,
            line=str(_("司法所考核")),
            title=_("答复考核异议：%(office)s %(item)s")
            % {"office": objection.score.office, "item": objection.score.item},
            due=objection.score.run.objection_deadline,
            overdue=objection.score.run.objection_deadline < today,
            basis=_("考核结果公示期（地方规定）"),
        )
        for objection in objections_to_answer(user)
    ]
