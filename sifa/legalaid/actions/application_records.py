"""Whole legal-aid cases at once (an import of the case book, 法律援助案件台账): checked by the
same rules as the actions, then written in bulk — or brought up to date one by one through
the actions.

An `ApplicationRecord` is what a register row says of one case: its intake (收到申请, or a
notification — 通知辩护/代理 — accepted the day it came), the review decision (给予 / 不予),
the assignment (承办机构, 承办人员, 委托协议), the end (办结 with its outcome and the money
recovered) or the termination (终止, 第48条), the closing (结案材料, 结案审查 and 归档) and a
quality check (质量检查 with its 评定 and the aided person's satisfaction).

* `record_errors(checks, record)` walks the case through the steps a clerk would take —
  `intake_errors` (and `notification_errors`), `decide_errors`, `assignment_errors`,
  `agreement_signed_errors`, `end_errors` / `terminate_errors`, `materials_errors`,
  `review_errors`, `quality_check_errors`, each step allowed by the transition table — on an
  unsaved case, and returns every error by field ("decision.decided_on", "end.ended_on" …).
  Nothing is read from the database but what `checks` was given.
* `records_create(actor, records, checks, reason)` checks again and writes new cases in bulk
  (`sifa.core.bulk`): the case with its history row and stored due dates (第36、43条, the
  holiday calendar included), its groups, one `ApplicationEvent` per step, the assignment
  (with history), the quality check. A case without a number is numbered by its series.
* `record_update(actor, application, record)` brings an existing case up to the record
  through the single actions (`application_decide`, `assignment_make`, `agreement_signed`,
  `application_end`, …) and the corrections a file may make (`application_correct`,
  `ending_correct`): a corrected file changes only what differs. What a file may not change (the
  applicant, a decision or an assignment once recorded, their dates) is refused by
  `update_errors` with a Chinese message.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core import bulk
from sifa.core.imports.spec import Change
from sifa.core.imports.steps import RecordsRefused, refuse_records
from sifa.core.imports.writing import sign_history, snapshot
from sifa.core.numbering import SeriesNumbers
from sifa.legalaid.actions.applications import (
    agreement_signed,
    agreement_signed_errors,
    applicant_errors,
    application_decide,
    application_end,
    application_terminate,
    assess_eligibility,
    closing_materials_submit,
    closing_review,
    decide_errors,
    end_errors,
    intake_errors,
    intake_note,
    materials_errors,
    notification_errors,
    review_errors,
    start_assignment_period,
    start_decision_period,
    terminate_errors,
)
from sifa.legalaid.actions.assignments import assignment_errors, assignment_make
from sifa.legalaid.actions.checks import Checks
from sifa.legalaid.actions.flow import APPLICATION_FLOW
from sifa.legalaid.actions.quality import quality_check_add, quality_check_errors
from sifa.legalaid.constants import (
    ApplicantGroup,
    Channel,
    Origin,
    Outcome,
    Status,
    TerminationGround,
)
from sifa.legalaid.models import (
    ApplicantGroupMembership,
    Application,
    ApplicationEvent,
    Assignment,
    QualityCheck,
)
from sifa.orgs import access
from sifa.orgs.access import Cap

# A register does not repeat the conflict review (利益冲突审查) the paper file holds.
REGISTER_CONFLICT_NOTE = "利益冲突审查情况详见纸质卷宗（由台账导入）。"
# Statuses in which a handler is still working on the case (the roster must still hold them).
HANDLING = (Status.ASSIGNED, Status.IN_PROGRESS)
# Fields of the intake a corrected register may change (`application_correct`).
CORRECTABLE = ("facts", "adverse_party", "amount_claimed")
# Fields of the end a corrected register may change (`ending_correct`).
ENDING_CORRECTABLE = ("outcome", "money_recovered")
APPLICATION_SNAPSHOT = (
    *CORRECTABLE,
    *ENDING_CORRECTABLE,
    "status",
    "decided_on",
    "accepted_on",
    "refusal_reasons",
    "assignment_due_on",
    "ended_on",
    "termination_ground",
    "terminated_on",
    "materials_submitted_on",
    "reviewed_on",
    "archive_number",
    "archived_on",
)


@dataclass
class NotificationInput:
    """通知辩护/代理: the organ, its notice and the stage (第25、35、36条)."""

    organ: str  # NotifyingOrgan
    organ_name: str
    stage: str  # CriminalStage
    ground: str
    notice_number: str = ""


@dataclass
class DecisionInput:
    """审查决定 (第43条): 给予 or 不予 with the reasons."""

    grant: bool
    decided_on: datetime.date
    refusal_reasons: str = ""


@dataclass
class AssignmentInput:
    """指派: provider and handler of the roster; the 委托协议 when signed (程序规定 第27条)."""

    provider: object
    handler: object
    assigned_on: datetime.date
    signed_on: datetime.date | None = None


@dataclass
class EndInput:
    outcome: str
    ended_on: datetime.date
    money_recovered: Decimal = Decimal(0)


@dataclass
class TerminationInput:
    ground: str
    terminated_on: datetime.date
    note: str = ""


@dataclass
class ClosingInput:
    """结案: the closing materials handed in, and the review that archives the case."""

    materials_submitted_on: datetime.date | None = None
    reviewed_on: datetime.date | None = None
    archive_number: str = ""


@dataclass
class QualityInput:
    kind: str
    checked_on: datetime.date
    grade: str = ""
    satisfaction: str = ""
    notes: str = ""


@dataclass
class ApplicationRecord:
    """One case as a register row gives it (see the module docstring)."""

    office: object
    applicant: object
    matter_type: str
    matter: str
    facts: str
    received_on: datetime.date
    number: str = ""
    origin: str = Origin.APPLICATION
    channel: str = Channel.VISIT
    adverse_party: str = ""
    amount_claimed: Decimal = Decimal(0)
    groups: tuple[str, ...] = ()
    agent_name: str = ""
    agent_relation: str = ""
    area: str = ""
    household_size: int | None = None
    household_monthly_income: Decimal | None = None
    exemption_proof: str = ""
    hardship_check: str = ""
    serious_charge: bool = False
    defence_ground: str = ""
    notification: NotificationInput | None = None
    decision: DecisionInput | None = None
    assignment: AssignmentInput | None = None
    end: EndInput | None = None
    termination: TerminationInput | None = None
    closing: ClosingInput | None = None
    quality: list[QualityInput] = field(default_factory=list)

    @property
    def notified(self) -> bool:
        return self.origin == Origin.NOTIFICATION


def record_path(record: ApplicationRecord) -> list[str]:
    """The statuses the case passes through, first to last, by what the record says."""
    path = [Status.GRANTED if record.notified else Status.RECEIVED]
    if record.decision is not None:
        path.append(Status.GRANTED if record.decision.grant else Status.REFUSED)
    if record.assignment is not None:
        path.append(Status.ASSIGNED)
        if record.assignment.signed_on is not None or record.end is not None:
            path.append(Status.IN_PROGRESS)
    if record.end is not None:
        path.append(Status.ENDED)
        if record.closing and record.closing.materials_submitted_on:
            path.append(Status.FILED_FOR_REVIEW)
    elif record.termination is not None:
        path.append(Status.TERMINATED)
    if record.closing and record.closing.reviewed_on:
        path.append(Status.ARCHIVED)
    return path


def _prefixed(prefix: str, errors: dict) -> dict:
    return {f"{prefix}.{key}": value for key, value in errors.items()}


# --- the rules ---------------------------------------------------------------------------------


def record_errors(checks: Checks, record: ApplicationRecord) -> dict[str, list[str]]:
    """Every rule a clerk's actions would apply to `record`, by field; {} when it may be
    written. The steps run in order on an unsaved case and stop at the first step refused
    (the later ones depend on it)."""
    errors = intake_errors(**_intake_values(record))
    errors.update(applicant_errors(checks, record.applicant))
    if record.notified:
        errors.update(_notification_errors(checks, record))
    if errors:
        return errors
    if record.notified:
        checks.claim_notice(record.notification.organ_name, record.notification.notice_number)
    case = _unsaved(record)
    path = record_path(record)
    _step_errors(checks, errors, case, record, path[1:], current=None, on_roster=_handled(path))
    return errors


def _intake_values(record: ApplicationRecord) -> dict:
    return {
        "office": record.office,
        "applicant": record.applicant,
        "matter_type": record.matter_type,
        "matter": record.matter,
        "facts": record.facts,
        "received_on": record.received_on,
        "origin": record.origin,
        "channel": record.channel,
        "groups": record.groups,
        "area": record.area,
        "household_size": record.household_size,
        "household_monthly_income": record.household_monthly_income,
        "exemption_proof": record.exemption_proof,
        "hardship_check": record.hardship_check,
        "amount_claimed": record.amount_claimed,
        "agent_name": record.agent_name,
        "agent_relation": record.agent_relation,
        "serious_charge": record.serious_charge,
        "defence_ground": record.defence_ground,
    }


def _notification_errors(checks: Checks, record: ApplicationRecord) -> dict:
    notification = record.notification
    if notification is None:
        return {
            "notification.notifying_organ": [
                _("请填写通知机关类别、通知机关、诉讼阶段和通知理由。")
            ]
        }
    found = notification_errors(
        checks,
        notifying_organ=notification.organ,
        notifying_organ_name=notification.organ_name,
        criminal_stage=notification.stage,
        notification_ground=notification.ground,
        notice_number=notification.notice_number,
    )
    return _prefixed("notification", found)


def _handled(path: list[str]) -> bool:
    """Is a handler still working on the case once it stands where the record leaves it? Only
    then must the provider and the handler still be on today's roster."""
    return path[-1] in HANDLING


