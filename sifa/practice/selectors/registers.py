"""Reads of the practice registers for views, imports and search — always through
`sifa.orgs.access.scope()`: an institution's account sees its own institution only; a bureau
sees every institution under it. Another line reads practitioners through these functions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sifa.core.search import SearchHit, number_q
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.practice.constants import HELD, LINE, OFFICE_KIND, PRACTITIONER_NOUN, InstitutionStatus
from sifa.practice.models import Institution, Matter, Practitioner, Transfer

SEARCH_LIMIT = 20


def institution_list(*, actor, category: str | None = None) -> QuerySet[Institution]:
    rows = access.scope(actor, Institution.objects.select_related("office"))
    if category:
        rows = rows.filter(category=category)
    return rows.order_by("category", "office__code")


def institution_get(*, actor, pk) -> Institution:
    return access.get_object_or_404(actor, Institution.objects.select_related("office"), pk=pk)


def institutions_by_office_code(*, actor, codes) -> dict[str, Institution]:
    """{office code: institution} of the institutions the actor sees (imports name them so)."""
    rows = institution_list(actor=actor).filter(office__code__in=set(codes))
    return {row.office.code: row for row in rows}


def practitioner_list(
    *, actor, institution: Institution | None = None, category: str | None = None
) -> QuerySet[Practitioner]:
    rows = access.scope(
        actor, Practitioner.objects.select_related("person", "institution__office", "office")
    )
    if institution is not None:
        rows = rows.filter(institution=institution)
    if category:
        rows = rows.filter(category=category)
    return rows.order_by("institution__office__code", "licence_number")


def practitioner_get(*, actor, pk) -> Practitioner:
    rows = Practitioner.objects.select_related("person", "institution__office", "office")
    return access.get_object_or_404(actor, rows, pk=pk)


def practitioner_transfers(*, actor, practitioner: Practitioner) -> QuerySet[Transfer]:
    """The moves of a practitioner the actor may see (each belongs to the institution moved to)."""
    rows = Transfer.objects.select_related("from_institution__office", "to_institution__office")
    return access.scope(actor, rows).filter(practitioner=practitioner)


def held_licence(*, actor, licence_number: str) -> Practitioner | None:
    """The held licence of that number the actor sees (legal aid may check a lawyer with it)."""
    rows = practitioner_list(actor=actor).filter(status__in=HELD)
    return rows.filter(licence_number=licence_number.strip()).first()


def practitioners_by_licence(*, institutions) -> dict[tuple[int, str], Practitioner]:
    """{(institution id, licence number): practitioner} of these institutions (for imports;
    the institutions were found through `institutions_by_office_code`, so in the actor's scope)."""
    rows = Practitioner.objects.filter(institution__in=list(institutions))
    return {(row.institution_id, row.licence_number): row for row in rows}


def _matters() -> QuerySet[Matter]:
    return Matter.objects.select_related("institution__office", "handler__person", "office")


def matter_list(*, actor, institution: Institution | None = None) -> QuerySet[Matter]:
    rows = access.scope(actor, _matters())
    if institution is not None:
        rows = rows.filter(institution=institution)
    return rows


def matter_get(*, actor, pk) -> Matter:
    rows = Matter.objects.select_related("institution__office", "handler__person", "office")
    return access.get_object_or_404(actor, rows, pk=pk)


def matters_by_number(*, institutions) -> dict[tuple[int, str], Matter]:
    """{(institution id, 登记编号): row} of these institutions' registers (imports)."""
    rows = Matter.objects.filter(institution__in=list(institutions)).select_related("handler")
    return {(row.institution_id, row.number): row for row in rows}


def practice_search_hits(user, query: str) -> list[SearchHit]:
    """全局搜索: an institution by name or 执业许可证号, a practitioner by 执业证号."""
    hits = []
    text = (query or "").strip()
    if text:
        condition = Q(office__name__icontains=text)
        by_number = number_q(text, "licence_number")
        if by_number is not None:
            condition |= by_number
        for row in institution_list(actor=user).filter(condition)[:SEARCH_LIMIT]:
            hits.append(
                SearchHit(
                    kind=row.get_category_display(),
                    title=f"{row.office.name}（{row.licence_number}）",
                    url=row.get_absolute_url(),
                    detail=row.get_status_display(),
                )
            )
    by_number = number_q(text, "licence_number")
    if by_number is not None:
        for row in practitioner_list(actor=user).filter(by_number)[:SEARCH_LIMIT]:
            kind = PRACTITIONER_NOUN[row.category]
            hits.append(
                SearchHit(
                    kind=kind,
                    title=f"{row.licence_number} {row.person.name}",
                    url=row.get_absolute_url(),
                    detail=f"{row.institution} · {row.get_status_display()}",
                )
            )
    return hits


def supervising_office(office: Office) -> Office:
    """The office an institution sits under (the bureau that licenses it)."""
    return Office.objects.get_parent(office) or office


def may_license(*, actor, institution: Institution) -> bool:
    """May the actor register, move and cancel practitioners of `institution`?"""
    return may_license_at(actor=actor, office=institution.office)


def may_license_at(*, actor, office: Office) -> bool:
    """May the actor license at the institution office `office` (edit on the bureau above it)?"""
    return access.can(actor, Cap.EDIT, supervising_office(office), line=LINE)


def offices_to_register(*, actor) -> QuerySet[Office]:
    """Institution offices under an office where the actor may write in the line, not yet
    registered (登记执业机构 offers them)."""
    registered = Institution.objects.values("office_id")
    offices = access.visible_offices(actor, Cap.EDIT, line=LINE)
    offices = offices.filter(kind__in=OFFICE_KIND.values(), is_active=True)
    return offices.exclude(pk__in=registered).order_by("path")


def transfer_targets(*, actor, practitioner: Practitioner) -> QuerySet[Institution]:
    """Institutions of the practitioner's category the actor sees, other than his own."""
    rows = institution_list(actor=actor, category=practitioner.category)
    return rows.filter(status=InstitutionStatus.NORMAL).exclude(pk=practitioner.institution_id)


def matter_rows(
    *,
    actor,
    office: Office | None = None,
    category: str = "",
    accepted_from=None,
    accepted_to=None,
    query: str = "",
) -> QuerySet[Matter]:
    """业务登记台账 as listed and exported: the rows the actor sees, narrowed by the filters."""
    # The rows of the institutions the actor sees (under `office`), named by their offices'
    # ids: a row's office is its institution's (actions.matters) and both have the same access
    # policy, so these are the rows `matter_list` gives. With the ids as constants PostgreSQL
    # knows how many rows a firm has and reads its newest from the (office, accepted_on) index;
    # through the path join it expected a few hundred rows of a firm that has 16,000 and joined
    # and sorted them all (bench/README.md, 律师和基层法律服务 at scale).
    institutions = access.scope(actor, Institution.objects.all())
    if office is not None:
        institutions = access.within(institutions, office)
    offices = institutions.values_list("office_id", flat=True)
    # (none seen: the subquery, since an empty list of ids has no SQL to show or sort)
    rows = _matters().filter(office_id__in=list(offices) or offices)
    if category:
        rows = rows.filter(category=category)
    if accepted_from:
        rows = rows.filter(accepted_on__gte=accepted_from)
    if accepted_to:
        rows = rows.filter(accepted_on__lte=accepted_to)
    if query:
        rows = rows.filter(Q(client__icontains=query) | Q(number__icontains=query))
    # A row's office is its institution's, so `office__code` orders as the institution's code
    # with one join less before the sort.
    return rows.order_by("-accepted_on", "office__code", "number")


def offices_for_filter(*, actor) -> QuerySet[Office]:
    """The offices a register list may be narrowed to: the bureaus and institutions the actor
    sees in the line."""
    kinds = ("justice_bureau", *OFFICE_KIND.values())
    offices = access.visible_offices(actor, Cap.VIEW, line=LINE).filter(kind__in=kinds)
    return offices.order_by("path")
