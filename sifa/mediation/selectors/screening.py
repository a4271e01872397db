"""Reads of screenings (矛盾纠纷排查) and their findings, through `sifa.orgs.access`."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from sifa.core.queries import narrowed
from sifa.mediation.models import MediationCase, Screening, ScreeningFinding
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office


def screening_list(
    *,
    actor,
    within: Office | None = None,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Screening]:
    """Screenings the actor sees, newest first, with `finding_count` and `high_risk_count`."""
    screenings = access.scope(actor, Screening.objects.select_related("office"))
    if within is not None:
        screenings = access.within(screenings, within)
    screenings = narrowed(
        screenings, kind=kind, screened_on__gte=date_from, screened_on__lte=date_to
    )
    return screenings.annotate(
        finding_count=Count("findings"),
        high_risk_count=Count("findings", filter=Q(findings__risk_level="high")),
    ).order_by("-screened_on", "-id")


def screening_get(*, actor, pk) -> Screening:
    return access.get_object_or_404(
        actor, Screening.objects.select_related("office", "created_by"), pk=pk
    )


def screening_findings(*, actor, screening: Screening) -> QuerySet[ScreeningFinding]:
    findings = ScreeningFinding.objects.filter(screening=screening).select_related("case")
    return access.scope(actor, findings).order_by("id")


def case_by_number(*, actor, number: str) -> MediationCase | None:
    """The case with this 案件编号 if the actor sees it (for linking a finding)."""
    number = (number or "").strip()
    if not number:
        return None
    return access.scope(actor, MediationCase.objects.filter(number=number)).first()


def offices_for_recording(*, actor) -> QuerySet[Office]:
    """Active offices where the actor may record (their `edit` subtree), in tree order."""
    return (
        access.visible_offices(actor, Cap.EDIT, line="mediation")
        .filter(is_active=True)
        .order_by("path")
    )


def default_office(*, actor, offices: QuerySet[Office]) -> Office | None:
    """The office a record form starts with: the actor's own (top granted) office if offered."""
    own = access.granted_offices(actor, Cap.EDIT, line="mediation")
    return next((office for office in own if offices.filter(pk=office.pk).exists()), None)


def screenings_for_import(office_ids) -> dict[tuple, Screening]:
    """{(office id, date, kind, scope): screening} of these offices (already checked to be in
    the importer's scope), with their findings: what a screening import finds again."""
    screenings = Screening.objects.filter(office_id__in=office_ids).prefetch_related("findings")
    return {(s.office_id, s.screened_on, s.kind, s.scope): s for s in screenings}
