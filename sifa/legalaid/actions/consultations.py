"""Writes to consultations (法律咨询, 12348 calls included): record, edit, follow-up, the
logged reveal of the caller's phone, linking a registered person, and turning a
consultation into a mediation case (DOMAIN §5.3, §5.6).

A 12348 call is a consultation with channel `hotline`: it needs its 话务流水号 or its
duration, and a dissatisfied caller is always marked for follow-up (12348 服务规范:
不满意来电 100% 回访). Every action checks `edit` on the consultation's office, validates
with Chinese messages and runs in one transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.audit.models import AccessLog
from sifa.core.idnumber import normalize_phone
from sifa.legalaid.actions.checks import Checks
from sifa.legalaid.constants import (
    CONSULTATION_CATEGORY_CODE_LIST,
    Channel,
    Referral,
    Satisfaction,
)
from sifa.legalaid.models import Consultation
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people.actions import PersonIdentity, person_obtain
from sifa.people.models import Person

# Offices that answer consultations: the legal-aid network, the bureau (12348 platform),
# judicial offices, public-legal-service centres and stations, village service stations.
CONSULTATION_OFFICE_KINDS = frozenset(
    {
        OfficeKind.LEGAL_AID_CENTER,
        OfficeKind.LEGAL_AID_WORKSTATION,
        OfficeKind.LEGAL_AID_LIAISON,
        OfficeKind.JUSTICE_BUREAU,
        OfficeKind.JUDICIAL_OFFICE,
        OfficeKind.PLS_CENTER,
        OfficeKind.PLS_STATION,
        OfficeKind.SERVICE_STATION,
    }
)

# What a consultation records (a form fills them all); `consultation_update` also takes the person.
RECORDED_FIELDS = (
    "channel",
    "consulted_at",
    "category",
    "question",
    "answer",
    "duration_minutes",
    "satisfaction",
    "referral",
    "caller_name",
    "caller_phone",
    "call_id",
    "answered_by",
    "follow_up_required",
)
# Fields `consultation_update` accepts.
UPDATABLE_FIELDS = frozenset({*RECORDED_FIELDS, "person"})

PHONE_FIELD = "caller_phone"


@transaction.atomic
def consultation_record(
    *,
    actor,
    office: Office,
    channel: str,
    consulted_at: datetime.datetime,
    category: str,
    question: str,
    answer: str = "",
    duration_minutes: int = 0,
    satisfaction: str = "",
    referral: str = Referral.ANSWERED,
    person: Person | None = None,
    identity: PersonIdentity | None = None,
    caller_name: str = "",
    caller_phone: str = "",
    call_id: str = "",
    answered_by: str = "",
    follow_up_required: bool = False,
) -> Consultation:
    """登记咨询: a consultation (or 12348 call) answered by `office`. The caller is `person`,
    or the one a form's `identity` names (registered at `office` when new)."""
    access.require(actor, Cap.EDIT, office, line="legalaid")
    if identity is not None:
        person = person_obtain(actor=actor, office=office, identity=identity)
    consultation = Consultation(office=office, created_by=actor)
    _fill(
        actor,
        consultation,
        check_category=True,
        channel=channel,
        consulted_at=consulted_at,
        category=category,
        question=question,
        answer=answer,
        duration_minutes=duration_minutes,
        satisfaction=satisfaction,
        referral=referral,
        person=person,
        caller_name=caller_name,
        caller_phone=caller_phone,
        call_id=call_id,
        answered_by=answered_by,
        follow_up_required=follow_up_required,
    )
    consultation.save()
    return consultation


@transaction.atomic
def consultation_update(
    *, actor, consultation: Consultation, identity: PersonIdentity | None = None, **changes
) -> Consultation:
    """修改咨询记录: apply `changes` (a subset of UPDATABLE_FIELDS) and validate again.

    The category is checked against the code list only when it changes, so an old record
    whose category has since been retired can still be corrected otherwise. A form's
    `identity` names the caller (registered at the consultation's office when new).
    """
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"consultation_update() got unexpected fields: {sorted(unknown)}")
    _lock(actor, consultation)
    if identity is not None:
        changes["person"] = person_obtain(
            actor=actor, office=consultation.office, identity=identity
        )
    values = {field: getattr(consultation, field) for field in UPDATABLE_FIELDS}
    values.update(changes)
    try:
        _fill(
            actor,
            consultation,
            check_category=values["category"] != consultation.category,
            **values,
        )
    except ValidationError:
        consultation.refresh_from_db()
        raise
    consultation.save()
    return consultation


