"""Reads of the centre's work (来访接待, 劝阻群体性上访, 防激化), through `sifa.orgs.access`."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from sifa.mediation.models import EscalationPrevented, PetitionDissuaded, Reception
from sifa.orgs import access
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_write


def _filtered(actor, queryset, date_field, within, date_from, date_to) -> QuerySet:
    rows = access.scope(actor, queryset.select_related("office"))
    if within is not None:
        rows = access.within(rows, within)
    if date_from:
        rows = rows.filter(**{f"{date_field}__gte": date_from})
    if date_to:
        rows = rows.filter(**{f"{date_field}__lte": date_to})
    return rows.order_by(f"-{date_field}", "-id")


def reception_list(
    *,
    actor,
    within: Office | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    leader_only: bool = False,
) -> QuerySet[Reception]:
    rows = _filtered(actor, Reception.objects.all(), "received_on", within, date_from, date_to)
    if leader_only:
        rows = rows.exclude(leader="")
    return rows.select_related("case")


def petition_dissuaded_list(
    *,
    actor,
    within: Office | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[PetitionDissuaded]:
    return _filtered(
        actor, PetitionDissuaded.objects.all(), "dissuaded_on", within, date_from, date_to
    )


def escalation_prevented_list(
    *,
    actor,
    within: Office | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[EscalationPrevented]:
    rows = _filtered(
        actor, EscalationPrevented.objects.all(), "prevented_on", within, date_from, date_to
    )
    return rows.select_related("case")


def centres_for_recording(*, actor) -> QuerySet[Office]:
    """调处中心 where the actor may record receptions."""
    return offices_to_write(actor, [OfficeKind.DISPUTE_CENTER])
