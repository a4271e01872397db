"""The hook that warns before a record inside a submitted report month is changed.

A submitted (已上报) or accepted (已审核) monthly report froze its figures and the records
behind them (`sifa.reports.snapshots`); changing such a record later makes the report differ
from its records, and the consistency check (数据一致性核查) will name it. The record's page
says so before the user saves: "该记录所属的 2026年3月 月报已上报，修改后将列入数据一致性核查".

Core imports no reports module: the reports app registers the finder in its `ready()`
(`register(selectors_submissions.submitted_months_of)`: only records of a model the report set
counts, in their owning office or under it), and every page that changes a record or adds to
it renders through `sifa.core.views.edit_page`, which asks `notice(record)`; base.html shows it.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core.calendar import WorkingCalendar

# finder(record) -> the (year, month) of every submitted or accepted report month whose report
# counts the record, in order.
_FINDERS: list[Callable[[models.Model], list[tuple[int, int]]]] = []


def register(finder) -> None:
    if finder not in _FINDERS:
        _FINDERS.append(finder)


def record_dates(record) -> list[date]:
    """Every date of a record (its date columns; date-times as the local day)."""
    dates = []
    for field in record._meta.concrete_fields:
        if not isinstance(field, models.DateField):  # DateTimeField is a DateField too
            continue
        value = getattr(record, field.attname, None)
        if isinstance(value, datetime):
            value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
        if isinstance(value, date):
            dates.append(value)
    return dates


def submitted_months(record) -> list[tuple[int, int]]:
    months: list[tuple[int, int]] = []
    for finder in _FINDERS:
        months += [m for m in finder(record) if m not in months]
    return sorted(months)


def notice(record) -> str:
    """The warning for a record's edit page, or "" when no submitted month holds it."""
    months = submitted_months(record)
    if not months:
        return ""
    names = "、".join(
        _("%(year)s年%(month)s月") % {"year": year, "month": month} for year, month in months
    )
    return _("该记录所属的 %(months)s 月报已上报，修改后将列入数据一致性核查。") % {"months": names}


# --- the deadline of a month's report -----------------------------------------------------------


def report_deadline(year: int, month: int, *, calendar: WorkingCalendar | None = None) -> date:
    """The day by which the report of `month` is due: SIFA_REPORT_DUE_DAY of the month after
    (that month's last day when it has fewer days), moved to the next working day when it is a
    day off and SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS is on (民法典 第203条, as every deadline)."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = min(int(sifa_setting("SIFA_REPORT_DUE_DAY")), monthrange(year, month)[1])
    due = date(year, month, day)
    if sifa_setting("SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS"):
        due = (calendar or WorkingCalendar()).working_day_on_or_after(due)
    return due


def next_report_deadline(today: date) -> tuple[date, tuple[int, int]]:
    """The first report deadline on or after `today`, with the (year, month) it reports on: the
    previous month's report until its deadline has passed, then this month's."""
    calendar = WorkingCalendar()
    previous = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    due = report_deadline(*previous, calendar=calendar)
    if due >= today:
        return due, previous
    return report_deadline(today.year, today.month, calendar=calendar), (today.year, today.month)