@transaction.atomic
def consultation_follow_up(
    *, actor, consultation: Consultation, on: datetime.date, satisfaction: str = ""
) -> Consultation:
    """回访完成: the date of the follow-up call, and the satisfaction then stated (optional)."""
    _lock(actor, consultation)
    errors = follow_up_errors(consultation.consulted_at, on, satisfaction)
    if errors:
        raise ValidationError(errors)
    consultation.followed_up_on = on
    if satisfaction:
        consultation.satisfaction = satisfaction
    consultation.save()
    return consultation


def follow_up_errors(
    consulted_at: datetime.datetime, on: datetime.date | None, satisfaction: str = ""
) -> dict[str, list[str]]:
    """回访: a day not in the future nor before the consultation, a satisfaction from its list."""
    errors: dict[str, list[str]] = {}
    if on is None:
        errors["on"] = [_("请填写回访日期。")]
    elif on > timezone.localdate():
        errors["on"] = [_("回访日期不能晚于今天。")]
    elif on < timezone.localdate(consulted_at):
        errors["on"] = [_("回访日期不能早于咨询日期。")]
    if satisfaction and satisfaction not in Satisfaction.values:
        errors["satisfaction"] = [_("请选择有效的满意度。")]
    return errors


@transaction.atomic
def consultation_link_person(
    *,
    actor,
    consultation: Consultation,
    person: Person | None = None,
    identity: PersonIdentity | None = None,
) -> Consultation:
    """关联咨询人: link a registered person (needed before an application or a mediation case),
    or the one a form's `identity` names (registered at the consultation's office when new)."""
    _lock(actor, consultation)
    if identity is not None:
        person = person_obtain(actor=actor, office=consultation.office, identity=identity)
    if person is None or not _visible(actor, person):
        raise ValidationError({"person": [_("未找到该人员。")]})
    consultation.person = person
    if not consultation.caller_name:
        consultation.caller_name = person.name
    consultation.save()
    return consultation


def consultation_reveal_phone(*, actor, consultation: Consultation, ip_address: str | None) -> str:
    """显示明文 of the caller's phone; the reveal is logged (AccessLog) like the registry's."""
    access.require_for(actor, Cap.REVEAL, consultation)
    AccessLog.objects.create(
        user=actor,
        model="legalaid.Consultation",
        object_id=str(consultation.pk),
        object_repr=str(consultation)[:200],
        field=PHONE_FIELD,
        ip_address=ip_address or None,
    )
    return consultation.caller_phone or ""


