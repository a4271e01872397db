"""The corrections line's to-do provider (待办), registered from CorrectionsConfig.ready().

It gathers what each part of the line knows is due, each already limited to what the user may
see (minors included): assessments near or past their working-day deadline, intake steps and
coming releases, open alerts (left the county, lost contact, overdue return), leave awaiting a
decision, place-change steps, electronic monitoring about to expire, and the CC-11 reports of
暂予监外执行 subjects (monthly 身体状况报告; 保外就医 病情复查 every three months).
"""

from __future__ import annotations

from sifa.core.todos import Todo
from sifa.corrections.selectors.investigations import investigations_due
from sifa.corrections.selectors.movement import movement_due
from sifa.corrections.selectors.subjects import subjects_due
from sifa.corrections.selectors.supervision import health_reminders_due, supervision_due


def corrections_todos(user) -> list[Todo]:
    return [
        *investigations_due(actor=user),
        *subjects_due(actor=user),
        *supervision_due(actor=user),
        *movement_due(actor=user),
        *health_reminders_due(actor=user),
    ]
