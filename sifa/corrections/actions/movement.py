"""Leave, moves and electronic monitoring of community-corrections subjects (DOMAIN §3.4).

* 外出 (CC-13): the approval level follows the length of the trip (both ends counted) and the
  approved days of every two-month window the trip touches — before it and after it (an
  approved later trip counts too): up to SIFA_CC_LEAVE_OFFICE_MAX_DAYS (7) the
  司法所, up to SIFA_CC_LEAVE_COUNTY_MAX_DAYS (30) the county, above — or when the two-month
  total passes SIFA_CC_LEAVE_TWO_MONTH_MAX_DAYS (30) — the city, which notifies the 检察院.
  Who may decide is checked with `access.can(actor, Cap.EDIT, office)` on the office of the
  level: the subject's 司法所, its county bureau (the nearest 司法局 above it), or the city
  (the county bureau's parent 司法局). A grant higher up covers the lower levels, so a county
  user may also decide a 司法所-level leave. The level is computed again when the leave is
  decided (another leave may have been approved meanwhile).
* 销假 and 逾期未归: `raise_overdue_returns(today)` raises one Alert per overdue leave
  (idempotent: the alert's text identifies the leave).
* 经常性跨市县活动 (CC-14): one approval, valid at most SIFA_CC_CROSSING_MAX_MONTHS months.
* 执行地变更 (CC-15): apply → request the new county's opinion (SIFA_CC_OPINION_REQUEST_DAYS,
  5 days, shown as a deadline) → the new place's reply (SIFA_CC_OPINION_REPLY_DAYS, 5 days)
  → the old county's decision (EDIT on the old county bureau).
  On approval a NEW Subject row is opened at the new 司法所 (status RECEIVED, to report within
  PLACE_CHANGE_REPORT_RULE days) and the old row goes to TRANSFERRED_OUT; the old row keeps its
  supervision, measures and check-ins, so the old office's reports do not change.
* 电子定位 (CC-24, 社区矫正法 第29条): one of five grounds, approved by the county's head — the
  actor must hold EDIT on the county bureau, not only on the 司法所 —, at most
  `rules.MONITORING_MAX_MONTHS` (3) months; an extension is a new row after a re-assessment,
  each again at most 3 months. Release may be recorded by whoever edits the subject's office.

A minor's records are written only by users holding Cap.MINORS over them (others get 404, as
for reads).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.deadlines import add_months, compute
from sifa.core.numbering import save_with_number
from sifa.corrections import rules
from sifa.corrections.constants import (
    ACTIVE_STATUSES,
    JUDGMENT_FIELDS,
    PLACE_CHANGE_REPORT_RULE,
    AlertKind,
    ApprovalLevel,
    LeaveStatus,
    MonitoringGround,
    ReportType,
    Status,
)
from sifa.corrections.flow import SUBJECT_FLOW
from sifa.corrections.models import (
    Alert,
    FrequentCrossing,
    Leave,
    Monitoring,
    PlaceChange,
    Subject,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.stats import figure_cache

DAY = datetime.timedelta(days=1)
LEAVE_ADVANCE_DAYS = 3  # CC-13: apply "generally 3 days ahead" — guidance, never refused
PLACE_CHANGE_ADVANCE_MONTHS = 1  # CC-15: apply one month ahead — guidance, never refused
COUNTED_LEAVE_STATUSES = (LeaveStatus.APPROVED, LeaveStatus.RETURNED)

# 执行地变更 subjects' fields copied to the new row (the episode continues at the new place).
COPIED_SUBJECT_FIELDS = (
    "person",
    *JUDGMENT_FIELDS,
    "is_minor",
    "investigation",
    "category",
    "correction_start",
    "correction_end",
    "period_override_reason",
    "outside_prison_ground",
)


# ---------------------------------------------------------------------------------------------
# The offices above a 司法所


def county_of(office: Office) -> Office | None:
    """The county bureau of a 司法所: the nearest 司法局 at or above `office`."""
    if office.kind == OfficeKind.JUSTICE_BUREAU:
        return office
    above = _bureaus_above(office)
    return above[0] if above else None


def city_of(office: Office) -> Office | None:
    """The city bureau: the 司法局 above the county bureau of `office`."""
    county = county_of(office)
    above = _bureaus_above(county) if county is not None else []
    return above[0] if above else None


def _bureaus_above(office: Office) -> list[Office]:
    """The 司法局 above `office`, nearest first."""
    ancestors = Office.objects.get_ancestors(office).filter(kind=OfficeKind.JUSTICE_BUREAU)
    return list(ancestors.order_by("-depth"))


def level_office(subject: Subject, level: str) -> Office | None:
    """The office whose EDIT grant decides a leave of `level`."""
    if level == ApprovalLevel.JUDICIAL_OFFICE:
        return subject.office
    if level == ApprovalLevel.COUNTY:
        return county_of(subject.office)
    return city_of(subject.office)


def can_decide_level(actor, subject: Subject, level: str) -> bool:
    office = level_office(subject, level)
    return office is not None and access.can(actor, Cap.EDIT, office, line="corrections")


def can_approve_monitoring(actor, subject: Subject) -> bool:
    """电子定位 needs the county head's approval: EDIT on the county bureau."""
    county = county_of(subject.office)
    return county is not None and access.can(actor, Cap.EDIT, county, line="corrections")


