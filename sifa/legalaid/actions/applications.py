"""Writes to legal-aid applications (法律援助申请/案件): intake, notification, 一次性告知,
decision, 先行提供, objection, handling, ending, termination and closing (DOMAIN §5.2–5.4).

Every status change goes through `_transition`, which consults `TRANSITIONS`
(constants.py) and writes the `ApplicationEvent`. Every action but `application_create`
(internal: the staff register and the public portal both call it) checks `edit` on the
application's office, validates with Chinese messages and runs in one transaction, so a
refused write saves nothing. Dates may not lie in the future.

The assignment of a handler (指派) lives in `sifa.legalaid.actions.assignments`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.deadlines import compute
from sifa.core.numbering import save_with_number
from sifa.core.validation import check_not_future, collect_error
from sifa.legalaid import eligibility
from sifa.legalaid.actions import assignments
from sifa.legalaid.actions.checks import Checks
from sifa.legalaid.actions.flow import APPLICATION_FLOW
from sifa.legalaid.constants import (
    ASSIGNMENT_RULE,
    DECISION_RULE,
    FORWARDING_RULE,
    NOTIFICATION_ASSIGNMENT_RULE,
    ApplicantGroup,
    Area,
    Channel,
    CriminalStage,
    DefenceGround,
    EventKind,
    ExemptionProof,
    HardshipCheck,
    Matter,
    MatterType,
    NotifyingOrgan,
    ObjectionResult,
    Origin,
    Outcome,
    Status,
    TerminationGround,
)
from sifa.legalaid.models import (
    ApplicantGroupMembership,
    Application,
    HandlingEvent,
    Material,
)
from sifa.legalaid.selectors.applications import objection_authority
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people.actions import PersonIdentity, person_obtain

# Offices that keep legal-aid applications: the centre, or the workstation that took it in.
LEGAL_AID_OFFICE_KINDS = (OfficeKind.LEGAL_AID_CENTER, OfficeKind.LEGAL_AID_WORKSTATION)
# How the applicant says hardship will be shown, when the rules need it (第41条).
HARDSHIP_CHECK_CHOICES = (HardshipCheck.PLEDGE, HardshipCheck.INFO_SHARING, HardshipCheck.DOCUMENTS)
# Handling records (承办情况) are kept while a handler works on the case.
HANDLING_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS)
# Origins a clerk registers as an application (a notification has its own form).
APPLICATION_ORIGINS = (Origin.APPLICATION, Origin.ONLINE, Origin.FORWARDED, Origin.DUTY_LAWYER)


# ---------------------------------------------------------------------------------------------
# Intake


@transaction.atomic
def application_create(
    *,
    office: Office,
    applicant,
    matter_type: str,
    matter: str,
    facts: str,
    received_on: datetime.date,
    origin: str = Origin.APPLICATION,
    channel: str = Channel.VISIT,
    groups: Iterable[str] = (),
    consultation=None,
    materials: Iterable[tuple[str, bool, bool]] = (),
    area: str = "",
    household_size: int | None = None,
    household_monthly_income=None,
    exemption_proof: str = "",
    hardship_check: str = "",
    adverse_party: str = "",
    amount_claimed=0,
    agent_name: str = "",
    agent_relation: str = "",
    detained: bool = False,
    custody_received_at: datetime.datetime | None = None,
    forwarded_at: datetime.datetime | None = None,
    query_code_hash: str = "",
    serious_charge: bool = False,
    defence_ground: str = "",
    created_by=None,
    _notification: dict | None = None,
) -> Application:
    """Register an application (收到申请) without any access check.

    Internal: `application_register` (staff, checks `edit`) and the public portal call it.
    It numbers the application, runs the eligibility rules (`eligibility.assess`) and keeps
    their basis, hardship check, standard and explanation, then stores the applicant's
    groups, the materials checklist — `(name, required, provided)` triples, a provided item
    counting as handed in on `received_on` — and the first ApplicationEvent.

    A detained applicant's request passes through the custody place (第39条): its receipt
    and forwarding moments are kept; forwarding later than 24 hours is flagged in the event
    and on the page (`selectors.applications.forwarding_late`).
    """
    notification = _notification or {}
    groups = list(dict.fromkeys(groups or ()))
    materials = list(materials or ())
    errors = intake_errors(
        office=office,
        applicant=applicant,
        matter_type=matter_type,
        matter=matter,
        facts=facts,
        received_on=received_on,
        origin=origin,
        channel=channel,
        groups=groups,
        materials=materials,
        area=area,
        household_size=household_size,
        household_monthly_income=household_monthly_income,
        exemption_proof=exemption_proof,
        hardship_check=hardship_check,
        amount_claimed=amount_claimed,
        agent_name=agent_name,
        agent_relation=agent_relation,
        detained=detained,
        custody_received_at=custody_received_at,
        forwarded_at=forwarded_at,
        serious_charge=serious_charge,
        defence_ground=defence_ground,
    )
    if errors:
        raise ValidationError(errors)
    income = _decimal_or_none(household_monthly_income)
    claimed = _decimal_or_none(amount_claimed if amount_claimed not in (None, "") else 0)

    application = Application(
        office=office,
        created_by=created_by,
        origin=origin,
        channel=channel,
        consultation=consultation,
        applicant=applicant,
        agent_name=(agent_name or "").strip(),
        agent_relation=(agent_relation or "").strip(),
        matter_type=matter_type,
        matter=matter,
        facts=facts.strip(),
        adverse_party=(adverse_party or "").strip(),
        amount_claimed=claimed,
        area=area or "",
        household_size=household_size,
        household_monthly_income=income,
        exemption_proof=exemption_proof or "",
        hardship_check=hardship_check or "",
        received_on=received_on,
        detained=bool(detained),
        custody_received_at=custody_received_at if detained else None,
        forwarded_at=forwarded_at if detained else None,
        serious_charge=bool(serious_charge),
        defence_ground=defence_ground or "",
        query_code_hash=query_code_hash or "",
        **notification,
    )
    assess_eligibility(application, applicant, groups)
    if origin == Origin.NOTIFICATION:
        start_assignment_period(application, received_on)
    else:
        start_decision_period(application, received_on)
    save_with_number(application, application.received_on.year)
    for group in groups:
        ApplicantGroupMembership.objects.create(
            office=office, created_by=created_by, application=application, group=group
        )
    for name, required, provided in materials:
        Material.objects.create(
            office=office,
            created_by=created_by,
            application=application,
            name=name.strip(),
            required=bool(required),
            provided_on=received_on if provided else None,
        )
    first_status = application.status
    reason = intake_note(application)
    APPLICATION_FLOW.record_event(
        application, "", first_status, actor=created_by, on=received_on, reason=reason
    )
    return application


def intake_errors(
    *,
    office: Office | None,
    applicant,
    matter_type: str,
    matter: str,
    facts: str,
    received_on: datetime.date | None,
    origin: str = Origin.APPLICATION,
    channel: str = Channel.VISIT,
    groups: Iterable[str] = (),
    materials: Iterable[tuple[str, bool, bool]] = (),
    area: str = "",
    household_size: int | None = None,
    household_monthly_income=None,
    exemption_proof: str = "",
    hardship_check: str = "",
    amount_claimed=0,
    agent_name: str = "",
    agent_relation: str = "",
    detained: bool = False,
    custody_received_at: datetime.datetime | None = None,
    forwarded_at: datetime.datetime | None = None,
    serious_charge: bool = False,
    defence_ground: str = "",
) -> dict[str, list[str]]:
    """The rules of 收到申请 (`application_create`) as a function of the values: {field:
    messages}, {} when the application may be registered. Whether the actor may see the
    applicant is `applicant_errors`'s (the portal registers its own applicant)."""
    errors: dict[str, list[str]] = {}
    if office is None or office.kind not in LEGAL_AID_OFFICE_KINDS:
        errors["office"] = [_("只有法律援助中心或法律援助工作站可以受理法律援助申请。")]
    if applicant is None:
        errors["applicant"] = [_("请选择或登记申请人。")]
    if matter_type not in MatterType.values:
        errors["matter_type"] = [_("请选择案件类别。")]
    if matter not in Matter.values:
        errors["matter"] = [_("请选择援助事项。")]
    if origin not in Origin.values:
        errors["origin"] = [_("请选择案件来源。")]
    if channel not in Channel.values:
        errors["channel"] = [_("请选择申请渠道。")]
    if not (facts or "").strip():
        errors["facts"] = [_("请填写案情及申请理由。")]
    collect_error(errors, "received_on", lambda: check_not_future(received_on))
    unknown = [g for g in groups or () if g not in ApplicantGroup.values]
    if unknown:
        errors["groups"] = [_("未知的受援人群体：%(groups)s。") % {"groups": "、".join(unknown)}]
    if area and area not in Area.values:
        errors["area"] = [_("请选择城镇或农村。")]
    if household_size is not None and household_size < 1:
        errors["household_size"] = [_("家庭人口至少为1人。")]
    income = _decimal_or_none(household_monthly_income)
    if household_monthly_income not in (None, "") and (income is None or income < 0):
        errors["household_monthly_income"] = [_("家庭月收入不能为负数。")]
    if exemption_proof and exemption_proof not in ExemptionProof.values:
        errors["exemption_proof"] = [_("请选择免予核查情形。")]
    if hardship_check and hardship_check not in HardshipCheck.values:
        errors["hardship_check"] = [_("请选择经济状况审查方式。")]
    claimed = _decimal_or_none(amount_claimed if amount_claimed not in (None, "") else 0)
    if claimed is None or claimed < 0:
        errors["amount_claimed"] = [_("请求金额不能为负数。")]
    if (agent_name or "").strip() and not (agent_relation or "").strip():
        errors["agent_relation"] = [_("代为申请的，请填写代为申请人与申请人的关系。")]
    if serious_charge and matter_type != MatterType.CRIMINAL:
        errors["serious_charge"] = [_("只有刑事案件才可能判处无期徒刑、死刑。")]
    if defence_ground:
        # 法律援助法 第25条第一款: grounds of a suspect or defendant without a defender.
        if defence_ground not in DefenceGround.values:
            errors["defence_ground"] = [_("请选择第二十五条规定的情形。")]
        elif matter != Matter.CRIMINAL_DEFENCE:
            errors["defence_ground"] = [
                _("第二十五条规定的情形只适用于犯罪嫌疑人、被告人申请辩护的事项。")
            ]
    if detained:
        _check_custody(errors, custody_received_at, forwarded_at)
    for name, _required, _provided in materials or ():
        if not (name or "").strip():
            errors["materials"] = [_("申请材料名称不能为空。")]
    return errors


