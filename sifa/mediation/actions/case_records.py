"""Whole cases at once (an import of a register, 历史案件导入): checked by the same rules as the
case actions, then written in bulk — or brought up to date one by one through the actions.

A `CaseRecord` is what a register row says of one case: its 受理 (parties, dispute, amount),
how far it went (`CaseOutcome`: 已受理, 调解中, 调解成功, 调解不成, 当事人拒绝调解, 终止调解,
不予受理), its agreement with 协议涉及金额, performance, 司法确认 and its result, a 回访 and the
归档 date.

* `record_errors(checks, record)` walks the case through the steps a clerk would take —
  `register_errors`, `start_errors` with the transition table, the closing
  (`close_errors` / `agreement_errors`), `performance_errors`, `confirmation_apply_errors` and
  `confirmation_decide_errors`, `follow_up_errors`, `archive_errors` — on an unsaved case, and
  returns every error by field ("agreement.amount", "confirmation.applied_on" …). Nothing is
  read from the database but what `checks` was given.
* `records_create(actor, records, numbers=…)` checks again and writes new cases in bulk
  (`sifa.core.bulk`): the case with its history row, parties, mediators, one `CaseEvent` per
  step, agreement (with history), confirmation, follow-up. A case without a number is numbered
  by its series (`SeriesNumbers`, skipping the numbers the other records bring).
* `record_update(actor, case, record)` brings an existing case up to the record through the
  single actions (`case_correct`, `case_start`, `agreement_record`, `case_fail`, …): a
  corrected file changes only what differs. What a file may not change (parties, the outcome
  once recorded, its date) is refused by `update_errors` with a Chinese message.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core import tasks
from sifa.core.imports.load import Load
from sifa.core.imports.spec import Change, Ref
from sifa.core.imports.steps import RecordsRefused, refuse_records
from sifa.core.imports.writing import snapshot
from sifa.core.numbering import SeriesNumbers
from sifa.core.validation import one_day
from sifa.mediation.actions.cases import (
    AGREED_STATUSES,
    CASE_FLOW,
    FOLLOW_UP_METHODS,
    Checks,
    PartyInput,
    agreement_errors,
    agreement_record,
    archive_errors,
    case_archive,
    case_fail,
    case_not_accept,
    case_refuse,
    case_start,
    close_errors,
    closing_note_rule,
    confirmation_apply,
    confirmation_apply_errors,
    confirmation_decide,
    confirmation_decide_errors,
    effective_date,
    follow_up_errors,
    follow_up_record,
    not_accept_errors,
    performance_errors,
    performance_record,
    register_errors,
    start_errors,
)
from sifa.mediation.constants import (
    AgreementForm,
    CaseOutcome,
    CaseStatus,
    ConfirmationDecision,
    PartyKind,
    Performance,
)
from sifa.mediation.models import (
    Agreement,
    CaseEvent,
    CaseParty,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
)
from sifa.orgs import access
from sifa.orgs.access import Cap

WRITE_EVERY = 10_000  # cases written at a time (the memory of one part, not of the register)
# A register rarely copies the agreement's text: the paper file holds it.
REGISTER_TERMS = "协议内容详见纸质卷宗（由台账导入）。"

# The status each outcome leaves the case in (before 归档).
OUTCOME_STATUS = {
    CaseOutcome.REGISTERED: CaseStatus.REGISTERED,
    CaseOutcome.IN_MEDIATION: CaseStatus.IN_MEDIATION,
    CaseOutcome.AGREED: CaseStatus.AGREED,
    CaseOutcome.FAILED: CaseStatus.FAILED,
    CaseOutcome.REFUSED: CaseStatus.CLOSED_REFUSED,
    CaseOutcome.TERMINATED: CaseStatus.CLOSED_REFUSED,
    CaseOutcome.NOT_ACCEPTED: CaseStatus.CLOSED_NOT_ACCEPTED,
}
# Outcomes reached after 开始调解 (a mediator was assigned): the rest end before it.
STARTED = {
    CaseOutcome.IN_MEDIATION,
    CaseOutcome.AGREED,
    CaseOutcome.FAILED,
    CaseOutcome.TERMINATED,
}
# Fields of the case a corrected register may change (`case_correct`).
CORRECTABLE = ("source", "dispute_type", "facts", "claims", "amount", "persons_involved")
# Fields of the agreement a corrected register may change.
AGREEMENT_CORRECTABLE = ("amount", "terms", "performance_deadline", "performance_method")
CASE_SNAPSHOT = (
    *CORRECTABLE,
    "mediators",
    "status",
    "closed_on",
    "closing_note",
    "not_mediable_matter",
    "archived_on",
)
AGREEMENT_SNAPSHOT = (*AGREEMENT_CORRECTABLE, "performance", "performed_on", "amount_performed")


@dataclass(slots=True)  # a register holds hundreds of thousands
class AgreementInput:
    """调解协议 as a register gives it: reached and signed on the closing day."""

    form: str
    terms: str
    amount: Decimal = Decimal(0)
    performance_deadline: datetime.date | None = None
    performance_method: str = ""


@dataclass(slots=True)  # a register holds hundreds of thousands
class PerformanceInput:
    performance: str
    performed_on: datetime.date | None = None
    amount_performed: Decimal = Decimal(0)


@dataclass(slots=True)  # a register holds hundreds of thousands
class ConfirmationInput:
    """司法确认: applied for (both parties consenting, as the law requires of an application
    made) and, when the court has answered, its decision."""

    applied_on: datetime.date
    court: str
    decision: str = ConfirmationDecision.PENDING
    decided_on: datetime.date | None = None
    court_case_number: str = ""


@dataclass(slots=True)  # a register holds hundreds of thousands
class FollowUpInput:
    visited_on: datetime.date
    method: str
    satisfied: bool | None = None
    notes: str = ""
    performance: str = ""


@dataclass(slots=True)  # a register holds hundreds of thousands
class CaseRecord:
    """One case as a register row gives it (see the module docstring)."""

    office: object
    source: str
    dispute_type: str
    facts: str
    received_on: datetime.date
    parties: list[PartyInput]
    mediators: list = field(default_factory=list)
    number: str = ""
    claims: str = ""
    amount: Decimal = Decimal(0)
    persons_involved: int = 2
    outcome: str = CaseOutcome.IN_MEDIATION
    closed_on: datetime.date | None = None
    closing_note: str = ""
    not_mediable_matter: str = ""
    agreement: AgreementInput | None = None
    performance: PerformanceInput | None = None
    confirmation: ConfirmationInput | None = None
    follow_up: FollowUpInput | None = None
    archived_on: datetime.date | None = None


def _prefixed(prefix: str, errors: dict) -> dict:
    return {f"{prefix}.{key}" if prefix else key: value for key, value in errors.items()}


def record_errors(checks: Checks, record: CaseRecord) -> dict[str, list[str]]:
    """Every rule a clerk's actions would apply to `record`, by field; {} when it may be
    written. The steps run in order on an unsaved case and stop at the first step refused
    (the later ones depend on it)."""
    errors = register_errors(
        checks,
        office=record.office,
        source=record.source,
        dispute_type=record.dispute_type,
        facts=record.facts,
        received_on=record.received_on,
        amount=record.amount,
        persons_involved=record.persons_involved,
        parties=record.parties,
    )
    if errors:
        return errors
    case = _unsaved_case(record)
    if record.outcome in STARTED:
        if not CASE_FLOW.allows(case, CaseStatus.IN_MEDIATION, errors, "outcome"):
            return errors
        errors.update(start_errors(case, record.mediators, record.received_on))
        if errors:
            return errors
        case.status = CaseStatus.IN_MEDIATION
    if not _close_errors(checks, errors, case, record):
        return errors
    if record.performance is not None or record.confirmation is not None:
        _agreement_steps_errors(checks, errors, case, record)
    if record.follow_up is not None and not errors:
        follow_up = record.follow_up
        found = follow_up_errors(
            case,
            visited_on=follow_up.visited_on,
            method=follow_up.method,
            performance=follow_up.performance,
        )
        errors.update(_prefixed("follow_up", found))
    if (
        record.archived_on is not None
        and not errors
        and CASE_FLOW.allows(case, CaseStatus.ARCHIVED, errors, "outcome")
    ):
        errors.update(_prefixed("archive", archive_errors(case, record.archived_on)))
    return errors


class _Probe:
    """What the rules read of a case, an agreement or an application not written yet (the
    rules read attributes only; a model instance costs more to build than the checks)."""

    def __init__(self, **values):
        self.__dict__.update(values)


def _unsaved_case(record: CaseRecord) -> _Probe:
    return _Probe(
        pk=None,
        office=record.office,
        received_on=record.received_on,
        status=CaseStatus.REGISTERED,
        amount=record.amount,
        closed_on=None,
    )


def _close_errors(checks: Checks, errors: dict, case: MediationCase, record: CaseRecord) -> bool:
    """The closing step of `record.outcome` (none for 已受理 / 调解中); True when it passes."""
    outcome = record.outcome
    if outcome in (CaseOutcome.REGISTERED, CaseOutcome.IN_MEDIATION):
        for name, value in (("closed_on", record.closed_on), ("agreement", record.agreement)):
            if value:
                errors.setdefault(name, []).append(_("尚未办结的案件不填写调结日期和协议。"))
        return not errors
    to_status = OUTCOME_STATUS[outcome]
    if not CASE_FLOW.allows(case, to_status, errors, "outcome"):
        return False
    if outcome == CaseOutcome.AGREED:
        if record.agreement is None:
            errors["agreement.form"] = [_("请选择协议形式（书面或口头）。")]
            return False
        found = agreement_errors(case, **_agreement_values(record))
        errors.update(_prefixed("agreement", found))
        if errors:
            return False
        case.closed_on = record.closed_on
    else:
        if outcome == CaseOutcome.NOT_ACCEPTED:
            found = not_accept_errors(checks, record.not_mediable_matter, record.closed_on)
            errors.update(_prefixed("close", found))
        rule = closing_note_rule(to_status)
        errors.update(
            _prefixed("close", close_errors(case, record.closed_on, record.closing_note, rule))
        )
        if errors:
            return False
        case.closed_on = record.closed_on
    case.status = to_status
    return True


def _agreement_values(record: CaseRecord) -> dict:
    """The agreement as `agreement_record` takes it: reached, signed and sealed on the closing
    day (a register records the day it took effect)."""
    agreement = record.agreement
    written = agreement.form == AgreementForm.WRITTEN
    signed = record.closed_on if written else None
    return {
        "form": agreement.form,
        "reached_on": record.closed_on,
        "terms": (agreement.terms or "").strip() or REGISTER_TERMS,
        "amount": agreement.amount,
        "performance_deadline": agreement.performance_deadline,
        "parties_signed_on": signed,
        "mediator_signed_on": signed,
        "sealed_on": signed,
    }


def _unsaved_agreement(record: CaseRecord) -> _Probe:
    agreement = record.agreement
    return _Probe(
        pk=None,
        form=agreement.form,
        reached_on=record.closed_on,
        amount=agreement.amount,
        effective_on=record.closed_on,
    )


def _agreement_steps_errors(checks: Checks, errors: dict, case, record: CaseRecord) -> None:
    """履行 and 司法确认 need an agreement: the rules of each on the unsaved one."""
    if case.status not in AGREED_STATUSES:
        messages = [_("只有调解成功的案件才能登记履行情况和司法确认。")]
        key = "performance.performance" if record.performance else "confirmation.applied_on"
        errors[key] = messages
        return
    agreement = _unsaved_agreement(record)
    if record.performance is not None:
        performance = record.performance
        found = performance_errors(
            case,
            agreement,
            performance=performance.performance,
            performed_on=performance.performed_on,
            amount_performed=performance.amount_performed,
        )
        errors.update(_prefixed("performance", found))
    if record.confirmation is not None:
        _confirmation_errors(checks, errors, case, agreement, record.confirmation)


def _confirmation_errors(checks, errors, case, agreement, confirmation: ConfirmationInput):
    found = confirmation_apply_errors(
        case,
        agreement,
        applied_on=confirmation.applied_on,
        court=confirmation.court,
        applicant_consented=True,
        respondent_consented=True,
        already_applied=False,
        calendar=checks.calendar,
    )
    errors.update(_prefixed("confirmation", found))
    if found or confirmation.decision == ConfirmationDecision.PENDING:
        return
    unsaved = _Probe(applied_on=confirmation.applied_on, decision=ConfirmationDecision.PENDING)
    found = confirmation_decide_errors(
        unsaved,
        decision=confirmation.decision,
        decided_on=confirmation.decided_on,
        court_case_number=confirmation.court_case_number,
        accepted_on=None,
    )
    errors.update(_prefixed("confirmation", found))


# --- writing new cases in bulk -------------------------------------------------------------------


@transaction.atomic
def records_create(*, actor, records: list[CaseRecord], checks: Checks, reason: str) -> list[Ref]:
    """受理登记 of many cases at once, each taken as far as its record says (see the module
    docstring). Every record is checked first (RecordsRefused names the refused ones and
    nothing is written); the rows go straight into the tables (`sifa.core.imports.load`),
    the cases and agreements with their history rows (`reason`, the actor). Returns the new
    cases (`Ref`s)."""
    for office in {record.office.pk: record.office for record in records}.values():
        access.require(actor, Cap.EDIT, office, line="mediation")
    with one_day():
        refuse_records(records, lambda record: record_errors(checks, record))
    numbers = SeriesNumbers(MediationCase, taken={r.number for r in records if r.number})
    load = Load(reason=reason, user=actor)
    tables = _Tables(load, actor)
    cases = []
    for done, record in enumerate(records, start=1):
        cases.append(_build(record, numbers, tables))
        if done % WRITE_EVERY == 0:
            load.write()
            tasks.progress(done)
    load.write()
    return cases


class _Tables:
    """The tables a case's rows go into, in the order they are written (parents first)."""

    def __init__(self, load: Load, actor):
        self.actor_id = actor.pk
        self.cases = load.rows(MediationCase)
        self.parties = load.rows(CaseParty)
        self.links = load.rows(MediationCase.mediators.through)
        self.events = load.rows(CaseEvent)
        self.agreements = load.rows(Agreement)
        self.confirmations = load.rows(JudicialConfirmation)
        self.follow_ups = load.rows(FollowUp)

    def owned(self, office_id: int, **values) -> dict:
        return {"office_id": office_id, "created_by_id": self.actor_id, **values}


