"""Writes to duty rosters (值班, 法律援助法 第13、30条): a week's shifts at a legal-aid centre,
workstation or liaison point — or at a public legal service centre's or station's front desk,
whose posts are 律师, 公证员, 调解员 and 法援 (`DutyKind`, docs/frontdesk.md) —, the persons helped
on a shift, signing in and out, and removing a planned shift.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.legalaid.constants import DUTY_HANDLER_KINDS, DutyKind, DutyPeriod
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
        OfficeKind.PLS_CENTER,
        OfficeKind.PLS_STATION,
    }
)
# The front desks of the public legal service centres and stations (docs/frontdesk.md).
FRONT_DESK_OFFICE_KINDS = frozenset({OfficeKind.PLS_CENTER, OfficeKind.PLS_STATION})
# A notary or a mediator sits on duty at a front desk only; legal aid's own offices keep
# 法援 and 律师 duty.
FRONT_DESK_ONLY_KINDS = frozenset({DutyKind.NOTARY, DutyKind.MEDIATOR})
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
    kind: str = DutyKind.LEGAL_AID


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
        raise ValidationError(
            {
                "office": [
                    _("值班只能安排在法律援助中心、工作站、联络点或公共法律服务中心、工作站。")
                ]
            }
        )
    shifts = list(shifts or [])
    if not shifts:
        raise ValidationError({"shifts": [_("请至少安排一个班次。")]})
    planned: list[ShiftInput] = []
    for index, shift in enumerate(shifts, start=1):
        problem = _shift_problem(actor, office, shift, monday, sunday, planned) or _kind_problem(
            office, shift
        )
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
                kind=shift.kind or DutyKind.LEGAL_AID,
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


def _kind_problem(office, shift: ShiftInput) -> str | None:
    kind = shift.kind or DutyKind.LEGAL_AID
    if kind not in DutyKind.values:
        return _("请选择值班类别。")
    if kind in FRONT_DESK_ONLY_KINDS and office.kind not in FRONT_DESK_OFFICE_KINDS:
        return _("%(kind)s只能安排在公共法律服务中心或工作站。") % {"kind": DutyKind(kind).label}
    if shift.handler.kind not in DUTY_HANDLER_KINDS[kind]:
        return _("%(name)s（%(handler_kind)s）不能担任%(kind)s。") % {
            "name": shift.handler.person.name,
            "handler_kind": shift.handler.get_kind_display(),
            "kind": DutyKind(kind).label,
        }
    return None


@transaction.atomic
def duty_sign_in(*, actor, shift: DutyShift, at: datetime.datetime | None = None) -> DutyShift:
    """签到: the handler arrived for the shift, on its day."""
    access.require_for(actor, Cap.EDIT, shift)
    shift = DutyShift.objects.select_for_update().get(pk=shift.pk)
    at = at or timezone.now()
    if shift.signed_in_at is not None:
        raise ValidationError({"signed_in_at": [_("该班次已签到。")]})
    if timezone.localdate(at) != shift.on_date:
        raise ValidationError(
            {"signed_in_at": [_("只能在值班当日（%(date)s）签到。") % {"date": shift.on_date}]}
        )
    shift.signed_in_at = at
    shift.save(update_fields=["signed_in_at", "updated_at"])
    return shift


@transaction.atomic
def duty_sign_out(*, actor, shift: DutyShift, at: datetime.datetime | None = None) -> DutyShift:
    """签退: the handler left, after signing in."""
    access.require_for(actor, Cap.EDIT, shift)
    shift = DutyShift.objects.select_for_update().get(pk=shift.pk)
    at = at or timezone.now()
    if shift.signed_in_at is None:
        raise ValidationError({"signed_out_at": [_("尚未签到，不能签退。")]})
    if shift.signed_out_at is not None:
        raise ValidationError({"signed_out_at": [_("该班次已签退。")]})
    if at < shift.signed_in_at:
        raise ValidationError({"signed_out_at": [_("签退时间不能早于签到时间。")]})
    shift.signed_out_at = at
    shift.save(update_fields=["signed_out_at", "updated_at"])
    return shift


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


def front_desk_shifts_load(*, shifts: list[dict]) -> int:
    """Born-complete front-desk shifts in bulk (the demo city): each a dict of DutyShift fields
    (office, on_date, period, kind, handler, signed_in_at, signed_out_at …). Internal: no actor
    and no roster checks — the caller (a demo or an import) draws them from the roster."""
    from sifa.core import bulk

    rows = []
    for values in shifts:
        if values["office"].kind not in FRONT_DESK_OFFICE_KINDS:
            raise ValueError(f"{values['office']} is not a front desk")
        rows.append(bulk.new(DutyShift, **values))
    bulk.insert(rows)
    return len(rows)
