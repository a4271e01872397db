"""Writes of the practice registers (DOMAIN §6.1, §6.2): institutions, practitioners, transfers.

Licensing is the supervising bureau's work: each write here needs `edit` in the line on the
bureau *above* the institution (the office the institution sits under), so an institution's
own account (执业机构管理员, granted on the institution's office) cannot license or move
anybody. Practitioners are persons of the registry (`people.actions.person_obtain`: the ID
number encrypted, one person however many lines name them).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core.records import create_checked
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.people import selectors as people_selectors
from sifa.people.actions import PersonIdentity, person_obtain
from sifa.practice.constants import (
    HELD,
    INSTITUTION_TRANSITIONS,
    KINDS_OF,
    LINE,
    OFFICE_KIND,
    PRACTITIONER_NOUN,
    Category,
    InstitutionStatus,
    PractitionerKind,
    PractitionerStatus,
)
from sifa.practice.licences import (
    institution_licence_error,
    normalised,
    practitioner_licence_error,
)
from sifa.practice.models import Institution, Practitioner, Transfer
from sifa.practice.selectors.registers import supervising_office


def require_supervisor(actor, institution_office: Office) -> None:
    access.require(actor, Cap.EDIT, supervising_office(institution_office), line=LINE)


def _saved(record, actor, reason: str):
    record._history_user = actor
    record._change_reason = reason
    record.full_clean()
    record.save()
    return record


# --- institutions ---------------------------------------------------------------------------


def institution_errors(
    *, office: Office, category: str, firm_kind: str, licence_number: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if category in OFFICE_KIND and office.kind != OFFICE_KIND[category]:
        errors["office"] = [
            _("“%(office)s”的机构类型不是%(category)s，请先在机构树中将其设为%(category)s。")
            % {"office": office.name, "category": Category(category).label}
        ]
    if category == Category.LAW_FIRM and not firm_kind:
        errors["firm_kind"] = [_("律师事务所须填写组织形式（合伙、个人或国家出资）。")]
    if category != Category.LAW_FIRM and firm_kind:
        errors["firm_kind"] = [
            _("%(category)s没有律师事务所的组织形式，请留空。")
            % {"category": Category(category).label}
        ]
    if category in OFFICE_KIND:
        message = institution_licence_error(licence_number, category)
        if message:
            errors["licence_number"] = [message]
    return errors


@transaction.atomic
def institution_register(
    *,
    actor,
    office: Office,
    category: str,
    licence_number: str,
    founded_on: datetime.date,
    firm_kind: str = "",
    address: str = "",
    head_name: str = "",
) -> Institution:
    """登记执业机构: the register entry of an office of kind 律师事务所 / 基层法律服务所 (the office
    itself is added to the tree by the system administrator, like every office)."""
    require_supervisor(actor, office)
    errors = institution_errors(
        office=office, category=category, firm_kind=firm_kind, licence_number=licence_number
    )
    if errors:
        raise ValidationError(errors)
    institution = Institution(
        office=office,
        created_by=actor,
        category=category,
        firm_kind=firm_kind or "",
        licence_number=normalised(licence_number),
        founded_on=founded_on,
        address=(address or "").strip(),
        head_name=(head_name or "").strip(),
    )
    return _saved(institution, actor, _("登记执业机构"))


@transaction.atomic
def institution_status_change(
    *, actor, institution: Institution, status: str, on: datetime.date, reason: str = ""
) -> Institution:
    """正常 ⇄ 停业整顿 → 注销 (a dissolved institution stays in the register with its date)."""
    institution = Institution.objects.select_for_update(of=("self",)).get(pk=institution.pk)
    require_supervisor(actor, institution.office)
    if status not in INSTITUTION_TRANSITIONS.get(institution.status, set()):
        raise ValidationError(
            {
                "status": _("执业机构不能从“%(from)s”变为“%(to)s”。")
                % {
                    "from": institution.get_status_display(),
                    "to": InstitutionStatus(status).label,
                }
            }
        )
    if status == InstitutionStatus.DISSOLVED:
        if on < institution.founded_on:
            raise ValidationError({"on": _("注销日期不能早于设立日期。")})
        if institution.practitioners.filter(status__in=HELD).exists():
            raise ValidationError(
                {"status": _("该机构仍有持有效执业证的人员，请先办理其变更执业机构或注销。")}
            )
        institution.dissolved_on = on
    institution.status = status
    return _saved(institution, actor, reason or _("执业机构状态变更"))


# --- practitioners --------------------------------------------------------------------------


def held_licence_of(person) -> Practitioner | None:
    """The licence `person` holds now (practising or suspended), if any — whoever may see it:
    the rule "one person, one licence" is national, not the actor's view."""
    return Practitioner.objects.filter(person=person, status__in=HELD).first()


def one_licence_message(held: Practitioner) -> str:
    message = _("此人已持有有效执业证（%(number)s，%(institution)s），一人只能持有一个有效执业证。")
    return message % {"number": held.licence_number, "institution": held.institution}


