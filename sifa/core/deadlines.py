"""Legal periods and deadlines (期间与期限), computed in one place (DOMAIN §1.4, §1.7).

民法典 第201–203条:

* 第201条 — a period counted in days, months or years does not count its starting day;
  counting starts the next day.
* 第202条 — a month/year period ends on the corresponding day of the final month; when that
  month has no such day, on its last day.
* 第203条 — when the last day is a 法定休假日 (a weekend or a statutory holiday, per the official
  calendar), the period ends on the first working day after it. Whether agencies apply this to
  administrative deadlines is a policy choice: `settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS`
  (default on).

刑事诉讼法 第105条 — a period for a person in custody (羁押) is not extended for holidays.

工作日 periods count working days after the starting day (a 调休上班日 counts, a holiday does
not), so they always end on a working day. HOUR periods add hours to a moment and never shift.

Business lines declare each legal deadline once, with its article, as a `DeadlineRule`:

    register_rule(DeadlineRule(code="legalaid.decision", amount=7, unit=Unit.DAY,
                               article="法律援助法 第43条", label="作出是否给予法律援助的决定"))
    due = compute("legalaid.decision", application.received_date)
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.sifa_settings import sifa_setting
from sifa.core.calendar import WorkingCalendar, as_local_date


class Unit(models.TextChoices):
    """The unit of a period; store it with every rule (日 and 工作日 are different rules)."""

    DAY = "day", _("日")
    WORKDAY = "workday", _("工作日")
    MONTH = "month", _("月")
    YEAR = "year", _("年")
    HOUR = "hour", _("小时")


def add_months(start: date, months: int) -> date:
    """The corresponding day `months` later, or that month's last day (民法典 第202条)."""
    year, month_index = divmod(start.month - 1 + months, 12)
    year += start.year
    month = month_index + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def term_end(start: date, *, months: int = 0, years: int = 0) -> date:
    """The last day of a term of `years` years and `months` months whose first day is `start`.

    A sentence, a 考验期 or a correction period counts its first day (刑法 第41、44、47、73条:
    a term runs from the day the judgment takes effect / from that day on), so it ends the day
    before the corresponding day of the final month; when the final month has no corresponding
    day, on that month's last day (民法典 第202条 applied to a term whose first day counts):

        2024-01-31 + 1 month   → 2024-02-29   (no 02-31: the month's last day)
        2024-02-29 + 12 months → 2025-02-28   (no 2025-02-29: the month's last day)
        2024-03-31 + 1 month   → 2024-04-30
        2024-03-15 + 1 month   → 2024-04-14

    A term is never moved off holidays (it is not a time limit for an act, 民法典 第203条).
    """
    total = 12 * years + months
    if total < 1:
        raise ValueError("a term lasts at least one month")
    year, month_index = divmod(start.month - 1 + total, 12)
    year += start.year
    month = month_index + 1
    last_day = monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


def due_date(
    start: date | datetime,
    amount: int,
    unit: Unit | str,
    *,
    shift_off_holidays: bool | None = None,
    in_custody: bool = False,
    calendar: WorkingCalendar | None = None,
) -> date | datetime:
    """The last day of a period of `amount` `unit`s starting on `start` (not itself counted).

    `shift_off_holidays=None` follows `settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS`;
    `in_custody=True` never shifts (刑事诉讼法 第105条). Pass `calendar` to share one
    `WorkingCalendar` across many computations (e.g. a to-do list) and save queries.
    HOUR needs a datetime and returns one; every other unit returns a date.
    """
    unit = Unit(unit)
    if amount < 0:
        raise ValueError("amount must not be negative")
    if unit == Unit.HOUR:
        if not isinstance(start, datetime):
            raise TypeError("an HOUR period starts at a datetime, not a date")
        return start + timedelta(hours=amount)

    calendar = calendar or WorkingCalendar()
    first = as_local_date(start)
    if unit == Unit.WORKDAY:
        return calendar.add_working_days(first, amount)

    if unit == Unit.DAY:
        last = first + timedelta(days=amount)
    elif unit == Unit.MONTH:
        last = add_months(first, amount)
    else:  # Unit.YEAR
        last = add_months(first, 12 * amount)

    if shift_off_holidays is None:
        shift_off_holidays = sifa_setting("SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS")
    if shift_off_holidays and not in_custody:
        last = calendar.working_day_on_or_after(last)
    return last


