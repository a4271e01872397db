"""Reads of duty rosters (值班), scoped through access."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from sifa.legalaid.actions.duty import DUTY_OFFICE_KINDS, week_start
from sifa.legalaid.models import DutyShift
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_filter, offices_to_write


def duty_week(
    *, actor, week_of: datetime.date, office: Office | None = None
) -> QuerySet[DutyShift]:
    """The shifts of the week (Monday–Sunday) of `week_of`, at offices the actor sees."""
    monday = week_start(week_of)
    rows = access.scope(
        actor, DutyShift.objects.select_related("office", "handler__person", "handler__provider")
    ).filter(on_date__range=(monday, monday + datetime.timedelta(days=6)))
    if office is not None:
        rows = access.within(rows, office)
    return rows.order_by("office__path", "on_date", "period", "id")


def shift_get(*, actor, pk) -> DutyShift:
    return access.get_object_or_404(
        actor,
        DutyShift.objects.select_related("office", "handler__person", "handler__provider"),
        pk=pk,
    )


def offices_for_filter(*, actor) -> QuerySet[Office]:
    return offices_to_filter(actor, DUTY_OFFICE_KINDS)


def offices_for_duty(*, actor) -> QuerySet[Office]:
    """Centres, workstations and liaison points where the actor may arrange duty (`edit`)."""
    return offices_to_write(actor, DUTY_OFFICE_KINDS)