def practitioner_errors(
    *, institution: Institution, licence_number: str, kind: str, licensed_on
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    message = practitioner_licence_error(licence_number, institution.category)
    if message:
        errors["licence_number"] = [message]
    allowed = KINDS_OF[institution.category]
    if kind and kind not in allowed:
        labels = [str(label) for value, label in PractitionerKind.choices if value in allowed]
        names = "或".join(filter(None, ["、".join(labels[:-1]), labels[-1]]))
        errors["kind"] = [
            _("%(who)s的执业类型只能是%(kinds)s。")
            % {"who": PRACTITIONER_NOUN[institution.category], "kinds": names}
        ]
    if institution.status == InstitutionStatus.DISSOLVED:
        errors["institution"] = [_("“%(name)s”已注销，不能在该机构执业。") % {"name": institution}]
    if licensed_on and licensed_on < institution.founded_on:
        errors["licensed_on"] = [_("执业日期不能早于执业机构的设立日期。")]
    return errors


@transaction.atomic
def practitioner_register(
    *,
    actor,
    institution: Institution,
    identity: PersonIdentity,
    licence_number: str,
    kind: str,
    licensed_on: datetime.date,
    is_partner: bool = False,
) -> Practitioner:
    """登记执业人员 (律师 or 基层法律服务工作者) at `institution`; the person is found in the
    registry by 身份证号码 or registered there (at the institution's office)."""
    require_supervisor(actor, institution.office)
    errors = practitioner_errors(
        institution=institution, licence_number=licence_number, kind=kind, licensed_on=licensed_on
    )
    if errors:
        raise ValidationError(errors)
    if identity.person is None and identity.id_number:
        found = people_selectors.person_find_by_id_number(actor=actor, id_number=identity.id_number)
        if found is not None:
            if identity.name and found.name != identity.name.strip():
                message = _("该证件号码已登记为“%(name)s”，姓名不符。")
                raise ValidationError({"id_number": message % {"name": found.name}})
            identity = PersonIdentity(person=found)
    person = person_obtain(actor=actor, office=institution.office, identity=identity)
    held = held_licence_of(person)
    if held is not None:
        raise ValidationError({"id_number": [one_licence_message(held)]})
    practitioner = Practitioner(
        office=institution.office,
        created_by=actor,
        person=person,
        category=institution.category,
        institution=institution,
        licence_number=normalised(licence_number),
        kind=kind,
        licensed_on=licensed_on,
        is_partner=bool(is_partner) and institution.category == Category.LAW_FIRM,
    )
    return _saved(practitioner, actor, _("登记执业人员"))


@transaction.atomic
def practitioner_transfer(
    *,
    actor,
    practitioner: Practitioner,
    to_institution: Institution,
    moved_on: datetime.date,
    reason: str = "",
) -> Transfer:
    """变更执业机构: the practitioner leaves his institution for `to_institution` on `moved_on`.
    Both supervising bureaus' rights are needed (a move between counties is the city's)."""
    practitioner = Practitioner.objects.select_for_update().get(pk=practitioner.pk)
    source = practitioner.institution
    require_supervisor(actor, source.office)
    require_supervisor(actor, to_institution.office)
    errors: dict[str, list[str]] = {}
    if practitioner.status not in HELD:
        errors["practitioner"] = [_("该执业证已注销，不能变更执业机构。")]
    if to_institution.pk == source.pk:
        errors["to_institution"] = [_("新执业机构与现执业机构相同。")]
    elif to_institution.category != practitioner.category:
        message = _("%(who)s只能转入%(category)s。")
        who = PRACTITIONER_NOUN[practitioner.category]
        errors["to_institution"] = [
            message % {"who": who, "category": practitioner.get_category_display()}
        ]
    elif to_institution.status != InstitutionStatus.NORMAL:
        errors["to_institution"] = [
            _("“%(name)s”当前状态为%(status)s，不能转入。")
            % {"name": to_institution, "status": to_institution.get_status_display()}
        ]
    last = practitioner.transfers.order_by("-moved_on").first()
    earliest = last.moved_on if last else practitioner.licensed_on
    if moved_on < earliest:
        errors["moved_on"] = [
            _("变更日期不能早于%(day)s（执业日期或上一次变更）。") % {"day": earliest.isoformat()}
        ]
    if moved_on < to_institution.founded_on:
        errors.setdefault("moved_on", []).append(_("变更日期不能早于新执业机构的设立日期。"))
    if errors:
        raise ValidationError(errors)
    transfer = create_checked(
        Transfer,
        office=to_institution.office,
        created_by=actor,
        practitioner=practitioner,
        from_institution=source,
        to_institution=to_institution,
        moved_on=moved_on,
        reason=(reason or "").strip(),
    )
    practitioner.institution = to_institution
    practitioner.office = to_institution.office
    practitioner.is_partner = False  # a partner of the old firm is not one of the new
    _saved(practitioner, actor, reason or _("变更执业机构"))
    return transfer


@transaction.atomic
def practitioner_cancel(
    *, actor, practitioner: Practitioner, cancelled_on: datetime.date, reason: str = ""
) -> Practitioner:
    """注销执业证: the licence ends on `cancelled_on` (the person may be licensed again later)."""
    practitioner = Practitioner.objects.select_for_update().get(pk=practitioner.pk)
    require_supervisor(actor, practitioner.office)
    if practitioner.status == PractitionerStatus.CANCELLED:
        raise ValidationError({"status": _("该执业证已注销。")})
    if cancelled_on < practitioner.licensed_on:
        raise ValidationError({"cancelled_on": _("注销日期不能早于执业日期。")})
    practitioner.status = PractitionerStatus.CANCELLED
    practitioner.cancelled_on = cancelled_on
    practitioner.is_partner = False
    return _saved(practitioner, actor, reason or _("注销执业证"))