@dataclass(frozen=True)
class Pause:
    """Days a period does not count (期间扣除): the time for supplementary materials, for
    verification or of force majeure (公证法 第30条; 司法鉴定程序通则 第28条 and 第29条), from
    `first` to `last`, both days left out; `last=None` while it lasts."""

    first: date
    last: date | None = None

    def __post_init__(self):
        if self.last is not None and self.last < self.first:
            raise ValueError(f"a pause cannot end ({self.last}) before it starts ({self.first})")

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


def paused_due_date(
    start: date | datetime,
    amount: int,
    unit: Unit | str,
    pauses: Iterable[Pause] = (),
    *,
    shift_off_holidays: bool | None = None,
    calendar: WorkingCalendar | None = None,
) -> date | None:
    """`due_date` of a period of days or working days that stands still while it is paused: a
    paused day is not counted, so the due date moves by the days (working days of a 工作日
    period) that fall in the pauses before it; pauses after the due date change nothing.

    None while a pause is open and the period has not run out before it began: the due date is
    not known until the pause ends. Without pauses, the same date as `due_date`.
    """
    unit = Unit(unit)
    if unit not in (Unit.DAY, Unit.WORKDAY):
        raise ValueError("only periods of days or working days can be paused")
    if amount < 0:
        raise ValueError("amount must not be negative")
    calendar = calendar or WorkingCalendar()
    pauses = sorted(pauses, key=lambda pause: pause.first)
    day, counted = as_local_date(start), 0
    while counted < amount:
        day += timedelta(days=1)
        pause = next((pause for pause in pauses if pause.covers(day)), None)
        if pause is not None:
            if pause.last is None:
                return None
            day = pause.last  # the next day counted is the day after the pause
            continue
        if unit == Unit.DAY or calendar.is_working_day(day):
            counted += 1
    if shift_off_holidays is None:
        shift_off_holidays = sifa_setting("SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS")
    if unit == Unit.DAY and shift_off_holidays:
        day = calendar.working_day_on_or_after(day)
    return day


# ---------------------------------------------------------------------------------------------
# Working hours (工作时间): time limits counted in hours of office time on working days, e.g. a
# 12345 work order to be signed within 2 working hours and answered within 3 working days.


@dataclass(frozen=True)
class OfficeHours:
    """The office hours of every working day: `windows` of (start, end) times, in order and not
    overlapping (08:30–12:00 and 14:00–17:30 by default, `SIFA_OFFICE_HOURS` [M])."""

    windows: tuple[tuple[time, time], ...]

    def __post_init__(self):
        if not self.windows:
            raise ValueError("office hours need at least one (start, end) window")
        previous_end = None
        for start, end in self.windows:
            if not start < end:
                raise ValueError(f"an office-hours window must end after it starts: {start}–{end}")
            if previous_end is not None and start < previous_end:
                raise ValueError(f"office-hours windows must be in order and apart: {start}")
            previous_end = end

    @classmethod
    def parse(cls, pairs) -> OfficeHours:
        """From pairs of "HH:MM" texts (or `time`s), as the setting holds them."""

        def as_time(value) -> time:
            return value if isinstance(value, time) else time.fromisoformat(str(value))

        try:
            return cls(tuple((as_time(start), as_time(end)) for start, end in pairs))
        except (TypeError, ValueError) as error:
            raise ValueError(f"bad office hours {pairs!r}: {error}") from error

    @classmethod
    def from_settings(cls) -> OfficeHours:
        return cls.parse(sifa_setting("SIFA_OFFICE_HOURS"))

    @property
    def day_length(self) -> timedelta:
        """The office time of one working day (7 hours by default)."""
        return sum(
            (
                datetime.combine(date.min, end) - datetime.combine(date.min, start)
                for start, end in self.windows
            ),
            timedelta(),
        )


def _local_moment(value: datetime) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError("a working-hours period starts at a datetime, not a date")
    if timezone.is_naive(value):
        raise ValueError("a working-hours period starts at an aware datetime")
    return timezone.localtime(value)


