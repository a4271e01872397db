"""Reads of 办案补贴 (第52条) for views: always through `sifa.orgs.access`."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from sifa.legalaid.constants import Status
from sifa.legalaid.models import Application, SubsidyBatch, SubsidyRate
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind


def batches(user) -> QuerySet[SubsidyBatch]:
    """The batches the user sees, with their case count and total (件数、金额), newest first."""
    qs = access.scope(user, SubsidyBatch.objects.select_related("office"))
    return qs.annotate(
        case_count=Count("applications"), total=Sum("applications__subsidy_amount")
    ).order_by("-created_at", "-pk")


def batch(user, pk: int) -> SubsidyBatch:
    return access.get_object_or_404(user, batches(user), pk=pk)


def batch_cases(user, batch: SubsidyBatch) -> QuerySet[Application]:
    return access.scope(
        user, Application.objects.select_related("office", "applicant").filter(subsidy_batch=batch)
    ).order_by("archived_on", "pk")


def paying_centres(user):
    """The 法律援助中心 offices in which the user may make and pay a batch."""
    return (
        access.visible_offices(user, Cap.EDIT, line="legalaid")
        .filter(kind=OfficeKind.LEGAL_AID_CENTER)
        .order_by("path")
    )


def pending_cases(user) -> list[Application]:
    """Archived cases the user sees that are in no batch yet, each with its `amount`
    (None: no 办案补贴标准 was in force on the archive date)."""
    rows = list(
        access.scope(
            user,
            Application.objects.select_related("office").filter(
                status=Status.ARCHIVED, archived_on__isnull=False, subsidy_batch__isnull=True
            ),
        ).order_by("archived_on", "pk")
    )
    rates = list(SubsidyRate.objects.order_by("valid_from"))  # one query, not one per case
    for row in rows:
        in_force = [
            r for r in rates if r.matter_type == row.matter_type and r.valid_from <= row.archived_on
        ]
        fallback = in_force[-1].amount if in_force else None
        row.amount = row.subsidy_amount if row.subsidy_amount is not None else fallback
    return rows
