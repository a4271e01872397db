"""Writes of 司法鉴定 cases (司法鉴定程序通则 2016; DOMAIN §6.4; docs/forensic.md).

    RECEIVED (收到委托) → ACCEPTED (受理: the commission takes effect) | REFUSED (不予受理)
    ACCEPTED → COMPLETED (办结: 出具鉴定意见书) | TERMINATED (终止鉴定)

The institution records its own cases: `edit` in this line on the institution's office (its
own account, 执业机构管理员) or above it (the bureau). The due dates are kept on the case and
recomputed on every change that moves them (`deadlines.py`): the acceptance decision from the
receipt, the completion from the commission taking effect, without paused days, plus an
approved extension.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core.codes import code_name, validate_code
from sifa.core.records import save_checked
from sifa.core.workflow import Workflow
from sifa.forensic import deadlines
from sifa.forensic.actions.registers import check_forensic
from sifa.forensic.constants import (
    CATEGORY_LIST,
    LINE,
    TRANSITIONS,
    CaseStatus,
    ClientKind,
    Decision,
    Outcome,
    PauseReason,
)
from sifa.forensic.models import Case, CaseEvent, CasePause, CategoryRegistration
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.people.models import Person

FLOW = Workflow(Case, CaseEvent, "case", TRANSITIONS, CaseStatus, access.require_edit)


def _next_number(institution, year: int) -> str:
    Office.objects.select_for_update().filter(pk=institution.office_id).first()
    prefix = f"{year}-"
    taken = Case.objects.filter(institution=institution, number__startswith=prefix).count()
    return f"{prefix}{taken + 1:05d}"


def refresh_completion_due(case: Case) -> None:
    """Recompute the completion due date from the case's pauses and extension."""
    if case.effective_on is None:
        case.completion_due = None
        return
    case.completion_due = deadlines.completion_due(
        case.effective_on, list(case.pauses.all()), extension=case.extension_days
    )


def _registered(institution, category: str, practitioners=None) -> set:
    rows = CategoryRegistration.objects.filter(institution=institution, category=category)
    if practitioners is None:
        return set(rows.filter(practitioner__isnull=True).values_list("institution_id", flat=True))
    return set(
        rows.filter(practitioner__in=practitioners).values_list("practitioner_id", flat=True)
    )


def appraiser_errors(case: Case, appraisers) -> list[str]:
    """Why `appraisers` may not take `case`: each must practise at the case's institution and be
    registered in the case's category (an appraiser takes cases only in his categories)."""
    appraisers = list(appraisers)
    if not appraisers:
        return [_("请选择鉴定人。")]
    errors = []
    category = code_name(CATEGORY_LIST, case.category)
    holding = _registered(case.institution, case.category, appraisers)
    for appraiser in appraisers:
        try:
            check_forensic(case.institution, appraiser)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if appraiser.pk not in holding:
            errors.append(
                _("鉴定人%(name)s未登记“%(category)s”鉴定类别，不能承办该类鉴定。")
                % {"name": appraiser.person.name, "category": category}
            )
    return errors


@transaction.atomic
def commission_receive(
    *,
    actor,
    institution,
    client,
    category: str,
    matter: str,
    received_on: datetime.date,
    by_letter: bool = False,
    client_kind: str = "",
    number: str = "",
    **extra,
) -> Case:
    """登记鉴定委托. `client` is the commissioning organ's name (法院, 检察院, 公安机关 …; kind
    办案机关 unless `client_kind` says otherwise) or a `people.Person` (a party commissioning
    for himself: kind 个人, linked to the registry, so the front desk's visitor is carried
    over). The institution must be registered in `category`."""
    access.require(actor, Cap.EDIT, institution.office, line=LINE)
    check_forensic(institution)
    person = client if isinstance(client, Person) else None
    name = person.name if person is not None else str(client or "").strip()
    if not name:
        raise ValidationError({"client": _("请填写委托人。")})
    kind = client_kind or (ClientKind.INDIVIDUAL if person is not None else ClientKind.ORGAN)
    try:
        validate_code(CATEGORY_LIST, category, received_on)
    except ValidationError as error:
        raise ValidationError({"category": error.messages}) from None
    if not _registered(institution, category):
        raise ValidationError(
            {
                "category": _(
                    "鉴定机构%(institution)s未登记“%(category)s”鉴定类别，不能接受该类委托。"
                )
                % {"institution": institution, "category": code_name(CATEGORY_LIST, category)}
            }
        )
    if not (matter or "").strip():
        raise ValidationError({"matter": _("请填写鉴定事项。")})
    unknown = set(extra) - {"note"}
    if unknown:
        raise TypeError(f"commission_receive: unknown arguments {sorted(unknown)}")
    case = Case(
        office=institution.office,
        created_by=actor,
        institution=institution,
        number=(number or "").strip() or _next_number(institution, received_on.year),
        client=name,
        client_kind=kind,
        client_person=person,
        category=category,
        matter=matter.strip(),
        received_on=received_on,
        by_letter=bool(by_letter),
        decision_due=deadlines.decision_due(received_on, by_letter=bool(by_letter)),
    )
    save_checked(case, actor, _("登记鉴定委托"))
    FLOW.record_event(case, "", CaseStatus.RECEIVED, actor=actor, on=received_on, reason="")
    return case