def _unsaved(record: ApplicationRecord) -> Application:
    case = Application(
        office=record.office,
        applicant=record.applicant,
        origin=record.origin,
        matter_type=record.matter_type,
        received_on=record.received_on,
        serious_charge=record.serious_charge,
        status=Status.RECEIVED,
    )
    if record.notified:
        case.status = Status.GRANTED
        case.accepted_on = case.decided_on = record.received_on
    return case


def _step_errors(
    checks: Checks,
    errors: dict,
    case: Application,
    record: ApplicationRecord,
    steps: list[str],
    *,
    current: Assignment | None,
    on_roster: bool,
) -> None:
    """The rules of each step in `steps` on `case` (moved along as each passes); `current` is
    the assignment the case has already."""
    assignment = current
    for to_status in steps:
        if to_status == Status.ASSIGNED and case.status == Status.RECEIVED:
            # RECEIVED → ASSIGNED is 先行提供 only (第44条), which a register does not record.
            errors.setdefault("assignment.provider", []).append(
                _("案件尚未决定给予法律援助，不能指派。")
            )
            return
        if not APPLICATION_FLOW.allows(case, to_status, errors):
            return
        found = {}
        if to_status in (Status.GRANTED, Status.REFUSED):
            decision = record.decision
            found = _prefixed(
                "decision",
                decide_errors(
                    case,
                    grant=decision.grant,
                    decided_on=decision.decided_on,
                    refusal_reasons=decision.refusal_reasons,
                ),
            )
            case.decided_on = decision.decided_on
            if decision.grant:
                case.accepted_on = decision.decided_on
        elif to_status == Status.ASSIGNED:
            wanted = record.assignment
            found = _prefixed(
                "assignment",
                assignment_errors(
                    checks,
                    case,
                    provider=wanted.provider,
                    handler=wanted.handler,
                    assigned_on=wanted.assigned_on,
                    minor=ApplicantGroup.MINOR in record.groups,
                    on_roster=on_roster,
                ),
            )
            assignment = Assignment(
                provider=wanted.provider, handler=wanted.handler, assigned_on=wanted.assigned_on
            )
        elif to_status == Status.IN_PROGRESS:
            signed_on = record.assignment.signed_on or record.assignment.assigned_on
            found = _prefixed("assignment", agreement_signed_errors(assignment, signed_on))
        elif to_status == Status.ENDED:
            end = record.end
            found = _prefixed(
                "end",
                end_errors(
                    case,
                    assignment,
                    outcome=end.outcome,
                    ended_on=end.ended_on,
                    money_recovered=end.money_recovered,
                ),
            )
            case.ended_on = end.ended_on
        elif to_status == Status.TERMINATED:
            termination = record.termination
            found = _prefixed(
                "termination",
                terminate_errors(
                    case,
                    ground=termination.ground,
                    terminated_on=termination.terminated_on,
                    note=termination.note,
                ),
            )
            case.terminated_on = termination.terminated_on
        elif to_status == Status.FILED_FOR_REVIEW:
            submitted_on = record.closing.materials_submitted_on
            found = _prefixed("closing", materials_errors(case, submitted_on))
            case.materials_submitted_on = submitted_on
        elif to_status == Status.ARCHIVED:
            closing = record.closing
            found = _prefixed(
                "closing",
                review_errors(
                    checks,
                    case,
                    approve=True,
                    reviewed_on=closing.reviewed_on,
                    archive_number=closing.archive_number,
                ),
            )
            if not found:
                checks.claim_archive_number(case.office.pk, closing.archive_number.strip(), case.pk)
        errors.update(found)
        if errors:
            return
        case.status = to_status
    for quality in record.quality:
        errors.update(_quality_errors(case, quality))


