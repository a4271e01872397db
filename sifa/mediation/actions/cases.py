"""Writes to mediation cases (纠纷案件): register, the state machine, sessions, agreements,
performance, judicial confirmation, follow-ups and archiving (DOMAIN §2.3).

Every status change goes through `_transition`, which consults `TRANSITIONS` (constants.py)
and writes the `CaseEvent`. Every action checks `edit` on the case's committee, validates
with Chinese messages, and runs in one transaction, so a refused write saves nothing.
Dates may not lie in the future nor before the case's 受理日期.

Each action's rules are a function of the values alone (`register_errors`, `start_errors`,
`close_errors`, `agreement_errors`, `performance_errors`, `confirmation_apply_errors`,
`confirmation_decide_errors`, `follow_up_errors`, `archive_errors`), returning the errors by
field: the action raises them, and the bulk path of an import (`case_records`) checks a whole
register with the same functions before writing it at once. What a rule looks up — a code
table, whether the actor may see a person — it asks a `Checks`: the actions ask the database
each time, the bulk path reads each code table once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc

from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import compute
from sifa.core.numbering import save_with_number
from sifa.core.validation import check_not_future, collect_error
from sifa.core.workflow import Workflow
from sifa.mediation.constants import (
    CLOSED_STATUSES,
    DISPUTE_TYPE_CODE_LIST,
    JUDICIAL_CONFIRMATION_RULE,
    NOT_MEDIABLE_CODE_LIST,
    SOURCE_CODE_LIST,
    TRANSITIONS,
    AgreementForm,
    CaseStatus,
    ConfirmationDecision,
    PartyKind,
    PartyRole,
    Performance,
    RiskFlag,
)
from sifa.mediation.models import (
    Agreement,
    CaseEvent,
    CaseParty,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    MediationSession,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import MEDIATOR_POST, OfficeKind
from sifa.orgs.models import Office, StaffMember
from sifa.people import actions as people_actions
from sifa.people.importing import PersonChecks
from sifa.people.models import Person

# 回访方式 (FollowUp.method stores the Chinese word, as the paper form does).
FOLLOW_UP_METHODS = ("电话", "上门")
# The values of the lists the rules check against, read once (an import checks 200,000 cases).
PARTY_ROLES = frozenset(PartyRole.values)
AGREEMENT_FORMS = frozenset(AgreementForm.values)
PERFORMANCES = frozenset(Performance.values)
# Open cases: a risk flag or a session only makes sense before the case is closed.
OPEN_STATUSES = (CaseStatus.REGISTERED, CaseStatus.IN_MEDIATION)
# Cases an agreement's performance and confirmation may still be recorded on.
AGREED_STATUSES = (CaseStatus.AGREED, CaseStatus.ARCHIVED)

# State machine: CaseStatus, TRANSITIONS and CaseEvent (sifa/core/workflow.py).
CASE_FLOW = Workflow(MediationCase, CaseEvent, "case", TRANSITIONS, CaseStatus, access.require_edit)


class Checks(PersonChecks):
    """What the rules consult besides the values they are given.

    An action's `Checks(actor)` asks the database: `validate_code` for a code, the access
    module for a person. A bulk write's `Checks(actor, persons=…)` reads each code table once
    (`CodeTable`) and knows the persons it may name (those it found in the actor's scope or
    registered itself), so checking 200,000 cases costs no query per case."""


@dataclass(frozen=True, slots=True)
class PartyInput:
    """One 当事人 to register with a case."""

    role: str  # PartyRole
    kind: str  # PartyKind
    person: Person | None = None
    organisation: str = ""
    credit_code: str = ""
    agent: str = ""


def party_obtain(
    *,
    actor,
    office,
    role: str,
    kind: str,
    identity: people_actions.PersonIdentity | None = None,
    organisation: str = "",
    credit_code: str = "",
    agent: str = "",
) -> PartyInput:
    """The PartyInput for `case_register`: a natural person not yet in the registry is
    registered first (in the caller's transaction, so a refused case leaves nobody behind)."""
    person = None
    if kind == PartyKind.NATURAL and identity is not None:
        person = people_actions.person_obtain(actor=actor, office=office, identity=identity)
    return PartyInput(
        role=role,
        kind=kind,
        person=person,
        organisation=organisation,
        credit_code=credit_code,
        agent=agent,
    )


# ---------------------------------------------------------------------------------------------
# Register


@transaction.atomic
def case_register(
    *,
    actor,
    office: Office,
    source: str,
    dispute_type: str,
    facts: str,
    received_on: datetime.date,
    parties: list[PartyInput],
    claims: str = "",
    amount=0,
    persons_involved: int = 2,
    referred_by: str = "",
    is_public: bool = False,
) -> MediationCase:
    """受理登记: register a dispute in a mediation committee (`office`).

    Parties: at least two, at least one of them 申请人. A dispute has two sides, but both may
    apply together (共同申请), so a respondent is not required; for 主动调解 the committee
    records the side that raised the matter as 申请人. A natural party is a Person the actor
    may see; a legal party needs its name and, if given, a valid 统一社会信用代码.
    """
    access.require(actor, Cap.EDIT, office, line="mediation")
    errors = register_errors(
        Checks(actor),
        office=office,
        source=source,
        dispute_type=dispute_type,
        facts=facts,
        received_on=received_on,
        amount=amount,
        persons_involved=persons_involved,
        parties=parties,
    )
    if errors:
        raise ValidationError(errors)

    case = MediationCase(
        office=office,
        created_by=actor,
        source=source,
        referred_by=(referred_by or "").strip(),
        dispute_type=dispute_type,
        facts=facts.strip(),
        claims=(claims or "").strip(),
        amount=amount,
        persons_involved=persons_involved,
        received_on=received_on,
        is_public=is_public,
    )
    save_with_number(case, case.received_on.year)
    for party in parties:
        CaseParty.objects.create(
            office=office,
            created_by=actor,
            case=case,
            role=party.role,
            kind=party.kind,
            person=party.person if party.kind == PartyKind.NATURAL else None,
            organisation=party.organisation.strip() if party.kind == PartyKind.LEGAL else "",
            credit_code=_clean_credit_code(party.credit_code)
            if party.kind == PartyKind.LEGAL
            else "",
            agent=(party.agent or "").strip(),
        )
    CASE_FLOW.record_event(case, "", CaseStatus.REGISTERED, actor=actor, on=received_on, reason="")
    return case


def register_errors(
    checks: Checks,
    *,
    office: Office,
    source: str,
    dispute_type: str,
    facts: str,
    received_on: datetime.date,
    amount,
    persons_involved: int | None,
    parties: list[PartyInput],
) -> dict[str, list[str]]:
    """The rules of 受理登记 (see `case_register`), by field."""
    errors: dict[str, list[str]] = {}
    if office.kind != OfficeKind.MEDIATION_COMMITTEE:
        errors["office"] = [_("只有人民调解委员会可以受理纠纷。")]
    collect_error(errors, "source", lambda: checks.code(SOURCE_CODE_LIST, source, received_on))
    collect_error(
        errors,
        "dispute_type",
        lambda: checks.code(DISPUTE_TYPE_CODE_LIST, dispute_type, received_on),
    )
    if not (facts or "").strip():
        errors["facts"] = [_("请填写纠纷简要情况。")]
    collect_error(errors, "received_on", lambda: check_not_future(received_on))
    if amount is None or Decimal(str(amount)) < 0:
        errors["amount"] = [_("涉及金额不能为负数。")]
    if persons_involved is None or persons_involved < 1:
        errors["persons_involved"] = [_("涉及人数至少为1人。")]
    collect_error(errors, "parties", lambda: _check_parties(checks, parties))
    return errors


def _check_parties(checks: Checks, parties: list[PartyInput]) -> None:
    parties = list(parties or [])
    if len(parties) < 2:
        raise ValidationError(_("当事人至少为两方。"))
    if not any(p.role == PartyRole.APPLICANT for p in parties):
        raise ValidationError(_("当事人中至少应有一名申请人。"))
    problems = []
    seen_persons = set()
    for index, party in enumerate(parties, start=1):
        problem = _party_problem(checks, party)
        if problem is None and party.kind == PartyKind.NATURAL:
            if party.person.pk in seen_persons:
                problem = _("同一人不能重复登记为当事人。")
            seen_persons.add(party.person.pk)
        if problem:
            problems.append(_("第%(n)d名当事人：%(problem)s") % {"n": index, "problem": problem})
    if problems:
        raise ValidationError(problems)


def _party_problem(checks: Checks, party: PartyInput) -> str | None:
    if party.role not in PARTY_ROLES:
        return _("请选择当事人身份。")
    if party.kind == PartyKind.NATURAL:
        if party.person is None:
            return _("请从人员信息中选择自然人。")
        if not checks.sees(party.person):
            return _("未找到该人员。")
        return None
    if party.kind == PartyKind.LEGAL:
        if not (party.organisation or "").strip():
            return _("请填写法人或其他组织的名称。")
        code = _clean_credit_code(party.credit_code)
        if code and not uscc.is_valid(code):
            return _("统一社会信用代码“%(code)s”无效。") % {"code": party.credit_code}
        return None
    return _("请选择当事人类型。")


def _clean_credit_code(code: str) -> str:
    return uscc.compact(code or "") if code else ""


@transaction.atomic
def case_start(*, actor, case: MediationCase, mediators: list[StaffMember], on: datetime.date):
    """指定调解员, 开始调解: at least one mediator serving in this committee on `on` (PM-11)."""
    CASE_FLOW.begin(actor, case, CaseStatus.IN_MEDIATION)
    mediators = list(mediators or [])
    errors = start_errors(case, mediators, on)
    if errors:
        raise ValidationError(errors)
    case.mediators.add(*mediators)
    return CASE_FLOW.move(case, CaseStatus.IN_MEDIATION, actor=actor, on=on, reason="")


def start_errors(case: MediationCase, mediators: list[StaffMember], on) -> dict[str, list[str]]:
    """The rules of 开始调解 (see `case_start`), by field."""
    errors: dict[str, list[str]] = {}
    collect_error(errors, "on", lambda: _check_case_date(case, on))
    if not mediators:
        errors["mediators"] = [_("请至少指定一名调解员。")]
    else:
        not_serving = [str(m) for m in mediators if not _serves(m, case.office, on)]
        if not_serving:
            errors["mediators"] = [
                _("%(names)s 在%(date)s不是本调委会在任的人民调解员。")
                % {"names": "、".join(not_serving), "date": on.isoformat() if on else ""}
            ]
    return errors


def _serves(mediator: StaffMember, committee: Office, on: datetime.date | None) -> bool:
    """On the roster of `committee` as 调解员 on `on` (left on or before that day: no longer)."""
    return (
        on is not None
        and mediator.office_id == committee.pk
        and mediator.post == MEDIATOR_POST
        and mediator.start_date <= on
        and (mediator.end_date is None or mediator.end_date > on)
    )


@transaction.atomic
def case_refuse(*, actor, case: MediationCase, on: datetime.date, reason: str):
    """当事人拒绝调解 / 要求终止: mediation must stop (PM-10, PM-12)."""
    return _close(
        actor,
        case,
        CaseStatus.CLOSED_REFUSED,
        on=on,
        note=reason,
        rule=closing_note_rule(CaseStatus.CLOSED_REFUSED),
    )


@transaction.atomic
def case_not_accept(
    *, actor, case: MediationCase, on: datetime.date, matter: str, referral_note: str
):
    """不予受理: `matter` is the item of the code list mediation_not_mediable (the matters a
    committee may not mediate, which the administrator maintains), with the note of where the
    parties were referred (PM-24; 人民调解工作若干规定 第22条)."""
    errors = not_accept_errors(Checks(actor), matter, on)
    return _close(
        actor,
        case,
        CaseStatus.CLOSED_NOT_ACCEPTED,
        on=on,
        note=referral_note,
        rule=closing_note_rule(CaseStatus.CLOSED_NOT_ACCEPTED),
        errors=errors,
        fields={"not_mediable_matter": matter or ""},
    )


def not_accept_errors(checks: Checks, matter: str, on) -> dict[str, list[str]]:
    """不予受理 names an item of the code list mediation_not_mediable valid on the day."""
    errors: dict[str, list[str]] = {}
    if not matter:
        errors["matter"] = [_("请选择不予调解的纠纷事项。")]
    else:
        collect_error(errors, "matter", lambda: checks.code(NOT_MEDIABLE_CODE_LIST, matter, on))
    return errors


@transaction.atomic
def case_fail(*, actor, case: MediationCase, on: datetime.date, routes_told: str):
    """调解不成, 终止调解, having told the parties the other legal routes (PM-14)."""
    return _close(
        actor,
        case,
        CaseStatus.FAILED,
        on=on,
        note=routes_told,
        rule=closing_note_rule(CaseStatus.FAILED),
    )


def _close(actor, case, to_status, *, on, note, rule, errors=None, fields=None):
    """Close a case without agreement on `on`; `note` (why / where referred) is required
    (`rule`: its field and message). `errors`: what the caller found already, reported together
    with these; `fields`: more values the closing sets on the case."""
    CASE_FLOW.begin(actor, case, to_status)
    errors = {**(errors or {}), **close_errors(case, on, note, rule)}
    if errors:
        raise ValidationError(errors)
    case.closed_on = on
    case.closing_note = note.strip()
    for name, value in (fields or {}).items():
        setattr(case, name, value)
    return CASE_FLOW.move(case, to_status, actor=actor, on=on, reason=case.closing_note)


def close_errors(case, on, note, rule: tuple[str, str]) -> dict[str, list[str]]:
    """The rules of a closing without agreement: a real day on or after 受理, and the note
    (`rule`: its field and the message when it is missing, `closing_note_rule`)."""
    errors: dict[str, list[str]] = {}
    collect_error(errors, "on", lambda: _check_case_date(case, on))
    note_field, missing_note = rule
    if not (note or "").strip():
        errors[note_field] = [missing_note]
    return errors


def closing_note_rule(status: str) -> tuple[str, str]:
    """What a closing without agreement must say: (the note's field, the message when missing)."""
    if status == CaseStatus.CLOSED_REFUSED:
        return "reason", gettext_lazy("请填写当事人拒绝调解的情况。")
    if status == CaseStatus.CLOSED_NOT_ACCEPTED:
        return "referral_note", gettext_lazy("不予受理应写明告知当事人的处理途径或移交单位。")
    return "routes_told", gettext_lazy(
        "调解不成应写明已告知当事人的其他解决途径（仲裁、行政、诉讼等）。"
    )


@transaction.atomic
def case_flag_risk(
    *,
    actor,
    case: MediationCase,
    flags: list[str],
    reported_to_police_on: datetime.date | None = None,
    reported_to: str = "",
) -> MediationCase:
    """Set the case's risk flags (风险标识). The state does not change (PM-13).

    `flags` replaces the current flags. 可能引发治安、刑事案件 requires the report to the
    police or other department: its date and the unit reported to.
    """
    CASE_FLOW.begin(actor, case)
    errors: dict[str, list[str]] = {}
    if case.status not in OPEN_STATUSES:
        errors["flags"] = [_("案件已终结，不能再标识风险。")]
    flags = list(dict.fromkeys(flags or []))
    unknown = [f for f in flags if f not in RiskFlag.values]
    if unknown:
        errors["flags"] = [_("未知的风险标识：%(flags)s。") % {"flags": "、".join(unknown)}]
    if RiskFlag.MAY_BECOME_CRIME in flags:
        if reported_to_police_on is None:
            errors["reported_to_police_on"] = [
                _("可能引发治安、刑事案件的纠纷应及时报告公安机关，请填写报告日期。")
            ]
        else:
            collect_error(
                errors,
                "reported_to_police_on",
                lambda: _check_case_date(case, reported_to_police_on),
            )
        if not (reported_to or "").strip():
            errors["reported_to"] = [_("请填写报告的公安机关或其他有关部门。")]
    if errors:
        raise ValidationError(errors)
    case.risk_flags = flags
    if reported_to_police_on is not None or (reported_to or "").strip():
        case.reported_to_police_on = reported_to_police_on
        case.reported_to = (reported_to or "").strip()
    case.save()
    return case


# ---------------------------------------------------------------------------------------------
# Sessions and agreements


@transaction.atomic
def session_record(
    *,
    actor,
    case: MediationCase,
    held_at: datetime.datetime,
    place: str,
    participants: str,
    summary: str,
) -> MediationSession:
    """调解记录 (人民调解法 第27条): only while the case is 调解中."""
    CASE_FLOW.begin(actor, case)
    errors: dict[str, list[str]] = {}
    if case.status != CaseStatus.IN_MEDIATION:
        errors["__all__"] = [_("只有调解中的案件才能记录调解情况。")]
    if held_at is None:
        errors["held_at"] = [_("请填写调解时间。")]
    else:
        if timezone.is_naive(held_at):
            held_at = timezone.make_aware(held_at)
        collect_error(
            errors, "held_at", lambda: _check_case_date(case, timezone.localtime(held_at).date())
        )
    for field, value, message in (
        ("place", place, _("请填写调解地点。")),
        ("participants", participants, _("请填写参加人员。")),
        ("summary", summary, _("请填写调解情况。")),
    ):
        if not (value or "").strip():
            errors[field] = [message]
    if errors:
        raise ValidationError(errors)
    return MediationSession.objects.create(
        office=case.office,
        created_by=actor,
        case=case,
        held_at=held_at,
        place=place.strip(),
        participants=participants.strip(),
        summary=summary.strip(),
    )


@transaction.atomic
def agreement_record(
    *,
    actor,
    case: MediationCase,
    form: str,
    reached_on: datetime.date,
    terms: str,
    facts_and_issues: str = "",
    performance_method: str = "",
    performance_deadline: datetime.date | None = None,
    amount=0,
    parties_signed_on: datetime.date | None = None,
    mediator_signed_on: datetime.date | None = None,
    sealed_on: datetime.date | None = None,
) -> Agreement:
    """调解协议: the case becomes 调解成功, closed on the agreement's effective date.

    Written (PM-17): effective on the latest of the parties' signatures, the mediator's
    signature and the committee's seal; all three dates are required. Oral (PM-18): effective
    on `reached_on`; signature and seal dates do not apply to it and are not stored.
    """
    CASE_FLOW.begin(actor, case, CaseStatus.AGREED)
    errors = agreement_errors(
        case,
        form=form,
        reached_on=reached_on,
        terms=terms,
        amount=amount,
        performance_deadline=performance_deadline,
        parties_signed_on=parties_signed_on,
        mediator_signed_on=mediator_signed_on,
        sealed_on=sealed_on,
    )
    if errors:
        raise ValidationError(errors)

    effective_on = effective_date(
        form, reached_on, parties_signed_on, mediator_signed_on, sealed_on
    )
    if form != AgreementForm.WRITTEN:
        parties_signed_on = mediator_signed_on = sealed_on = None
    agreement = Agreement.objects.create(
        office=case.office,
        created_by=actor,
        case=case,
        form=form,
        reached_on=reached_on,
        terms=terms.strip(),
        facts_and_issues=(facts_and_issues or "").strip(),
        performance_method=(performance_method or "").strip(),
        performance_deadline=performance_deadline,
        amount=amount,
        parties_signed_on=parties_signed_on,
        mediator_signed_on=mediator_signed_on,
        sealed_on=sealed_on,
        effective_on=effective_on,
    )
    case.closed_on = effective_on
    CASE_FLOW.move(case, CaseStatus.AGREED, actor=actor, on=effective_on, reason="")
    return agreement


def agreement_errors(
    case: MediationCase,
    *,
    form: str,
    reached_on,
    terms: str,
    amount,
    performance_deadline=None,
    parties_signed_on=None,
    mediator_signed_on=None,
    sealed_on=None,
) -> dict[str, list[str]]:
    """The rules of 调解协议 (see `agreement_record`), by field."""
    errors: dict[str, list[str]] = {}
    if form not in AGREEMENT_FORMS:
        errors["form"] = [_("请选择协议形式（书面或口头）。")]
    collect_error(errors, "reached_on", lambda: _check_case_date(case, reached_on))
    if not (terms or "").strip():
        errors["terms"] = [_("请填写协议内容。")]
    if amount is None or Decimal(str(amount)) < 0:
        errors["amount"] = [_("协议涉及金额不能为负数。")]
    if performance_deadline and reached_on and performance_deadline < reached_on:
        errors["performance_deadline"] = [_("履行期限不能早于协议达成日期。")]
    if form == AgreementForm.WRITTEN:
        _check_signatures(
            errors, case, reached_on, parties_signed_on, mediator_signed_on, sealed_on
        )
    return errors


def effective_date(form, reached_on, parties_signed_on, mediator_signed_on, sealed_on):
    """PM-17: a written agreement takes effect when the last of the parties, the mediator and
    the committee's seal has signed; PM-18: an oral one on the day it is reached."""
    if form == AgreementForm.WRITTEN:
        return max(parties_signed_on, mediator_signed_on, sealed_on)
    return reached_on


def _check_signatures(errors, case, reached_on, parties_signed_on, mediator_signed_on, sealed_on):
    """PM-17: all parties sign, the mediator signs, the committee seals — each on a real day."""
    for field, value, missing in (
        (
            "parties_signed_on",
            parties_signed_on,
            gettext_lazy("书面协议须经各方当事人签名、盖章或按指印，请填写日期。"),
        ),
        (
            "mediator_signed_on",
            mediator_signed_on,
            gettext_lazy("书面协议须经人民调解员签名，请填写日期。"),
        ),
        ("sealed_on", sealed_on, gettext_lazy("书面协议须加盖人民调解委员会印章，请填写日期。")),
    ):
        if value is None:
            errors[field] = [missing]
        elif reached_on and value < reached_on:
            errors[field] = [_("签名、盖章日期不能早于协议达成日期。")]
        else:
            collect_error(errors, field, lambda v=value: _check_case_date(case, v))


@transaction.atomic
def performance_record(
    *,
    actor,
    agreement: Agreement,
    performance: str,
    performed_on: datetime.date | None = None,
    amount_performed=0,
) -> Agreement:
    """履行情况 (PM-19: the committee supervises performance)."""
    case = agreement.case
    CASE_FLOW.begin(actor, case)
    agreement.refresh_from_db()
    amount_performed = Decimal(str(amount_performed or 0))
    errors = performance_errors(
        case,
        agreement,
        performance=performance,
        performed_on=performed_on,
        amount_performed=amount_performed,
    )
    if errors:
        raise ValidationError(errors)
    agreement.performance = performance
    agreement.performed_on = performed_on if performance != Performance.NOT_PERFORMED else None
    agreement.amount_performed = amount_performed
    agreement.save()
    return agreement


def performance_errors(
    case: MediationCase, agreement: Agreement, *, performance: str, performed_on, amount_performed
) -> dict[str, list[str]]:
    """The rules of 履行情况 (see `performance_record`), by field."""
    errors: dict[str, list[str]] = {}
    if case.status not in AGREED_STATUSES:
        errors["__all__"] = [_("只有调解成功的案件才能登记履行情况。")]
    recordable = (Performance.PERFORMED, Performance.PARTLY, Performance.NOT_PERFORMED)
    if performance not in recordable:
        errors["performance"] = [_("请选择履行情况。")]
    if performance in (Performance.PERFORMED, Performance.PARTLY):
        if performed_on is None:
            errors["performed_on"] = [_("请填写履行日期。")]
        elif performed_on < agreement.effective_on:
            errors["performed_on"] = [_("履行日期不能早于协议生效日期。")]
        else:
            collect_error(errors, "performed_on", lambda: check_not_future(performed_on))
    if amount_performed < 0:
        errors["amount_performed"] = [_("已履行金额不能为负数。")]
    elif agreement.amount and amount_performed > agreement.amount:
        errors["amount_performed"] = [_("已履行金额不能超过协议涉及金额。")]
    elif performance == Performance.NOT_PERFORMED and amount_performed:
        errors["amount_performed"] = [_("未履行的协议不应有已履行金额。")]
    return errors


@transaction.atomic
def confirmation_apply(
    *,
    actor,
    agreement: Agreement,
    applied_on: datetime.date,
    court: str,
    applicant_consented: bool,
    respondent_consented: bool,
) -> JudicialConfirmation:
    """申请司法确认: within 30 days of the agreement taking effect (PM-20, 人民调解法 第33条).

    The parties apply together (第33条: 双方当事人 … 共同向人民法院申请): the consent of the
    applicant side and of the respondent side are both recorded, and both are required.

    The window is the registered rule JUDICIAL_CONFIRMATION_RULE: 30 calendar days after the
    effective date, moved to the next working day when the last day is a holiday (民法典 第203条).
    """
    case = agreement.case
    CASE_FLOW.begin(actor, case)
    agreement.refresh_from_db()
    already = agreement.confirmations.exclude(
        decision__in=[ConfirmationDecision.WITHDRAWN, ConfirmationDecision.REFUSED]
    ).exists()
    errors = confirmation_apply_errors(
        case,
        agreement,
        applied_on=applied_on,
        court=court,
        applicant_consented=applicant_consented,
        respondent_consented=respondent_consented,
        already_applied=already,
    )
    if errors:
        raise ValidationError(errors)
    return JudicialConfirmation.objects.create(
        office=case.office,
        created_by=actor,
        agreement=agreement,
        applied_on=applied_on,
        court=court.strip(),
        applicant_consented=True,
        respondent_consented=True,
    )


def confirmation_apply_errors(
    case: MediationCase,
    agreement: Agreement,
    *,
    applied_on,
    court: str,
    applicant_consented: bool,
    respondent_consented: bool,
    already_applied: bool,
    calendar: WorkingCalendar | None = None,
) -> dict[str, list[str]]:
    """The rules of 申请司法确认 (see `confirmation_apply`), by field; `already_applied`: the
    agreement has an application that is neither withdrawn nor refused."""
    errors: dict[str, list[str]] = {}
    if case.status not in AGREED_STATUSES:
        errors["__all__"] = [_("只有调解成功的案件才能申请司法确认。")]
    elif already_applied:
        errors["__all__"] = [_("该调解协议已申请司法确认。")]
    if applied_on is None:
        errors["applied_on"] = [_("请填写申请日期。")]
    else:
        last_day = compute(JUDICIAL_CONFIRMATION_RULE, agreement.effective_on, calendar=calendar)
        if applied_on < agreement.effective_on:
            errors["applied_on"] = [_("申请日期不能早于协议生效日期。")]
        elif applied_on > last_day:
            errors["applied_on"] = [
                _("应自调解协议生效之日起30日内申请司法确认（最后一日为%(date)s）。")
                % {"date": last_day.isoformat()}
            ]
        else:
            collect_error(errors, "applied_on", lambda: check_not_future(applied_on))
    if not (court or "").strip():
        errors["court"] = [_("请填写受理申请的人民法院。")]
    # 人民调解法 第33条: only both parties together may apply.
    if not applicant_consented:
        errors["applicant_consented"] = [_("司法确认须由双方当事人共同申请：申请人一方未同意。")]
    if not respondent_consented:
        errors["respondent_consented"] = [_("司法确认须由双方当事人共同申请：被申请人一方未同意。")]
    return errors


@transaction.atomic
def confirmation_decide(
    *,
    actor,
    confirmation: JudicialConfirmation,
    decision: str,
    decided_on: datetime.date,
    court_case_number: str = "",
    accepted_on: datetime.date | None = None,
) -> JudicialConfirmation:
    """The court's answer: 确认有效, 不予确认 (both with the 调确字 case number) or 撤回申请."""
    case = confirmation.agreement.case
    CASE_FLOW.begin(actor, case)
    confirmation.refresh_from_db()
    court_case_number = (court_case_number or "").strip()
    errors = confirmation_decide_errors(
        confirmation,
        decision=decision,
        decided_on=decided_on,
        court_case_number=court_case_number,
        accepted_on=accepted_on,
    )
    if errors:
        raise ValidationError(errors)
    confirmation.decision = decision
    confirmation.decided_on = decided_on
    confirmation.accepted_on = accepted_on
    confirmation.court_case_number = court_case_number
    confirmation.save()
    return confirmation


def confirmation_decide_errors(
    confirmation: JudicialConfirmation, *, decision: str, decided_on, court_case_number, accepted_on
) -> dict[str, list[str]]:
    """The rules of the court's answer (see `confirmation_decide`), by field."""
    errors: dict[str, list[str]] = {}
    if confirmation.decision != ConfirmationDecision.PENDING:
        errors["__all__"] = [_("该司法确认申请已有结果。")]
    final = (
        ConfirmationDecision.CONFIRMED,
        ConfirmationDecision.REFUSED,
        ConfirmationDecision.WITHDRAWN,
    )
    if decision not in final:
        errors["decision"] = [_("请选择司法确认结果。")]
    if decided_on is None:
        errors["decided_on"] = [_("请填写裁定日期。")]
    elif decided_on < confirmation.applied_on:
        errors["decided_on"] = [_("裁定日期不能早于申请日期。")]
    else:
        collect_error(errors, "decided_on", lambda: check_not_future(decided_on))
    if accepted_on is not None:
        if accepted_on < confirmation.applied_on:
            errors["accepted_on"] = [_("法院受理日期不能早于申请日期。")]
        elif decided_on is not None and accepted_on > decided_on:
            errors["accepted_on"] = [_("法院受理日期不能晚于裁定日期。")]
    needs_number = decision in (ConfirmationDecision.CONFIRMED, ConfirmationDecision.REFUSED)
    if needs_number and not court_case_number:
        errors["court_case_number"] = [_("请填写法院的调确字案号。")]
    return errors


# ---------------------------------------------------------------------------------------------
# After closing


@transaction.atomic
def follow_up_record(
    *,
    actor,
    case: MediationCase,
    visited_on: datetime.date,
    method: str,
    performance: str = "",
    satisfied: bool | None = None,
    notes: str = "",
) -> FollowUp:
    """回访 after a successful or failed mediation (PM-23)."""
    CASE_FLOW.begin(actor, case)
    errors = follow_up_errors(case, visited_on=visited_on, method=method, performance=performance)
    if errors:
        raise ValidationError(errors)
    return FollowUp.objects.create(
        office=case.office,
        created_by=actor,
        case=case,
        visited_on=visited_on,
        method=method,
        performance=performance or "",
        satisfied=satisfied,
        notes=(notes or "").strip(),
    )


def follow_up_errors(
    case: MediationCase, *, visited_on, method: str, performance: str = ""
) -> dict[str, list[str]]:
    """The rules of 回访 (see `follow_up_record`), by field."""
    errors: dict[str, list[str]] = {}
    if case.status not in (CaseStatus.AGREED, CaseStatus.FAILED):
        errors["__all__"] = [_("只有调解成功或调解不成的案件才能回访。")]
    if visited_on is None:
        errors["visited_on"] = [_("请填写回访日期。")]
    elif case.closed_on and visited_on < case.closed_on:
        errors["visited_on"] = [_("回访日期不能早于调结日期。")]
    else:
        collect_error(errors, "visited_on", lambda: check_not_future(visited_on))
    if method not in FOLLOW_UP_METHODS:
        errors["method"] = [_("请选择回访方式（电话或上门）。")]
    if performance and performance not in PERFORMANCES:
        errors["performance"] = [_("请选择履行情况。")]
    elif performance and case.status != CaseStatus.AGREED:
        errors["performance"] = [_("调解不成的案件没有协议履行情况。")]
    return errors


@transaction.atomic
def case_archive(*, actor, case: MediationCase, on: datetime.date) -> MediationCase:
    """立卷归档 (PM-15) from any closed status."""
    CASE_FLOW.begin(actor, case, CaseStatus.ARCHIVED)
    errors = archive_errors(case, on)
    if errors:
        raise ValidationError(errors)
    case.archived_on = on
    return CASE_FLOW.move(case, CaseStatus.ARCHIVED, actor=actor, on=on, reason="")


def archive_errors(case: MediationCase, on) -> dict[str, list[str]]:
    """The rules of 立卷归档 (see `case_archive`), by field."""
    errors: dict[str, list[str]] = {}
    if on is None:
        errors["on"] = [_("请填写归档日期。")]
    elif case.closed_on and on < case.closed_on:
        errors["on"] = [_("归档日期不能早于调结日期。")]
    else:
        collect_error(errors, "on", lambda: check_not_future(on))
    return errors


# ---------------------------------------------------------------------------------------------
# Validation helpers


def _check_case_date(case: MediationCase, day: datetime.date | None) -> None:
    check_not_future(day)
    if day < case.received_on:
        raise ValidationError(
            _("日期不能早于受理日期（%(date)s）。") % {"date": case.received_on.isoformat()}
        )


__all__ = [
    "CLOSED_STATUSES",
    "FOLLOW_UP_METHODS",
    "PartyInput",
    "agreement_record",
    "case_archive",
    "case_fail",
    "case_flag_risk",
    "case_not_accept",
    "case_refuse",
    "case_register",
    "case_start",
    "confirmation_apply",
    "confirmation_decide",
    "follow_up_record",
    "performance_record",
    "session_record",
]
