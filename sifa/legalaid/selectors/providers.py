"""Reads of the providers and handlers roster (承办机构和承办人员), scoped through access."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from sifa.legalaid.actions.providers import ROSTER_OFFICE_KINDS
from sifa.legalaid.constants import Status
from sifa.legalaid.models import Application, Assignment, Handler, Provider
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_filter, offices_to_write

ACTIVE = "active"
INACTIVE = "inactive"


def provider_list(
    *,
    actor,
    office: Office | None = None,
    kind: str = "",
    status: str = "",
    q: str = "",
) -> QuerySet[Provider]:
    """Providers the actor may see, each with its handlers (active first), by name."""
    handlers = Handler.objects.select_related("person").order_by("-active", "id")
    rows = access.scope(actor, Provider.objects.select_related("office")).prefetch_related(
        Prefetch("handlers", queryset=handlers)
    )
    if office is not None:
        rows = access.within(rows, office)
    if kind:
        rows = rows.filter(kind=kind)
    if status == ACTIVE:
        rows = rows.filter(active=True)
    elif status == INACTIVE:
        rows = rows.filter(active=False)
    q = (q or "").strip()
    if q:
        rows = rows.filter(Q(name__contains=q) | Q(handlers__person__name__contains=q)).distinct()
    return rows.order_by("-active", "office__path", "name", "id")


def provider_get(*, actor, pk) -> Provider:
    return access.get_object_or_404(
        actor,
        Provider.objects.select_related("office").prefetch_related(
            Prefetch(
                "handlers",
                queryset=Handler.objects.select_related("person").order_by("-active", "id"),
            )
        ),
        pk=pk,
    )


def handler_get(*, actor, pk) -> Handler:
    return access.get_object_or_404(
        actor, Handler.objects.select_related("office", "provider", "person"), pk=pk
    )


def handler_list(*, actor, active_only: bool = True) -> QuerySet[Handler]:
    """Handlers the actor sees (on the roster, of a provider on the roster, by default)."""
    rows = access.scope(actor, Handler.objects.select_related("provider", "person", "office"))
    if active_only:
        rows = rows.filter(active=True, provider__active=True)
    return rows.order_by("provider__name", "person__name", "id")


def offices_for_filter(*, actor) -> QuerySet[Office]:
    return offices_to_filter(actor, ROSTER_OFFICE_KINDS)


def offices_for_roster(*, actor) -> QuerySet[Office]:
    """Legal-aid centres and bureaus where the actor may keep the roster (`edit`)."""
    return offices_to_write(actor, ROSTER_OFFICE_KINDS)


# --- cases handled by a person (the practice line's integrity file reads these) ---------------

# A case whose handling is over: ended, filed for review, archived or terminated.
HANDLING_OVER = (Status.ENDED, Status.FILED_FOR_REVIEW, Status.ARCHIVED, Status.TERMINATED)


@dataclass
class HandledCases:
    """Legal-aid cases of one person as the handler of the case's current assignment."""

    assigned: int = 0
    over: int = 0
    by_year: dict[int, int] = field(default_factory=dict)  # year of assignment -> cases


def handled_case_counts(person_ids) -> dict[int, HandledCases]:
    """{person id: HandledCases} for these persons (a person handled no case: absent).

    A case counts for the handler of its current assignment (one not ended by a replacement),
    in the year of that assignment. Figures only, no case: not scoped, like a statistic."""
    rows = (
        Assignment.objects.filter(handler__person_id__in=list(person_ids), ended_on__isnull=True)
        .values("handler__person_id", year=ExtractYear("assigned_on"))
        .annotate(
            cases=Count("application_id", distinct=True),
            over=Count(
                "application_id",
                filter=Q(application__status__in=HANDLING_OVER),
                distinct=True,
            ),
        )
    )
    found: dict[int, HandledCases] = defaultdict(HandledCases)
    for row in rows:
        counted = found[row["handler__person_id"]]
        counted.assigned += row["cases"]
        counted.over += row["over"]
        counted.by_year[row["year"]] = counted.by_year.get(row["year"], 0) + row["cases"]
    return dict(found)


def handled_cases(*, actor, person) -> QuerySet[Application]:
    """The cases the actor sees whose current assignment names `person` as the handler."""
    current = Assignment.objects.filter(handler__person=person, ended_on__isnull=True)
    rows = access.scope(actor, Application.objects.select_related("office"))
    return rows.filter(pk__in=current.values("application_id")).order_by("-accepted_on", "-pk")
