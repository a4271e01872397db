"""Reads of the 公证 line for views, to-dos and other lines — always through
`sifa.orgs.access.scope()`: a notary office's account sees its own records, the supervising
bureau every office under it; another office's record is not found (404)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from sifa.core.queries import containing, narrowed
from sifa.notary.constants import LINE, ReviewStatus, Status
from sifa.notary.models import Consultation, Notarisation, Review
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.practice.constants import OFFICE_KIND, Category, InstitutionStatus
from sifa.practice.selectors.registers import institution_list, practitioner_list

NEAR_DAYS = 3  # working to-do window: due within 3 days (deadline_state's default)


def _notarisations() -> QuerySet[Notarisation]:
    return Notarisation.objects.select_related("office", "institution__office", "applicant")


def notary_offices_for(actor) -> QuerySet:
    """The notary offices (practice Institutions, normal status) at whose office the actor may
    write in the notary line: where an application may be sent (the front desk's referral)."""
    offices = access.visible_offices(actor, Cap.EDIT, line=LINE).filter(
        kind=OFFICE_KIND[Category.NOTARY_OFFICE]
    )
    rows = institution_list(actor=actor, category=Category.NOTARY_OFFICE)
    return rows.filter(status=InstitutionStatus.NORMAL, office__in=offices)


def notaries_for(*, actor, institution) -> QuerySet:
    """The notaries practising at `institution` (承办公证员 choices)."""
    return practitioner_list(actor=actor, institution=institution).filter(
        category=Category.NOTARY_OFFICE, status="practising"
    )


def notarisation_rows(
    *,
    actor,
    office: Office | None = None,
    status: str = "",
    scope: str = "",
    branch: str = "",
    matter_code: str = "",
    applied_from: datetime.date | None = None,
    applied_to: datetime.date | None = None,
    overdue: bool = False,
    query: str = "",
) -> QuerySet[Notarisation]:
    """公证事项 as listed and exported: the rows the actor sees, narrowed by the filters."""
    rows = access.scope(actor, _notarisations())
    if office is not None:
        rows = access.within(rows, office)
    rows = narrowed(
        rows,
        status=status,
        scope=scope,
        branch=branch,
        matter_code=matter_code,
        applied_on__gte=applied_from,
        applied_on__lte=applied_to,
    )
    if overdue:
        rows = rows.filter(status=Status.ACCEPTED, due_on__lt=timezone.localdate())
    rows = containing(rows, query, "number", "applicant__name", "certificate_number", "summary")
    return rows.order_by("-applied_on", "-id")


def notarisation_get(*, actor, pk) -> Notarisation:
    rows = _notarisations().select_related("notary__person", "created_by")
    return access.get_object_or_404(actor, rows, pk=pk)


def notarisation_related(notarisation: Notarisation) -> dict:
    """What a notarisation's page lists besides its fields."""
    return {
        "events": list(notarisation.events.all()),
        "pauses": list(notarisation.pauses.all()),
        "reviews": list(notarisation.reviews.all()),
    }


def overdue_list(
    *, actor, institution=None, today: datetime.date | None = None
) -> QuerySet[Notarisation]:
    """Accepted notarisations past their issue deadline (the office's overdue list)."""
    today = today or timezone.localdate()
    rows = access.scope(actor, _notarisations())
    if institution is not None:
        rows = rows.filter(office_id=institution.office_id)
    return rows.filter(status=Status.ACCEPTED, due_on__lt=today).order_by("due_on", "id")


@dataclass(frozen=True)
class Due:
    notarisation: Notarisation
    due: datetime.date
    overdue: bool


def notarisations_due(
    *, actor, today: datetime.date | None = None, warn_days: int = NEAR_DAYS
) -> list[Due]:
    """The accepted notarisations overdue or due within `warn_days` (to-dos of the office; the
    bureau sees those of every office under it)."""
    today = today or timezone.localdate()
    rows = access.scope(actor, _notarisations()).filter(
        status=Status.ACCEPTED, due_on__lte=today + datetime.timedelta(days=warn_days)
    )
    return [Due(row, row.due_on, row.due_on < today) for row in rows.order_by("due_on", "id")]


def reviews_due(*, actor, today: datetime.date | None = None) -> QuerySet[Review]:
    today = today or timezone.localdate()
    rows = access.scope(actor, Review.objects.select_related("notarisation", "office"))
    return rows.filter(
        status=ReviewStatus.RECEIVED, due_on__lte=today + datetime.timedelta(days=NEAR_DAYS)
    )


def review_rows(*, actor, status: str = "") -> QuerySet[Review]:
    rows = access.scope(actor, Review.objects.select_related("notarisation", "office"))
    return narrowed(rows, status=status).order_by("-received_on", "-id")


def review_get(*, actor, pk) -> Review:
    rows = Review.objects.select_related("notarisation__institution__office", "office")
    return access.get_object_or_404(actor, rows, pk=pk)


def consultation_rows(
    *,
    actor,
    office: Office | None = None,
    held_from: datetime.date | None = None,
    held_to: datetime.date | None = None,
) -> QuerySet[Consultation]:
    rows = access.scope(actor, Consultation.objects.select_related("office"))
    if office is not None:
        rows = access.within(rows, office)
    rows = narrowed(rows, held_on__gte=held_from, held_on__lte=held_to)
    return rows.order_by("-held_on", "-id")


def offices_for_filter(*, actor) -> QuerySet[Office]:
    """The bureaus and notary offices a list may be narrowed to."""
    kinds = ("justice_bureau", OFFICE_KIND[Category.NOTARY_OFFICE])
    offices = access.visible_offices(actor, Cap.VIEW, line=LINE).filter(kind__in=kinds)
    return offices.order_by("path")


def open_pause(notarisation: Notarisation):
    """The pause still running on `notarisation` (no 截止日期), or None."""
    return notarisation.pauses.filter(last__isnull=True).first()


def offices_for_recording(*, actor) -> QuerySet:
    """The notary offices where the actor may record (申请公证, 咨询)."""
    return notary_offices_for(actor).order_by("office__code")