def _not_before(day, earlier, field: str, message: str) -> None:
    if day is None:
        raise ValidationError({field: _("请填写日期。")})
    if earlier is not None and day < earlier:
        raise ValidationError({field: message})


@transaction.atomic
def case_accept(
    *,
    actor,
    case: Case,
    decided_on: datetime.date,
    appraisers,
    effective_on: datetime.date | None = None,
) -> Case:
    """受理: the decision to accept and the commission taking effect (the agreement signed,
    `effective_on`, default the decision day); the appraisers must hold the case's category."""
    FLOW.begin(actor, case, CaseStatus.ACCEPTED)
    _not_before(decided_on, case.received_on, "decided_on", _("受理日期不能早于收到委托日期。"))
    effective_on = effective_on or decided_on
    _not_before(effective_on, decided_on, "effective_on", _("委托生效日期不能早于受理日期。"))
    appraisers = list(appraisers)
    errors = appraiser_errors(case, appraisers)
    if errors:
        raise ValidationError({"appraisers": errors})
    case.decision, case.decided_on, case.effective_on = Decision.ACCEPTED, decided_on, effective_on
    refresh_completion_due(case)
    case._history_user, case._change_reason = actor, _("受理鉴定委托")
    FLOW.move(case, CaseStatus.ACCEPTED, actor=actor, on=decided_on)
    case.appraisers.set(appraisers)
    return case


@transaction.atomic
def case_refuse(*, actor, case: Case, decided_on: datetime.date, reason: str) -> Case:
    """不予受理, with its reason (司法鉴定程序通则 第15条)."""
    FLOW.begin(actor, case, CaseStatus.REFUSED)
    _not_before(decided_on, case.received_on, "decided_on", _("决定日期不能早于收到委托日期。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写不予受理的理由。")})
    case.decision, case.decided_on, case.closed_on = Decision.REFUSED, decided_on, decided_on
    case.refusal_reason = reason.strip()
    case._history_user, case._change_reason = actor, _("不予受理")
    FLOW.move(case, CaseStatus.REFUSED, actor=actor, on=decided_on, reason=case.refusal_reason)
    return case


@transaction.atomic
def case_assign(*, actor, case: Case, appraisers) -> Case:
    """变更鉴定人 of a case in progress."""
    FLOW.begin(actor, case)
    if case.status != CaseStatus.ACCEPTED:
        raise ValidationError(_("只有已受理的案件可以变更鉴定人。"))
    appraisers = list(appraisers)
    errors = appraiser_errors(case, appraisers)
    if errors:
        raise ValidationError({"appraisers": errors})
    case.appraisers.set(appraisers)
    return save_checked(case, actor, _("变更鉴定人"))


def _require_open(case: Case, what: str) -> None:
    if case.status != CaseStatus.ACCEPTED:
        raise ValidationError(
            _("案件当前状态为“%(status)s”，不能%(what)s。")
            % {"status": case.get_status_display(), "what": what}
        )


@transaction.atomic
def case_pause(
    *,
    actor,
    case: Case,
    first: datetime.date,
    last: datetime.date | None = None,
    reason: str = PauseReason.SUPPLEMENT,
    note: str = "",
) -> CasePause:
    """期间扣除: from `first` (to `last`, or until `case_resume`) the completion period stands
    still (补充鉴定材料, 司法鉴定程序通则 第28条)."""
    FLOW.begin(actor, case)
    _require_open(case, _("中止计算办结期限"))
    _not_before(first, case.effective_on, "first", _("扣除期间不能早于委托生效日期。"))
    if last is not None and last < first:
        raise ValidationError({"last": _("结束日期不能早于起始日期。")})
    for other in case.pauses.all():
        other_last = other.last or datetime.date.max
        if first <= other_last and (last or datetime.date.max) >= other.first:
            raise ValidationError({"first": _("与已登记的扣除期间重叠。")})
    if reason not in PauseReason.values:
        raise ValidationError({"reason": _("请选择原因。")})
    pause = CasePause(
        office=case.office, created_by=actor, case=case, first=first, last=last,
        reason=reason, note=(note or "").strip(),
    )  # fmt: skip
    pause.full_clean()
    pause.save()
    refresh_completion_due(case)
    save_checked(case, actor, _("登记期间扣除"))
    return pause