def _quality_errors(case: Application, quality: QualityInput) -> dict:
    found = quality_check_errors(
        case,
        kind=quality.kind,
        checked_on=quality.checked_on,
        grade=quality.grade,
        satisfaction=quality.satisfaction,
    )
    return _prefixed("quality", found)


# --- writing new cases in bulk -------------------------------------------------------------------


@dataclass
class _Written:
    applications: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    events: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    quality_checks: list = field(default_factory=list)


@transaction.atomic
def records_create(
    *, actor, records: list[ApplicationRecord], checks: Checks, reason: str
) -> list[Application]:
    """收到申请 (or 通知) of many cases at once, each taken as far as its record says (see the
    module docstring). Every record is checked first (RecordsRefused names the refused ones
    and nothing is written); `reason` is the change reason of the history rows."""
    for office in {record.office.pk: record.office for record in records}.values():
        access.require(actor, Cap.EDIT, office, line="legalaid")
    refuse_records(records, lambda record: record_errors(checks, record))
    numbers = SeriesNumbers(Application, taken={r.number for r in records if r.number})
    written = _Written()
    for record in records:
        _build(actor, record, numbers, written, checks)
    applications = bulk.insert_with_history(written.applications, reason=reason)
    bulk.insert(written.groups)
    bulk.insert(written.events)
    bulk.insert_with_history(written.assignments, reason=reason)
    bulk.insert(written.quality_checks)
    for model in (Application, Assignment):
        sign_history(model, actor, reason)
    return applications


