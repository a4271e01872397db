"""Writes to the front desk's registers: a visit (来访登记), its satisfaction, and a consultation
event held outside (法律咨询活动). Every action checks `edit` in the line "frontdesk" on the
centre or station, validates with Chinese messages and runs in one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.idnumber import normalize_phone
from sifa.frontdesk.constants import LINE, MatterCategory, Satisfaction, Service
from sifa.frontdesk.models import OutreachEvent, Visit
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people.actions import PersonIdentity, person_obtain
from sifa.people.models import Person

# The front desks: public legal service centres (county/city) and stations (township).
DESK_OFFICE_KINDS = frozenset({OfficeKind.PLS_CENTER, OfficeKind.PLS_STATION})


def _check_desk(office: Office | None) -> None:
    if office is None or office.kind not in DESK_OFFICE_KINDS:
        raise ValidationError({"office": [_("只能在公共法律服务中心或工作站登记。")]})


@transaction.atomic
def visit_register(
    *,
    actor,
    office: Office,
    visited_at: datetime.datetime,
    category: str,
    matter: str,
    service: str,
    person: Person | None = None,
    identity: PersonIdentity | None = None,
    visitor_name: str = "",
    phone: str = "",
    answer: str = "",
    referred_to: str = "",
    satisfaction: str = "",
    received_by: str = "",
) -> Visit:
    """来访登记: a visitor received at `office`. The visitor is `person`, the one `identity`
    names (found by 身份证号码 or registered at `office`), or a name alone when no ID is given."""
    access.require(actor, Cap.EDIT, office, line=LINE)
    _check_desk(office)
    errors: dict[str, list[str]] = {}
    name = (visitor_name or "").strip()
    if person is None and identity is None and not name:
        errors["visitor_name"] = [_("请填写来访人姓名，或登记身份证号码。")]
    if visited_at is None:
        errors["visited_at"] = [_("请填写来访时间。")]
    elif visited_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["visited_at"] = [_("来访时间不能晚于现在。")]
    if category not in MatterCategory.values:
        errors["category"] = [_("请选择事项类别。")]
    if not (matter or "").strip():
        errors["matter"] = [_("请填写来访事项。")]
    if service not in Service.values:
        errors["service"] = [_("请选择服务方式。")]
    elif service == Service.REFERRED and not (referred_to or "").strip():
        errors["referred_to"] = [_("转办转介的，请填写转往何处。")]
    if satisfaction and satisfaction not in Satisfaction.values:
        errors["satisfaction"] = [_("请选择满意度。")]
    clean_phone = ""
    if person is None and identity is None and (phone or "").strip():
        try:
            clean_phone = normalize_phone(phone)
        except ValidationError as error:
            errors["phone"] = error.messages
    if errors:
        raise ValidationError(errors)
    if identity is not None:
        person = person_obtain(actor=actor, office=office, identity=identity)
    return Visit.objects.create(
        office=office,
        created_by=actor,
        visited_at=visited_at,
        person=person,
        visitor_name=person.name if person is not None else name,
        phone=clean_phone,
        category=category,
        matter=matter.strip(),
        service=service,
        answer=(answer or "").strip(),
        referred_to=(referred_to or "").strip(),
        satisfaction=satisfaction or "",
        received_by=(received_by or "").strip(),
    )


@transaction.atomic
def visit_rate(*, actor, visit: Visit, satisfaction: str) -> Visit:
    """满意度评价: the visitor's rating of the service."""
    access.require_for(actor, Cap.EDIT, visit)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": [_("请选择满意度。")]})
    visit.satisfaction = satisfaction
    visit.save(update_fields=["satisfaction", "updated_at"])
    return visit


@transaction.atomic
def event_record(
    *,
    actor,
    office: Office,
    held_on: datetime.date,
    place: str,
    persons: int,
    sessions: int = 1,
    topic: str = "",
    notes: str = "",
) -> OutreachEvent:
    """法律咨询活动: an event held outside by a centre or station (场次, 人次)."""
    access.require(actor, Cap.EDIT, office, line=LINE)
    _check_desk(office)
    errors: dict[str, list[str]] = {}
    if held_on is None:
        errors["held_on"] = [_("请填写活动日期。")]
    elif held_on > timezone.localdate():
        errors["held_on"] = [_("活动日期不能晚于今天。")]
    if not (place or "").strip():
        errors["place"] = [_("请填写活动地点。")]
    if sessions is None or sessions < 1:
        errors["sessions"] = [_("场次至少为1。")]
    if persons is None or persons < 0:
        errors["persons"] = [_("咨询人次不能为负数。")]
    if errors:
        raise ValidationError(errors)
    return OutreachEvent.objects.create(
        office=office,
        created_by=actor,
        held_on=held_on,
        place=place.strip(),
        topic=(topic or "").strip(),
        sessions=sessions,
        persons=persons,
        notes=(notes or "").strip(),
    )
