"""Reads of 司法鉴定 cases for pages, exports and to-dos, always through
`sifa.orgs.access.scope()`: an institution's account sees its own cases; a bureau every
institution's under it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from sifa.core.deadlines import NEAR, OVERDUE, deadline_state
from sifa.core.queries import containing, narrowed
from sifa.core.views import status_event_rows
from sifa.forensic import deadlines
from sifa.forensic.constants import CaseStatus
from sifa.forensic.models import Case
from sifa.orgs import access

# `due` filter values of the list
DUE_OVERDUE = "overdue"
DUE_NEAR = "near"


def case_scope(*, actor) -> QuerySet[Case]:
    return access.scope(actor, Case.objects.select_related("office", "institution__office"))


def _due_q(state: str, today: datetime.date) -> Q:
    warn = today + datetime.timedelta(days=deadlines.warn_days())
    deciding = Q(status=CaseStatus.RECEIVED)
    doing = Q(status=CaseStatus.ACCEPTED)
    if state == DUE_OVERDUE:
        return (deciding & Q(decision_due__lt=today)) | (doing & Q(completion_due__lt=today))
    return (deciding & Q(decision_due__range=(today, warn))) | (
        doing & Q(completion_due__range=(today, warn))
    )


def case_list(
    *,
    actor,
    office=None,
    status: str = "",
    category: str = "",
    by_letter: str = "",
    due: str = "",
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    q: str = "",
) -> QuerySet[Case]:
    """Cases the actor sees, newest first; `by_letter` "yes"/"no"/""; `due` overdue/near."""
    rows = case_scope(actor=actor)
    if office is not None:
        rows = access.within(rows, office)
    rows = narrowed(
        rows,
        status=status,
        category=category,
        received_on__gte=received_from,
        received_on__lte=received_to,
    )
    if by_letter:
        rows = rows.filter(by_letter=by_letter == "yes")
    if due in (DUE_OVERDUE, DUE_NEAR):
        rows = rows.filter(_due_q(due, timezone.localdate()))
    return containing(rows, q, "number", "client", "matter").order_by("-received_on", "-pk")


def case_get(*, actor, pk) -> Case:
    rows = Case.objects.select_related("office", "institution__office", "client_person")
    return access.get_object_or_404(actor, rows, pk=pk)


def case_related(case: Case) -> dict:
    """What the case's page lists: appraisers, paused time, status history and changes."""
    return {
        "appraisers": list(case.appraisers.select_related("person")),
        "pauses": list(case.pauses.all()),
        "events": status_event_rows(case.events.all(), CaseStatus),
        "history": list(case.history.select_related("history_user").order_by("-history_date")[:30]),
    }


@dataclass(frozen=True)
class DueItem:
    case: Case
    kind: str  # "decision" or "completion"
    due: datetime.date
    state: str  # NEAR or OVERDUE


def forensic_due(*, actor, today: datetime.date | None = None) -> list[DueItem]:
    """Acceptance decisions and completions the actor sees that are near due or overdue."""
    today = today or timezone.localdate()
    rows = case_scope(actor=actor).filter(_due_q(DUE_OVERDUE, today) | _due_q(DUE_NEAR, today))
    items = []
    for case in rows.order_by("pk")[:500]:
        kind, due = (
            ("decision", case.decision_due)
            if case.status == CaseStatus.RECEIVED
            else ("completion", case.completion_due)
        )
        state = deadline_state(due, today=today, warn_days=deadlines.warn_days())
        if state in (NEAR, OVERDUE):
            items.append(DueItem(case, kind, due, state))
    return sorted(items, key=lambda item: item.due)