def _build(actor, record: ApplicationRecord, numbers, written: _Written, checks: Checks) -> None:
    notification = record.notification if record.notified else None
    case = Application(
        office=record.office,
        created_by=actor,
        number=record.number or numbers.take(record.office, record.received_on.year),
        origin=record.origin,
        channel=Channel.LETTER if notification else record.channel,
        applicant=record.applicant,
        agent_name=(record.agent_name or "").strip(),
        agent_relation=(record.agent_relation or "").strip(),
        matter_type=record.matter_type,
        matter=record.matter,
        facts=record.facts.strip(),
        adverse_party=(record.adverse_party or "").strip(),
        amount_claimed=record.amount_claimed or Decimal(0),
        area=record.area or "",
        household_size=record.household_size,
        household_monthly_income=record.household_monthly_income,
        exemption_proof=record.exemption_proof or "",
        hardship_check=record.hardship_check or "",
        received_on=record.received_on,
        serious_charge=bool(record.serious_charge),
        defence_ground=record.defence_ground or "",
        status="",
    )
    if notification is not None:
        case.notifying_organ = notification.organ
        case.notifying_organ_name = notification.organ_name.strip()
        case.notice_number = (notification.notice_number or "").strip()
        case.criminal_stage = notification.stage
        case.notification_ground = notification.ground.strip()
        case.accepted_on = case.decided_on = record.received_on
    assess_eligibility(case, record.applicant, record.groups)
    calendar = checks.calendar
    events = _CaseEvents(actor, case, written)
    if notification is not None:
        start_assignment_period(case, record.received_on, calendar)
        events.add(Status.GRANTED, record.received_on, intake_note(case))
    else:
        start_decision_period(case, record.received_on, calendar)
        events.add(Status.RECEIVED, record.received_on, intake_note(case))
    written.applications.append(case)
    for group in dict.fromkeys(record.groups):
        written.groups.append(
            ApplicantGroupMembership(
                office=record.office, created_by=actor, application=case, group=group
            )
        )
    if record.decision is not None:
        decision = record.decision
        case.decided_on = decision.decided_on
        if decision.grant:
            case.accepted_on = decision.decided_on
            start_assignment_period(case, decision.decided_on, calendar)
            events.add(Status.GRANTED, decision.decided_on)
        else:
            case.refusal_reasons = decision.refusal_reasons.strip()
            events.add(Status.REFUSED, decision.decided_on, case.refusal_reasons)
    _build_handling(actor, record, case, events, written)
    for quality in record.quality:
        written.quality_checks.append(
            QualityCheck(
                office=record.office,
                created_by=actor,
                application=case,
                kind=quality.kind,
                checked_on=quality.checked_on,
                grade=quality.grade or "",
                satisfaction=quality.satisfaction or "",
                notes=(quality.notes or "").strip(),
            )
        )


