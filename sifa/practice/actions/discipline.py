"""Writes of complaints and sanctions (投诉与惩戒, DOMAIN §6.1; 律师法 第47–51条).

Complaints and sanctions are the supervising bureau's work and belong to it (the office above
the institution): each write needs `edit` in the line there, so an institution's own account
can neither file nor see them. States move only through `sifa.core.workflow.Workflow`
(events kept); the records keep their change history.

The 律师法 第51条 ladder is a *suggestion*: `sanction_propose` stores the text Sifa showed
(`Sanction.suggestion`), but the kind is whatever the clerk chose.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.deadlines import compute, term_end
from sifa.core.workflow import Workflow
from sifa.orgs import access
from sifa.people.actions import PersonIdentity, person_obtain
from sifa.practice.actions.registers import practitioner_cancel, require_supervisor
from sifa.practice.constants import Category, InstitutionStatus, PractitionerStatus
from sifa.practice.constants_discipline import (
    CLOSURE_MONTHS,
    COMPLAINT_RULE,
    COMPLAINT_TRANSITIONS,
    INSTITUTION_KINDS,
    PRACTITIONER_KINDS,
    SANCTION_TRANSITIONS,
    SUSPENSION_MONTHS,
    Authority,
    ComplaintStatus,
    DecidedBy,
    SanctionKind,
    SanctionStatus,
)
from sifa.practice.deadlines import COMPLAINT  # noqa: F401  (registers the rule)
from sifa.practice.models import (
    Complaint,
    ComplaintEvent,
    Institution,
    Practitioner,
    Sanction,
    SanctionEvent,
)
from sifa.practice.selectors.discipline import ladder_suggestion
from sifa.practice.selectors.registers import supervising_office

COMPLAINT_FLOW = Workflow(
    Complaint,
    ComplaintEvent,
    "complaint",
    COMPLAINT_TRANSITIONS,
    ComplaintStatus,
    access.require_edit,
    noun=_("投诉"),
)
SANCTION_FLOW = Workflow(
    Sanction,
    SanctionEvent,
    "sanction",
    SANCTION_TRANSITIONS,
    SanctionStatus,
    access.require_edit,
    noun=_("处罚"),
)


def _not_future(errors: dict, field: str, day: datetime.date | None, label: str) -> None:
    if day and day > timezone.localdate():
        errors.setdefault(field, []).append(_("%(label)s不能晚于今天。") % {"label": label})


def _save(record, actor, reason: str):
    record._history_user = actor
    record._change_reason = reason
    record.full_clean()
    record.save()
    return record


# --- complaints -----------------------------------------------------------------------------


@transaction.atomic
def complaint_receive(
    *,
    actor,
    institution: Institution,
    received_on: datetime.date,
    channel: str,
    content: str,
    practitioner: Practitioner | None = None,
    complainant: PersonIdentity | None = None,
    number: str = "",
) -> Complaint:
    """受理投诉 against `institution` (or one of its practitioners). The complainant is a person
    of the registry (found by 身份证号码 or registered at the bureau), or nobody: anonymous.
    The handling deadline is computed from the receipt date (rule `practice.complaint`)."""
    bureau = supervising_office(institution.office)
    require_supervisor(actor, institution.office)
    errors: dict[str, list[str]] = {}
    if practitioner is not None and practitioner.institution_id != institution.pk:
        errors["practitioner"] = [_("被投诉人员不在被投诉机构执业。")]
    if not (content or "").strip():
        errors["content"] = [_("请填写投诉内容。")]
    _not_future(errors, "received_on", received_on, _("受理日期"))
    number = (number or "").strip()
    if number and Complaint.objects.filter(office=bureau, number=number).exists():
        errors["number"] = [_("投诉登记号“%(number)s”已被使用。") % {"number": number}]
    if errors:
        raise ValidationError(errors)
    person = None
    if complainant is not None and (complainant.person or complainant.id_number):
        person = person_obtain(actor=actor, office=bureau, identity=complainant)
    complaint = Complaint(
        office=bureau,
        created_by=actor,
        institution=institution,
        practitioner=practitioner,
        number=number,
        received_on=received_on,
        complainant=person,
        channel=channel,
        content=content.strip(),
        due_on=compute(COMPLAINT_RULE, received_on),
    )
    _save(complaint, actor, _("受理投诉"))
    COMPLAINT_FLOW.record_event(
        complaint, "", ComplaintStatus.RECEIVED, actor=actor, on=received_on, reason=_("受理投诉")
    )
    return complaint


@transaction.atomic
def complaint_investigate(
    *, actor, complaint: Complaint, handler: str, on: datetime.date
) -> Complaint:
    """开始调查: the handler (承办人) takes the complaint up."""
    COMPLAINT_FLOW.begin(actor, complaint, ComplaintStatus.INVESTIGATING)
    errors: dict[str, list[str]] = {}
    if not (handler or "").strip():
        errors["handler"] = [_("请填写承办人。")]
    if on < complaint.received_on:
        errors["on"] = [_("调查日期不能早于受理日期。")]
    _not_future(errors, "on", on, _("调查日期"))
    if errors:
        raise ValidationError(errors)
    complaint.handler = handler.strip()
    complaint._history_user = actor
    return COMPLAINT_FLOW.move(
        complaint, ComplaintStatus.INVESTIGATING, actor=actor, on=on, reason=_("开始调查")
    )


@transaction.atomic
def complaint_conclude(
    *,
    actor,
    complaint: Complaint,
    substantiated: bool,
    findings: str,
    concluded_on: datetime.date,
) -> Complaint:
    """办结: 投诉成立 or 不成立, with the findings of the investigation."""
    outcome = ComplaintStatus.SUBSTANTIATED if substantiated else ComplaintStatus.NOT_SUBSTANTIATED
    COMPLAINT_FLOW.begin(actor, complaint, outcome)
    errors: dict[str, list[str]] = {}
    if not (findings or "").strip():
        errors["findings"] = [_("请填写调查情况和处理意见。")]
    if concluded_on < complaint.received_on:
        errors["concluded_on"] = [_("办结日期不能早于受理日期。")]
    _not_future(errors, "concluded_on", concluded_on, _("办结日期"))
    if errors:
        raise ValidationError(errors)
    complaint.findings = findings.strip()
    complaint.concluded_on = concluded_on
    complaint._history_user = actor
    return COMPLAINT_FLOW.move(
        complaint, outcome, actor=actor, on=concluded_on, reason=outcome.label
    )


# --- sanctions ------------------------------------------------------------------------------


def _months_error(kind: str, months: int | None) -> str | None:
    """A suspension (停止执业) or a closure (停业整顿) has its months; nothing else has."""
    bounds = {SanctionKind.SUSPENSION: SUSPENSION_MONTHS, SanctionKind.CLOSURE: CLOSURE_MONTHS}
    if kind not in bounds:
        return _("只有停止执业或停业整顿填写期限。") if months is not None else None
    low, high = bounds[kind]
    if months is None or not low <= months <= high:
        return _("%(kind)s期限应为%(low)d至%(high)d个月。") % {
            "kind": SanctionKind(kind).label,
            "low": low,
            "high": high,
        }
    return None


def sanction_errors(
    *,
    practitioner: Practitioner | None,
    authority: str,
    kind: str,
    amount: Decimal | None,
    months: int | None,
    act_on: datetime.date | None,
    complaint: Complaint | None,
    institution: Institution | None = None,
) -> dict[str, list[str]]:
    """The refusals of a proposed sanction of a practitioner, or (no practitioner) of
    `institution` itself, by field."""
    errors: dict[str, list[str]] = {}
    if practitioner is not None:
        if practitioner.status == PractitionerStatus.CANCELLED:
            errors["practitioner"] = [_("该执业证已注销，不能再予处罚。")]
        if kind not in PRACTITIONER_KINDS:
            errors["kind"] = [_("停业整顿是对执业机构的处罚，不适用于执业人员。")]
        elif kind == SanctionKind.REVOCATION and practitioner.category != Category.LAW_FIRM:
            errors["kind"] = [_("吊销律师执业证书只适用于律师。")]
    else:
        if institution.status == InstitutionStatus.DISSOLVED:
            errors["institution"] = [_("该执业机构已注销，不能再予处罚。")]
        if kind not in INSTITUTION_KINDS:
            errors["kind"] = [_("停止执业是对执业人员的处罚；执业机构适用停业整顿。")]
        elif kind == SanctionKind.REVOCATION and institution.category != Category.LAW_FIRM:
            errors["kind"] = [_("吊销执业许可证书只适用于律师事务所。")]
    if kind == SanctionKind.FINE:
        if amount is None or amount <= 0:
            errors["amount"] = [_("罚款须填写大于零的金额。")]
    elif amount is not None:
        errors["amount"] = [_("只有罚款填写金额。")]
    months_error = _months_error(kind, months)
    if months_error:
        errors["months"] = [months_error]
    if kind == SanctionKind.REVOCATION and authority != Authority.ADMINISTRATIVE:
        errors["authority"] = [_("吊销执业证书是行政处罚，由省级司法行政部门决定。")]
    _not_future(errors, "act_on", act_on, _("违法违规行为发生日期"))
    if complaint is not None:
        if complaint.status != ComplaintStatus.SUBSTANTIATED:
            errors["complaint"] = [_("只有成立的投诉才能引起处罚。")]
        elif practitioner is not None:
            if complaint.practitioner_id and (
                complaint.practitioner.person_id != practitioner.person_id
            ):
                errors["complaint"] = [_("该投诉针对的不是此人。")]
        elif complaint.institution_id != institution.pk:
            errors["complaint"] = [_("该投诉针对的不是此机构。")]
    return errors


def decided_by_for(kind: str, authority: str) -> str:
    """Who decides: the province revokes; the bar association hands down 行业处分; the
    设区的市级 department the rest (律师法 第47–51条)."""
    if kind == SanctionKind.REVOCATION:
        return DecidedBy.PROVINCE
    if authority == Authority.INDUSTRY:
        return DecidedBy.BAR
    return DecidedBy.CITY


@transaction.atomic
def sanction_propose(
    *,
    actor,
    authority: str,
    kind: str,
    act_on: datetime.date,
    facts: str,
    practitioner: Practitioner | None = None,
    institution: Institution | None = None,
    amount: Decimal | None = None,
    months: int | None = None,
    complaint: Complaint | None = None,
) -> Sanction:
    """拟处罚: record a proposed sanction of `practitioner`, or — no practitioner — of
    `institution` itself (律师法 第50条: 警告, 罚款, 停业整顿 1–6 months, 吊销), by the
    supervising bureau. For a practitioner the 律师法 第51条 suggestion shown is kept with
    it; the kind is the clerk's choice."""
    if (practitioner is None) == (institution is None):
        raise ValueError("a sanction names a practitioner or an institution, not both")
    target = practitioner.institution if practitioner is not None else institution
    require_supervisor(actor, target.office)
    errors = sanction_errors(
        practitioner=practitioner,
        institution=institution,
        authority=authority,
        kind=kind,
        amount=amount,
        months=months,
        act_on=act_on,
        complaint=complaint,
    )
    if not (facts or "").strip():
        errors["facts"] = [_("请填写违法违规事实。")]
    if errors:
        raise ValidationError(errors)
    suggestion = ladder_suggestion(practitioner, act_on) if practitioner is not None else None
    sanction = Sanction(
        office=supervising_office(target.office),
        created_by=actor,
        institution=target,
        practitioner=practitioner,
        complaint=complaint,
        authority=authority,
        kind=kind,
        amount=amount,
        months=months,
        act_on=act_on,
        facts=facts.strip(),
        suggestion=suggestion.reason if suggestion else "",
        decided_by=decided_by_for(kind, authority),
    )
    _save(sanction, actor, _("拟处罚"))
    SANCTION_FLOW.record_event(
        sanction, "", SanctionStatus.PROPOSED, actor=actor, on=act_on, reason=_("拟处罚")
    )
    return sanction


