"""Reads of the annual inspection (年度检查考核) and the lawyers' annual assessment — always
through `sifa.orgs.access.scope()`: an institution's account sees its own submissions only; a
bureau sees those of every institution under it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.practice.constants import LINE, MatterCategory
from sifa.practice.constants_inspection import (
    AWAITING_SUBMISSION,
    SubmissionStatus,
)
from sifa.practice.models import (
    Assessment,
    Inspection,
    Institution,
    Material,
    Matter,
    Practitioner,
    Submission,
    SubmissionEvent,
)
from sifa.practice.selectors.registers import supervising_office


def inspection_list(*, actor) -> QuerySet[Inspection]:
    return access.scope(actor, Inspection.objects.select_related("office")).order_by(
        "-year", "category", "office__path"
    )


def inspection_get(*, actor, pk) -> Inspection:
    return access.get_object_or_404(actor, Inspection.objects.select_related("office"), pk=pk)


def submission_list(
    *, actor, inspection: Inspection | None = None, status: str = "", year: int | None = None
) -> QuerySet[Submission]:
    rows = access.scope(
        actor, Submission.objects.select_related("institution__office", "inspection", "office")
    )
    if inspection is not None:
        rows = rows.filter(inspection=inspection)
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "institution__office__code")


def submission_get(*, actor, pk) -> Submission:
    rows = Submission.objects.select_related("institution__office", "inspection__office", "office")
    return access.get_object_or_404(actor, rows, pk=pk)


def submission_events(*, actor, submission: Submission) -> QuerySet[SubmissionEvent]:
    rows = SubmissionEvent.objects.select_related("created_by")
    return access.scope(actor, rows).filter(submission=submission).order_by("created_at", "pk")


def submission_materials(*, actor, submission: Submission) -> QuerySet[Material]:
    rows = access.scope(actor, Material.objects.defer("content"))
    return rows.filter(submission=submission)


def material_get(*, actor, submission_pk, pk) -> Material:
    return access.get_object_or_404(
        actor, Material.objects.all(), submission_id=submission_pk, pk=pk
    )


def institutions_to_inspect(*, office: Office, category: str, year: int) -> QuerySet[Institution]:
    """The institutions of `category` under `office` that existed in `year` and are not
    dissolved, without a submission of that year yet (opening an inspection covers them)."""
    year_end = datetime.date(year, 12, 31)
    rows = access.within(Institution.objects.select_related("office"), office)
    rows = rows.filter(category=category, founded_on__lte=year_end, dissolved_on__isnull=True)
    return rows.exclude(inspections__year=year).order_by("office__code")


@dataclass(frozen=True)
class Statistics:
    """The business statistics of one institution's year, counted from its register."""

    litigation_count: int
    non_litigation_count: int
    adviser_count: int
    subject_amount: Decimal
    recovered_amount: Decimal
    fees: Decimal
    practitioner_count: int