def applicant_errors(checks: Checks, applicant) -> dict[str, list[str]]:
    """The applicant is a person the actor may see in the registry."""
    if applicant is None:
        return {"applicant": [_("请选择或登记申请人。")]}
    if not checks.sees(applicant):
        return {"applicant": [_("未找到该人员。")]}
    return {}


def start_decision_period(application: Application, base: datetime.date, calendar=None) -> None:
    """第43条: decide within 7 days of receiving the (complete) application; the due date is
    stored so the to-dos and the timeliness figures read the same date. (`calendar`: one
    `WorkingCalendar` shared by a bulk write.)"""
    application.decision_due_on = compute(DECISION_RULE, base, calendar=calendar)


def start_assignment_period(application: Application, base: datetime.date, calendar=None) -> None:
    """第43条 (after a 给予 decision) or 第36条 (after a notification): assign within 3 days."""
    notified = application.origin == Origin.NOTIFICATION
    rule = NOTIFICATION_ASSIGNMENT_RULE if notified else ASSIGNMENT_RULE
    application.assignment_due_on = compute(rule, base, calendar=calendar)


def _check_custody(errors, custody_received_at, forwarded_at) -> None:
    if custody_received_at is None:
        errors["custody_received_at"] = [_("申请人被羁押的，请填写羁押场所收到申请的时间。")]
        return
    if custody_received_at > timezone.now():
        errors["custody_received_at"] = [_("时间不能晚于现在。")]
    if forwarded_at is not None:
        if forwarded_at < custody_received_at:
            errors["forwarded_at"] = [_("转交时间不能早于羁押场所收到申请的时间。")]
        elif forwarded_at > timezone.now():
            errors["forwarded_at"] = [_("时间不能晚于现在。")]


