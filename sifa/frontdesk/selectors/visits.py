"""Reads of the visitor register, the conversions and the consultation events, scoped through
`sifa.orgs.access`; the 关联记录 provider of both sides of a conversion."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.queries import narrowed, text_condition
from sifa.core.record_links import RecordLink
from sifa.frontdesk.actions.visits import DESK_OFFICE_KINDS
from sifa.frontdesk.constants import Target
from sifa.frontdesk.models import Conversion, OutreachEvent, Visit
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_filter, offices_to_write


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def visit_list(
    *,
    actor,
    office: Office | None = None,
    category: str = "",
    service: str = "",
    satisfaction: str = "",
    visited_from: datetime.date | None = None,
    visited_to: datetime.date | None = None,
    q: str = "",
) -> QuerySet[Visit]:
    """Visits the actor may see, newest first; the period by the local date of 来访时间."""
    rows = access.scope(actor, Visit.objects.select_related("office", "person"))
    if office is not None:
        rows = access.within(rows, office)
    rows = narrowed(rows, category=category, service=service, satisfaction=satisfaction)
    if visited_from:
        rows = rows.filter(visited_at__gte=_start_of(visited_from))
    if visited_to:
        rows = rows.filter(visited_at__lt=_start_of(visited_to + datetime.timedelta(days=1)))
    q = (q or "").strip()
    if q:
        rows = rows.filter(text_condition(q, "visitor_name", "matter", "referred_to"))
    return rows.order_by("-visited_at", "-id")


def visit_get(*, actor, pk) -> Visit:
    return access.get_object_or_404(actor, Visit.objects.select_related("office", "person"), pk=pk)


def visit_conversions(visit: Visit) -> list[Conversion]:
    return list(visit.conversions.order_by("created_at", "pk"))


def event_list(
    *,
    actor,
    office: Office | None = None,
    held_from: datetime.date | None = None,
    held_to: datetime.date | None = None,
    q: str = "",
) -> QuerySet[OutreachEvent]:
    rows = access.scope(actor, OutreachEvent.objects.select_related("office"))
    if office is not None:
        rows = access.within(rows, office)
    if held_from:
        rows = rows.filter(held_on__gte=held_from)
    if held_to:
        rows = rows.filter(held_on__lte=held_to)
    q = (q or "").strip()
    if q:
        rows = rows.filter(text_condition(q, "place", "topic"))
    return rows.order_by("-held_on", "-id")


def offices_for_filter(*, actor) -> QuerySet[Office]:
    return offices_to_filter(actor, DESK_OFFICE_KINDS)


def offices_for_desk(*, actor) -> QuerySet[Office]:
    """Centres and stations where the actor may register visits and events (`edit`)."""
    return offices_to_write(actor, DESK_OFFICE_KINDS)


# --- 关联记录 (sifa.core.record_links) ---------------------------------------------------------


def _seen(actor, model, pk):
    """The record if the actor may see it, else None (a record of an unscoped model is seen)."""
    rows = model.objects.filter(pk=pk)
    if access.has_policy(model):
        rows = access.scope(actor, rows)
    return rows.first()


def record_links(user, record) -> list[RecordLink]:
    """A visit's converted records; another line's record's visit — those the user may see."""
    if isinstance(record, Visit):
        links = []
        for conversion in visit_conversions(record):
            try:
                model = apps.get_model(conversion.record_label)
            except LookupError:
                continue
            target = _seen(user, model, conversion.record_pk)
            if target is None or not hasattr(target, "get_absolute_url"):
                continue
            links.append(
                RecordLink(
                    kind=str(Target(conversion.target).label),
                    title=conversion.record_title or str(target),
                    url=target.get_absolute_url(),
                    note=target.office.name if hasattr(target, "office") else "",
                )
            )
        return links
    conversions = access.scope(
        user,
        Conversion.objects.filter(
            record_label=record._meta.label_lower, record_pk=record.pk
        ).select_related("visit", "office"),
    )
    return [
        RecordLink(
            kind=_("来访登记"),
            title=f"{c.visit.visitor_name} {timezone.localtime(c.visit.visited_at):%Y-%m-%d %H:%M}",
            url=c.visit.get_absolute_url(),
            note=c.office.name,
        )
        for c in conversions
    ]