def _build(record: CaseRecord, numbers: SeriesNumbers, tables: _Tables) -> Ref:
    office_id = record.office.pk
    outcome = record.outcome
    status = OUTCOME_STATUS[outcome]
    closed = outcome not in (CaseOutcome.REGISTERED, CaseOutcome.IN_MEDIATION)
    case = tables.owned(
        office_id,
        number=record.number or numbers.take(record.office, record.received_on.year),
        source=record.source,
        dispute_type=record.dispute_type,
        facts=record.facts.strip(),
        claims=(record.claims or "").strip(),
        amount=record.amount,
        persons_involved=record.persons_involved,
        received_on=record.received_on,
        status=CaseStatus.ARCHIVED if record.archived_on else status,
        closed_on=record.closed_on if closed else None,
        closing_note=_closing_note(record) if closed else "",
        not_mediable_matter=record.not_mediable_matter or "",
        archived_on=record.archived_on,
    )
    case_id = tables.cases.add(case)
    for party in record.parties:
        natural = party.kind == PartyKind.NATURAL
        tables.parties.add(
            tables.owned(
                office_id,
                case_id=case_id,
                role=party.role,
                kind=party.kind,
                person_id=party.person.pk if natural else None,
                organisation="" if natural else party.organisation.strip(),
                credit_code="" if natural else party.credit_code,
                agent=(party.agent or "").strip(),
            )
        )
    events = _Events(tables, office_id, case_id)
    events.add(CaseStatus.REGISTERED, record.received_on)
    if outcome in STARTED:
        for mediator in record.mediators:
            tables.links.add({"mediationcase_id": case_id, "staffmember_id": mediator.pk})
        events.add(CaseStatus.IN_MEDIATION, record.received_on)
    if outcome == CaseOutcome.AGREED:
        _build_agreement(record, tables, office_id, case_id)
        events.add(CaseStatus.AGREED, record.closed_on)
    elif closed:
        events.add(status, record.closed_on, case["closing_note"])
    if record.archived_on is not None:
        events.add(CaseStatus.ARCHIVED, record.archived_on)
    return Ref(MediationCase, case_id)


