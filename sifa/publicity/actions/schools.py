"""Writes of the 法治副校长 (教育部令第52号《中小学法治副校长聘任与管理办法》, DOMAIN §7):
appointments to the schools of a bureau's register and their activities.

The rules: one person serves at most two schools at a time (refused); a school has at most five
at a time; every school should have one (a to-do and the coverage rate, not a refusal) and each
appointee should give it at least SIFA_PUBLICITY_VP_MIN_HOURS class hours a calendar year (a
to-do and a figure). Two derived tables are kept here, inside the same transaction as the write:
the appointment's years with the hours given (`AppointmentYear`) and the spans in which a school
had an appointee (`SchoolCover`, the union of its terms).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core import bulk
from sifa.core.records import save_checked
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.people.actions import PersonIdentity, person_obtain
from sifa.publicity.constants import (
    LINE,
    VP_PER_SCHOOL_MAX,
    VP_SCHOOLS_PER_PERSON,
    DispatchOrgan,
    UnitKind,
    VpAudience,
)
from sifa.publicity.models import Appointment, AppointmentYear, SchoolCover, Unit, VpActivity

MAX_HOURS_PER_ACTIVITY = Decimal(8)


def term_years() -> int:
    return int(sifa_setting("SIFA_PUBLICITY_VP_TERM_YEARS"))


def min_hours() -> int:
    return int(sifa_setting("SIFA_PUBLICITY_VP_MIN_HOURS"))


def term_end(started_on: datetime.date, years: int | None = None) -> datetime.date:
    """The term's anniversary (exclusive end): 29 February falls on 1 March."""
    years = term_years() if years is None else years
    try:
        return started_on.replace(year=started_on.year + years)
    except ValueError:
        return datetime.date(started_on.year + years, 3, 1)


def _overlapping(rows, start, end):
    return rows.filter(started_on__lt=end, ended_on__gt=start)


def appointment_errors(
    *, school: Unit, person, organ, started_on, ended_on, exclude_pk=None
) -> dict:
    errors: dict[str, list[str]] = {}
    if school.kind != UnitKind.SCHOOL or not school.active:
        errors["school"] = [_("请选择名册中在册的学校。")]
    if organ not in DispatchOrgan.values:
        errors["organ"] = [_("请选择派出机关（法院、检察院、公安或司法行政部门）。")]
    if started_on is None:
        errors["started_on"] = [_("请填写聘任日期。")]
        return errors
    if ended_on is not None and ended_on <= started_on:
        errors["ended_on"] = [_("聘期届满日期应晚于聘任日期。")]
        return errors
    if person is None:
        return errors
    rows = Appointment.objects.exclude(pk=exclude_pk)
    same = _overlapping(rows.filter(person=person), started_on, ended_on)
    if same.filter(school=school).exists():
        errors["id_number"] = [_("%(name)s 在该期间已是本校的法治副校长。") % {"name": person.name}]
        return errors
    schools = set(same.values_list("school", flat=True))
    if len(schools) >= VP_SCHOOLS_PER_PERSON:
        errors["id_number"] = [
            _(
                "%(name)s 在该期间已担任%(count)s所学校的法治副校长，"
                "按照教育部令第52号，同一人最多担任两所学校的法治副校长。"
            )
            % {"name": person.name, "count": len(schools)}
        ]
    at_school = _overlapping(rows.filter(school=school), started_on, ended_on)
    if at_school.values("person").distinct().count() >= VP_PER_SCHOOL_MAX:
        errors["school"] = [_("该校在该期间已有5名法治副校长，不能再聘任。")]
    return errors


def _years(start: datetime.date, end: datetime.date) -> range:
    return range(start.year, (end - datetime.timedelta(days=1)).year + 1)


def years_sync(appointments) -> None:
    """Rebuild the `AppointmentYear` rows of `appointments`: one per calendar year of the term,
    with the class hours of the activities of that year."""
    appointments = list(appointments)
    if not appointments:
        return
    ids = [a.pk for a in appointments]
    AppointmentYear.objects.filter(appointment__in=ids).delete()
    hours = {
        (row["appointment"], row["held_on__year"]): row["total"]
        for row in VpActivity.objects.filter(appointment__in=ids)
        .values("appointment", "held_on__year")
        .annotate(total=Sum("hours"))
    }
    bulk.insert(
        bulk.new(
            AppointmentYear,
            appointment=a,
            office_id=a.office_id,
            year=year,
            year_start=datetime.date(year, 1, 1),
            year_next=datetime.date(year + 1, 1, 1),
            hours=hours.get((a.pk, year), Decimal(0)),
        )
        for a in appointments
        for year in _years(a.started_on, a.ended_on)
    )