@transaction.atomic
def sanction_decide(
    *,
    actor,
    sanction: Sanction,
    decided_on: datetime.date,
    starts_on: datetime.date,
    decision_number: str = "",
) -> Sanction:
    """作出处罚决定: dates the sanction. A suspension runs `months` months from its first day
    (终止日期 by `term_end`); a warning or a fine is one day; a revocation (decided by the
    province, recorded here) has no end and cancels the licence on its first day."""
    SANCTION_FLOW.begin(actor, sanction, SanctionStatus.DECIDED)
    errors: dict[str, list[str]] = {}
    if decided_on < sanction.act_on:
        errors["decided_on"] = [_("决定日期不能早于违法违规行为发生日期。")]
    _not_future(errors, "decided_on", decided_on, _("决定日期"))
    if starts_on < decided_on:
        errors["starts_on"] = [_("起始日期不能早于决定日期。")]
    if errors:
        raise ValidationError(errors)
    sanction.decided_on = decided_on
    sanction.starts_on = starts_on
    sanction.decision_number = (decision_number or "").strip()
    if sanction.kind in (SanctionKind.SUSPENSION, SanctionKind.CLOSURE):
        sanction.ends_on = term_end(starts_on, months=sanction.months)
    elif sanction.kind == SanctionKind.REVOCATION:
        sanction.ends_on = None
    else:
        sanction.ends_on = starts_on
    sanction._history_user = actor
    label = SanctionKind(sanction.kind).label
    SANCTION_FLOW.move(
        sanction, SanctionStatus.DECIDED, actor=actor, on=decided_on, reason=_("决定") + label
    )
    if sanction.kind == SanctionKind.REVOCATION and sanction.practitioner_id:
        practitioner = sanction.practitioner
        if practitioner.status != PractitionerStatus.CANCELLED:
            practitioner_cancel(
                actor=actor,
                practitioner=practitioner,
                cancelled_on=starts_on,
                reason=_("吊销执业证书（%(number)s）") % {"number": sanction.decision_number},
            )
    return sanction


