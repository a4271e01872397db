"""Daily supervision of corrections subjects (社区矫正法 第26、27、30条): records of 报告, 通信联络,
信息化核查 and 实地查访; location check-ins (定位签到) with the left-the-county alert; lost contact
(失去联系/脱管) and its duration; the handling of alerts (预警处置).

Every write is here, for the web pages, the check-in endpoint, importers and tests alike.
Records belong to the subject's 司法所 (`subject.office`). A minor's records (社区矫正法 第54条)
are written only by users who also hold `Cap.MINORS` over the office (else: not found).

Check-ins come from devices, not users: `check_ins_receive` takes already-parsed payloads
(`parse_check_in`) and needs no actor, but the subjects the caller reaches (an API client's
scope, or the shared token's office subtree, sifa/corrections/views/api.py). Per request the
work is small and does not grow with the number of check-ins: one query for the subjects, one
for their approved leaves and 经常性跨市县活动, the fences of their counties from the shared cache
(sifa.corrections.checkin_cache; one query when one changed), one insert — and only when a
subject is outside without leave, a lock and a look at that day's alerts.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import batched

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core import bulk
from sifa.core.records import create_checked
from sifa.corrections import checkin_cache, geo
from sifa.corrections.constants import ACTIVE_STATUSES, AlertKind, LeaveStatus, SupervisionKind
from sifa.corrections.models import (
    Alert,
    CheckIn,
    FrequentCrossing,
    Leave,
    LostContact,
    Subject,
    Supervision,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.stats import figure_cache

MAX_BATCH = 500  # check-ins in one request
MAX_FUTURE = datetime.timedelta(minutes=5)  # device clocks drift; later than this is refused
MAX_ACCURACY_M = 2_147_483_647  # the column's range
MICRO_DEGREE = Decimal("0.000001")  # the columns' precision
HISTORY_CHUNK = 20_000  # check-ins of an imported history made objects and written at a time
# The values' names in a refusal, translated only when one is refused (an import checks
# a million check-ins with the same rule).
LATITUDE, LONGITUDE, ACCURACY = gettext_lazy("纬度"), gettext_lazy("经度"), gettext_lazy("定位精度")


def require_subject_edit(actor, subject: Subject) -> None:
    """Edit rights on the subject's office; a minor's records need `Cap.MINORS` too (else the
    subject is simply not found, as on every page)."""
    access.require(actor, Cap.EDIT, subject.office, line="corrections")
    if subject.is_minor and not access.can(actor, Cap.MINORS, subject.office, line="corrections"):
        raise Http404(_("未找到该记录。"))


def _require_active(subject: Subject) -> None:
    if subject.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("矫正对象当前状态为「%(status)s」，只有已接收或在矫的对象可以登记。")
            % {"status": subject.get_status_display()}
        )


def _not_future(day: datetime.date | None, field: str, label: str) -> dict[str, str]:
    if day is None:
        return {field: _("请填写%(label)s。") % {"label": label}}
    if day > timezone.localdate():
        return {field: _("%(label)s不能晚于今天。") % {"label": label}}
    return {}


# --- 日常管理记录 -------------------------------------------------------------------------


@transaction.atomic
def supervision_record(
    *,
    actor,
    subject: Subject,
    kind: str,
    happened_on: datetime.date,
    content: str,
    anomaly: bool = False,
) -> Supervision:
    """登记日常管理: a 报告, 通信联络, 信息化核查 or 实地查访 of a subject 已接收 or 在矫."""
    require_subject_edit(actor, subject)
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    _require_active(subject)
    errors = {}
    if kind not in SupervisionKind.values:
        errors["kind"] = _("请选择日常管理方式。")
    errors.update(_not_future(happened_on, "happened_on", _("日期")))
    if happened_on and subject.registered_on and happened_on < subject.registered_on:
        errors["happened_on"] = _("日期不能早于接收登记日期。")
    content = (content or "").strip()
    if not content:
        errors["content"] = _("请填写情况。")
    if errors:
        raise ValidationError(errors)
    record = create_checked(
        Supervision,
        office=subject.office,
        subject=subject,
        kind=kind,
        happened_on=happened_on,
        content=content,
        anomaly=bool(anomaly),
        created_by=actor,
    )
    return record


# --- 定位签到 ----------------------------------------------------------------------------


class CheckInRejected(Exception):
    """A check-in request refused as a whole: the HTTP status and a Chinese message."""

    def __init__(
        self, status: int, message: str, index: int | None = None, numbers: frozenset = frozenset()
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.index = index  # position in a batch, None for a single check-in
        self.numbers = numbers  # the subject numbers refused (unknown: 404; not active: 409)


@dataclass(frozen=True)
class CheckInData:
    subject: str
    at: datetime.datetime
    latitude: Decimal
    longitude: Decimal
    accuracy_m: int


@dataclass(frozen=True)
class CheckInResult:
    id: int
    outside: bool
    alert: bool

    def as_dict(self) -> dict:
        return {"id": self.id, "outside": self.outside, "alert": self.alert}


def _number(value, label: str, low: float | None, high: float | None) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise CheckInRejected(400, _("%(label)s必须是数字。") % {"label": label})
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise CheckInRejected(400, _("%(label)s必须是数字。") % {"label": label}) from None
    if not number.is_finite():
        raise CheckInRejected(400, _("%(label)s必须是数字。") % {"label": label})
    if (low is not None and number < low) or (high is not None and number > high):
        raise CheckInRejected(400, _("%(label)s超出范围。") % {"label": label})
    return number


def parse_check_in(payload, *, now: datetime.datetime | None = None) -> CheckInData:
    """Validate one check-in as received (a JSON object); raise CheckInRejected(400, …)."""
    if not isinstance(payload, dict):
        raise CheckInRejected(400, _("每条签到必须是一个 JSON 对象。"))
    missing = [
        key
        for key in ("subject", "at", "latitude", "longitude", "accuracy_m")
        if payload.get(key) in (None, "")
    ]
    if missing:
        raise CheckInRejected(400, _("缺少字段：%(fields)s。") % {"fields": "、".join(missing)})
    number = payload["subject"]
    if not isinstance(number, str) or len(number.strip()) > 40:
        raise CheckInRejected(400, _("矫正编号格式不正确。"))
    raw_at = payload["at"]
    try:
        at = datetime.datetime.fromisoformat(raw_at) if isinstance(raw_at, str) else None
    except ValueError:
        at = None
    if at is None:
        raise CheckInRejected(400, _("时间须为 ISO 8601 格式，例如 2026-03-01T08:30:00+08:00。"))
    if at.tzinfo is None or at.utcoffset() is None:
        raise CheckInRejected(400, _("时间须带时区，例如 2026-03-01T08:30:00+08:00。"))
    now = now or timezone.now()
    if at > now + MAX_FUTURE:
        raise CheckInRejected(400, _("签到时间不能晚于当前时间超过5分钟。"))
    latitude = _number(payload["latitude"], LATITUDE, -90, 90)
    longitude = _number(payload["longitude"], LONGITUDE, -180, 180)
    accuracy = _number(payload["accuracy_m"], ACCURACY, 0, MAX_ACCURACY_M)
    return CheckInData(
        subject=number.strip(),
        at=at,
        latitude=latitude.quantize(MICRO_DEGREE),
        longitude=longitude.quantize(MICRO_DEGREE),
        accuracy_m=math.ceil(accuracy),
    )


def parse_check_ins(body, *, now=None) -> tuple[list[CheckInData], bool]:
    """A single object or a batch (a JSON array of ≤ MAX_BATCH objects): the validated check-ins
    and whether it was a batch. Any invalid item refuses the whole batch."""
    if isinstance(body, list):
        if not body:
            raise CheckInRejected(400, _("签到列表为空。"))
        if len(body) > MAX_BATCH:
            raise CheckInRejected(400, _("一次最多提交%(max)d条签到。") % {"max": MAX_BATCH})
        items = []
        for index, payload in enumerate(body):
            try:
                items.append(parse_check_in(payload, now=now))
            except CheckInRejected as error:
                error.index = index
                error.message = _("第%(n)d条：%(message)s") % {
                    "n": index + 1,
                    "message": error.message,
                }
                raise
        return items, True
    return [parse_check_in(body, now=now)], False


def _covering_permissions(subject_ids, first: datetime.date, last: datetime.date):
    """(subject id, from, to) of approved leaves and valid 经常性跨市县活动 overlapping
    [first, last] — one query (a UNION). A leave ended early by 销假 covers up to that day."""
    leaves = (
        Leave.objects.filter(
            subject_id__in=subject_ids,
            status__in=[LeaveStatus.APPROVED, LeaveStatus.RETURNED],
            start_on__lte=last,
            end_on__gte=first,
        )
        .annotate(
            p_from=models.F("start_on"),
            p_to=models.F("end_on"),
            p_returned=models.F("returned_on"),
        )
        .values_list("subject_id", "p_from", "p_to", "p_returned")
        .order_by()
    )
    crossings = (
        FrequentCrossing.objects.filter(
            subject_id__in=subject_ids, valid_from__lte=last, valid_to__gte=first
        )
        .annotate(
            p_from=models.F("valid_from"),
            p_to=models.F("valid_to"),
            p_returned=models.Value(None, output_field=models.DateField()),
        )
        .values_list("subject_id", "p_from", "p_to", "p_returned")
        .order_by()
    )
    covered = defaultdict(list)
    for subject_id, start, end, returned in leaves.union(crossings, all=True).order_by():
        if returned is not None and returned < end:
            end = returned
        covered[subject_id].append((start, end))
    return covered


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


@transaction.atomic
def check_ins_receive(items: list[CheckInData], *, subjects: QuerySet) -> list[CheckInResult]:
    """Store validated check-ins, all or none, for subjects found among `subjects` — the
    caller's reach, from a selector (`exchange.checkin_subjects`, `exchange.gateway_subjects`):
    a subject outside it is an unknown number, so the answer is the same whether the number
    exists elsewhere or not (issue 14, item 9). Each is marked `outside` (beyond the executing
    county's fence; False when no fence is configured) and `on_leave` (an approved leave or a
    valid 经常性跨市县活动 covers its local date). Outside and not on leave raises one
    left_county Alert for the 司法所 per subject and day (later ones are linked to nothing).

    Raises CheckInRejected: 404 for an unknown subject number, 409 for a subject not 已接收/在矫.
    """
    if not items:
        return []
    numbers = {item.subject for item in items}
    subjects = {
        s.number: s
        for s in subjects.select_related("office")
        .filter(number__in=numbers)
        .only("pk", "number", "status", "office__path", "office__id")
    }
    unknown = sorted(numbers - subjects.keys())
    if unknown:
        raise CheckInRejected(
            404,
            _("未找到矫正对象：%(numbers)s。") % {"numbers": "、".join(unknown[:20])},
            numbers=frozenset(unknown),
        )
    inactive = sorted(n for n, s in subjects.items() if s.status not in ACTIVE_STATUSES)
    if inactive:
        raise CheckInRejected(
            409,
            _("矫正对象不在矫正期间（已接收或在矫以外的状态）：%(numbers)s。")
            % {"numbers": "、".join(inactive[:20])},
            numbers=frozenset(inactive),
        )
    days = [timezone.localtime(item.at).date() for item in items]
    marked, fences = _marked([(subjects[item.subject], item) for item in items], days, cached=True)
    rows = [CheckIn(**values) for values in marked]
    if len(rows) == 1:
        rows[0].save(force_insert=True)
    else:
        CheckIn.objects.bulk_create(rows)
    if any(r.pk is None for r in rows):  # a backend that does not return ids from bulk inserts
        rows = _reload_ids(rows)

    alerted = _raise_left_county_alerts(rows, days, fences)
    return [CheckInResult(r.pk, r.outside, r.pk in alerted) for r in rows]


def _marked(
    pairs: list[tuple[Subject, CheckInData]], days: list[datetime.date], *, cached: bool = False
):
    """The check-ins of (subject, check-in) pairs as {field: value}, each marked `outside`
    (beyond the executing county's fence; False when no fence is configured) and `on_leave`
    (an approved leave or a valid 经常性跨市县活动 covers its local date `days[i]`); and the
    fences. `cached`: the fences from the shared cache while current (checkin_cache: a live
    check-in); else read from the rows (a history import)."""
    subjects = {subject.pk: subject for subject, _item in pairs}
    covered = _covering_permissions(list(subjects), min(days), max(days))
    offices = [subject.office for subject in subjects.values()]
    fences = (checkin_cache if cached else geo).fences_for_offices(offices)
    rows = []
    for (subject, item), day in zip(pairs, days, strict=True):
        fence = fences.get(subject.office_id)
        outside = fence is not None and geo.is_outside(fence, item.latitude, item.longitude)
        on_leave = any(start <= day <= end for start, end in covered.get(subject.pk, ()))
        rows.append(
            {
                "office_id": subject.office_id,
                "subject_id": subject.pk,
                "at": item.at,
                "latitude": item.latitude,
                "longitude": item.longitude,
                "accuracy_m": item.accuracy_m,
                "outside": outside,
                "on_leave": on_leave,
            }
        )
    return rows, fences


@transaction.atomic
def check_ins_history(pairs: Iterable[tuple[Subject, CheckInData]]) -> list[CheckIn]:
    """定位签到 of the past (the old system's check-in history, imported at go-live), each pair
    a subject the caller reached and a check-in validated by `parse_check_in`: marked `outside`
    and `on_leave` as `check_ins_receive` marks them, written in bulk (`sifa.core.bulk`, COPY
    on PostgreSQL; `insert_values`: no model object per row) by chunks of HISTORY_CHUNK.
    Returns the stored check-ins with their keys only (as a deferred load gives them).

    No alert is raised: those days are history (as an imported record's past deadlines are,
    docs/go-live.md); the old system's alerts were handled in it. The caller checked that each
    subject is 已接收 or 在矫 and within its reach."""
    zone = timezone.get_current_timezone()
    stored = []
    for chunk in batched(pairs, HISTORY_CHUNK):
        days = [item.at.astimezone(zone).date() for _subject, item in chunk]
        rows, _fences = _marked(list(chunk), days)
        keys = bulk.insert_values(CheckIn, rows, copy=True)
        stored += [CheckIn.from_db(None, ["id"], [key]) for key in keys]
    return stored


def _reload_ids(rows: list[CheckIn]) -> list[CheckIn]:
    stored = CheckIn.objects.filter(
        subject_id__in={r.subject_id for r in rows}, at__in={r.at for r in rows}
    ).order_by("-pk")[: len(rows)]
    by_key = {}
    for row in stored:
        by_key.setdefault((row.subject_id, row.at), []).append(row.pk)
    for row in reversed(rows):
        row.pk = by_key[(row.subject_id, row.at)].pop(0)
    return rows


def _raise_left_county_alerts(rows, days, fences) -> set[int]:
    """One left_county Alert per (subject, local day) not yet alerted; returns the ids of the
    check-ins that raised one."""
    wanted: dict[tuple[int, datetime.date], CheckIn] = {}
    for row, day in sorted(zip(rows, days, strict=True), key=lambda pair: pair[0].at):
        if row.outside and not row.on_leave:
            wanted.setdefault((row.subject_id, day), row)
    if not wanted:
        return set()
    subject_ids = sorted({subject_id for subject_id, _day in wanted})
    # Serialise concurrent check-ins of the same subjects, so the day has one alert only.
    list(Subject.objects.select_for_update().filter(pk__in=subject_ids).values_list("pk"))
    first, _end = _day_bounds(min(day for _s, day in wanted))
    _start, last = _day_bounds(max(day for _s, day in wanted))
    existing = {
        (subject_id, timezone.localtime(raised_at).date())
        for subject_id, raised_at in Alert.objects.filter(
            subject_id__in=subject_ids,
            kind=AlertKind.LEFT_COUNTY,
            raised_at__gte=first,
            raised_at__lt=last,
        ).values_list("subject_id", "raised_at")
    }
    alerts = []
    for key, row in wanted.items():
        if key in existing:
            continue
        fence = fences.get(row.office_id)
        distance = geo.distance_km(fence.latitude, fence.longitude, row.latitude, row.longitude)
        alerts.append(
            Alert(
                office_id=row.office_id,
                subject_id=row.subject_id,
                kind=AlertKind.LEFT_COUNTY,
                raised_at=row.at,
                check_in_id=row.pk,
                detail=_(
                    "%(time)s 定位在执行地以外（距执行地中心约%(km).1f公里），"
                    "不在批准的外出或经常性跨市县活动期间。"
                )
                % {"time": timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M"), "km": distance},
            )
        )
    Alert.objects.bulk_create(alerts)  # no signals: renew the figures of their offices
    figure_cache.office_ids_changed({a.office_id for a in alerts})
    return {a.check_in_id for a in alerts}


# --- 失去联系 ----------------------------------------------------------------------------


def lost_days(lost_contact: LostContact, today: datetime.date) -> int:
    """Days of lost contact (脱管): from the day contact was lost to the day the subject was
    found, or to `today` while still lost. The measures ladder (CC-16/17/19) reads this against
    SIFA_CC_LOST_DAYS_FOR_WARNING (days) and SIFA_CC_LOST_MONTHS_FOR_REVOCATION (calendar
    months, `selectors.measures.lost_longer_than_months`)."""
    end = lost_contact.found_on or today
    return max(0, (end - lost_contact.lost_on).days)


@transaction.atomic
def lost_contact_open(
    *,
    actor,
    subject: Subject,
    lost_on: datetime.date,
    search: str = "",
    police_notified_on: datetime.date | None = None,
) -> LostContact:
    """登记失去联系 (社区矫正法 第30条: search at once): the record and a lost_contact Alert for
    the 司法所. A subject has at most one open lost-contact record."""
    require_subject_edit(actor, subject)
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    _require_active(subject)
    errors = _not_future(lost_on, "lost_on", _("失联日期"))
    if police_notified_on is not None:
        if police_notified_on > timezone.localdate():
            errors["police_notified_on"] = _("通报公安日期不能晚于今天。")
        elif lost_on and police_notified_on < lost_on:
            errors["police_notified_on"] = _("通报公安日期不能早于失联日期。")
    if errors:
        raise ValidationError(errors)
    if LostContact.objects.filter(subject=subject, found_on__isnull=True).exists():
        raise ValidationError(_("该矫正对象已有未找回的失去联系记录，请先登记找回。"))
    record = create_checked(
        LostContact,
        office=subject.office,
        subject=subject,
        lost_on=lost_on,
        search=(search or "").strip(),
        police_notified_on=police_notified_on,
        created_by=actor,
    )
    Alert.objects.create(
        office=subject.office,
        subject=subject,
        kind=AlertKind.LOST_CONTACT,
        raised_at=timezone.now(),
        detail=_("矫正对象%(number)s自%(date)s起失去联系，请立即组织查找。")
        % {"number": subject.number, "date": lost_on.isoformat()},
        created_by=actor,
    )
    return record


@transaction.atomic
def lost_contact_close(
    *,
    actor,
    lost_contact: LostContact,
    found_on: datetime.date,
    search: str | None = None,
) -> LostContact:
    """登记找回: the lost contact ends on `found_on`; the subject's open lost_contact alerts are
    marked handled on that day."""
    require_subject_edit(actor, lost_contact.subject)
    record = LostContact.objects.select_for_update().get(pk=lost_contact.pk)
    if record.found_on is not None:
        raise ValidationError(
            _("该记录已于%(date)s登记找回。") % {"date": record.found_on.isoformat()}
        )
    errors = _not_future(found_on, "found_on", _("找回日期"))
    if found_on and found_on < record.lost_on:
        errors["found_on"] = _("找回日期不能早于失联日期。")
    if errors:
        raise ValidationError(errors)
    record.found_on = found_on
    if search is not None and search.strip():
        record.search = search.strip()
    record.full_clean()
    record.save(update_fields=["found_on", "search", "updated_at"])
    handled = Alert.objects.filter(
        subject_id=record.subject_id, kind=AlertKind.LOST_CONTACT, handled_on__isnull=True
    )
    figure_cache.office_ids_changed(handled.values("office_id"))  # update() sends no signal
    handled.update(
        handled_on=found_on,
        handling=_("已于%(date)s找回（失联%(days)d天）。")
        % {"date": found_on.isoformat(), "days": lost_days(record, found_on)},
        updated_at=timezone.now(),
    )
    lost_contact.found_on, lost_contact.search = record.found_on, record.search
    return record


# --- 预警处置 ----------------------------------------------------------------------------


@transaction.atomic
def alert_handle(*, actor, alert: Alert, handled_on: datetime.date, handling: str) -> Alert:
    """处置预警: the date and what was done (核实, 训诫, 通知公安 …)."""
    require_subject_edit(actor, alert.subject)
    record = Alert.objects.select_for_update().get(pk=alert.pk)
    if record.handled_on is not None:
        raise ValidationError(
            _("该预警已于%(date)s处置。") % {"date": record.handled_on.isoformat()}
        )
    errors = _not_future(handled_on, "handled_on", _("处置日期"))
    if handled_on and handled_on < timezone.localtime(record.raised_at).date():
        errors["handled_on"] = _("处置日期不能早于预警日期。")
    handling = (handling or "").strip()
    if not handling:
        errors["handling"] = _("请填写处置情况。")
    if errors:
        raise ValidationError(errors)
    record.handled_on = handled_on
    record.handling = handling
    record.full_clean()
    record.save(update_fields=["handled_on", "handling", "updated_at"])
    alert.handled_on, alert.handling = record.handled_on, record.handling
    return record
