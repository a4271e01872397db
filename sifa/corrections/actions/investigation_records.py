"""Investigation assessments at once (an import of the 调查评估 register): checked by the same
rules as the three actions, then written in bulk — or brought up to date through the actions.

An `InvestigationRecord` is what a register row says of one commission: its receipt (委托编号,
委托机关, 阶段, the person, 涉嫌罪名, 收到委托日期, 速裁), and as far as it went, the opinion
(完成日期, 评估意见, 理由, 调查事项, 调查人员) and its adoption (采信, 登记日期).

* `record_errors(checks, record)` — `register_errors`, the minors right (社区矫正法 第54条),
  `complete_errors` and `adoption_errors` on an unsaved assessment;
* `records_create(actor, records, checks, reason)` — checks again and writes them in bulk, the
  deadline (完成期限) computed as `investigation_register` computes it;
* `update_errors` / `record_changes` / `record_update` — a registered commission is completed
  (`investigation_complete`) or its adoption recorded or corrected
  (`investigation_record_adoption`) by a later file; what the commission said, and an opinion
  once given, are not changed by a file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core import bulk
from sifa.core.imports.spec import Change
from sifa.core.imports.steps import RecordsRefused, refuse_records
from sifa.core.imports.writing import sign_history, snapshot
from sifa.corrections.actions.investigations import (
    MINOR_REFUSED,
    adoption_errors,
    complete_errors,
    investigation_complete,
    investigation_due_on,
    investigation_record_adoption,
    register_errors,
)
from sifa.corrections.actions.subjects import Checks
from sifa.corrections.constants import InvestigationResult
from sifa.corrections.models import Investigation
from sifa.corrections.selectors.investigations import was_minor_on
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.stats import figure_cache

# A register rarely copies the investigation's findings: the paper file holds them.
REGISTER_NOTE = "详见纸质卷宗（由台账导入）。"
# What a commission says; a file may not change it once registered.
REGISTERED = (
    "commissioning_body",
    "commissioning_name",
    "stage",
    "crime",
    "received_on",
    "summary_procedure",
)
OPINION = ("completed_on", "result")
SNAPSHOT = (
    "completed_on",
    "result",
    "reasons",
    "items",
    "investigators",
    "adopted",
    "adoption_recorded_on",
)


@dataclass
class InvestigationRecord:
    office: object
    person: object  # a Person, or an unsaved stand-in with its birth date
    commission_number: str
    commissioning_body: str
    commissioning_name: str
    stage: str
    crime: str
    received_on: datetime.date
    summary_procedure: bool = False
    proposed_sentence: str = ""
    investigators: str = ""
    completed_on: datetime.date | None = None
    result: str = ""
    reasons: str = ""
    items: str = ""
    adopted: bool | None = None
    adoption_recorded_on: datetime.date | None = None

    def completion(self) -> dict:
        """The keywords of `complete_errors` / `investigation_complete`: what the register does
        not copy is in the paper file (调查事项, and the reasons of a 适宜 opinion; an 不适宜
        one must say why, 社区矫正法实施办法 第14条)."""
        reasons = (self.reasons or "").strip()
        if not reasons and self.result == InvestigationResult.SUITABLE:
            reasons = REGISTER_NOTE
        return {
            "completed_on": self.completed_on,
            "result": self.result,
            "reasons": reasons,
            "items": (self.items or "").strip() or REGISTER_NOTE,
            "investigators": (self.investigators or "").strip(),
        }


def _register_values(record: InvestigationRecord) -> dict:
    return {
        "office": record.office,
        "commission_number": record.commission_number,
        "commissioning_body": record.commissioning_body,
        "commissioning_name": record.commissioning_name,
        "stage": record.stage,
        "person": record.person,
        "crime": record.crime,
        "received_on": record.received_on,
        "summary_procedure": record.summary_procedure,
    }


def record_errors(checks: Checks, record: InvestigationRecord) -> dict[str, list[str]]:
    """Every rule the three actions would apply to this commission, by field."""
    errors = register_errors(**_register_values(record))
    if errors:
        return errors
    if was_minor_on(record.person, record.received_on) and not checks.handles_minors(record.office):
        return {"person": [str(MINOR_REFUSED)]}
    probe = _unsaved(checks, record)
    if record.completed_on is None:
        if record.adopted is not None:
            return {"adopted": [_("调查评估尚未完成，不能登记委托机关的采信情况。")]}
        return {}
    errors = complete_errors(probe, **record.completion())
    if errors or record.adopted is None:
        return errors
    probe.completed_on = record.completed_on
    return adoption_errors(probe, adopted=record.adopted, recorded_on=record.adoption_recorded_on)


def _unsaved(checks: Checks, record: InvestigationRecord) -> Investigation:
    return Investigation(
        office=record.office,
        person=record.person,
        commission_number=record.commission_number.strip(),
        commissioning_body=record.commissioning_body,
        commissioning_name=record.commissioning_name.strip(),
        stage=record.stage,
        crime=record.crime.strip(),
        proposed_sentence=(record.proposed_sentence or "").strip(),
        received_on=record.received_on,
        summary_procedure=bool(record.summary_procedure),
        due_on=investigation_due_on(
            record.received_on, record.summary_procedure, calendar=checks.calendar
        ),
        investigators=(record.investigators or "").strip(),
    )


@transaction.atomic
def records_create(
    *, actor, records: list[InvestigationRecord], checks: Checks, reason: str
) -> list[Investigation]:
    """收到委托 (and, as the record says, 出具意见 and 登记采信) of many commissions at once.
    Every record is checked first (RecordsRefused names the refused ones; nothing is written).
    The caller has made sure no record's 委托编号 is registered in its office already."""
    for office in {record.office.pk: record.office for record in records}.values():
        access.require(actor, Cap.EDIT, office, line="corrections")
    refuse_records(records, lambda record: record_errors(checks, record))
    rows = []
    for record in records:
        investigation = _unsaved(checks, record)
        investigation.created_by = actor
        if record.completed_on is not None:
            for name, value in record.completion().items():
                setattr(investigation, name, value)
            investigation.adopted = record.adopted
            if record.adopted is not None:
                investigation.adoption_recorded_on = record.adoption_recorded_on
        rows.append(investigation)
    created = bulk.insert_with_history(rows, reason=reason)
    sign_history(Investigation, actor, reason)
    figure_cache.office_ids_changed({row.office_id for row in created})
    return created