class _CaseEvents:
    """The events of one case being built: each step from the status the last one left."""

    def __init__(self, actor, case: Application, written: _Written):
        self.actor, self.case, self.written = actor, case, written

    def add(self, to_status: str, on, reason: str = "") -> None:
        self.written.events.append(
            ApplicationEvent(
                office=self.case.office,
                created_by=self.actor,
                application=self.case,
                from_status=self.case.status,
                to_status=to_status,
                happened_on=on,
                reason=reason or "",
            )
        )
        self.case.status = to_status


def _build_handling(actor, record, case: Application, events: _CaseEvents, written) -> None:
    """指派, 委托协议, 办结 or 终止, 结案材料 and 归档, as far as the record goes."""
    path = record_path(record)
    wanted = record.assignment
    if wanted is not None:
        assignment = Assignment(
            office=record.office,
            created_by=actor,
            application=case,
            provider=wanted.provider,
            handler=wanted.handler,
            assigned_on=wanted.assigned_on,
            conflict_note=REGISTER_CONFLICT_NOTE,
        )
        written.assignments.append(assignment)
        events.add(
            Status.ASSIGNED,
            wanted.assigned_on,
            _("指派%(provider)s %(handler)s承办")
            % {"provider": wanted.provider.name, "handler": wanted.handler.person.name},
        )
        if Status.IN_PROGRESS in path:
            assignment.agreement_signed_on = wanted.signed_on or wanted.assigned_on
            events.add(Status.IN_PROGRESS, assignment.agreement_signed_on, _("已签订委托协议。"))
    if record.end is not None:
        end = record.end
        case.outcome = end.outcome
        case.ended_on = end.ended_on
        case.money_recovered = end.money_recovered or Decimal(0)
        events.add(Status.ENDED, end.ended_on, str(Outcome(end.outcome).label))
    elif record.termination is not None:
        termination = record.termination
        case.termination_ground = termination.ground
        case.terminated_on = termination.terminated_on
        events.add(Status.TERMINATED, termination.terminated_on, _termination_reason(termination))
    closing = record.closing
    if Status.FILED_FOR_REVIEW in path:
        case.materials_submitted_on = closing.materials_submitted_on
        events.add(Status.FILED_FOR_REVIEW, closing.materials_submitted_on)
    if Status.ARCHIVED in path:
        case.reviewed_on = case.archived_on = closing.reviewed_on
        case.archive_number = closing.archive_number.strip()
        events.add(
            Status.ARCHIVED,
            closing.reviewed_on,
            _("档案号：%(number)s") % {"number": case.archive_number},
        )


def _termination_reason(termination: TerminationInput) -> str:
    label = str(TerminationGround(termination.ground).label)
    note = (termination.note or "").strip()
    return f"{label}：{note}" if note else label


# --- bringing an existing case up to its record ---------------------------------------------------


def _current(application: Application) -> Assignment | None:
    found = [a for a in application.assignments.all() if a.ended_on is None]
    return max(found, key=lambda a: a.pk) if found else None


def _steps(application: Application, record: ApplicationRecord, errors: dict) -> list[str]:
    """The statuses still to pass from the case's status to the record's. A record behind the
    case, or on another road (不予 where 给予 was decided, 终止 where the case ended, a status
    the register does not know such as 待补充材料), is refused: it is changed on the case's
    page, not by a file."""
    path = record_path(record)
    if application.status not in path:
        errors["status"] = [
            _("系统中该案件已是“%(now)s”，导入文件不能改为“%(then)s”。")
            % {"now": Status(application.status).label, "then": Status(path[-1]).label}
        ]
        return []
    return path[path.index(application.status) + 1 :]