@transaction.atomic
def sanction_withdraw(*, actor, sanction: Sanction, on: datetime.date, reason: str) -> Sanction:
    """不予处罚: a proposal that is not decided."""
    SANCTION_FLOW.begin(actor, sanction, SanctionStatus.WITHDRAWN)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写不予处罚的理由。")]})
    sanction._history_user = actor
    return SANCTION_FLOW.move(
        sanction, SanctionStatus.WITHDRAWN, actor=actor, on=on, reason=reason.strip()
    )


@transaction.atomic
def sanction_annul(*, actor, sanction: Sanction, on: datetime.date, reason: str) -> Sanction:
    """撤销处罚决定 (行政复议、行政诉讼 or the deciding body's own correction). A revoked
    licence is not restored here: a new licence is the registers' work."""
    SANCTION_FLOW.begin(actor, sanction, SanctionStatus.ANNULLED)
    errors: dict[str, list[str]] = {}
    if not (reason or "").strip():
        errors["reason"] = [_("请填写撤销的理由（如行政复议决定）。")]
    if on < sanction.decided_on:
        errors["on"] = [_("撤销日期不能早于决定日期。")]
    if errors:
        raise ValidationError(errors)
    sanction._history_user = actor
    return SANCTION_FLOW.move(
        sanction, SanctionStatus.ANNULLED, actor=actor, on=on, reason=reason.strip()
    )
