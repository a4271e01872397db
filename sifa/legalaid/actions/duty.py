"""Writes to duty rosters (值班, 法律援助法 第13、30条): a week's shifts at a legal-aid centre,
workstation or liaison point, the persons helped on a shift, and removing a planned shift.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.legalaid.constants import DutyPeriod
from sifa.legalaid.models import DutyShift, Handler
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office

DUTY_OFFICE_KINDS = frozenset(
    {
        OfficeKind.LEGAL_AID_CENTER,
        OfficeKind.LEGAL_AID_WORKSTATION,
        OfficeKind.LEGAL_AID_LIAISON,
    }
)
# Periods that overlap: a full day overlaps both halves.
OVERLAPS = {
    DutyPeriod.MORNING: {DutyPeriod.MORNING, DutyPeriod.FULL_DAY},
    DutyPeriod.AFTERNOON: {DutyPeriod.AFTERNOON, DutyPeriod.FULL_DAY},
    DutyPeriod.FULL_DAY: {DutyPeriod.MORNING, DutyPeriod.AFTERNOON, DutyPeriod.FULL_DAY},
}


@dataclass(frozen=True)
class ShiftInput:
    """One shift of a week's roster."""

    on_date: datetime.date
    period: str  # DutyPeriod
    handler: Handler
    place: str = ""


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week."""
    return day - datetime.timedelta(days=day.weekday())


@transaction.atomic
def duty_week_add(
    *, actor, office: Office, week_of: datetime.date, shifts: list[ShiftInput]
) -> list[DutyShift]:
    """排班: add a week's shifts (Monday to Sunday of `week_of`) at `office`.

    Each handler must be one the actor sees, on the roster, of a provider on the roster, and
    not on duty twice at the same time (in this roster or one already saved).
    """
    access.require(actor, Cap.EDIT, office, line="legalaid")
    monday = week_start(week_of)
    sunday = monday + datetime.timedelta(days=6)
    errors: list[str] = []
    if office.kind not in DUTY_OFFICE_KINDS:
        raise ValidationError({"office": [_("值班只能安排在法律援助中心、工作站或联络点。")]})
    shifts = list(shifts or [])
    if not shifts:
        raise ValidationError({"shifts": [_("请至少安排一个班次。")]})
    planned: list[ShiftInput] = []
    for index, shift in enumerate(shifts, start=1):
        problem = _shift_problem(actor, office, shift, monday, sunday, planned)
        if problem:
            errors.append(_("第%(n)d行：%(problem)s") % {"n": index, "problem": problem})
        planned.append(shift)
    if errors:
        raise ValidationError({"shifts": errors})
    created = []
    for shift in shifts:
        created.append(
            DutyShift.objects.create(
                office=office,
                created_by=actor,
                on_date=shift.on_date,
                period=shift.period,
                handler=shift.handler,
                place=(shift.place or "").strip(),
            )
        )
    return created


def _shift_problem(actor, office, shift: ShiftInput, monday, sunday, planned) -> str | None:
    if shift.on_date is None or not (monday <= shift.on_date <= sunday):
        return _("值班日期须在%(start)s至%(end)s之间。") % {
            "start": monday.isoformat(),
            "end": sunday.isoformat(),
        }
    if shift.period not in DutyPeriod.values:
        return _("请选择时段。")
    handler = shift.handler
    if handler is None or not access.scope(actor, Handler.objects.filter(pk=handler.pk)).exists():
        return _("未找到该承办人员。")
    if not handler.active or not handler.provider.active:
        return _("%(name)s 已不在册。") % {"name": handler.person.name}
    overlapping = OVERLAPS[shift.period]
    for other in planned:
        if (
            other.handler.pk == handler.pk
            and other.on_date == shift.on_date
            and other.period in overlapping
        ):
            return _("%(name)s 在同一时段重复排班。") % {"name": handler.person.name}
    clash = DutyShift.objects.filter(
        handler=handler, on_date=shift.on_date, period__in=overlapping
    ).select_related("office")
    existing = clash.first()
    if existing is not None:
        return _("%(name)s %(date)s 已在%(office)s值班。") % {
            "name": handler.person.name,
            "date": shift.on_date.isoformat(),
            "office": existing.office.name,
        }
    return None


@transaction.atomic
def duty_record_help(*, actor, shift: DutyShift, persons_helped: int, notes: str = "") -> DutyShift:
    """值班情况: how many persons were helped on a shift that has taken place."""
    access.require_for(actor, Cap.EDIT, shift)
    errors: dict[str, list[str]] = {}
    if shift.on_date > timezone.localdate():
        errors["persons_helped"] = [_("值班尚未开始，不能登记值班情况。")]
    if persons_helped is None or persons_helped < 0:
        errors["persons_helped"] = [_("提供法律帮助人次不能为负数。")]
    if errors:
        raise ValidationError(errors)
    shift.persons_helped = persons_helped
    shift.notes = (notes or "").strip()
    shift.save()
    return shift


@transaction.atomic
def duty_shift_remove(*, actor, shift: DutyShift) -> None:
    """取消排班: only a shift that has not taken place yet."""
    access.require_for(actor, Cap.EDIT, shift)
    if shift.on_date <= timezone.localdate():
        raise ValidationError(_("已开始的值班不能取消，请登记值班情况。"))
    shift.delete()