# ---------------------------------------------------------------------------------------------
# Shared checks


def _require_subject(actor, subject: Subject, capability: str = Cap.EDIT) -> None:
    """404 outside sight (and for a minor without Cap.MINORS), 403 without `capability`."""
    access.require(actor, capability, subject.office, line="corrections")
    if subject.is_minor and not access.can(actor, Cap.MINORS, subject.office, line="corrections"):
        raise Http404(_("未找到该记录。"))


def _require_active(subject: Subject) -> None:
    if subject.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("矫正对象当前状态为「%(status)s」，不能办理此事项。")
            % {"status": subject.get_status_display()},
            code="status",
        )


def _lock(model, record):
    """Lock `record`'s row and reload it (two clerks cannot both decide it)."""
    model.objects.select_for_update().only("pk").get(pk=record.pk)
    record.refresh_from_db()
    return record


def _require_given(**values) -> None:
    """Refuse with 此项为必填项 on every value not given."""
    errors: dict[str, str] = {}
    _required(errors, **values)
    if errors:
        raise ValidationError(errors)


def _begin_on_active_subject(actor, subject: Subject, *, approver: bool = False) -> None:
    """Edit on the subject (and the county head's approval when `approver`), its row locked,
    and a correction under way."""
    _require_subject(actor, subject)
    if approver:
        _require_approver(actor, subject)
    _lock(Subject, subject)
    _require_active(subject)


def _required(errors: dict, **values) -> None:
    for name, value in values.items():
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            errors[name] = _("此项为必填项。")


# ---------------------------------------------------------------------------------------------
# 外出 (CC-13)


def leave_days(start_on: datetime.date, end_on: datetime.date) -> int:
    """Days of a leave, both ends counted."""
    return (end_on - start_on).days + 1