def update_errors(
    checks: Checks, application: Application, record: ApplicationRecord
) -> dict[str, list[str]]:
    """What a corrected register may not do to an existing case, and the rules of what it
    may (the same functions as the actions); {} when `record_update` will succeed."""
    errors = _fixed_errors(application, record)
    if errors:
        return errors
    found = intake_errors(**_intake_values(record))
    errors.update(found)
    if errors:
        return errors
    steps = _steps(application, record, errors)
    if errors:
        return errors
    done = record_path(record)[: len(record_path(record)) - len(steps)]
    errors.update(_done_differences(application, record, done))
    if errors:
        return errors
    probe = _probe(application)
    current = _current(application)
    simulated = _copy(record, quality=_new_quality(application, record))
    _step_errors(checks, errors, probe, simulated, steps, current=current, on_roster=True)
    if not errors and record.end is not None and Status.ENDED in done:
        found = end_errors(
            probe,
            None,
            outcome=record.end.outcome,
            ended_on=application.ended_on,
            money_recovered=record.end.money_recovered,
        )
        errors.update(_prefixed("end", found))
    return errors


def _fixed_errors(application: Application, record: ApplicationRecord) -> dict:
    """The facts of intake a file cannot change (they name another case)."""
    errors: dict[str, list[str]] = {}
    if application.applicant_id != getattr(record.applicant, "pk", None):
        errors["applicant"] = [_("已登记案件的申请人不能通过导入修改，请在案件页面处理。")]
    groups = {g.group for g in application.groups.all()}
    if groups != set(record.groups):
        errors["groups"] = [_("已登记案件的受援人群体不能通过导入修改，请在案件页面处理。")]
    for name, value in (
        ("origin", record.origin),
        ("matter_type", record.matter_type),
        ("matter", record.matter),
    ):
        if getattr(application, name) != value:
            label = Application._meta.get_field(name).verbose_name
            errors[name] = [
                _("该案件的%(label)s已登记为“%(value)s”，不能通过导入修改。")
                % {"label": label, "value": getattr(application, f"get_{name}_display")()}
            ]
    return errors


def _done_differences(application: Application, record: ApplicationRecord, done) -> dict:
    """Steps both the case and the record have taken must agree: a decision, an assignment,
    an end or a termination once recorded is changed on the case's page."""
    errors: dict[str, list[str]] = {}

    def refuse(key, step, day):
        errors[key] = [
            _("该案件已于%(date)s%(step)s，已登记的日期和内容不能通过导入修改，请在案件页面处理。")
            % {"date": day.isoformat() if day else "", "step": step}
        ]

    decided = record.decision is not None and {Status.GRANTED, Status.REFUSED} & set(done)
    if decided and application.decided_on != record.decision.decided_on:
        refuse("decision.decided_on", _("作出审查决定"), application.decided_on)
    current = _current(application)
    if record.assignment is not None and Status.ASSIGNED in done and current is not None:
        wanted = record.assignment
        if (current.provider_id, current.handler_id, current.assigned_on) != (
            wanted.provider.pk,
            wanted.handler.pk,
            wanted.assigned_on,
        ):
            errors["assignment.handler"] = [
                _(
                    "该案件已指派%(handler)s（%(date)s），承办人员和指派日期不能通过导入修改，"
                    "更换承办人员请在案件页面办理。"
                )
                % {"handler": current.handler.person.name, "date": current.assigned_on.isoformat()}
            ]
        signed = wanted.signed_on
        if Status.IN_PROGRESS in done and signed and current.agreement_signed_on != signed:
            refuse("assignment.signed_on", _("签订委托协议"), current.agreement_signed_on)
    if (
        record.end is not None
        and Status.ENDED in done
        and application.ended_on != record.end.ended_on
    ):
        refuse("end.ended_on", _("办结"), application.ended_on)
    if record.termination is not None and Status.TERMINATED in done:
        termination = record.termination
        if (application.terminated_on, application.termination_ground) != (
            termination.terminated_on,
            termination.ground,
        ):
            refuse("termination.terminated_on", _("终止法律援助"), application.terminated_on)
    closing = record.closing
    if closing is not None:
        submitted = closing.materials_submitted_on
        if (
            Status.FILED_FOR_REVIEW in done
            and submitted
            and application.materials_submitted_on not in (None, submitted)
        ):
            refuse(
                "closing.materials_submitted_on",
                _("提交结案材料"),
                application.materials_submitted_on,
            )
        if Status.ARCHIVED in done and (application.reviewed_on, application.archive_number) != (
            closing.reviewed_on,
            closing.archive_number.strip(),
        ):
            refuse("closing.reviewed_on", _("归档"), application.reviewed_on)
    return errors