def covers_sync(schools) -> None:
    """Rebuild the `SchoolCover` spans of `schools`: the union of their appointments' terms."""
    schools = list(schools)
    if not schools:
        return
    SchoolCover.objects.filter(school__in=schools).delete()
    terms: dict[int, list] = {}
    for school_id, start, end in (
        Appointment.objects.filter(school__in=schools)
        .order_by("school", "started_on")
        .values_list("school", "started_on", "ended_on")
    ):
        spans = terms.setdefault(school_id, [])
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    offices = {school.pk: school.office_id for school in schools}
    bulk.insert(
        bulk.new(
            SchoolCover,
            school_id=school_id,
            office_id=offices[school_id],
            covered_from=start,
            covered_until=end,
        )
        for school_id, spans in terms.items()
        for start, end in spans
    )


@transaction.atomic
def appointment_record(
    *,
    actor,
    school: Unit,
    identity: PersonIdentity,
    organ: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    organ_name: str = "",
) -> Appointment:
    """聘任法治副校长: the person (found or registered through the person registry) at the
    school, for the term (SIFA_PUBLICITY_VP_TERM_YEARS years unless `ended_on` is given)."""
    access.require(actor, Cap.EDIT, school.office, line=LINE)
    Unit.objects.select_for_update().filter(pk=school.pk).first()  # one writer per school
    if started_on is not None and ended_on is None:
        ended_on = term_end(started_on)
    errors = appointment_errors(
        school=school, person=identity.person, organ=organ, started_on=started_on,
        ended_on=ended_on,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    person = person_obtain(actor=actor, office=school.office, identity=identity)
    if identity.person is None:  # a newly registered person: the rules by person again
        errors = appointment_errors(
            school=school, person=person, organ=organ, started_on=started_on, ended_on=ended_on
        )
        if errors:
            raise ValidationError(errors)
    record = Appointment(
        office=school.office, school=school, person=person, organ=organ,
        organ_name=(organ_name or "").strip(), started_on=started_on, ended_on=ended_on,
        created_by=actor,
    )  # fmt: skip
    save_checked(record, actor, _("聘任法治副校长"))
    years_sync([record])
    covers_sync([school])
    return record


@transaction.atomic
def appointment_end(
    *, actor, appointment: Appointment, ended_on: datetime.date, reason: str = ""
) -> Appointment:
    """离任 before the term's end: the appointment ends on `ended_on` (exclusive)."""
    access.require(actor, Cap.EDIT, appointment.office, line=LINE)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if ended_on is None or ended_on <= appointment.started_on:
        raise ValidationError({"ended_on": [_("离任日期应晚于聘任日期。")]})
    if ended_on >= appointment.ended_on:
        raise ValidationError({"ended_on": [_("离任日期应早于聘期届满日期。")]})
    if appointment.activities.filter(held_on__gte=ended_on).exists():
        raise ValidationError({"ended_on": [_("离任日期之后还有授课记录。")]})
    appointment.ended_on = ended_on
    appointment.end_reason = (reason or "").strip()
    save_checked(appointment, actor, _("法治副校长离任"))
    years_sync([appointment])
    covers_sync([appointment.school])
    return appointment


@transaction.atomic
def activity_record(
    *,
    actor,
    appointment: Appointment,
    held_on: datetime.date,
    hours: Decimal,
    topic: str,
    audience: str,
    participants: int = 0,
) -> VpActivity:
    """登记法治副校长授课(活动) at the appointment's school, within the term."""
    access.require(actor, Cap.EDIT, appointment.office, line=LINE)
    errors: dict[str, list[str]] = {}
    if held_on is None or held_on > timezone.localdate():
        errors["held_on"] = [_("日期不能晚于今天。")]
    elif not appointment.started_on <= held_on < appointment.ended_on:
        errors["held_on"] = [_("日期应在聘期内。")]
    if hours is None or not Decimal(0) < hours <= MAX_HOURS_PER_ACTIVITY:
        errors["hours"] = [_("课时应大于0且不超过8。")]
    if audience not in VpAudience.values:
        errors["audience"] = [_("请选择对象。")]
    if errors:
        raise ValidationError(errors)
    record = VpActivity(
        office=appointment.office, appointment=appointment, held_on=held_on, hours=hours,
        topic=(topic or "").strip(), audience=audience, participants=participants or 0,
        created_by=actor,
    )  # fmt: skip
    record.full_clean()
    record.save()
    year = (
        AppointmentYear.objects.select_for_update()
        .filter(appointment=appointment, year=held_on.year)
        .first()
    )
    if year is None:  # rows written before the table was kept: rebuild them
        years_sync([appointment])
    else:
        year.hours += hours
        year.save(update_fields=["hours"])
    return record
