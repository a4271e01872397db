"""Writes of notarisations (公证法 第25–39条; DOMAIN §6.3; docs/notary.md).

Each write needs `edit` in the notary line at the notary office (its own account, or the
bureau above it); states move only through `NOTARISATION_FLOW` (events kept). The due date
(`due_on`) is computed by the rule `notary.issue` from the acceptance day without the paused
days, and recomputed whenever a pause is recorded or ends.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core.deadlines import Pause as PausedDays
from sifa.core.deadlines import compute
from sifa.core.records import save_checked
from sifa.core.validation import check_not_future, collect_error
from sifa.core.workflow import Workflow
from sifa.legalaid.selectors.applications import aid_granted
from sifa.notary import deadlines  # noqa: F401  (registers the rules)
from sifa.notary.constants import (
    ISSUE_RULE,
    LINE,
    TRANSITIONS,
    FeeTreatment,
    MatterCode,
    RefusalGround,
    ReliefBasis,
    Scope,
    Status,
    branch_of,
)
from sifa.notary.models import Notarisation, NotarisationEvent, Pause
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.people.actions import PersonIdentity, person_obtain
from sifa.practice.constants import Category, InstitutionStatus

NOTARISATION_FLOW = Workflow(
    Notarisation,
    NotarisationEvent,
    "notarisation",
    TRANSITIONS,
    Status,
    access.require_edit,
    noun=_("公证事项"),
)


def _next_number(institution, year: int) -> str:
    """受理编号 `<year>-<seq:05d>`, one series per notary office and year (the office's row is
    locked by the caller, so two clerks do not take the same number)."""
    prefix = f"{year}-"
    numbers = Notarisation.objects.filter(institution=institution, number__startswith=prefix)
    last = numbers.order_by("-number").values_list("number", flat=True).first()
    seq = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{seq:05d}"


def check_day(errors: dict, field: str, day, *, not_before=None, message: str = "") -> None:
    """The date ``day`` of ``field``: not in the future and, when ``not_before`` is known, not
    before it (``message`` says which date it may not precede)."""
    collect_error(errors, field, lambda: check_not_future(day))
    if day and not_before and day < not_before:
        errors.setdefault(field, []).append(message)


def require_text(errors: dict, field: str, value, message: str) -> None:
    """``message`` on ``field`` when its text is empty (blanks only)."""
    if not (value or "").strip():
        errors.setdefault(field, []).append(message)


def require_notary_office(actor, institution) -> None:
    """The institution must be a notary office where the actor may write in the line."""
    if institution.category != Category.NOTARY_OFFICE:
        raise ValidationError({"institution": [_("所选机构不是公证机构。")]})
    access.require(actor, Cap.EDIT, institution.office, line=LINE)


@transaction.atomic
def notarisation_apply(
    *,
    actor,
    institution,
    applicant,
    matter_code: str,
    summary: str,
    applied_on: datetime.date,
    scope: str = Scope.DOMESTIC,
    use_country: str = "",
    fee_standard: Decimal | int = 0,
    number: str = "",
) -> Notarisation:
    """申请公证 at `institution` (a practice Institution of category notary_office) by
    `applicant` (a people.Person). The 受理编号 is the office's next unless `number` is given
    (an import keeps the office's own)."""
    require_notary_office(actor, institution)
    errors: dict[str, list[str]] = {}
    if institution.status != InstitutionStatus.NORMAL:
        errors.setdefault("institution", []).append(
            _("该公证机构当前状态为“%(status)s”，不能受理申请。")
            % {"status": institution.get_status_display()}
        )
    if matter_code not in MatterCode.values:
        errors.setdefault("matter_code", []).append(_("请选择公证事项。"))
    require_text(errors, "summary", summary, _("请填写申请事项摘要。"))
    collect_error(errors, "applied_on", lambda: check_not_future(applied_on))
    if scope == Scope.FOREIGN and not (use_country or "").strip():
        errors.setdefault("use_country", []).append(_("涉外公证请填写使用地（国家或地区）。"))
    if errors:
        raise ValidationError(errors)
    type(institution).objects.select_related(None).select_for_update().only("pk").get(
        pk=institution.pk
    )
    notarisation = Notarisation(
        office=institution.office,
        created_by=actor,
        institution=institution,
        number=(number or "").strip() or _next_number(institution, applied_on.year),
        applicant=applicant,
        matter_code=matter_code,
        branch=branch_of(matter_code),
        scope=scope,
        use_country=(use_country or "").strip(),
        summary=summary.strip(),
        applied_on=applied_on,
        fee_standard=fee_standard or 0,
        fee_charged=fee_standard or 0,
    )
    save_checked(notarisation, actor, _("申请公证"))
    NOTARISATION_FLOW.record_event(
        notarisation, "", Status.APPLIED, actor=actor, on=applied_on, reason=_("申请公证")
    )
    return notarisation


@transaction.atomic
def notarisation_register(*, actor, institution, identity: PersonIdentity, **values):
    """申请公证 with the applicant named by 身份证号码 on a form (registered when new)."""
    require_notary_office(actor, institution)
    applicant = person_obtain(actor=actor, office=institution.office, identity=identity)
    return notarisation_apply(actor=actor, institution=institution, applicant=applicant, **values)


def due_date_of(notarisation: Notarisation, pauses=None) -> datetime.date | None:
    """The issue deadline: 15 working days from acceptance without the paused days (None while a
    pause is open and the period had not run out before it)."""
    if notarisation.accepted_on is None:
        return None
    if pauses is None:
        pauses = notarisation.pauses.all()
    days = [PausedDays(pause.first, pause.last) for pause in pauses]
    return compute(ISSUE_RULE, notarisation.accepted_on, pauses=days)


def _check_notary(errors: dict, notarisation: Notarisation, notary) -> None:
    if notary is None:
        return
    if notary.institution_id != notarisation.institution_id:
        errors.setdefault("notary", []).append(_("承办公证员不在该公证机构执业。"))
    elif notary.category != Category.NOTARY_OFFICE:
        errors.setdefault("notary", []).append(_("承办人不是公证员。"))


@transaction.atomic
def notarisation_accept(
    *, actor, notarisation: Notarisation, accepted_on: datetime.date, notary=None
) -> Notarisation:
    """受理: the 15 working days start (公证法 第30条)."""
    NOTARISATION_FLOW.begin(actor, notarisation, Status.ACCEPTED)
    errors: dict[str, list[str]] = {}
    check_day(
        errors, "accepted_on", accepted_on, not_before=notarisation.applied_on,
        message=_("受理日期不能早于申请日期。"),
    )  # fmt: skip
    _check_notary(errors, notarisation, notary)
    if errors:
        raise ValidationError(errors)
    notarisation.accepted_on = accepted_on
    notarisation.notary = notary
    notarisation.due_on = due_date_of(notarisation)
    notarisation._history_user = actor
    notarisation._change_reason = _("受理")
    return NOTARISATION_FLOW.move(
        notarisation, Status.ACCEPTED, actor=actor, on=accepted_on, reason=_("受理")
    )


def _recompute_due(actor, notarisation: Notarisation, reason: str) -> None:
    notarisation.due_on = due_date_of(notarisation)
    notarisation._history_user = actor
    notarisation._change_reason = reason
    notarisation.save(update_fields=["due_on", "updated_at"])


@transaction.atomic
def pause_add(
    *,
    actor,
    notarisation: Notarisation,
    reason: str,
    first: datetime.date,
    last: datetime.date | None = None,
    note: str = "",
) -> Pause:
    """记录不计入期限的期间 (补充材料, 核实, 不可抗力): from `first` to `last` (empty while it
    lasts); the due date moves by the working days paused."""
    NOTARISATION_FLOW.begin(actor, notarisation)
    errors: dict[str, list[str]] = {}
    if notarisation.status != Status.ACCEPTED:
        raise ValidationError(_("只有已受理、尚未出证的公证事项可以记录扣除期间。"))
    collect_error(errors, "first", lambda: check_not_future(first))
    if first and first <= notarisation.accepted_on:
        errors.setdefault("first", []).append(_("扣除期间应从受理日期之后开始。"))
    if last is not None and first and last < first:
        errors.setdefault("last", []).append(_("截止日期不能早于起始日期。"))
    existing = list(notarisation.pauses.all())
    if any(p.last is None for p in existing):
        errors.setdefault("first", []).append(_("还有一个尚未结束的扣除期间，请先登记其截止日期。"))
    end = last or datetime.date.max
    for p in existing:
        if first and p.first <= end and first <= (p.last or datetime.date.max):
            errors.setdefault("first", []).append(
                _("与已记录的扣除期间（%(first)s 起）重叠。") % {"first": p.first.isoformat()}
            )
            break
    if errors:
        raise ValidationError(errors)
    pause = Pause(
        office=notarisation.office,
        created_by=actor,
        notarisation=notarisation,
        reason=reason,
        first=first,
        last=last,
        note=(note or "").strip(),
    )
    pause.full_clean()
    pause.save()
    _recompute_due(actor, notarisation, _("记录扣除期间"))
    return pause


@transaction.atomic
def pause_end(*, actor, notarisation: Notarisation, last: datetime.date) -> Pause:
    """登记扣除期间的截止日期 (the supplements arrived, the verification is done)."""
    NOTARISATION_FLOW.begin(actor, notarisation)
    pause = notarisation.pauses.filter(last__isnull=True).first()
    if pause is None:
        raise ValidationError(_("没有尚未结束的扣除期间。"))
    errors: dict[str, list[str]] = {}
    check_day(errors, "last", last, not_before=pause.first, message=_("截止日期不能早于起始日期。"))
    if errors:
        raise ValidationError(errors)
    pause.last = last
    pause.save(update_fields=["last", "updated_at"])
    _recompute_due(actor, notarisation, _("扣除期间结束"))
    return pause


@transaction.atomic
def notarisation_issue(
    *,
    actor,
    notarisation: Notarisation,
    issued_on: datetime.date,
    certificate_number: str,
) -> Notarisation:
    """出具公证书 (公证法 第30、32条): the certificate number is required and unique per office."""
    NOTARISATION_FLOW.begin(actor, notarisation, Status.ISSUED)
    errors: dict[str, list[str]] = {}
    number = (certificate_number or "").strip()
    if not number:
        errors["certificate_number"] = [_("请填写公证书编号。")]
    elif (
        Notarisation.objects.filter(
            institution_id=notarisation.institution_id, certificate_number=number
        )
        .exclude(pk=notarisation.pk)
        .exists()
    ):
        errors["certificate_number"] = [_("公证书编号“%(n)s”已被使用。") % {"n": number}]
    check_day(
        errors, "issued_on", issued_on, not_before=notarisation.accepted_on,
        message=_("出证日期不能早于受理日期。"),
    )  # fmt: skip
    if notarisation.pauses.filter(last__isnull=True).exists():
        errors.setdefault("issued_on", []).append(
            _("还有一个尚未结束的扣除期间，请先登记其截止日期。")
        )
    if errors:
        raise ValidationError(errors)
    notarisation.issued_on = issued_on
    notarisation.certificate_number = number
    notarisation._history_user = actor
    notarisation._change_reason = _("出具公证书")
    return NOTARISATION_FLOW.move(
        notarisation, Status.ISSUED, actor=actor, on=issued_on, reason=number
    )


@transaction.atomic
def notarisation_refuse(
    *,
    actor,
    notarisation: Notarisation,
    refused_on: datetime.date,
    refusal_ground: str,
    refusal_reasons: str,
) -> Notarisation:
    """不予办理公证 (公证法 第31条): a ground of the article is required, with the reasons."""
    NOTARISATION_FLOW.begin(actor, notarisation, Status.REFUSED)
    errors: dict[str, list[str]] = {}
    if refusal_ground not in RefusalGround.values:
        errors["refusal_ground"] = [_("请选择公证法第三十一条规定的不予办理情形。")]
    require_text(errors, "refusal_reasons", refusal_reasons, _("请填写不予办理的具体理由。"))
    check_day(
        errors, "refused_on", refused_on, not_before=notarisation.applied_on,
        message=_("不予办理日期不能早于申请日期。"),
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    notarisation.refused_on = refused_on
    notarisation.refusal_ground = refusal_ground
    notarisation.refusal_reasons = refusal_reasons.strip()
    notarisation._history_user = actor
    notarisation._change_reason = _("不予办理")
    label = RefusalGround(refusal_ground).label
    return NOTARISATION_FLOW.move(
        notarisation, Status.REFUSED, actor=actor, on=refused_on, reason=str(label)
    )


@transaction.atomic
def notarisation_withdraw(
    *, actor, notarisation: Notarisation, withdrawn_on: datetime.date, reason: str = ""
) -> Notarisation:
    """申请人撤回公证申请."""
    NOTARISATION_FLOW.begin(actor, notarisation, Status.WITHDRAWN)
    errors: dict[str, list[str]] = {}
    collect_error(errors, "withdrawn_on", lambda: check_not_future(withdrawn_on))
    if errors:
        raise ValidationError(errors)
    notarisation.withdrawn_on = withdrawn_on
    return NOTARISATION_FLOW.move(
        notarisation, Status.WITHDRAWN, actor=actor, on=withdrawn_on, reason=reason or ""
    )


def fee_treatment_of(standard: Decimal, charged: Decimal) -> str:
    if charged >= standard:
        return FeeTreatment.CHARGED
    return FeeTreatment.WAIVED if charged == 0 else FeeTreatment.REDUCED


@transaction.atomic
def notarisation_fee(
    *,
    actor,
    notarisation: Notarisation,
    fee_standard: Decimal,
    fee_charged: Decimal,
    relief_basis: str = "",
    legal_aid_number: str = "",
    relief_note: str = "",
) -> Notarisation:
    """登记公证费 (公证法 第34条): charged in full, reduced or waived. A reduction or waiver
    names its basis; for a legal-aid recipient (法律援助法 第53条) the legal-aid line's decision
    is looked up by the applicant and the application number, never typed."""
    NOTARISATION_FLOW.begin(actor, notarisation)
    standard, charged = Decimal(fee_standard or 0), Decimal(fee_charged or 0)
    errors: dict[str, list[str]] = {}
    if charged > standard:
        errors["fee_charged"] = [_("实收公证费不能高于应收公证费。")]
    relieved = charged < standard
    aid = None
    if relieved:
        if relief_basis not in ReliefBasis.values:
            errors["relief_basis"] = [_("减收或免收公证费请选择减免依据。")]
        elif relief_basis == ReliefBasis.LEGAL_AID:
            if not (legal_aid_number or "").strip():
                errors["legal_aid_number"] = [_("请填写法律援助申请编号。")]
            else:
                aid = aid_granted(person=notarisation.applicant, number=legal_aid_number)
                if aid is None:
                    errors["legal_aid_number"] = [
                        _("未查到给予申请人%(name)s法律援助的决定（申请编号 %(number)s）。")
                        % {"name": notarisation.applicant.name, "number": legal_aid_number}
                    ]
        elif not (relief_note or "").strip():
            errors["relief_note"] = [_("请说明减免理由。")]
    if errors:
        raise ValidationError(errors)
    notarisation.fee_standard = standard
    notarisation.fee_charged = charged
    notarisation.fee_relief = standard - charged
    notarisation.fee_treatment = fee_treatment_of(standard, charged)
    notarisation.relief_basis = relief_basis if relieved else ""
    notarisation.relief_note = (relief_note or "").strip() if relieved else ""
    notarisation.legal_aid_number = aid.number if aid else ""
    notarisation.legal_aid_decided_on = aid.decided_on if aid else None
    notarisation.legal_aid_centre = aid.centre if aid else ""
    return save_checked(notarisation, actor, _("登记公证费"))