def _probe(application: Application) -> Application:
    """An unsaved copy of the case's state, for the rules of the steps still to take."""
    probe = Application(
        pk=application.pk,
        office=application.office,
        applicant=application.applicant,
        origin=application.origin,
        matter_type=application.matter_type,
        received_on=application.received_on,
        serious_charge=application.serious_charge,
    )
    for name in APPLICATION_SNAPSHOT:
        setattr(probe, name, getattr(application, name))
    probe.supplied_on = application.supplied_on
    return probe


def _copy(record: ApplicationRecord, **changes) -> ApplicationRecord:
    values = {name: getattr(record, name) for name in record.__dataclass_fields__}
    values.update(changes)
    return ApplicationRecord(**values)


def _new_quality(application: Application, record: ApplicationRecord) -> list[QualityInput]:
    """The record's quality checks the case does not have yet (by method and day)."""
    have = {(q.kind, q.checked_on) for q in application.quality_checks.all()}
    return [q for q in record.quality if (q.kind, q.checked_on) not in have]


def record_changes(application: Application, record: ApplicationRecord) -> dict[str, tuple]:
    """{label: (before, after)} of what `record_update` would change ({}: nothing)."""
    changes: dict[str, tuple] = {}
    for name in CORRECTABLE:
        before, after = getattr(application, name), getattr(record, name)
        if isinstance(before, str):
            after = (after or "").strip()
        if before != after:
            changes[str(Application._meta.get_field(name).verbose_name)] = (before, after)
    target = record_path(record)[-1]
    if target != application.status:
        changes[_("状态")] = (Status(application.status).label, Status(target).label)
    if record.end is not None and application.ended_on is not None:
        for name in ENDING_CORRECTABLE:
            before, after = getattr(application, name), getattr(record.end, name)
            if before != after:
                label = str(Application._meta.get_field(name).verbose_name)
                if name == "outcome":
                    before, after = application.get_outcome_display(), Outcome(after).label
                changes[label] = (before, after)
    added = _new_quality(application, record)
    if added:
        changes[_("质量检查")] = ("", "、".join(q.checked_on.isoformat() for q in added))
    return changes


@transaction.atomic
def record_update(*, actor, application: Application, record: ApplicationRecord) -> list[Change]:
    """Bring `application` up to `record` through the actions; the changes for the import batch
    (the case's values before, every record the actions created)."""
    changes = [
        Change(application, created=False, before=snapshot(application, APPLICATION_SNAPSHOT))
    ]
    events_before = set(application.events.values_list("pk", flat=True))
    application = application_correct(
        actor=actor,
        application=application,
        **{name: getattr(record, name) for name in CORRECTABLE},
    )
    steps = _steps(application, record, {})
    for to_status in steps:
        changes += _take_step(actor, application, record, to_status, changes)
        application.refresh_from_db()
    if record.end is not None and application.ended_on is not None and Status.ENDED not in steps:
        # Ended before this file: its outcome and money recovered may be corrected.
        ending_correct(
            actor=actor,
            application=application,
            outcome=record.end.outcome,
            money_recovered=record.end.money_recovered,
        )
    for quality in _new_quality(application, record):
        check = quality_check_add(
            actor=actor,
            application=application,
            kind=quality.kind,
            checked_on=quality.checked_on,
            grade=quality.grade,
            satisfaction=quality.satisfaction,
            notes=quality.notes,
        )
        changes.append(Change(check, created=True))
    new_events = application.events.exclude(pk__in=events_before)
    changes += [Change(event, created=True) for event in new_events]
    return changes


