"""The centre's duty roster, read through `sifa.legalaid.selectors.duty` (docs/frontdesk.md)."""

from __future__ import annotations

from django.http import Http404

from sifa.legalaid.selectors import duty


def roster_week(*, actor, week_of, office=None):
    return duty.front_desk_week(actor=actor, week_of=week_of, office=office)


def shift_get(*, actor, pk):
    """A front-desk shift the actor sees, or 404 (a legal-aid centre's shift is not one)."""
    shift = duty.shift_get(actor=actor, pk=pk)
    if not duty.front_desk_shifts().filter(pk=shift.pk).exists():
        raise Http404
    return shift


def offices_for_filter(*, actor):
    return duty.front_desk_offices_for_filter(actor=actor)


def offices_for_duty(*, actor):
    return duty.front_desk_offices_for_duty(actor=actor)


def handlers_for_duty(*, actor):
    return duty.duty_handlers(actor=actor)


front_desk_shifts = duty.front_desk_shifts