def forwarded_late(application: Application) -> bool:
    """第39条: the custody place forwarded the request more than 24 hours after receiving it."""
    if not (application.detained and application.custody_received_at and application.forwarded_at):
        return False
    return application.forwarded_at > compute(FORWARDING_RULE, application.custody_received_at)


def intake_note(application: Application) -> str:
    notes = []
    if application.origin == Origin.NOTIFICATION:
        notes.append(
            _("%(organ)s通知：%(ground)s")
            % {
                "organ": application.notifying_organ_name,
                "ground": application.notification_ground,
            }
        )
    if forwarded_late(application):
        notes.append(_("羁押场所超过24小时转交申请（法律援助法 第39条）。"))
    return "；".join(notes)


def assess_eligibility(application: Application, applicant, groups: Iterable[str] = ()) -> None:
    """Run the eligibility rules (`sifa.legalaid.eligibility`) and keep their answer (basis,
    hardship check, standard, explanation) on the unsaved `application`."""
    facts = eligibility.Facts(
        matter=application.matter,
        matter_type=application.matter_type,
        on=application.received_on,
        region_code=getattr(applicant, "region_code", "") or application.office.region_code,
        area=application.area,
        household_size=application.household_size,
        household_monthly_income=application.household_monthly_income,
        exemption_proof=application.exemption_proof,
        hardship_check=application.hardship_check,
        notified=application.origin == Origin.NOTIFICATION,
        serious_charge=application.serious_charge,
        defence_ground=application.defence_ground,
        groups=frozenset(groups),
        criminal_stage=application.criminal_stage,
    )
    assessment = eligibility.assess(facts)
    application.basis = assessment.basis or ""
    application.hardship_check = assessment.hardship_check or application.hardship_check
    application.standard = assessment.standard
    application.eligibility_explanation = assessment.explanation


@transaction.atomic
def application_register(
    *, actor, office: Office, applicant=None, identity: PersonIdentity | None = None, **keywords
) -> Application:
    """收到申请 at the counter (or by letter, phone, online): `edit` on `office` required.

    Takes the keywords of `application_create`; the applicant is a person the actor may see
    in the registry, or the one a form's `identity` names (registered here when new, so a
    refused application leaves nobody behind).
    """
    access.require(actor, Cap.EDIT, office, line="legalaid")
    applicant = _applicant(actor, office, applicant, identity)
    _check_person_visible(actor, applicant)
    keywords.pop("created_by", None)
    keywords.pop("_notification", None)
    return application_create(office=office, applicant=applicant, created_by=actor, **keywords)


