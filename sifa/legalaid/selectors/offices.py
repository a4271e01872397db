"""Offices the legal-aid pages offer: in a list's filter (seen) or on a form (where the actor
may write), always in tree order."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office


def offices_to_filter(actor, kinds: Iterable[str] | None = None) -> QuerySet[Office]:
    """Offices (of `kinds`, when given) the actor sees, for a list's 所属机构 filter."""
    offices = access.visible_offices(actor)
    if kinds is not None:
        offices = offices.filter(kind__in=kinds)
    return offices.order_by("path")


def offices_to_write(actor, kinds: Iterable[str]) -> QuerySet[Office]:
    """Active offices of `kinds` where the actor may write (`edit`)."""
    return (
        access.visible_offices(actor, Cap.EDIT)
        .filter(kind__in=kinds, is_active=True)
        .order_by("path")
    )
