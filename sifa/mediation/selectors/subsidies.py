"""Reads of 以案定补 (case subsidies) for views: always through `sifa.orgs.access`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet, Sum

from sifa.mediation.models import SubsidyBatch, SubsidyClaim, SubsidyRate
from sifa.orgs import access


def claims(user, *, status: str = "", office=None) -> QuerySet[SubsidyClaim]:
    """The claims the user may see, newest first, optionally of one status / office subtree."""
    qs = access.scope(user, SubsidyClaim.objects.select_related("case", "office", "batch"))
    if office is not None:
        qs = access.within(qs, office)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def claim(user, pk: int) -> SubsidyClaim:
    return access.get_object_or_404(
        user, SubsidyClaim.objects.select_related("case", "office", "batch"), pk=pk
    )


def batches(user) -> QuerySet[SubsidyBatch]:
    """Payment batches with their case count and amount (批次件数、金额)."""
    qs = access.scope(user, SubsidyBatch.objects.select_related("office"))
    return qs.annotate(case_count=Count("claims"), total=Sum("claims__amount")).order_by(
        "-paid_on", "-pk"
    )


def rates_in_force(on: date) -> list[SubsidyRate]:
    """The rate table as it stands on `on`: per (grade, level) the latest valid_from ≤ on.

    The rate table is not office-owned: it is the city's published standard, readable by all.
    """
    current: dict[tuple[str, str], SubsidyRate] = {}
    for rate in SubsidyRate.objects.filter(valid_from__lte=on).order_by("valid_from"):
        current[(rate.grade, rate.committee_level)] = rate
    return sorted(current.values(), key=lambda r: (r.committee_level, r.amount))