@transaction.atomic
def case_resume(*, actor, case: Case, last: datetime.date) -> CasePause:
    """The open pause ends on `last` (the materials arrived): the period runs again."""
    FLOW.begin(actor, case)
    _require_open(case, _("恢复计算办结期限"))
    pause = case.pauses.filter(last__isnull=True).first()
    if pause is None:
        raise ValidationError(_("该案件没有未结束的扣除期间。"))
    _not_before(last, pause.first, "last", _("结束日期不能早于起始日期。"))
    pause.last = last
    pause.save(update_fields=["last", "updated_at"])
    refresh_completion_due(case)
    save_checked(case, actor, _("恢复计算办结期限"))
    return pause


@transaction.atomic
def case_extend(
    *,
    actor,
    case: Case,
    days: int,
    approved_by: str,
    approved_on: datetime.date,
    client_notified_on: datetime.date,
    reason: str = "",
) -> Case:
    """延长办结期限 by `days` working days (in all at most SIFA_FORENSIC_EXTENSION_MAX_DAYS),
    approved by the institution's head and told to the client (司法鉴定程序通则 第28条)."""
    FLOW.begin(actor, case)
    _require_open(case, _("延长办结期限"))
    most = deadlines.extension_max()
    if days is None or days < 1:
        raise ValidationError({"days": _("请填写延长的工作日数。")})
    if case.extension_days + days > most:
        raise ValidationError(
            {
                "days": _("延长期限合计不得超过%(most)d个工作日（已延长%(done)d个工作日）。")
                % {"most": most, "done": case.extension_days}
            }
        )
    if not (approved_by or "").strip():
        raise ValidationError(
            {"approved_by": _("延长办结期限须经鉴定机构负责人批准，请填写批准人。")}
        )
    _not_before(approved_on, case.effective_on, "approved_on", _("批准日期不能早于委托生效日期。"))
    if client_notified_on is None:
        raise ValidationError(
            {"client_notified_on": _("延长办结期限须告知委托人，请填写告知日期。")}
        )
    _not_before(
        client_notified_on, approved_on, "client_notified_on", _("告知日期不能早于批准日期。")
    )
    case.extension_days += days
    case.extension_approved_by = approved_by.strip()
    case.extension_approved_on = approved_on
    case.client_notified_on = client_notified_on
    case.extension_reason = (reason or "").strip()
    refresh_completion_due(case)
    return save_checked(case, actor, _("延长办结期限"))


@transaction.atomic
def case_complete(
    *,
    actor,
    case: Case,
    completed_on: datetime.date,
    outcome: str = Outcome.OPINION,
    fee: Decimal | int = 0,
    opinion_number: str = "",
) -> Case:
    """办结: the opinion issued (出具鉴定意见书) or the appraisal terminated (终止鉴定)."""
    to_status = CaseStatus.TERMINATED if outcome == Outcome.TERMINATED else CaseStatus.COMPLETED
    FLOW.begin(actor, case, to_status)
    _not_before(
        completed_on, case.effective_on, "completed_on", _("办结日期不能早于委托生效日期。")
    )
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("请选择办理结果。")})
    open_pause = case.pauses.filter(last__isnull=True).first()
    if open_pause is not None:
        raise ValidationError(_("尚有未结束的扣除期间，请先登记恢复计算。"))
    if outcome == Outcome.OPINION and not (opinion_number or "").strip():
        raise ValidationError({"opinion_number": _("请填写鉴定文书编号。")})
    case.completed_on, case.closed_on, case.outcome = completed_on, completed_on, outcome
    case.fee = Decimal(fee or 0)
    case.opinion_number = (opinion_number or "").strip()
    case._history_user, case._change_reason = actor, str(Outcome(outcome).label)
    FLOW.move(case, to_status, actor=actor, on=completed_on)
    return case


@transaction.atomic
def case_complaint_add(*, actor, case: Case) -> Case:
    """One more complaint about the case (the complaint itself is handled in the practice
    line's complaints against the institution or the appraiser)."""
    FLOW.begin(actor, case)
    case.complaints += 1
    return save_checked(case, actor, _("登记投诉"))