@transaction.atomic
def notification_register(
    *,
    actor,
    office: Office,
    applicant=None,
    identity: PersonIdentity | None = None,
    matter: str,
    notifying_organ: str,
    notifying_organ_name: str,
    criminal_stage: str,
    notification_ground: str,
    notified_on: datetime.date,
    facts: str,
    serious_charge: bool = False,
    matter_type: str = MatterType.CRIMINAL,
    groups: Iterable[str] = (),
    notice_number: str = "",
) -> Application:
    """通知辩护/代理 (第25、28、35、36条): accepted (决定给予) on the day of the notice.

    No hardship test; the lawyer is to be assigned within 3 days (NOTIFICATION_ASSIGNMENT_RULE).
    A notice number (通知书文号) is unique per organ: the same notice registered again is refused.
    The person is given as for `application_register`.
    """
    access.require(actor, Cap.EDIT, office, line="legalaid")
    applicant = _applicant(actor, office, applicant, identity)
    _check_person_visible(actor, applicant)
    notice_number = (notice_number or "").strip()
    errors = notification_errors(
        Checks(actor),
        notifying_organ=notifying_organ,
        notifying_organ_name=notifying_organ_name,
        criminal_stage=criminal_stage,
        notification_ground=notification_ground,
        notice_number=notice_number,
    )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():  # the same notice arriving twice at once: one case
            return application_create(
                office=office,
                applicant=applicant,
                matter_type=matter_type,
                matter=matter,
                facts=facts,
                received_on=notified_on,
                origin=Origin.NOTIFICATION,
                channel=Channel.LETTER,
                groups=groups,
                serious_charge=serious_charge,
                created_by=actor,
                _notification={
                    "notifying_organ": notifying_organ,
                    "notifying_organ_name": notifying_organ_name.strip(),
                    "notice_number": notice_number,
                    "criminal_stage": criminal_stage,
                    "notification_ground": notification_ground.strip(),
                    "status": Status.GRANTED,
                    "accepted_on": notified_on,
                    "decided_on": notified_on,
                },
            )
    except IntegrityError:
        raise ValidationError({"notice_number": [_("该通知机关的这份通知书已登记。")]}) from None


def notification_errors(
    checks: Checks,
    *,
    notifying_organ: str,
    notifying_organ_name: str,
    criminal_stage: str,
    notification_ground: str,
    notice_number: str = "",
) -> dict[str, list[str]]:
    """The rules of a notification (通知辩护/代理) beside those of intake: the organ, the stage,
    the ground, and one case per notice (anywhere: the same 通知书 is not a new case)."""
    errors: dict[str, list[str]] = {}
    if notifying_organ not in NotifyingOrgan.values:
        errors["notifying_organ"] = [_("请选择通知机关类别。")]
    if not (notifying_organ_name or "").strip():
        errors["notifying_organ_name"] = [_("请填写通知机关名称。")]
    if criminal_stage not in CriminalStage.values:
        errors["criminal_stage"] = [_("请选择诉讼阶段。")]
    if not (notification_ground or "").strip():
        errors["notification_ground"] = [_("请填写通知理由（法律援助法 第25条所列情形）。")]
    notice_number = (notice_number or "").strip()
    if notice_number and checks.notice_registered(notifying_organ_name, notice_number):
        errors["notice_number"] = [_("该通知机关的这份通知书已登记。")]
    return errors


def _applicant(actor, office: Office, applicant, identity: PersonIdentity | None):
    """The person given, or the one `identity` names (registered at `office` when new)."""
    if identity is None:
        return applicant
    return person_obtain(actor=actor, office=office, identity=identity)


def _check_person_visible(actor, person) -> None:
    errors = applicant_errors(Checks(actor), person)
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# 一次性告知 (第43条): missing materials, supplement, deemed withdrawal


def missing_materials(application: Application) -> list[Material]:
    """Required checklist items not yet handed in."""
    return [m for m in application.materials.all() if m.required and m.provided_on is None]


@transaction.atomic
def supplement_request(
    *,
    actor,
    application: Application,
    requested_on: datetime.date,
    due_on: datetime.date,
    other_items: str = "",
) -> Application:
    """补充材料通知 (一次性告知): every missing required material is listed at once.

    The missing checklist items are listed automatically; `other_items` adds what the
    checklist does not name (one per line). A second request while one is pending is refused.
    """
    APPLICATION_FLOW.begin(actor, application)
    if application.status == Status.AWAITING_SUPPLEMENT:
        raise ValidationError(
            _("已于%(date)s一次性告知需补充的材料，补充期限届满前不能再次通知。")
            % {"date": application.supplement_requested_on.isoformat()},
            code="pending",
        )
    APPLICATION_FLOW.check(application, Status.AWAITING_SUPPLEMENT)
    errors: dict[str, list[str]] = {}
    collect_error(errors, "requested_on", lambda: _check_app_date(application, requested_on))
    if due_on is None:
        errors["due_on"] = [_("请填写补充材料的期限。")]
    elif requested_on and due_on <= requested_on:
        errors["due_on"] = [_("补充材料期限应晚于通知日期。")]
    items = [m.name for m in missing_materials(application)]
    items += [line.strip() for line in (other_items or "").splitlines() if line.strip()]
    items = list(dict.fromkeys(items))
    if not items:
        errors["other_items"] = [_("申请材料已齐全；如需补充其他材料，请逐项写明。")]
    if errors:
        raise ValidationError(errors)
    application.supplement_requested_on = requested_on
    application.supplement_due_on = due_on
    application.supplement_items = "\n".join(items)
    application.supplied_on = None
    reason = _("一次性告知需补充：%(items)s；期限%(date)s。") % {
        "items": "、".join(items),
        "date": due_on.isoformat(),
    }
    return APPLICATION_FLOW.move(
        application, Status.AWAITING_SUPPLEMENT, actor=actor, on=requested_on, reason=reason
    )