def add_working_hours(
    start: datetime,
    hours: float | timedelta,
    *,
    calendar: WorkingCalendar | None = None,
    office_hours: OfficeHours | None = None,
) -> datetime:
    """The moment `hours` of office time after `start` (工作小时): only the office hours
    (`SIFA_OFFICE_HOURS`) of working days count — weekends and statutory holidays do not, a
    调休上班日 does. A start outside office hours counts from the next opening; a period that
    runs out exactly at a closing ends at that closing (12:00, 17:30), not at the next opening.
    Returned in the project time zone; zero hours give `start` back.

        Fri 2024-03-01 16:30 + 2 working hours → Mon 03-04 09:30 (a weekend in between)
        Mon 2024-09-30 16:30 + 2 working hours → Tue 10-08 09:30 (国庆节 10-01…10-07)
        Fri 2024-09-27 16:30 + 2 working hours → Sun 09-29 09:30 (a 调休上班日)
    """
    amount = hours if isinstance(hours, timedelta) else timedelta(hours=hours)
    if amount < timedelta():
        raise ValueError("hours must not be negative")
    moment = _local_moment(start)
    if not amount:
        return moment
    calendar = calendar or WorkingCalendar()
    office_hours = office_hours or OfficeHours.from_settings()
    zone = moment.tzinfo
    day = moment.date()
    remaining = amount
    for _searched in range(MAX_WORKING_DAYS_SEARCHED):
        if calendar.is_working_day(day):
            for opens, closes in office_hours.windows:
                window_start = datetime.combine(day, opens, tzinfo=zone)
                window_end = datetime.combine(day, closes, tzinfo=zone)
                counting_from = max(window_start, moment)
                if counting_from >= window_end:
                    continue
                available = window_end - counting_from
                if remaining <= available:
                    return counting_from + remaining
                remaining -= available
        day += timedelta(days=1)
    raise ValueError(f"no office hours within {MAX_WORKING_DAYS_SEARCHED} days after {start}")


# A working-hours period longer than this many calendar days means a broken calendar table.
MAX_WORKING_DAYS_SEARCHED = 3660


def add_working_days_from(
    start: datetime,
    days: int,
    *,
    calendar: WorkingCalendar | None = None,
    office_hours: OfficeHours | None = None,
) -> datetime:
    """The moment `days` working days of office time after `start`: `days` × a day's office
    hours (`add_working_hours`), so the period ends at the same office time on the `days`-th
    working day after — 3 working days from Friday 15:40 end on Wednesday 15:40 — and a start
    outside office hours (at night, on a holiday) ends at the closing of the `days`-th working
    day after it. Use `due_date(..., Unit.WORKDAY)` instead for a limit that ends at 24:00 of a
    day."""
    if days < 0:
        raise ValueError("days must not be negative")
    office_hours = office_hours or OfficeHours.from_settings()
    return add_working_hours(
        start, office_hours.day_length * days, calendar=calendar, office_hours=office_hours
    )


def working_time_between(
    start: datetime,
    end: datetime,
    *,
    calendar: WorkingCalendar | None = None,
    office_hours: OfficeHours | None = None,
) -> timedelta:
    """The office time of working days between two moments (zero when `end` is not after
    `start`): how long a clerk took, in working hours."""
    first, last = _local_moment(start), _local_moment(end)
    if last <= first:
        return timedelta()
    calendar = calendar or WorkingCalendar()
    office_hours = office_hours or OfficeHours.from_settings()
    zone = first.tzinfo
    total = timedelta()
    day = first.date()
    while day <= last.date():
        if calendar.is_working_day(day):
            for opens, closes in office_hours.windows:
                window_start = max(datetime.combine(day, opens, tzinfo=zone), first)
                window_end = min(datetime.combine(day, closes, tzinfo=zone), last)
                if window_end > window_start:
                    total += window_end - window_start
        day += timedelta(days=1)
    return total


# ---------------------------------------------------------------------------------------------
# Named rules: each legal deadline declared once, with the article it comes from.


@dataclass(frozen=True)
class DeadlineRule:
    code: str  # "<line>.<what>", e.g. "legalaid.decision"
    amount: int
    unit: Unit
    article: str  # the source, e.g. "法律援助法 第43条"
    label: str  # what must be done by the deadline, in Chinese
    # None: follow settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS; True/False: this rule's own policy.
    shift_off_holidays: bool | None = None

    def __post_init__(self):
        object.__setattr__(self, "unit", Unit(self.unit))
        if self.amount < 0:
            raise ValueError(f"{self.code}: amount must not be negative")

    def __str__(self):
        return f"{self.label}：{self.amount}{self.unit.label}（{self.article}）"


