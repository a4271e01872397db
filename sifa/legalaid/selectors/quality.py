"""Reads of quality checks and complaints (第55–59条) for views: through `sifa.orgs.access`."""

from __future__ import annotations

from django.db.models import QuerySet

from sifa.legalaid.models import Application, Complaint, QualityCheck
from sifa.orgs import access

OPEN, CLOSED = "open", "closed"


def application(user, pk: int) -> Application:
    """The case a check or complaint is added to (404 outside the user's sight)."""
    return access.get_object_or_404(
        user, Application.objects.select_related("office", "applicant"), pk=pk
    )


def quality_checks(user, *, application: Application | None = None) -> QuerySet[QualityCheck]:
    qs = access.scope(user, QualityCheck.objects.select_related("application", "office"))
    if application is not None:
        qs = qs.filter(application=application)
    return qs.order_by("-checked_on", "-pk")


def complaints(user, *, state: str = "", office=None) -> QuerySet[Complaint]:
    """The complaints the user sees, newest first; `state` "open"/"closed"; `office` a subtree."""
    qs = access.scope(user, Complaint.objects.select_related("application", "office"))
    if office is not None:
        qs = access.within(qs, office)
    if state == OPEN:
        qs = qs.filter(closed_on__isnull=True)
    elif state == CLOSED:
        qs = qs.filter(closed_on__isnull=False)
    return qs.order_by("-received_on", "-pk")


def complaint(user, pk: int) -> Complaint:
    return access.get_object_or_404(
        user, Complaint.objects.select_related("application", "office"), pk=pk
    )