def _closing_note(record: CaseRecord) -> str:
    """Why a case closed without agreement (an agreement says it in its terms)."""
    return "" if record.outcome == CaseOutcome.AGREED else record.closing_note.strip()


class _Events:
    """A case's status changes, one `CaseEvent` each, as the workflow writes them."""

    def __init__(self, tables: _Tables, office_id: int, case_id: int):
        self.tables, self.office_id, self.case_id = tables, office_id, case_id
        self.status = ""

    def add(self, to_status: str, on, reason: str = "") -> None:
        self.tables.events.add(
            self.tables.owned(
                self.office_id,
                case_id=self.case_id,
                from_status=self.status,
                to_status=to_status,
                happened_on=on,
                reason=reason,
            )
        )
        self.status = to_status


def _build_agreement(record: CaseRecord, tables: _Tables, office_id: int, case_id: int) -> None:
    values = _agreement_values(record)
    agreement = tables.owned(
        office_id,
        case_id=case_id,
        form=values["form"],
        reached_on=values["reached_on"],
        terms=values["terms"].strip(),
        performance_method=(record.agreement.performance_method or "").strip(),
        performance_deadline=values["performance_deadline"],
        amount=values["amount"],
        parties_signed_on=values["parties_signed_on"],
        mediator_signed_on=values["mediator_signed_on"],
        sealed_on=values["sealed_on"],
        effective_on=effective_date(
            values["form"],
            values["reached_on"],
            values["parties_signed_on"],
            values["mediator_signed_on"],
            values["sealed_on"],
        ),
    )
    performance = record.performance
    if performance is not None:
        agreement["performance"] = performance.performance
        if performance.performance != Performance.NOT_PERFORMED:
            agreement["performed_on"] = performance.performed_on
        agreement["amount_performed"] = performance.amount_performed
    agreement_id = tables.agreements.add(agreement)
    confirmation = record.confirmation
    if confirmation is not None:
        tables.confirmations.add(
            tables.owned(
                office_id,
                agreement_id=agreement_id,
                applied_on=confirmation.applied_on,
                court=confirmation.court.strip(),
                applicant_consented=True,
                respondent_consented=True,
                decision=confirmation.decision,
                decided_on=confirmation.decided_on,
                court_case_number=(confirmation.court_case_number or "").strip(),
            )
        )
    follow_up = record.follow_up
    if follow_up is not None:
        tables.follow_ups.add(
            tables.owned(
                office_id,
                case_id=case_id,
                visited_on=follow_up.visited_on,
                method=follow_up.method,
                performance=follow_up.performance or "",
                satisfied=follow_up.satisfied,
                notes=(follow_up.notes or "").strip(),
            )
        )