def two_month_window(end_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The two months before `end_on` (inclusive of `end_on`): (first day, last day)."""
    return add_months(end_on, -2) + DAY, end_on


def approved_days_in_window(
    subject: Subject, end_on: datetime.date, *, exclude: Leave | None = None
) -> int:
    """Days of the subject's approved (or returned) leaves inside the two months to `end_on`."""
    first, last = two_month_window(end_on)
    leaves = Leave.objects.filter(
        subject=subject, status__in=COUNTED_LEAVE_STATUSES, start_on__lte=last, end_on__gte=first
    )
    if exclude is not None and exclude.pk:
        leaves = leaves.exclude(pk=exclude.pk)
    total = 0
    for leave in leaves:
        total += leave_days(max(leave.start_on, first), min(leave.end_on, last))
    return total


def two_month_peak(
    subject: Subject,
    start_on: datetime.date,
    end_on: datetime.date,
    *,
    exclude: Leave | None = None,
) -> int:
    """The largest number of leave days in any two-month window that a trip from `start_on` to
    `end_on` touches: its own days in the window plus the approved (or returned) leaves' days
    there, earlier or later ones (社区矫正法实施办法 第26–28条: "两个月内累计超过30日" looks at
    the whole rolling window, both ways). Windows are `two_month_window(e)` for every end `e`
    from `start_on` until the window starts after `end_on`."""
    earliest = two_month_window(start_on)[0]
    latest = add_months(end_on, 2)
    leaves = Leave.objects.filter(
        subject=subject,
        status__in=COUNTED_LEAVE_STATUSES,
        start_on__lte=latest,
        end_on__gte=earliest,
    )
    if exclude is not None and exclude.pk:
        leaves = leaves.exclude(pk=exclude.pk)
    spans = [(leave.start_on, leave.end_on) for leave in leaves]
    spans.append((start_on, end_on))
    peak = 0
    last = start_on
    while True:
        first = two_month_window(last)[0]
        if first > end_on:
            return peak
        total = sum(
            leave_days(max(a, first), min(b, last)) for a, b in spans if a <= last and b >= first
        )
        peak = max(peak, total)
        last += DAY


def approval_level_for(
    subject: Subject,
    start_on: datetime.date,
    end_on: datetime.date,
    *,
    exclude: Leave | None = None,
) -> str:
    """CC-13: who approves a leave from `start_on` to `end_on` (both counted)."""
    days = leave_days(start_on, end_on)
    peak = two_month_peak(subject, start_on, end_on, exclude=exclude)
    if days > rules.value("SIFA_CC_LEAVE_COUNTY_MAX_DAYS") or peak > rules.value(
        "SIFA_CC_LEAVE_TWO_MONTH_MAX_DAYS"
    ):
        return ApprovalLevel.CITY
    if days > rules.value("SIFA_CC_LEAVE_OFFICE_MAX_DAYS"):
        return ApprovalLevel.COUNTY
    return ApprovalLevel.JUDICIAL_OFFICE


def leave_warnings(applied_on: datetime.date, start_on: datetime.date) -> list[str]:
    """Guidance that never refuses: the application should come 3 days ahead."""
    if (start_on - applied_on).days < LEAVE_ADVANCE_DAYS:
        return [
            _("外出申请一般应提前%(days)d日提出，本次申请距外出开始不足%(days)d日。")
            % {"days": LEAVE_ADVANCE_DAYS}
        ]
    return []


@transaction.atomic
def leave_apply(
    *, actor, subject: Subject, applied_on, start_on, end_on, destination, reason
) -> Leave:
    """登记外出申请; the approval level is computed (CC-13)."""
    _begin_on_active_subject(actor, subject)
    _require_given(
        applied_on=applied_on,
        start_on=start_on,
        end_on=end_on,
        destination=destination,
        reason=reason,
    )
    errors: dict[str, str] = {}
    if end_on < start_on:
        errors["end_on"] = _("外出结束日期不能早于开始日期。")
    if start_on < applied_on:
        errors["start_on"] = _("外出开始日期不能早于申请日期。")
    if errors:
        raise ValidationError(errors)
    leave = Leave(
        office=subject.office,
        created_by=actor,
        subject=subject,
        applied_on=applied_on,
        start_on=start_on,
        end_on=end_on,
        destination=destination.strip(),
        reason=reason.strip(),
        approval_level=approval_level_for(subject, start_on, end_on),
    )
    leave.save()
    return leave


@transaction.atomic
def leave_decide(
    *,
    actor,
    leave: Leave,
    approve: bool,
    decided_on,
    decided_by,
    procuratorate_notified_on=None,
) -> Leave:
    """批准 or 不予批准: only an office of the leave's level may decide (see the module)."""
    _require_subject(actor, leave.subject)
    _lock(Leave, leave)
    if leave.status != LeaveStatus.APPLIED:
        raise ValidationError(_("该外出申请已审批，不能重复审批。"), code="status")
    _require_given(decided_on=decided_on, decided_by=decided_by)
    if decided_on < leave.applied_on:
        raise ValidationError({"decided_on": _("审批日期不能早于申请日期。")})
    if approve:
        # Another leave may have been approved since: the two-month total can raise the level.
        level = approval_level_for(leave.subject, leave.start_on, leave.end_on, exclude=leave)
        if level != leave.approval_level and _rank(level) > _rank(leave.approval_level):
            leave.approval_level = level
    if not can_decide_level(actor, leave.subject, leave.approval_level):
        raise PermissionDenied(
            _("该外出申请应由%(level)s审批，您没有该层级的审批权限。")
            % {"level": leave.get_approval_level_display()}
        )
    if approve and leave.approval_level == ApprovalLevel.CITY:
        if not procuratorate_notified_on:
            raise ValidationError(
                {
                    "procuratorate_notified_on": _(
                        "由市级社区矫正机构批准的外出，应登记通报同级人民检察院的日期。"
                    )
                }
            )
        if procuratorate_notified_on < decided_on:
            raise ValidationError(
                {"procuratorate_notified_on": _("通报检察院日期不能早于审批日期。")}
            )
        leave.procuratorate_notified_on = procuratorate_notified_on
    leave.status = LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED
    leave.decided_on = decided_on
    leave.decided_by = decided_by.strip()
    leave.save()
    return leave


def _rank(level: str) -> int:
    return [ApprovalLevel.JUDICIAL_OFFICE, ApprovalLevel.COUNTY, ApprovalLevel.CITY].index(level)


@transaction.atomic
def leave_return(*, actor, leave: Leave, returned_on) -> Leave:
    """销假: the subject is back; an open 逾期未归 alert of this leave is closed with it."""
    _require_subject(actor, leave.subject)
    _lock(Leave, leave)
    if leave.status != LeaveStatus.APPROVED:
        raise ValidationError(_("只有已批准的外出才能销假。"), code="status")
    if not returned_on:
        raise ValidationError({"returned_on": _("此项为必填项。")})
    if returned_on < leave.start_on:
        raise ValidationError({"returned_on": _("销假日期不能早于外出开始日期。")})
    if returned_on > timezone.localdate():
        raise ValidationError({"returned_on": _("销假日期不能晚于今天。")})
    leave.status = LeaveStatus.RETURNED
    leave.returned_on = returned_on
    leave.save()
    handled = Alert.objects.filter(
        subject=leave.subject,
        kind=AlertKind.OVERDUE_RETURN,
        detail=overdue_detail(leave),
        handled_on__isnull=True,
    )
    figure_cache.office_ids_changed(handled.values("office_id"))  # update() sends no signal
    handled.update(handled_on=returned_on, handling=_("已销假。"))
    return leave


def overdue_detail(leave: Leave) -> str:
    """The alert text of an overdue leave; it identifies the leave (idempotence)."""
    return (
        _("外出（%(start)s至%(end)s，前往%(destination)s）期满逾期未销假")
        % {
            "start": leave.start_on.isoformat(),
            "end": leave.end_on.isoformat(),
            "destination": leave.destination,
        }
    )[:200]


def overdue_leaves(today: datetime.date, queryset=None):
    """Approved leaves whose end has passed without 销假."""
    qs = Leave.objects.all() if queryset is None else queryset
    return qs.filter(status=LeaveStatus.APPROVED, end_on__lt=today, returned_on__isnull=True)


@transaction.atomic
def raise_overdue_returns(today: datetime.date | None = None, *, queryset=None) -> int:
    """Raise one 外出逾期未归 Alert per overdue leave (of `queryset`, default all) that has none
    yet; returns how many were raised. Safe to run any number of times."""
    today = today or timezone.localdate()
    raised = 0
    for leave in overdue_leaves(today, queryset).select_related("subject"):
        detail = overdue_detail(leave)
        exists = Alert.objects.filter(
            subject=leave.subject, kind=AlertKind.OVERDUE_RETURN, detail=detail
        ).exists()
        if exists:
            continue
        Alert.objects.create(
            office=leave.subject.office,
            subject=leave.subject,
            kind=AlertKind.OVERDUE_RETURN,
            raised_at=timezone.now(),
            detail=detail,
        )
        raised += 1
    return raised


# ---------------------------------------------------------------------------------------------
# 经常性跨市县活动 (CC-14)


@transaction.atomic
def crossing_add(
    *, actor, subject: Subject, destination, reason, valid_from, valid_to
) -> FrequentCrossing:
    """Approve 经常性跨市县活动 for at most SIFA_CC_CROSSING_MAX_MONTHS months."""
    _begin_on_active_subject(actor, subject)
    _require_given(destination=destination, reason=reason, valid_from=valid_from, valid_to=valid_to)
    months = rules.value("SIFA_CC_CROSSING_MAX_MONTHS")
    if valid_to < valid_from:
        raise ValidationError({"valid_to": _("有效期止不能早于有效期起。")})
    if valid_to > add_months(valid_from, months):
        message = _("经常性跨市县活动一次审批的有效期不超过%(months)d个月（至%(last)s）。")
        last = add_months(valid_from, months).isoformat()
        raise ValidationError({"valid_to": message % {"months": months, "last": last}})
    return FrequentCrossing.objects.create(
        office=subject.office,
        created_by=actor,
        subject=subject,
        destination=destination.strip(),
        reason=reason.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )


# ---------------------------------------------------------------------------------------------
# 执行地变更 (CC-15)


def place_change_warnings(applied_on, planned_move_on=None) -> list[str]:
    """Guidance that never refuses: apply one month before the planned move."""
    if planned_move_on and applied_on > add_months(planned_move_on, -PLACE_CHANGE_ADVANCE_MONTHS):
        return [_("执行地变更一般应提前一个月提出申请，本次申请距拟迁居日期不足一个月。")]
    return []


def opinion_request_due(place_change: PlaceChange) -> datetime.date:
    # [M] 社区矫正法实施办法 第30条 (CC-15): within 5 days of the application (a setting).
    return place_change.applied_on + rules.value("SIFA_CC_OPINION_REQUEST_DAYS") * DAY


def opinion_reply_due(place_change: PlaceChange) -> datetime.date | None:
    if place_change.opinion_requested_on is None:
        return None
    # [M] 社区矫正法实施办法 第30条 (CC-15): the new county replies within 5 days (a setting).
    return place_change.opinion_requested_on + rules.value("SIFA_CC_OPINION_REPLY_DAYS") * DAY


def _require_place_change_side(actor, place_change: PlaceChange) -> None:
    """The old side (the subject's office) or the new side (the new 司法所) may record the
    new place's reply and the report there."""
    subject = place_change.subject
    old_ok = access.can(actor, Cap.EDIT, subject.office, line="corrections")
    new_ok = access.can(actor, Cap.EDIT, place_change.to_office, line="corrections")
    if not (old_ok or new_ok):
        seen = access.can(actor, Cap.VIEW, subject.office, line="corrections") or access.can(
            actor, Cap.VIEW, place_change.to_office, line="corrections"
        )
        if not seen:
            raise Http404(_("未找到该记录。"))
        raise PermissionDenied(_("您没有权限执行此操作。"))
    if subject.is_minor and not (
        access.can(actor, Cap.MINORS, subject.office, line="corrections")
        or access.can(actor, Cap.MINORS, place_change.to_office, line="corrections")
    ):
        raise Http404(_("未找到该记录。"))


@transaction.atomic
def place_change_apply(*, actor, subject: Subject, to_office: Office, applied_on) -> PlaceChange:
    """登记执行地变更申请: to a 司法所 of another county inside Sifa."""
    _require_subject(actor, subject)
    _lock(Subject, subject)
    if subject.status != Status.UNDER_CORRECTION:
        raise ValidationError(_("只有在矫的矫正对象可以申请变更执行地。"), code="status")
    if not applied_on:
        raise ValidationError({"applied_on": _("此项为必填项。")})
    if to_office is None or to_office.kind != OfficeKind.JUDICIAL_OFFICE or not to_office.is_active:
        raise ValidationError({"to_office": _("新执行地应为本系统内的司法所。")})
    old_county, new_county = county_of(subject.office), county_of(to_office)
    if old_county is None or new_county is None:
        raise ValidationError({"to_office": _("未找到新执行地所属的县级社区矫正机构。")})
    if old_county.pk == new_county.pk:
        raise ValidationError(
            {"to_office": _("新执行地与原执行地属同一县（市、区），不属于执行地变更。")}
        )
    if PlaceChange.objects.filter(subject=subject, decided_on__isnull=True).exists():
        raise ValidationError(_("该矫正对象已有未决定的执行地变更申请。"), code="pending")
    return PlaceChange.objects.create(
        office=subject.office,
        created_by=actor,
        subject=subject,
        to_office=to_office,
        applied_on=applied_on,
    )


def _require_open(place_change: PlaceChange) -> None:
    if place_change.decided_on is not None:
        raise ValidationError(_("该执行地变更已作出决定。"), code="decided")


@transaction.atomic
def place_change_request_opinion(*, actor, place_change: PlaceChange, requested_on) -> PlaceChange:
    """The county asks the new county's opinion (due within 5 days of applying)."""
    _require_subject(actor, place_change.subject)
    _lock(PlaceChange, place_change)
    _require_open(place_change)
    if not requested_on:
        raise ValidationError({"requested_on": _("此项为必填项。")})
    if requested_on < place_change.applied_on:
        raise ValidationError({"requested_on": _("征求意见日期不能早于申请日期。")})
    place_change.opinion_requested_on = requested_on
    place_change.save()
    return place_change


@transaction.atomic
def place_change_reply(*, actor, place_change: PlaceChange, replied_on) -> PlaceChange:
    """The new county's reply after verifying the residence (due within 5 days)."""
    _require_place_change_side(actor, place_change)
    _lock(PlaceChange, place_change)
    _require_open(place_change)
    if place_change.opinion_requested_on is None:
        raise ValidationError(_("请先登记征求新执行地意见。"), code="order")
    if not replied_on:
        raise ValidationError({"replied_on": _("此项为必填项。")})
    if replied_on < place_change.opinion_requested_on:
        raise ValidationError({"replied_on": _("回复日期不能早于征求意见日期。")})
    place_change.opinion_replied_on = replied_on
    place_change.save()
    return place_change


@transaction.atomic
def place_change_decide(
    *, actor, place_change: PlaceChange, approve: bool, decided_on
) -> PlaceChange:
    """The old county decides (EDIT on the old county bureau). On approval the subject
    continues at the new place as a new row; the old row becomes 已迁出."""
    subject = place_change.subject
    _require_subject(actor, subject)
    county = county_of(subject.office)
    if county is None or not access.can(actor, Cap.EDIT, county, line="corrections"):
        raise PermissionDenied(_("执行地变更应由县级社区矫正机构决定。"))
    _lock(PlaceChange, place_change)
    _require_open(place_change)
    if place_change.opinion_replied_on is None:
        raise ValidationError(_("请先登记新执行地的回复意见。"), code="order")
    if not decided_on:
        raise ValidationError({"decided_on": _("此项为必填项。")})
    if decided_on < place_change.opinion_replied_on:
        raise ValidationError({"decided_on": _("决定日期不能早于新执行地回复日期。")})
    place_change.approved = bool(approve)
    place_change.decided_on = decided_on
    if approve:
        SUBJECT_FLOW.begin(actor, subject, Status.TRANSFERRED_OUT)
        new_subject = _open_at_new_place(actor, subject, place_change.to_office, decided_on)
        subject.transferred_on = decided_on
        SUBJECT_FLOW.move(
            subject,
            Status.TRANSFERRED_OUT,
            actor=actor,
            on=decided_on,
            reason=_("执行地变更至%(office)s，新矫正编号%(number)s")
            % {"office": place_change.to_office.name, "number": new_subject.number},
        )
        place_change.new_subject = new_subject
    place_change.save()
    return place_change


def _open_at_new_place(actor, subject: Subject, to_office: Office, decided_on) -> Subject:
    new = Subject(
        office=to_office,
        created_by=actor,
        status=Status.RECEIVED,
        notified_on=decided_on,
        documents_received_on=decided_on,
        registered_on=decided_on,
        report_due_on=compute(PLACE_CHANGE_REPORT_RULE, decided_on),
        **{name: getattr(subject, name) for name in COPIED_SUBJECT_FIELDS},
    )
    save_with_number(new, decided_on.year)
    SUBJECT_FLOW.record_event(
        new,
        "",
        Status.RECEIVED,
        actor=actor,
        on=decided_on,
        reason=_("执行地变更迁入，原矫正编号%(number)s（%(office)s）")
        % {"number": subject.number, "office": subject.office.name},
    )
    return new


@transaction.atomic
def place_change_report(*, actor, place_change: PlaceChange, reported_on) -> PlaceChange:
    """The subject reported at the new place (on time within PLACE_CHANGE_REPORT_RULE days)."""
    _require_place_change_side(actor, place_change)
    _lock(PlaceChange, place_change)
    if not place_change.approved or place_change.new_subject_id is None:
        raise ValidationError(_("执行地变更尚未批准。"), code="order")
    if place_change.reported_on is not None:
        raise ValidationError(_("已登记到新执行地报到。"), code="done")
    if not reported_on:
        raise ValidationError({"reported_on": _("此项为必填项。")})
    if reported_on < place_change.decided_on:
        raise ValidationError({"reported_on": _("报到日期不能早于变更决定日期。")})
    new_subject = _lock(Subject, place_change.new_subject)
    new_subject.reported_on = reported_on
    new_subject.report_type = (
        ReportType.ON_TIME if reported_on <= new_subject.report_due_on else ReportType.LATE
    )
    new_subject.save()
    place_change.reported_on = reported_on
    place_change.save()
    return place_change


# ---------------------------------------------------------------------------------------------
# 电子定位 (CC-24)


def monitoring_cap(start_on: datetime.date) -> datetime.date:
    """The latest end of a monitoring period starting on `start_on` (statutory 3 months)."""
    return add_months(start_on, rules.MONITORING_MAX_MONTHS)


def _check_end(start_on, end_on, *, base) -> None:
    if end_on < start_on:
        raise ValidationError({"end_on": _("期限届满日期不能早于开始日期。")})
    if end_on > monitoring_cap(base):
        raise ValidationError(
            {
                "end_on": _("电子定位每次期限不得超过%(months)d个月（至%(last)s）。")
                % {"months": rules.MONITORING_MAX_MONTHS, "last": monitoring_cap(base).isoformat()}
            }
        )


def _require_approver(actor, subject: Subject) -> None:
    if not can_approve_monitoring(actor, subject):
        raise PermissionDenied(_("使用电子定位须经县级司法行政部门负责人批准。"))


@transaction.atomic
def monitoring_start(
    *, actor, subject: Subject, ground, approved_by, approved_on, start_on, end_on, device_id=""
) -> Monitoring:
    """电子定位: only on the five statutory grounds, at most 3 months (社区矫正法 第29条)."""
    _begin_on_active_subject(actor, subject, approver=True)
    _require_given(
        ground=ground,
        approved_by=approved_by,
        approved_on=approved_on,
        start_on=start_on,
        end_on=end_on,
    )
    if ground not in MonitoringGround.values:
        raise ValidationError({"ground": _("电子定位只能适用于社区矫正法第二十九条规定的情形。")})
    if start_on < approved_on:
        raise ValidationError({"start_on": _("开始日期不能早于批准日期。")})
    _check_end(start_on, end_on, base=start_on)
    running = Monitoring.objects.filter(
        subject=subject, released_on__isnull=True, end_on__gte=start_on, extension__isnull=True
    )
    if running.exists():
        raise ValidationError(_("该矫正对象正在使用电子定位；需要继续使用的，请办理延长。"))
    return Monitoring.objects.create(
        office=subject.office,
        created_by=actor,
        subject=subject,
        ground=ground,
        approved_by=approved_by.strip(),
        approved_on=approved_on,
        start_on=start_on,
        end_on=end_on,
        device_id=(device_id or "").strip(),
    )


@transaction.atomic
def monitoring_extend(
    *,
    actor,
    monitoring: Monitoring,
    reassessment,
    end_on,
    approved_by="",
    approved_on=None,
) -> Monitoring:
    """延长: after a re-assessment, a new row from the day after the previous end, at most
    3 months after it; approved again by the county head."""
    subject = monitoring.subject
    _require_subject(actor, subject)
    _require_approver(actor, subject)
    _lock(Monitoring, monitoring)
    if monitoring.released_on is not None:
        raise ValidationError(_("电子定位已解除，不能延长。"), code="released")
    if Monitoring.objects.filter(extends=monitoring).exists():
        raise ValidationError(_("该期电子定位已延长。"), code="extended")
    _require_active(subject)
    _require_given(reassessment=reassessment, end_on=end_on)
    start_on = monitoring.end_on + DAY
    _check_end(start_on, end_on, base=monitoring.end_on)
    return Monitoring.objects.create(
        office=subject.office,
        created_by=actor,
        subject=subject,
        ground=monitoring.ground,
        approved_by=(approved_by or "").strip() or monitoring.approved_by,
        approved_on=approved_on or timezone.localdate(),
        start_on=start_on,
        end_on=end_on,
        extends=monitoring,
        reassessment=reassessment.strip(),
        device_id=monitoring.device_id,
    )


@transaction.atomic
def monitoring_release(*, actor, monitoring: Monitoring, released_on, reason) -> Monitoring:
    """解除电子定位 when no longer needed (or at the end of the period)."""
    _require_subject(actor, monitoring.subject)
    _lock(Monitoring, monitoring)
    if monitoring.released_on is not None:
        raise ValidationError(_("电子定位已解除。"), code="released")
    if Monitoring.objects.filter(extends=monitoring).exists():
        raise ValidationError(_("该期电子定位已延长，请解除延长后的电子定位。"), code="extended")
    _require_given(released_on=released_on, reason=reason)
    if released_on < monitoring.start_on:
        raise ValidationError({"released_on": _("解除日期不能早于开始日期。")})
    monitoring.released_on = released_on
    monitoring.release_reason = reason.strip()
    monitoring.save()
    return monitoring