@transaction.atomic
def materials_supplied(*, actor, application: Application, supplied_on: datetime.date):
    """补齐材料: the listed materials are in; the 7-day review restarts from `supplied_on`."""
    APPLICATION_FLOW.begin(actor, application, Status.RECEIVED)
    errors: dict[str, list[str]] = {}
    collect_error(errors, "supplied_on", lambda: check_not_future(supplied_on))
    if supplied_on and supplied_on < application.supplement_requested_on:
        errors["supplied_on"] = [_("补齐材料日期不能早于补充材料通知日期。")]
    if errors:
        raise ValidationError(errors)
    for material in missing_materials(application):
        material.provided_on = supplied_on
        material.save(update_fields=["provided_on", "updated_at"])
    application.supplied_on = supplied_on
    start_decision_period(application, supplied_on)
    return APPLICATION_FLOW.move(
        application, Status.RECEIVED, actor=actor, on=supplied_on, reason=_("申请人已补齐材料。")
    )


@transaction.atomic
def application_withdraw_deemed(*, actor, application: Application, on: datetime.date):
    """视为撤回申请 (第43条): only after the supplement deadline passed without the materials."""
    APPLICATION_FLOW.begin(actor, application, Status.WITHDRAWN)
    errors: dict[str, list[str]] = {}
    collect_error(errors, "on", lambda: check_not_future(on))
    if on and on <= application.supplement_due_on:
        errors["on"] = [
            _("补充材料期限（%(date)s）届满后才能视为撤回申请。")
            % {"date": application.supplement_due_on.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    return APPLICATION_FLOW.move(
        application,
        Status.WITHDRAWN,
        actor=actor,
        on=on,
        reason=_("申请人未按期补充材料，视为撤回申请。"),
    )


# ---------------------------------------------------------------------------------------------
# Decision (第43条), 先行提供 (第44条), objection (第49条)


def decide_errors(
    application: Application, *, grant: bool, decided_on: datetime.date | None, refusal_reasons: str
) -> dict[str, list[str]]:
    """The rules of 审查决定 (第43条) on `application` as it stands: the day (not in the future,
    not before receipt nor before the materials were complete) and, for 不予, the reasons."""
    errors: dict[str, list[str]] = {}
    collect_error(errors, "decided_on", lambda: _check_app_date(application, decided_on))
    if application.supplied_on and decided_on and decided_on < application.supplied_on:
        errors["decided_on"] = [_("决定日期不能早于补齐材料日期。")]
    if not grant and not (refusal_reasons or "").strip():
        errors["refusal_reasons"] = [_("决定不予法律援助的，应当书面说明理由。")]
    return errors


@transaction.atomic
def application_decide(
    *,
    actor,
    application: Application,
    grant: bool,
    decided_on: datetime.date,
    refusal_reasons: str = "",
) -> Application:
    """审查决定: 给予 (accepted that day) or 不予 with written reasons (第43条)."""
    to_status = Status.GRANTED if grant else Status.REFUSED
    APPLICATION_FLOW.begin(actor, application, to_status)
    errors = decide_errors(
        application, grant=grant, decided_on=decided_on, refusal_reasons=refusal_reasons
    )
    if errors:
        raise ValidationError(errors)
    reasons = (refusal_reasons or "").strip()
    application.decided_on = decided_on
    if grant:
        application.accepted_on = decided_on
        application.refusal_reasons = ""
        start_assignment_period(application, decided_on)
    else:
        application.refusal_reasons = reasons
    return APPLICATION_FLOW.move(application, to_status, actor=actor, on=decided_on, reason=reasons)


@transaction.atomic
def pre_aid_provide(
    *,
    actor,
    application: Application,
    on: datetime.date,
    reason: str,
    provider,
    handler,
    conflict_note: str = "",
):
    """先行提供法律援助 (第44条): assign at once, the formalities follow.

    E.g. fewer than 7 days remain before a limitation period, or preservation is urgent.
    The application goes straight to 已指派 with an Assignment; accepted on `on`.
    """
    APPLICATION_FLOW.begin(actor, application, Status.ASSIGNED)
    errors: dict[str, list[str]] = {}
    collect_error(errors, "on", lambda: _check_app_date(application, on))
    if not (reason or "").strip():
        errors["reason"] = [_("先行提供法律援助应写明理由（法律援助法 第44条）。")]
    if errors:
        raise ValidationError(errors)
    assignment = assignments.build_assignment(
        actor=actor,
        application=application,
        provider=provider,
        handler=handler,
        assigned_on=on,
        conflict_note=conflict_note,
    )
    application.pre_aid = True
    application.pre_aid_reason = reason.strip()
    application.accepted_on = on
    APPLICATION_FLOW.move(
        application,
        Status.ASSIGNED,
        actor=actor,
        on=on,
        reason=_("先行提供法律援助：%(reason)s") % {"reason": application.pre_aid_reason},
    )
    assignment.save()
    return assignment


def _require_objection_authority(actor, application: Application) -> Office:
    """法律援助法 第49条: an objection to a refusal or termination is filed with the 司法行政部门
    that set the agency up, which decides it within 5 days. The agency that refused is not that
    department: only a user with edit rights (legal-aid line) on the department's own office
    registers and decides the objection; a user of the centre alone is refused."""
    authority = application.objection_authority or objection_authority(application.office)
    if authority is None:
        raise ValidationError(
            _("找不到设立该法律援助机构的司法行政部门，无法受理异议（法律援助法 第49条）。"),
            code="objection_authority",
        )
    if not access.can(actor, Cap.EDIT, authority, line="legalaid"):
        raise PermissionDenied(
            _(
                "异议由设立法律援助机构的司法行政部门（%(office)s）受理并审查决定，"
                "法律援助机构不能审查对本机构决定的异议（法律援助法 第49条）。"
            )
            % {"office": authority.name}
        )
    return authority


@transaction.atomic
def objection_file(
    *, actor, application: Application, filed_on: datetime.date, reasons: str
) -> Application:
    """异议 (第49条) against a refusal or a termination, filed with the 司法行政部门 that set
    the agency up: only that department's user registers it (`objection_authority` is kept)."""
    APPLICATION_FLOW.begin(actor, application, Status.OBJECTION)
    authority = _require_objection_authority(actor, application)
    errors: dict[str, list[str]] = {}
    collect_error(errors, "filed_on", lambda: _check_app_date(application, filed_on))
    since = application.terminated_on or application.decided_on
    if filed_on and since and filed_on < since:
        errors["filed_on"] = [_("提出异议日期不能早于原决定日期。")]
    if not (reasons or "").strip():
        errors["reasons"] = [_("请填写异议理由。")]
    if errors:
        raise ValidationError(errors)
    application.objection_authority = authority
    application.objection_filed_on = filed_on
    application.objection_reasons = reasons.strip()
    application.objection_decided_on = None
    application.objection_result = ""
    return APPLICATION_FLOW.move(
        application, Status.OBJECTION, actor=actor, on=filed_on, reason=reasons.strip()
    )


@transaction.atomic
def objection_decide(
    *,
    actor,
    application: Application,
    result: str,
    decided_on: datetime.date,
    note: str = "",
) -> Application:
    """异议审查决定 (第49条, within 5 days), by the 司法行政部门 that set the agency up — never
    by the agency whose decision is contested: 维持 → back to 不予/终止; 责令改正 → 给予."""
    APPLICATION_FLOW.begin(actor, application)
    if application.status != Status.OBJECTION:
        raise ValidationError(_("只有异议审查中的案件才能作出异议审查决定。"), code="transition")
    application.objection_authority = _require_objection_authority(actor, application)
    errors: dict[str, list[str]] = {}
    if result not in ObjectionResult.values:
        errors["result"] = [_("请选择异议审查结果。")]
    collect_error(errors, "decided_on", lambda: check_not_future(decided_on))
    if decided_on and decided_on < application.objection_filed_on:
        errors["decided_on"] = [_("异议审查决定日期不能早于提出异议日期。")]
    if errors:
        raise ValidationError(errors)
    application.objection_result = result
    application.objection_decided_on = decided_on
    note = (note or "").strip()
    label = ObjectionResult(result).label
    reason = f"{label}：{note}" if note else str(label)
    if result == ObjectionResult.UPHELD:
        previous = _status_before_objection(application)
        return APPLICATION_FLOW.move(
            application, previous, actor=actor, on=decided_on, reason=reason
        )
    # 责令改正: the refusal or termination falls; the aid is given from the decision day.
    application.decided_on = decided_on
    application.refusal_reasons = ""
    application.termination_ground = ""
    application.terminated_on = None
    if application.accepted_on is None:
        application.accepted_on = decided_on
    start_assignment_period(application, decided_on)
    return APPLICATION_FLOW.move(
        application, Status.GRANTED, actor=actor, on=decided_on, reason=reason
    )


def _status_before_objection(application: Application) -> str:
    event = application.events.filter(to_status=Status.OBJECTION).order_by("-id").first()
    if event and event.from_status in (Status.REFUSED, Status.TERMINATED):
        return event.from_status
    return Status.TERMINATED if application.terminated_on else Status.REFUSED


# ---------------------------------------------------------------------------------------------
# Handling, ending, termination


def agreement_signed_errors(assignment, signed_on: datetime.date | None) -> dict[str, list[str]]:
    """委托协议 (程序规定 第27条): signed by the current assignment's handler, not before it."""
    errors: dict[str, list[str]] = {}
    collect_error(errors, "signed_on", lambda: check_not_future(signed_on))
    if assignment is None:
        errors["__all__"] = [_("案件尚未指派承办人员。")]
    elif signed_on and signed_on < assignment.assigned_on:
        errors["signed_on"] = [_("委托协议签订日期不能早于指派日期。")]
    return errors


@transaction.atomic
def agreement_signed(*, actor, application: Application, signed_on: datetime.date):
    """委托协议 signed (程序规定 第27条, within 5 days of the assignment): 承办中."""
    APPLICATION_FLOW.begin(actor, application, Status.IN_PROGRESS)
    assignment = application.assignments.filter(ended_on__isnull=True).order_by("-id").first()
    errors = agreement_signed_errors(assignment, signed_on)
    if errors:
        raise ValidationError(errors)
    assignment.agreement_signed_on = signed_on
    assignment.save(update_fields=["agreement_signed_on", "updated_at"])
    return APPLICATION_FLOW.move(
        application, Status.IN_PROGRESS, actor=actor, on=signed_on, reason=_("已签订委托协议。")
    )


@transaction.atomic
def foundation_funding_set(
    *, actor, application: Application, funded: bool, note: str = ""
) -> Application:
    """基金会资助: mark (or unmark) an accepted case as funded by the legal-aid foundation.

    Only a case the agency took on can be funded; the change is written in the case history
    (an event without a change of state) so the figure's records can be traced.
    """
    APPLICATION_FLOW.begin(actor, application)
    if application.accepted_on is None:
        raise ValidationError(_("只有已受理的法律援助案件才能登记基金会资助。"))
    if application.foundation_funded == bool(funded):
        return application
    application.foundation_funded = bool(funded)
    application.save(update_fields=["foundation_funded", "updated_at"])
    reason = _("登记为基金会资助案件。") if funded else _("取消基金会资助登记。")
    note = (note or "").strip()
    APPLICATION_FLOW.record_event(
        application,
        application.status,
        application.status,
        actor=actor,
        on=timezone.localdate(),
        reason=f"{reason}{note}",
    )
    return application


@transaction.atomic
def handling_event_add(
    *, actor, application: Application, kind: str, happened_on: datetime.date, notes: str = ""
) -> HandlingEvent:
    """承办情况: a meeting, file reading, hearing … while the case is assigned or in progress."""
    APPLICATION_FLOW.begin(actor, application)
    errors: dict[str, list[str]] = {}
    if application.status not in HANDLING_STATUSES:
        errors["__all__"] = [_("只有已指派或承办中的案件才能登记承办情况。")]
    if kind not in EventKind.values:
        errors["kind"] = [_("请选择承办事项。")]
    collect_error(errors, "happened_on", lambda: _check_app_date(application, happened_on))
    first = application.assignments.order_by("assigned_on").first()
    if first and happened_on and happened_on < first.assigned_on:
        errors["happened_on"] = [_("承办情况日期不能早于指派日期。")]
    if kind == EventKind.OTHER and not (notes or "").strip():
        errors["notes"] = [_("请填写承办情况。")]
    if errors:
        raise ValidationError(errors)
    return HandlingEvent.objects.create(
        office=application.office,
        created_by=actor,
        application=application,
        kind=kind,
        happened_on=happened_on,
        notes=(notes or "").strip(),
    )


def end_errors(
    application: Application,
    assignment,
    *,
    outcome: str,
    ended_on: datetime.date | None,
    money_recovered=0,
) -> dict[str, list[str]]:
    """办结 (第50条): an outcome, a day not before receipt nor the current assignment, and the
    money recovered (not negative)."""
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [_("请选择办理结果。")]
    collect_error(errors, "ended_on", lambda: _check_app_date(application, ended_on))
    if assignment and ended_on and ended_on < assignment.assigned_on:
        errors["ended_on"] = [_("办结日期不能早于指派日期。")]
    money = _decimal_or_none(money_recovered if money_recovered not in (None, "") else 0)
    if money is None or money < 0:
        errors["money_recovered"] = [_("挽回经济损失不能为负数。")]
    return errors


@transaction.atomic
def application_end(
    *,
    actor,
    application: Application,
    outcome: str,
    ended_on: datetime.date,
    money_recovered=0,
) -> Application:
    """办结 (第50条): the outcome and the money recovered; closing materials are due next."""
    APPLICATION_FLOW.begin(actor, application, Status.ENDED)
    assignment = application.assignments.filter(ended_on__isnull=True).order_by("-id").first()
    errors = end_errors(
        application, assignment, outcome=outcome, ended_on=ended_on, money_recovered=money_recovered
    )
    if errors:
        raise ValidationError(errors)
    money = _decimal_or_none(money_recovered if money_recovered not in (None, "") else 0)
    application.outcome = outcome
    application.ended_on = ended_on
    application.money_recovered = money
    return APPLICATION_FLOW.move(
        application, Status.ENDED, actor=actor, on=ended_on, reason=str(Outcome(outcome).label)
    )


def terminate_errors(
    application: Application, *, ground: str, terminated_on: datetime.date | None, note: str = ""
) -> dict[str, list[str]]:
    """终止法律援助 (第48条): one of the statutory grounds (其他情形 says which), on a day not
    before receipt."""
    errors: dict[str, list[str]] = {}
    if ground not in TerminationGround.values:
        errors["ground"] = [_("请选择终止法律援助的理由（法律援助法 第48条）。")]
    elif ground == TerminationGround.OTHER and not (note or "").strip():
        errors["note"] = [_("以其他情形终止的，请写明依据和情况。")]
    collect_error(errors, "terminated_on", lambda: _check_app_date(application, terminated_on))
    return errors


@transaction.atomic
def application_terminate(
    *,
    actor,
    application: Application,
    ground: str,
    terminated_on: datetime.date,
    note: str = "",
) -> Application:
    """终止法律援助 (第48条): one of the statutory grounds is required."""
    APPLICATION_FLOW.begin(actor, application, Status.TERMINATED)
    errors = terminate_errors(application, ground=ground, terminated_on=terminated_on, note=note)
    if errors:
        raise ValidationError(errors)
    application.termination_ground = ground
    application.terminated_on = terminated_on
    label = str(TerminationGround(ground).label)
    note = (note or "").strip()
    return APPLICATION_FLOW.move(
        application,
        Status.TERMINATED,
        actor=actor,
        on=terminated_on,
        reason=f"{label}：{note}" if note else label,
    )


# ---------------------------------------------------------------------------------------------
# Closing (第50条; local: materials within 30 days, review within 30 days)


def materials_errors(
    application: Application, submitted_on: datetime.date | None
) -> dict[str, list[str]]:
    """提交结案材料: not in the future, not before the case ended."""
    errors: dict[str, list[str]] = {}
    collect_error(errors, "submitted_on", lambda: check_not_future(submitted_on))
    if submitted_on and application.ended_on and submitted_on < application.ended_on:
        errors["submitted_on"] = [_("提交结案材料日期不能早于办结日期。")]
    return errors


@transaction.atomic
def closing_materials_submit(*, actor, application: Application, submitted_on: datetime.date):
    """提交结案材料 (立卷材料) after the case ended."""
    APPLICATION_FLOW.begin(actor, application, Status.FILED_FOR_REVIEW)
    errors = materials_errors(application, submitted_on)
    if errors:
        raise ValidationError(errors)
    application.materials_submitted_on = submitted_on
    return APPLICATION_FLOW.move(application, Status.FILED_FOR_REVIEW, actor=actor, on=submitted_on)


def review_errors(
    checks: Checks,
    application: Application,
    *,
    approve: bool,
    reviewed_on: datetime.date | None,
    archive_number: str = "",
    reason: str = "",
) -> dict[str, list[str]]:
    """结案审查: not before the materials (or the termination); 归档 with an archive number no
    other case of the office has; 退回 with what is to be corrected."""
    errors: dict[str, list[str]] = {}
    collect_error(errors, "reviewed_on", lambda: check_not_future(reviewed_on))
    since = application.materials_submitted_on or application.terminated_on
    if reviewed_on and since and reviewed_on < since:
        errors["reviewed_on"] = [_("审查日期不能早于提交结案材料（或终止）日期。")]
    archive_number = (archive_number or "").strip()
    if approve and not archive_number:
        errors["archive_number"] = [_("请填写档案号。")]
    elif approve and checks.archive_number_taken(
        application.office_id, archive_number, application.pk
    ):
        errors["archive_number"] = [_("档案号“%(number)s”已被使用。") % {"number": archive_number}]
    if not approve and not (reason or "").strip():
        errors["reason"] = [_("退回结案材料应写明需要补正的内容。")]
    return errors


@transaction.atomic
def closing_review(
    *,
    actor,
    application: Application,
    approve: bool,
    reviewed_on: datetime.date,
    archive_number: str = "",
    reason: str = "",
) -> Application:
    """结案审查: approve → 归档 with its archive number; return → back to 已办结 with a reason.

    A terminated case (终止) is archived the same way, without closing materials to return.
    """
    to_status = Status.ARCHIVED if approve else Status.ENDED
    APPLICATION_FLOW.begin(actor, application, to_status)
    errors = review_errors(
        Checks(actor),
        application,
        approve=approve,
        reviewed_on=reviewed_on,
        archive_number=archive_number,
        reason=reason,
    )
    if errors:
        raise ValidationError(errors)
    archive_number = (archive_number or "").strip()
    reason = (reason or "").strip()
    application.reviewed_on = reviewed_on
    if approve:
        application.archive_number = archive_number
        application.archived_on = reviewed_on
        return APPLICATION_FLOW.move(
            application,
            Status.ARCHIVED,
            actor=actor,
            on=reviewed_on,
            reason=_("档案号：%(number)s") % {"number": archive_number},
        )
    application.materials_submitted_on = None
    return APPLICATION_FLOW.move(
        application, Status.ENDED, actor=actor, on=reviewed_on, reason=reason
    )


# ---------------------------------------------------------------------------------------------
# Validation helpers


def _check_app_date(application: Application, day: datetime.date | None) -> None:
    check_not_future(day)
    if day < application.received_on:
        raise ValidationError(
            _("日期不能早于收到申请日期（%(date)s）。")
            % {"date": application.received_on.isoformat()}
        )


def _decimal_or_none(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


__all__ = [
    "APPLICATION_ORIGINS",
    "HARDSHIP_CHECK_CHOICES",
    "LEGAL_AID_OFFICE_KINDS",
    "agreement_signed",
    "agreement_signed_errors",
    "applicant_errors",
    "application_create",
    "application_decide",
    "application_end",
    "application_register",
    "application_terminate",
    "application_withdraw_deemed",
    "assess_eligibility",
    "closing_materials_submit",
    "closing_review",
    "decide_errors",
    "end_errors",
    "forwarded_late",
    "handling_event_add",
    "intake_errors",
    "materials_errors",
    "materials_supplied",
    "missing_materials",
    "notification_errors",
    "notification_register",
    "objection_decide",
    "objection_file",
    "pre_aid_provide",
    "review_errors",
    "start_assignment_period",
    "start_decision_period",
    "supplement_request",
    "terminate_errors",
]