# --- bringing an existing case up to its record ---------------------------------------------------


def update_errors(checks: Checks, case: MediationCase, record: CaseRecord) -> dict[str, list[str]]:
    """What a corrected register may not do to an existing case, and the rules of what it
    may (the same functions as the actions); {} when `record_update` will succeed."""
    errors: dict[str, list[str]] = {}
    if _party_keys(case) != _party_keys_of(record.parties):
        errors["parties"] = [_("已登记案件的当事人不能通过导入修改，请在案件页面处理。")]
        return errors
    corrected = {name: getattr(record, name) for name in CORRECTABLE}
    found = register_errors(
        checks,
        office=case.office,
        source=corrected["source"],
        dispute_type=corrected["dispute_type"],
        facts=corrected["facts"],
        received_on=case.received_on,
        amount=corrected["amount"],
        persons_involved=corrected["persons_involved"],
        parties=record.parties,
    )
    errors.update(found)
    if errors:
        return errors
    plan = _steps(case, record, errors)
    if errors:
        return errors
    _simulate(checks, case, record, plan, errors)
    return errors


def _party_keys(case: MediationCase) -> list[tuple]:
    return sorted((p.role, p.kind, p.person_id or 0, p.organisation) for p in case.parties.all())


def _party_keys_of(parties: list[PartyInput]) -> list[tuple]:
    return sorted(
        (p.role, p.kind, p.person.pk if p.person is not None else 0, p.organisation.strip())
        for p in parties
    )


def _order(status: str) -> int:
    return {
        CaseStatus.REGISTERED: 0,
        CaseStatus.IN_MEDIATION: 1,
    }.get(status, 2)


def _steps(case: MediationCase, record: CaseRecord, errors: dict) -> list[str]:
    """The steps taking the case from its status to the record's: 开始调解, the closing,
    归档. A record behind the case, or with another outcome than the one recorded, is refused:
    an outcome once recorded is changed on the case's page, not by a file."""
    target = OUTCOME_STATUS[record.outcome]
    current = case.status
    if current == CaseStatus.ARCHIVED:
        current = _status_before_archive(case)
    if _order(target) < _order(current) or (_order(target) == 2 and _order(current) == 2):
        if target != current:
            errors["outcome"] = [
                _("系统中该案件已是“%(now)s”，导入文件不能改为“%(then)s”。")
                % {"now": CaseStatus(current).label, "then": CaseStatus(target).label}
            ]
            return []
        if case.closed_on != record.closed_on:
            errors["closed_on"] = [
                _("该案件已于%(date)s办结，调结日期不能通过导入修改。")
                % {"date": case.closed_on.isoformat()}
            ]
            return []
    steps = []
    if current == CaseStatus.REGISTERED and record.outcome in STARTED:
        steps.append("start")
        current = CaseStatus.IN_MEDIATION
    if _order(target) == 2 and _order(current) < 2:
        steps.append("close")
    return steps


def _status_before_archive(case: MediationCase) -> str:
    archived = [e for e in case.events.all() if e.to_status == CaseStatus.ARCHIVED]
    return max(archived, key=lambda e: e.pk).from_status if archived else CaseStatus.ARCHIVED


def _simulate(checks, case: MediationCase, record: CaseRecord, steps: list[str], errors) -> None:
    probe = _Probe(
        pk=case.pk,
        office=case.office,
        received_on=case.received_on,
        status=case.status,
        closed_on=case.closed_on,
    )
    if "start" in steps:
        if CASE_FLOW.allows(probe, CaseStatus.IN_MEDIATION, errors, "outcome"):
            errors.update(start_errors(probe, record.mediators, record.received_on))
        probe.status = CaseStatus.IN_MEDIATION
    if errors:
        return
    if "close" in steps:
        _close_errors(checks, errors, probe, record)
        if errors:
            return
    agreement = getattr(case, "agreement", None) if case.status in AGREED_STATUSES else None
    if agreement is not None and record.agreement is not None:
        if record.agreement.form != agreement.form:
            errors["agreement.form"] = [_("协议形式已登记，不能通过导入修改。")]
            return
        if record.agreement.amount < 0:
            errors["agreement.amount"] = [_("协议涉及金额不能为负数。")]
    target_agreement = agreement or (_unsaved_agreement(record) if record.agreement else None)
    performance = record.performance
    if (
        performance is not None
        and target_agreement is not None
        and _performance_changes(agreement, record)
    ):
        found = performance_errors(
            probe,
            target_agreement,
            performance=performance.performance,
            performed_on=performance.performed_on,
            amount_performed=performance.amount_performed,
        )
        errors.update(_prefixed("performance", found))
    if record.confirmation is not None and target_agreement is not None and not errors:
        _confirmation_update_errors(checks, errors, probe, target_agreement, agreement, record)
    if record.follow_up is not None and not errors and not _has_follow_up(case, record):
        follow_up = record.follow_up
        found = follow_up_errors(
            probe,
            visited_on=follow_up.visited_on,
            method=follow_up.method,
            performance=follow_up.performance,
        )
        errors.update(_prefixed("follow_up", found))
    archive = record.archived_on is not None and case.status != CaseStatus.ARCHIVED
    if archive and not errors and CASE_FLOW.allows(probe, CaseStatus.ARCHIVED, errors, "outcome"):
        errors.update(_prefixed("archive", archive_errors(probe, record.archived_on)))


def _confirmation_update_errors(checks, errors, probe, target_agreement, agreement, record):
    confirmation = record.confirmation
    existing = _confirmation_of(agreement)
    if existing is None:
        _confirmation_errors(checks, errors, probe, target_agreement, confirmation)
        return
    if existing.applied_on != confirmation.applied_on:
        errors["confirmation.applied_on"] = [
            _("该协议已登记司法确认申请，申请日期不能通过导入修改。")
        ]
        return
    if existing.decision == confirmation.decision:
        return
    found = confirmation_decide_errors(
        existing,
        decision=confirmation.decision,
        decided_on=confirmation.decided_on,
        court_case_number=confirmation.court_case_number,
        accepted_on=existing.accepted_on,
    )
    errors.update(_prefixed("confirmation", found))


def _confirmation_of(agreement: Agreement | None) -> JudicialConfirmation | None:
    if agreement is None or agreement.pk is None:
        return None
    confirmations = list(agreement.confirmations.all())
    return max(confirmations, key=lambda c: c.pk) if confirmations else None


def _has_follow_up(case: MediationCase, record: CaseRecord) -> bool:
    return any(f.visited_on == record.follow_up.visited_on for f in case.follow_ups.all())


def _performance_changes(agreement: Agreement | None, record: CaseRecord) -> bool:
    if agreement is None:
        return True
    performance = record.performance
    performed_on = performance.performed_on
    if performance.performance == Performance.NOT_PERFORMED:
        performed_on = None
    return (agreement.performance, agreement.performed_on, agreement.amount_performed) != (
        performance.performance,
        performed_on,
        performance.amount_performed,
    )