def year_statistics(*, institution: Institution, year: int) -> Statistics:
    """业务统计: matters accepted in `year` (诉讼, 非诉讼; their 标的额 and 索回/挽回金额), adviser
    contracts in force at some time in the year, every row's fee, practitioners holding a
    licence at the institution on 31 December (the indicators' 口径, docs/practice.md)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = Matter.objects.filter(institution=institution)
    cases = Q(category__in=(MatterCategory.LITIGATION, MatterCategory.NON_LITIGATION))
    accepted = rows.filter(accepted_on__range=(start, end)).aggregate(
        litigation=Count("pk", filter=Q(category=MatterCategory.LITIGATION)),
        non_litigation=Count("pk", filter=Q(category=MatterCategory.NON_LITIGATION)),
        subject=Sum("subject_amount", filter=cases),
        recovered=Sum("recovered_amount", filter=cases),
        fees=Sum("fee"),
    )
    advisers = rows.filter(category=MatterCategory.ADVISER, accepted_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    practitioners = Practitioner.objects.filter(
        institution=institution, licensed_on__lte=end
    ).filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=end))
    zero = Decimal(0)
    return Statistics(
        litigation_count=accepted["litigation"],
        non_litigation_count=accepted["non_litigation"],
        adviser_count=advisers.count(),
        subject_amount=accepted["subject"] or zero,
        recovered_amount=accepted["recovered"] or zero,
        fees=accepted["fees"] or zero,
        practitioner_count=practitioners.count(),
    )


def _is_prefecture(office: Office) -> bool:
    """A 设区的市 bureau: a GB/T 2260 code of the prefecture level (XXYY00, not XX0000)."""
    code = office.region_code or ""
    return len(code) == 6 and code.endswith("00") and not code.endswith("0000")


def reviewing_office(institution: Institution) -> Office:
    """初审: the bureau the institution sits under (county, or the city for its own firms)."""
    return supervising_office(institution.office)


def deciding_office(institution: Institution) -> Office:
    """考核决定: the 设区的市 bureau above the institution; where none is in the tree (a
    county-level city at the top), the supervising bureau itself."""
    for ancestor in reversed(list(Office.objects.get_ancestors(institution.office))):
        if ancestor.kind == OfficeKind.JUSTICE_BUREAU and _is_prefecture(ancestor):
            return ancestor
    return reviewing_office(institution)


def may_review(*, actor, submission: Submission) -> bool:
    office = reviewing_office(submission.institution)
    return access.can(actor, Cap.EDIT, office, line=LINE)


def may_decide(*, actor, submission: Submission) -> bool:
    office = deciding_office(submission.institution)
    return access.can(actor, Cap.EDIT, office, line=LINE)


def may_open_at(*, actor) -> QuerySet[Office]:
    """The bureaus where the actor may open an inspection (edit in the line)."""
    offices = access.visible_offices(actor, Cap.EDIT, line=LINE)
    return offices.filter(kind=OfficeKind.JUSTICE_BUREAU, is_active=True).order_by("path")


def overdue_submissions(*, actor, today: datetime.date | None = None) -> QuerySet[Submission]:
    """Submissions still awaited from their institution after the due date."""
    today = today or timezone.localdate()
    rows = submission_list(actor=actor).filter(status__in=AWAITING_SUBMISSION)
    return rows.filter(due_on__lt=today)


def awaiting_review(*, actor) -> list[Submission]:
    """Submitted, waiting for the actor's 初审 (only where the actor may review)."""
    rows = submission_list(actor=actor, status=SubmissionStatus.SUBMITTED)
    return [row for row in rows if may_review(actor=actor, submission=row)]


def awaiting_decision(*, actor) -> list[Submission]:
    """Reviewed or deferred, waiting for the actor's decision (only where the actor decides)."""
    rows = submission_list(actor=actor).filter(
        status__in=(SubmissionStatus.REVIEWED, SubmissionStatus.DEFERRED)
    )
    return [row for row in rows if may_decide(actor=actor, submission=row)]


def practitioner_assessments(*, actor, practitioner: Practitioner) -> QuerySet[Assessment]:
    return access.scope(actor, Assessment.objects.all()).filter(practitioner=practitioner)


def assessments_by_key(*, practitioners) -> dict[tuple[int, int], Assessment]:
    """{(practitioner id, year): assessment} of these practitioners (the import)."""
    rows = Assessment.objects.filter(practitioner__in=list(practitioners))
    return {(row.practitioner_id, row.year): row for row in rows}


def lawyers_by_licence(*, actor, numbers) -> dict[str, Practitioner]:
    """{执业证号: practitioner} of the lawyers the actor sees among `numbers` (the import)."""
    rows = access.scope(actor, Practitioner.objects.select_related("institution__office"))
    rows = rows.filter(licence_number__in={str(n).strip() for n in numbers})
    return {row.licence_number: row for row in rows}