# --- a registered commission ---------------------------------------------------------------------


def update_errors(
    checks: Checks, investigation: Investigation, record: InvestigationRecord
) -> dict[str, list[str]]:
    """What a later file may not do to a registered commission, and the rules of what it may."""
    if investigation.person_id != record.person.pk:
        return {"person": [_("该委托编号已登记为另一被调查评估对象，不能通过导入修改。")]}
    wanted = _register_values(record)
    for name in REGISTERED:
        stored, value = getattr(investigation, name), wanted[name]
        if isinstance(stored, str):
            value = (value or "").strip()
        if stored != value:
            label = Investigation._meta.get_field(name).verbose_name
            return {name: [_("已登记的调查评估的%(field)s不能通过导入修改。") % {"field": label}]}
    if investigation.completed_on is not None:
        if (investigation.completed_on, investigation.result) != (
            record.completed_on,
            record.result,
        ):
            return {
                "completed_on": [
                    _("该调查评估已于%(date)s完成，评估意见和完成日期不能通过导入修改。")
                    % {"date": investigation.completed_on.isoformat()}
                ]
            }
    elif record.completed_on is not None:
        errors = complete_errors(investigation, **record.completion())
        if errors:
            return errors
    if record.completed_on is None and record.adopted is not None:
        return {"adopted": [_("调查评估尚未完成，不能登记委托机关的采信情况。")]}
    if _adoption_changes(investigation, record):
        probe = Investigation(completed_on=record.completed_on)
        return adoption_errors(
            probe, adopted=record.adopted, recorded_on=record.adoption_recorded_on
        )
    return {}


def _adoption_changes(investigation: Investigation, record: InvestigationRecord) -> bool:
    if record.adopted is None:
        return False  # a file that does not know the adoption leaves it as recorded
    return (investigation.adopted, investigation.adoption_recorded_on) != (
        record.adopted,
        record.adoption_recorded_on,
    )


def record_changes(investigation: Investigation, record: InvestigationRecord) -> dict:
    """{label: (before, after)} of what `record_update` would change ({}: nothing)."""
    changes: dict[str, tuple] = {}
    if investigation.completed_on is None and record.completed_on is not None:
        changes[_("评估意见")] = ("", InvestigationResult(record.result).label)
        changes[_("完成日期")] = ("", record.completed_on)
    if _adoption_changes(investigation, record):
        before = {True: _("是"), False: _("否"), None: ""}[investigation.adopted]
        changes[_("委托机关采信")] = (before, _("是") if record.adopted else _("否"))
    return changes


@transaction.atomic
def record_update(
    *, actor, investigation: Investigation, record: InvestigationRecord
) -> list[Change]:
    """Bring a registered commission up to `record` through the actions."""
    changes = [Change(investigation, created=False, before=snapshot(investigation, SNAPSHOT))]
    if investigation.completed_on is None and record.completed_on is not None:
        investigation = investigation_complete(
            actor=actor, investigation=investigation, **record.completion()
        )
    if _adoption_changes(investigation, record):
        investigation_record_adoption(
            actor=actor,
            investigation=investigation,
            adopted=record.adopted,
            recorded_on=record.adoption_recorded_on,
        )
    return changes


__all__ = [
    "REGISTER_NOTE",
    "InvestigationRecord",
    "RecordsRefused",
    "record_changes",
    "record_errors",
    "record_update",
    "records_create",
    "update_errors",
]