def _take_step(actor, application, record: ApplicationRecord, to_status, changes) -> list[Change]:
    """One step through its action; the records it created or changed (`changes`: those of the
    steps before, so an assignment made now is not listed again when its agreement is signed)."""
    if to_status in (Status.GRANTED, Status.REFUSED):
        decision = record.decision
        application_decide(
            actor=actor,
            application=application,
            grant=decision.grant,
            decided_on=decision.decided_on,
            refusal_reasons=decision.refusal_reasons,
        )
    elif to_status == Status.ASSIGNED:
        wanted = record.assignment
        assignment = assignment_make(
            actor=actor,
            application=application,
            provider=wanted.provider,
            handler=wanted.handler,
            assigned_on=wanted.assigned_on,
        )
        return [Change(assignment, created=True)]
    elif to_status == Status.IN_PROGRESS:
        wanted = record.assignment
        current = application.assignments.filter(ended_on__isnull=True).order_by("-id").first()
        made_now = any(c.created and c.record == current for c in changes)
        before = snapshot(current, ("agreement_signed_on",)) if current is not None else None
        agreement_signed(
            actor=actor, application=application, signed_on=wanted.signed_on or wanted.assigned_on
        )
        if current is not None and not made_now:
            return [Change(current, created=False, before=before)]
    elif to_status == Status.ENDED:
        end = record.end
        application_end(
            actor=actor,
            application=application,
            outcome=end.outcome,
            ended_on=end.ended_on,
            money_recovered=end.money_recovered,
        )
    elif to_status == Status.TERMINATED:
        termination = record.termination
        application_terminate(
            actor=actor,
            application=application,
            ground=termination.ground,
            terminated_on=termination.terminated_on,
            note=termination.note,
        )
    elif to_status == Status.FILED_FOR_REVIEW:
        closing_materials_submit(
            actor=actor,
            application=application,
            submitted_on=record.closing.materials_submitted_on,
        )
    elif to_status == Status.ARCHIVED:
        closing_review(
            actor=actor,
            application=application,
            approve=True,
            reviewed_on=record.closing.reviewed_on,
            archive_number=record.closing.archive_number,
        )
    return []


# --- corrections (the fields a file may change) ---------------------------------------------------


@transaction.atomic
def application_correct(
    *, actor, application: Application, facts: str, adverse_party: str, amount_claimed
) -> Application:
    """更正申请信息: the facts, the adverse party and the amount claimed, by the rules of
    收到申请. The state, the applicant and the matter do not change."""
    APPLICATION_FLOW.begin(actor, application)
    errors = intake_errors(
        office=application.office,
        applicant=application.applicant,
        matter_type=application.matter_type,
        matter=application.matter,
        facts=facts,
        received_on=application.received_on,
        origin=application.origin,
        channel=application.channel,
        amount_claimed=amount_claimed,
    )
    errors = {k: v for k, v in errors.items() if k in CORRECTABLE}
    if errors:
        raise ValidationError(errors)
    values = {
        "facts": (facts or "").strip(),
        "adverse_party": (adverse_party or "").strip(),
        "amount_claimed": Decimal(str(amount_claimed or 0)),
    }
    if all(getattr(application, k) == v for k, v in values.items()):
        return application
    for name, value in values.items():
        setattr(application, name, value)
    application.save()
    return application


@transaction.atomic
def ending_correct(
    *, actor, application: Application, outcome: str, money_recovered
) -> Application:
    """更正办结信息: the outcome and the money recovered (挽回经济损失) of an ended case, by the
    rules of 办结; its date stays as recorded. The correction is written in the case history."""
    APPLICATION_FLOW.begin(actor, application)
    if application.ended_on is None:
        raise ValidationError(_("只有已办结的案件才能更正办理结果。"), code="not_ended")
    errors = end_errors(
        application,
        None,
        outcome=outcome,
        ended_on=application.ended_on,
        money_recovered=money_recovered,
    )
    errors.pop("ended_on", None)
    if errors:
        raise ValidationError(errors)
    money = Decimal(str(money_recovered or 0))
    if (application.outcome, application.money_recovered) == (outcome, money):
        return application
    reason = _("更正办结信息：%(outcome)s，挽回经济损失%(money)s元") % {
        "outcome": Outcome(outcome).label,
        "money": money,
    }
    application.outcome = outcome
    application.money_recovered = money
    application.save()
    APPLICATION_FLOW.record_event(
        application,
        application.status,
        application.status,
        actor=actor,
        on=application.ended_on,
        reason=reason,
    )
    return application


__all__ = [
    "ApplicationRecord",
    "AssignmentInput",
    "ClosingInput",
    "DecisionInput",
    "EndInput",
    "NotificationInput",
    "QualityInput",
    "RecordsRefused",
    "TerminationInput",
    "application_correct",
    "ending_correct",
    "record_changes",
    "record_errors",
    "record_path",
    "record_update",
    "records_create",
    "update_errors",
]
