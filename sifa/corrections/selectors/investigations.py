"""Reads of 调查评估 (investigation assessments) for pages, the Excel export and the to-do list.

Scope: `sifa.orgs.access`, as for every office-owned record. On top of it, the minors rule
(社区矫正法 第54条): an assessment whose subject was **under 18 on the day the commission was
received** is visible only where the user holds `Cap.MINORS` over its office — to everybody
else it does not exist (404, absent from lists, exports and to-dos).

The Investigation model has no `is_minor` column (the age is a fact of the person and the
date, not something to type twice), so `_restricted()` derives the flag in the query: it
annotates `minor_on_receipt` from `person__birth_date` and `received_on` and hands that
annotation to `access.scope_restricted(..., flag="minor_on_receipt", capability=Cap.MINORS)`.
A person is under 18 on day R when (R as yyyymmdd) − (birth date as yyyymmdd) < 180000 — the
usual whole-years age, computed with date-part extraction so it runs on SQLite and PostgreSQL
alike (born 2008-02-29 → still 17 on 2026-02-28, 18 on 2026-03-01). A person without a birth
date in the registry (a document other than a resident ID, none typed) cannot be shown to be a
minor and is not restricted; `was_minor_on()` answers the same for one person in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sifa.core.deadlines import HISTORIC, NEAR, OK, OVERDUE, deadline_state
from sifa.core.imports.batches import imported_after, imported_on
from sifa.core.todos import Todo
from sifa.corrections.models import Investigation
from sifa.corrections.selectors.common import containing, narrowed
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_write

WARN_DAYS = 3  # a deadline within this many days is "near" (a to-do)
ADULT_AGE = 18
MINOR_FLAG = "minor_on_receipt"

# Deadline state of a completed assessment.
MET = "met"
LATE = "late"
STATE_LABELS = {
    OK: _("未到期"),
    NEAR: _("即将到期"),
    OVERDUE: _("已超期"),
    HISTORIC: _("导入前已届满"),
    MET: _("按期完成"),
    LATE: _("逾期完成"),
}

# The list's 办理情况 filter.
OPEN = "open"
OVERDUE_OPEN = "overdue"
DONE = "done"
DONE_LATE = "late"
AWAITING_ADOPTION = "awaiting_adoption"
PROGRESS_CHOICES = [
    (OPEN, _("未完成")),
    (OVERDUE_OPEN, _("已超期未完成")),
    (DONE, _("已完成")),
    (DONE_LATE, _("逾期完成")),
    (AWAITING_ADOPTION, _("待登记采信情况")),
]

REGISTRATION_OFFICE_KINDS = (
    OfficeKind.JUSTICE_BUREAU,
    OfficeKind.CORRECTIONS_INSTITUTION,
    OfficeKind.JUDICIAL_OFFICE,
)


# ---------------------------------------------------------------------------------------------
# The minors rule


def was_minor_on(person, day: datetime.date | None) -> bool:
    """Was `person` under 18 on `day`? False when the birth date (or the day) is unknown."""
    birth = getattr(person, "birth_date", None)
    if birth is None or day is None:
        return False
    return _yyyymmdd(day) - _yyyymmdd(birth) < ADULT_AGE * 10000


def _yyyymmdd(day: datetime.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _as_number(field: str):
    return ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)


def with_minor_flag(queryset: QuerySet[Investigation]) -> QuerySet[Investigation]:
    """Annotate `minor_on_receipt`: the subject was under 18 when the commission was received."""
    return queryset.annotate(
        receipt_age_key=_as_number("received_on") - _as_number("person__birth_date")
    ).annotate(
        **{
            MINOR_FLAG: Case(
                When(receipt_age_key__lt=ADULT_AGE * 10000, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        }
    )


def _restricted(actor, queryset: QuerySet[Investigation]) -> QuerySet[Investigation]:
    """Rows the actor may see: the office subtree, and a minor's only with Cap.MINORS."""
    return access.scope_restricted(
        actor, with_minor_flag(queryset), flag=MINOR_FLAG, capability=Cap.MINORS
    )


def investigations_visible(actor, queryset: QuerySet[Investigation]) -> QuerySet[Investigation]:
    """`queryset` limited to the assessments the actor may see (minors' with Cap.MINORS)."""
    return _restricted(actor, queryset)


# ---------------------------------------------------------------------------------------------
# Lists and records


def investigation_list(
    *,
    actor,
    office: Office | None = None,
    stage: str | None = None,
    commissioning_body: str | None = None,
    result: str | None = None,
    progress: str | None = None,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    q: str | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Investigation]:
    """Assessments the actor may see, newest receipt first; each filter narrows when given.

    `progress` is one of PROGRESS_CHOICES: open, overdue and open (past `due_on`), done, done
    late, or done but the commissioning body's adoption not yet recorded. `q` matches the
    commission number, the person's name or the commissioning body's name (the crime is
    encrypted: the database cannot search it).
    """
    today = today or timezone.localdate()
    rows = narrowed(
        _restricted(actor, Investigation.objects.select_related("office", "person")),
        within=office,
        stage=stage,
        commissioning_body=commissioning_body,
        result=result,
        received_on__gte=received_from,
        received_on__lte=received_to,
    )
    if progress == OPEN:
        rows = rows.filter(completed_on__isnull=True)
    elif progress == OVERDUE_OPEN:
        rows = rows.filter(completed_on__isnull=True, due_on__lt=today).exclude(
            imported_after(Investigation, "due_on")  # past already when imported: history
        )
    elif progress == DONE:
        rows = rows.filter(completed_on__isnull=False)
    elif progress == DONE_LATE:
        rows = rows.filter(completed_on__gt=F("due_on"))
    elif progress == AWAITING_ADOPTION:
        rows = rows.filter(completed_on__isnull=False, adopted__isnull=True)
    rows = containing(rows, q, "commission_number", "person__name", "commissioning_name")
    return rows.order_by("-received_on", "-id")


def investigation_get(*, actor, pk) -> Investigation:
    """One assessment with its office and person, or 404 (out of scope, or a minor's record
    for a user without Cap.MINORS)."""
    return access.get_object_or_404(
        actor,
        _restricted(actor, Investigation.objects.select_related("office", "person", "created_by")),
        pk=pk,
    )


@dataclass(frozen=True)
class AdoptionSummary:
    """采信率 of a selection: adopted ÷ completed assessments whose adoption is recorded."""

    completed: int
    recorded: int
    adopted: int

    @property
    def rate(self) -> float | None:
        """Percent, one decimal; None when nothing is recorded yet."""
        if not self.recorded:
            return None
        return round(100 * self.adopted / self.recorded, 1)


def adoption_summary(rows: QuerySet[Investigation]) -> AdoptionSummary:
    """Counts of a (scoped, filtered) selection from `investigation_list`."""
    counts = rows.order_by().aggregate(
        completed=Count("pk", filter=Q(completed_on__isnull=False)),
        recorded=Count("pk", filter=Q(completed_on__isnull=False, adopted__isnull=False)),
        adopted=Count("pk", filter=Q(completed_on__isnull=False, adopted=True)),
    )
    return AdoptionSummary(**{key: value or 0 for key, value in counts.items()})


def deadline_of(
    investigation: Investigation,
    *,
    today: datetime.date | None = None,
    entered_on: datetime.date | None = None,
) -> str:
    """OK / NEAR / OVERDUE while open; MET / LATE once completed. `entered_on`: the day an
    import created the commission (`imported_investigations`); a deadline already past then
    is HISTORIC (docs/go-live.md)."""
    if investigation.completed_on is not None:
        return MET if investigation.completed_on <= investigation.due_on else LATE
    return deadline_state(
        investigation.due_on, today=today, warn_days=WARN_DAYS, entered_on=entered_on
    )


def imported_investigations(rows) -> dict[int, datetime.date]:
    """{pk: the day it was imported} of those of `rows` an import batch created (go-live)."""
    return imported_on(Investigation, [investigation.pk for investigation in rows])


def state_label(state: str) -> str:
    return str(STATE_LABELS[state])


def offices_for_filter(*, actor) -> QuerySet[Office]:
    """Offices the actor sees, for the list's 所属机构 filter."""
    return (
        access.visible_offices(actor, Cap.VIEW, line="corrections")
        .filter(is_active=True)
        .order_by("path")
    )


def offices_for_registration(*, actor) -> QuerySet[Office]:
    """Offices where the actor may register a commission (county bureaus, 社区矫正机构, 司法所)."""
    return offices_to_write(actor, REGISTRATION_OFFICE_KINDS)


# ---------------------------------------------------------------------------------------------
# To-dos


def investigations_due(*, actor, today: datetime.date | None = None) -> list[Todo]:
    """Open assessments the actor may see whose deadline is within WARN_DAYS or past, most
    urgent first (minors' records only for holders of Cap.MINORS)."""
    today = today or timezone.localdate()
    rows = _restricted(actor, Investigation.objects.select_related("office")).filter(
        completed_on__isnull=True, due_on__lte=today + datetime.timedelta(days=WARN_DAYS)
    )
    rows = list(rows.order_by("due_on", "commission_number", "id"))
    # A deadline already past when the commission was imported is history (docs/go-live.md).
    entered = imported_investigations(rows)
    items = []
    for investigation in rows:
        state = deadline_state(
            investigation.due_on,
            today=today,
            warn_days=WARN_DAYS,
            entered_on=entered.get(investigation.pk),
        )
        if state == HISTORIC:
            continue
        overdue = state == OVERDUE
        title = (
            gettext("调查评估 %(number)s（%(body)s委托）已超期未完成")
            if overdue
            else gettext("调查评估 %(number)s（%(body)s委托）完成期限将至")
        )
        items.append(
            Todo.about(
                investigation,
                line=gettext("社区矫正"),
                title=title
                % {
                    "number": investigation.commission_number,
                    "body": investigation.commissioning_name,
                },
                due=investigation.due_on,
                overdue=overdue,
            )
        )
    return items


__all__ = [
    "AWAITING_ADOPTION",
    "DONE",
    "DONE_LATE",
    "LATE",
    "MET",
    "MINOR_FLAG",
    "OPEN",
    "OVERDUE_OPEN",
    "PROGRESS_CHOICES",
    "WARN_DAYS",
    "AdoptionSummary",
    "adoption_summary",
    "deadline_of",
    "imported_investigations",
    "investigation_get",
    "investigation_list",
    "investigations_due",
    "investigations_visible",
    "offices_for_filter",
    "offices_for_registration",
    "state_label",
    "was_minor_on",
    "with_minor_flag",
]
