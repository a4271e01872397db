"""Reads of the forensic registers (through `sifa.orgs.access.scope()`; the institutions and
appraisers themselves through the practice line's selectors)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sifa.core.codes import code_labels
from sifa.forensic.constants import CATEGORY_LIST
from sifa.forensic.models import AnnualRegistration, CategoryRegistration
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.constants import HELD, Category
from sifa.practice.selectors import registers as practice_registers


def forensic_institutions_for(actor) -> QuerySet:
    """The forensic institutions (practice `Institution`s of category forensic_institution)
    the actor sees — where a commission may be sent."""
    return practice_registers.institution_list(actor=actor, category=Category.FORENSIC_INSTITUTION)


def institutions_to_record(actor) -> QuerySet:
    """The forensic institutions where the actor may record cases (edit in this line)."""
    rows = forensic_institutions_for(actor)
    return rows.filter(
        pk__in=[row.pk for row in rows if access.can(actor, Cap.EDIT, row.office, line="forensic")]
    )


def institution_get(*, actor, pk):
    """A forensic institution the actor sees (404 otherwise)."""
    row = forensic_institutions_for(actor).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def appraisers_of(*, actor, institution) -> QuerySet:
    """The appraisers practising at `institution` (held licences)."""
    return practice_registers.practitioner_list(actor=actor, institution=institution).filter(
        status__in=HELD
    )


def category_registrations(*, actor, institution) -> QuerySet[CategoryRegistration]:
    rows = CategoryRegistration.objects.select_related("practitioner__person")
    return (
        access.scope(actor, rows)
        .filter(institution=institution)
        .order_by("practitioner", "category")
    )


def annual_registrations(*, actor, institution) -> QuerySet[AnnualRegistration]:
    rows = AnnualRegistration.objects.select_related("practitioner__person")
    return access.scope(actor, rows).filter(institution=institution)


def register_rows(*, actor, institution) -> dict:
    """The institution's categories and annual registrations, and each appraiser's."""
    labels = code_labels(CATEGORY_LIST)
    categories = list(category_registrations(actor=actor, institution=institution))
    annual = list(annual_registrations(actor=actor, institution=institution))
    appraisers = []
    for appraiser in appraisers_of(actor=actor, institution=institution):
        appraisers.append(
            {
                "appraiser": appraiser,
                "categories": [
                    labels.get(r.category, r.category)
                    for r in categories
                    if r.practitioner_id == appraiser.pk
                ],
                "annual": [r for r in annual if r.practitioner_id == appraiser.pk][:1],
            }
        )
    return {
        "categories": [
            labels.get(r.category, r.category) for r in categories if r.practitioner_id is None
        ],
        "annual": [r for r in annual if r.practitioner_id is None],
        "appraisers": appraisers,
    }


def may_supervise(actor, institution) -> bool:
    """May the actor record the institution's registers (edit on the bureau above it)?"""
    office = practice_registers.supervising_office(institution.office)
    return access.can(actor, Cap.EDIT, office, line="forensic")