@transaction.atomic
def consultation_to_mediation_case(
    *,
    actor,
    consultation: Consultation,
    committee: Office,
    dispute_type: str,
    source: str,
    respondents: list,
    received_on: datetime.date | None = None,
    claims: str = "",
    amount=0,
):
    """转人民调解: register a mediation case from the consultation, without re-typing.

    The consultation's person is the 申请人 and its question the 纠纷简要情况; `respondents`
    are `sifa.mediation.actions.cases.PartyInput`s. The link is kept both ways
    (`consultation.mediation_case`, and the case's `legal_aid_consultations`), and the
    consultation's result becomes 转人民调解.
    """
    from sifa.mediation.actions.cases import PartyInput, case_register
    from sifa.mediation.constants import PartyKind, PartyRole

    _lock(actor, consultation)
    errors: dict[str, list[str]] = {}
    if consultation.mediation_case_id:
        errors.setdefault("__all__", []).append(_("该咨询已转为人民调解案件。"))
    if consultation.person_id is None:
        errors.setdefault("__all__", []).append(_("请先登记或选择咨询人，再转人民调解。"))
    received_on = received_on or timezone.localdate()
    if received_on < timezone.localdate(consultation.consulted_at):
        errors["received_on"] = [_("受理日期不能早于咨询日期。")]
    if errors:
        raise ValidationError(errors)
    applicant = PartyInput(
        role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=consultation.person
    )
    referred_by = "" if source in ("application", "initiative") else consultation.office.name
    try:
        case = case_register(
            actor=actor,
            office=committee,
            source=source,
            dispute_type=dispute_type,
            facts=consultation.question,
            received_on=received_on,
            parties=[applicant, *respondents],
            claims=claims,
            amount=amount,
            referred_by=referred_by,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "office" in error.error_dict:
            mapped = dict(error.error_dict)
            mapped["committee"] = mapped.pop("office")
            raise ValidationError(mapped) from error
        raise
    consultation.mediation_case = case
    consultation.referral = Referral.MEDIATION
    consultation.save()
    return case


# ---------------------------------------------------------------------------------------------
# Validation shared by record and update


def _lock(actor, consultation: Consultation) -> None:
    access.require_for(actor, Cap.EDIT, consultation)
    Consultation.objects.select_for_update().only("pk").get(pk=consultation.pk)


def _visible(actor, person: Person) -> bool:
    return access.scope(actor, Person.objects.filter(pk=person.pk)).exists()


def _fill(actor, consultation: Consultation, *, check_category: bool, **values) -> None:
    """Validate every input, set the normalised values, raise all errors at once."""
    errors = consultation_errors(
        Checks(actor),
        consultation.office,
        pk=consultation.pk,
        check_category=check_category,
        **values,
    )
    if errors:
        raise ValidationError(errors)
    for name, value in consultation_values(**values).items():
        setattr(consultation, name, value)


def consultation_errors(
    checks: Checks, office: Office, *, pk: int | None = None, check_category: bool = True, **values
) -> dict[str, list[str]]:
    """The rules of a consultation (登记咨询, 修改) as a function of the values (those of
    UPDATABLE_FIELDS): {field: messages}, {} when it may be recorded. `pk` is the consultation
    being changed (its own 话务流水号 is not a clash); the category is checked against the code
    list on the day of the consultation when `check_category`."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if office.kind not in CONSULTATION_OFFICE_KINDS:
        add("office", _("该机构不能登记法律咨询。"))
    channel = values["channel"]
    if channel not in Channel.values:
        add("channel", _("请选择咨询渠道。"))
    consulted_at = _aware(values["consulted_at"])
    if consulted_at is None:
        add("consulted_at", _("请填写咨询时间。"))
    elif consulted_at > timezone.now():
        add("consulted_at", _("咨询时间不能晚于现在。"))
    category = values["category"]
    if not category:
        add("category", _("请选择咨询类别。"))
    elif check_category and consulted_at is not None:
        try:
            checks.code(CONSULTATION_CATEGORY_CODE_LIST, category, timezone.localdate(consulted_at))
        except ValidationError as error:
            errors.setdefault("category", []).extend(error.messages)
    if not (values["question"] or "").strip():
        add("question", _("请填写咨询问题。"))
    duration = values["duration_minutes"] or 0
    if duration < 0:
        add("duration_minutes", _("时长不能为负数。"))
    satisfaction = values["satisfaction"] or ""
    if satisfaction and satisfaction not in Satisfaction.values:
        add("satisfaction", _("请选择有效的满意度。"))
    if (values["referral"] or Referral.ANSWERED) not in Referral.values:
        add("referral", _("请选择处理结果。"))
    person = values["person"]
    if person is not None and not checks.sees(person):
        add("person", _("未找到该人员。"))
    phone = (values["caller_phone"] or "").strip()
    if phone:
        try:
            normalize_phone(phone)
        except ValidationError as error:
            errors.setdefault("caller_phone", []).extend(error.messages)
    call_id = (values["call_id"] or "").strip()
    if channel == Channel.HOTLINE:
        if not call_id and not duration:
            add("call_id", _("12348热线来电须填写话务流水号或通话时长。"))
        if call_id and checks.call_id_taken(office.pk, call_id, pk):
            add("call_id", _("话务流水号“%(call_id)s”已登记。") % {"call_id": call_id})
    return errors


def consultation_values(**values) -> dict:
    """The values of a consultation as stored (trimmed, the phone normalised, the time aware),
    once `consultation_errors` found none."""
    person = values["person"]
    satisfaction = values["satisfaction"] or ""
    phone = (values["caller_phone"] or "").strip()
    caller_name = (values["caller_name"] or "").strip()
    if not caller_name and person is not None:
        caller_name = person.name
    return {
        "channel": values["channel"],
        "consulted_at": _aware(values["consulted_at"]),
        "category": values["category"],
        "question": (values["question"] or "").strip(),
        "answer": (values["answer"] or "").strip(),
        "duration_minutes": values["duration_minutes"] or 0,
        "satisfaction": satisfaction,
        "referral": values["referral"] or Referral.ANSWERED,
        "person": person,
        "caller_name": caller_name,
        "caller_phone": normalize_phone(phone) if phone else "",
        "call_id": (values["call_id"] or "").strip(),
        "answered_by": (values["answered_by"] or "").strip(),
        # 12348: every dissatisfied call is followed up (不满意来电 100% 回访, DOMAIN §5.6).
        "follow_up_required": bool(values["follow_up_required"])
        or satisfaction == Satisfaction.DISSATISFIED,
    }


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment
