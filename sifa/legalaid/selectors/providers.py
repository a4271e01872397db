"""Reads of the providers and handlers roster (承办机构和承办人员), scoped through access."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from sifa.legalaid.actions.providers import ROSTER_OFFICE_KINDS
from sifa.legalaid.models import Handler, Provider
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