def record_changes(case: MediationCase, record: CaseRecord) -> dict[str, tuple]:
    """{label: (before, after)} of what `record_update` would change ({}: nothing)."""
    changes: dict[str, tuple] = {}
    for name in CORRECTABLE:
        before, after = getattr(case, name), getattr(record, name)
        if isinstance(before, str):
            after = (after or "").strip()
        if before != after:
            changes[str(MediationCase._meta.get_field(name).verbose_name)] = (before, after)
    target = OUTCOME_STATUS[record.outcome]
    status = case.status if case.status != CaseStatus.ARCHIVED else _status_before_archive(case)
    if target != status:
        changes[_("状态")] = (CaseStatus(status).label, CaseStatus(target).label)
    agreement = getattr(case, "agreement", None) if case.status in AGREED_STATUSES else None
    if agreement is not None and record.agreement is not None:
        for name in AGREEMENT_CORRECTABLE:
            before, after = getattr(agreement, name), getattr(record.agreement, name)
            if name in ("terms", "performance_method", "performance_deadline"):
                after = (after.strip() if isinstance(after, str) else after) or before
            if before != after:
                label = _("协议") + str(Agreement._meta.get_field(name).verbose_name)
                changes[label] = (before, after)
    performance = record.performance
    has_agreement = (agreement or record.agreement) is not None
    if performance is not None and has_agreement and _performance_changes(agreement, record):
        before = agreement.get_performance_display() if agreement else ""
        changes[_("履行情况")] = (before, Performance(performance.performance).label)
    if record.confirmation is not None:
        existing = _confirmation_of(agreement)
        if existing is None or existing.decision != record.confirmation.decision:
            before = existing.get_decision_display() if existing else ""
            after = ConfirmationDecision(record.confirmation.decision).label
            changes[_("司法确认")] = (before, after)
    if record.follow_up is not None and not _has_follow_up(case, record):
        changes[_("回访")] = ("", record.follow_up.visited_on)
    if record.archived_on is not None and case.archived_on != record.archived_on:
        changes[_("归档日期")] = (case.archived_on, record.archived_on)
    return changes


@transaction.atomic
def record_update(*, actor, case: MediationCase, record: CaseRecord) -> list[Change]:
    """Bring `case` up to `record` through the actions; the changes for the import batch (the
    case's values before, every record the actions created)."""
    changes = [Change(case, created=False, before=snapshot(case, CASE_SNAPSHOT))]
    events_before = set(case.events.values_list("pk", flat=True))
    case = case_correct(actor=actor, case=case, **{n: getattr(record, n) for n in CORRECTABLE})
    steps = _steps(case, record, {})
    if "start" in steps:  # the mediators are in the case's values before (CASE_SNAPSHOT)
        case_start(actor=actor, case=case, mediators=record.mediators, on=record.received_on)
    if "close" in steps:
        changes += _close(actor, case, record)
    case.refresh_from_db()
    changes += _update_agreement(actor, case, record)
    if record.follow_up is not None and not _has_follow_up(case, record):
        follow_up = record.follow_up
        created = follow_up_record(
            actor=actor,
            case=case,
            visited_on=follow_up.visited_on,
            method=follow_up.method,
            performance=follow_up.performance,
            satisfied=follow_up.satisfied,
            notes=follow_up.notes,
        )
        changes.append(Change(created, created=True))
    if record.archived_on is not None and case.status != CaseStatus.ARCHIVED:
        case_archive(actor=actor, case=case, on=record.archived_on)
    new_events = case.events.exclude(pk__in=events_before)
    changes += [Change(event, created=True) for event in new_events]
    return changes


def _close(actor, case: MediationCase, record: CaseRecord) -> list[Change]:
    outcome = record.outcome
    if outcome == CaseOutcome.AGREED:
        values = _agreement_values(record)
        agreement = agreement_record(
            actor=actor,
            case=case,
            performance_method=record.agreement.performance_method,
            **values,
        )
        return [Change(agreement, created=True)]
    if outcome == CaseOutcome.FAILED:
        case_fail(actor=actor, case=case, on=record.closed_on, routes_told=record.closing_note)
    elif outcome == CaseOutcome.NOT_ACCEPTED:
        case_not_accept(
            actor=actor,
            case=case,
            on=record.closed_on,
            matter=record.not_mediable_matter,
            referral_note=record.closing_note,
        )
    else:
        case_refuse(actor=actor, case=case, on=record.closed_on, reason=record.closing_note)
    return []


def _update_agreement(actor, case: MediationCase, record: CaseRecord) -> list[Change]:
    agreement = getattr(case, "agreement", None) if case.status in AGREED_STATUSES else None
    if agreement is None:
        return []
    changes = []
    before = snapshot(agreement, AGREEMENT_SNAPSHOT)
    changed = False
    if record.agreement is not None:
        corrections = {
            "amount": record.agreement.amount,
            "terms": (record.agreement.terms or "").strip() or agreement.terms,
            "performance_deadline": record.agreement.performance_deadline
            or agreement.performance_deadline,
            "performance_method": (record.agreement.performance_method or "").strip()
            or agreement.performance_method,
        }
        if any(getattr(agreement, k) != v for k, v in corrections.items()):
            agreement = agreement_correct(actor=actor, agreement=agreement, **corrections)
            changed = True
    if record.performance is not None and _performance_changes(agreement, record):
        performance = record.performance
        agreement = performance_record(
            actor=actor,
            agreement=agreement,
            performance=performance.performance,
            performed_on=performance.performed_on,
            amount_performed=performance.amount_performed,
        )
        changed = True
    if changed:
        changes.append(Change(agreement, created=False, before=before))
    if record.confirmation is not None:
        changes += _update_confirmation(actor, agreement, record.confirmation)
    return changes


