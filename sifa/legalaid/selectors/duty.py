"""Reads of duty rosters (值班), scoped through access."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from sifa.legalaid.actions.duty import DUTY_OFFICE_KINDS, FRONT_DESK_OFFICE_KINDS, week_start
from sifa.legalaid.constants import DUTY_HANDLER_KINDS
from sifa.legalaid.models import DutyShift, Handler
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


# --- the front desks of the public legal service centres and stations (docs/frontdesk.md) ---


def front_desk_week(
    *, actor, week_of: datetime.date, office: Office | None = None
) -> QuerySet[DutyShift]:
    """The week's shifts at the public legal service centres and stations the actor sees."""
    return duty_week(actor=actor, week_of=week_of, office=office).filter(
        office__kind__in=FRONT_DESK_OFFICE_KINDS
    )


def front_desk_shifts() -> QuerySet[DutyShift]:
    """Every front-desk shift, unscoped: the base of the front desk's registered figures (the
    statistics scope them by office themselves)."""
    return DutyShift.objects.filter(office__kind__in=FRONT_DESK_OFFICE_KINDS).select_related(
        "office", "handler"
    )


def front_desk_offices_for_filter(*, actor) -> QuerySet[Office]:
    return offices_to_filter(actor, FRONT_DESK_OFFICE_KINDS)


def front_desk_offices_for_duty(*, actor) -> QuerySet[Office]:
    """Centres and stations where the actor may arrange front-desk duty (`edit`)."""
    return offices_to_write(actor, FRONT_DESK_OFFICE_KINDS)


def duty_handlers(*, actor, kind: str | None = None) -> QuerySet[Handler]:
    """Handlers on the roster the actor sees who may sit duty of `kind` (any duty when None)."""
    rows = access.scope(
        actor,
        Handler.objects.select_related("person", "provider").filter(
            active=True, provider__active=True
        ),
    )
    if kind:
        rows = rows.filter(kind__in=DUTY_HANDLER_KINDS[kind])
    return rows.order_by("person__name", "pk")


def roster_handlers(*, root: Office, kinds) -> list[Handler]:
    """Active handlers of `kinds` on rosters under `root`, unscoped (the demo city's roster)."""
    rows = access.within(
        Handler.objects.filter(active=True, provider__active=True, kind__in=kinds), root
    )
    return list(rows.select_related("person").order_by("pk"))