_rules: dict[str, DeadlineRule] = {}


def register_rule(deadline_rule: DeadlineRule) -> DeadlineRule:
    """Declare a rule (from an app's `ready()`). Re-declaring the same rule is harmless;
    declaring a different rule under a code already taken is a mistake and raises."""
    existing = _rules.get(deadline_rule.code)
    if existing is not None and existing != deadline_rule:
        raise ValueError(f"deadline rule {deadline_rule.code!r} is already registered differently")
    _rules[deadline_rule.code] = deadline_rule
    return deadline_rule


def rule(code: str) -> DeadlineRule:
    try:
        return _rules[code]
    except KeyError:
        raise KeyError(f"unknown deadline rule {code!r}") from None


def rules() -> list[DeadlineRule]:
    return sorted(_rules.values(), key=lambda r: r.code)


def compute(
    code: str,
    base: date | datetime,
    *,
    in_custody: bool = False,
    calendar: WorkingCalendar | None = None,
    pauses: Iterable[Pause] | None = None,
    extension: int = 0,
) -> date | datetime | None:
    """The due date of rule `code` for a period starting on `base`; `extension` more units
    where the rule allows an extension (延长), and `pauses` left out (`paused_due_date`: None
    while a pause is open)."""
    deadline_rule = rule(code)
    if pauses is not None or extension:
        return paused_due_date(
            base,
            deadline_rule.amount + extension,
            deadline_rule.unit,
            pauses or (),
            shift_off_holidays=False if in_custody else deadline_rule.shift_off_holidays,
            calendar=calendar,
        )
    return due_date(
        base,
        deadline_rule.amount,
        deadline_rule.unit,
        shift_off_holidays=deadline_rule.shift_off_holidays,
        in_custody=in_custody,
        calendar=calendar,
    )


# ---------------------------------------------------------------------------------------------
# Watching deadlines (待办).

OK = "ok"
NEAR = "near"
OVERDUE = "overdue"
# A deadline that had already passed when the record came into Sifa (a register imported at
# go-live, docs/go-live.md): it is history, not work that is late now. It is not overdue and
# not counted as such; the record still shows it.
HISTORIC = "historic"


def deadline_state(
    due: date | datetime,
    *,
    today: date | datetime | None = None,
    warn_days: int = 3,
    entered_on: date | None = None,
) -> str:
    """ "overdue" after the due day (or moment), "near" within `warn_days` of it, else "ok";
    "historic" when the record was imported on `entered_on` (sifa.core.imports.batches.
    imported_on) and the deadline had passed before that day.

    A date deadline runs to the end of its day (24:00, 民法典 第203条); a datetime deadline
    (HOUR periods) is compared with the current moment (`today`, if a datetime, stands in).
    """
    if entered_on is not None and as_local_date(due) < entered_on:
        return HISTORIC
    if isinstance(due, datetime):
        now = today if isinstance(today, datetime) else timezone.now()
        if now > due:
            return OVERDUE
        return NEAR if due - now <= timedelta(days=warn_days) else OK

    today = as_local_date(today) if today is not None else timezone.localdate()
    if today > due:
        return OVERDUE
    return NEAR if (due - today).days <= warn_days else OK


class LabelledDeadline:
    """What a line's deadline row (报到期限, 审查决定期限, …) shows beside its dates: the kind's
    label and legal article and the state's label. Mixin of a line's deadline dataclass, which
    has `kind` and `state` fields and names its tables: `kind_labels` and `kind_articles` by
    kind, `state_labels` by state."""

    kind: str
    state: str
    kind_labels: ClassVar[Mapping[str, object]]
    kind_articles: ClassVar[Mapping[str, str]]
    state_labels: ClassVar[Mapping[str, object]]

    @property
    def label(self) -> str:
        return str(self.kind_labels[self.kind])

    @property
    def article(self) -> str:
        return self.kind_articles[self.kind]

    @property
    def state_label(self) -> str:
        return str(self.state_labels[self.state])