def _update_confirmation(actor, agreement: Agreement, wanted: ConfirmationInput) -> list[Change]:
    existing = _confirmation_of(agreement)
    changes = []
    if existing is None:
        existing = confirmation_apply(
            actor=actor,
            agreement=agreement,
            applied_on=wanted.applied_on,
            court=wanted.court,
            applicant_consented=True,
            respondent_consented=True,
        )
        changes.append(Change(existing, created=True))
        if wanted.decision == ConfirmationDecision.PENDING:
            return changes
    elif existing.decision == wanted.decision:
        return changes
    else:
        changes.append(
            Change(
                existing,
                created=False,
                before=snapshot(existing, ("decision", "decided_on", "court_case_number")),
            )
        )
    confirmation_decide(
        actor=actor,
        confirmation=existing,
        decision=wanted.decision,
        decided_on=wanted.decided_on,
        court_case_number=wanted.court_case_number,
    )
    return changes


# --- corrections (the fields a file may change) ---------------------------------------------------


@transaction.atomic
def case_correct(
    *,
    actor,
    case: MediationCase,
    source: str,
    dispute_type: str,
    facts: str,
    claims: str,
    amount,
    persons_involved: int,
) -> MediationCase:
    """更正案件登记信息: the facts of 受理 (source, type, facts, claims, amount, persons), by
    the rules of 受理登记 on the 受理日期. The state and the parties do not change."""
    CASE_FLOW.begin(actor, case)
    errors = register_errors(
        Checks(actor),
        office=case.office,
        source=source,
        dispute_type=dispute_type,
        facts=facts,
        received_on=case.received_on,
        amount=amount,
        persons_involved=persons_involved,
        parties=[_as_input(p) for p in case.parties.all()],
    )
    if errors:
        raise ValidationError(errors)
    values = {
        "source": source,
        "dispute_type": dispute_type,
        "facts": facts.strip(),
        "claims": (claims or "").strip(),
        "amount": amount,
        "persons_involved": persons_involved,
    }
    if all(getattr(case, k) == v for k, v in values.items()):
        return case
    for name, value in values.items():
        setattr(case, name, value)
    case.save()
    return case


def _as_input(party: CaseParty) -> PartyInput:
    return PartyInput(
        role=party.role,
        kind=party.kind,
        person=party.person,
        organisation=party.organisation,
        credit_code=party.credit_code,
        agent=party.agent,
    )


@transaction.atomic
def agreement_correct(
    *,
    actor,
    agreement: Agreement,
    amount,
    terms: str,
    performance_deadline: datetime.date | None,
    performance_method: str = "",
) -> Agreement:
    """更正调解协议: 协议涉及金额, the terms and how and by when they are performed, by the rules
    of `agreement_record` (form and dates stay as recorded)."""
    case = agreement.case
    CASE_FLOW.begin(actor, case)
    agreement.refresh_from_db()
    errors = agreement_errors(
        case,
        form=agreement.form,
        reached_on=agreement.reached_on,
        terms=terms,
        amount=amount,
        performance_deadline=performance_deadline,
        parties_signed_on=agreement.parties_signed_on,
        mediator_signed_on=agreement.mediator_signed_on,
        sealed_on=agreement.sealed_on,
    )
    if agreement.amount_performed and Decimal(str(amount)) < agreement.amount_performed:
        errors.setdefault("amount", []).append(_("协议涉及金额不能少于已履行金额。"))
    if errors:
        raise ValidationError(errors)
    agreement.amount = amount
    agreement.terms = terms.strip()
    agreement.performance_deadline = performance_deadline
    agreement.performance_method = (performance_method or "").strip()
    agreement.save()
    return agreement


__all__ = [
    "FOLLOW_UP_METHODS",
    "AgreementInput",
    "CaseRecord",
    "ConfirmationInput",
    "FollowUpInput",
    "PerformanceInput",
    "RecordsRefused",
    "agreement_correct",
    "case_correct",
    "record_changes",
    "record_errors",
    "record_update",
    "records_create",
    "update_errors",
]
