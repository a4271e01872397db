"""Where a visit may be sent: the offices of each target the actor may write in, read through
the other lines' selectors."""

from __future__ import annotations

from django.db.models import QuerySet

from sifa.forensic.selectors import registers as forensic_registers
from sifa.legalaid.selectors import applications as legalaid_applications
from sifa.legalaid.selectors import consultations as legalaid_consultations
from sifa.mediation.selectors import cases as mediation_cases
from sifa.notary.selectors.notarisations import notary_offices_for
from sifa.orgs.models import Office


def legalaid_application_offices(*, actor):
    return legalaid_applications.offices_for_registration(actor=actor)


def legalaid_consultation_offices(*, actor):
    return legalaid_consultations.offices_for_recording(actor=actor)


def mediation_committees(*, actor):
    return mediation_cases.committees_for_registration(actor)


# Notary offices and forensic institutions are practice `Institution`s; the conversion form
# chooses their `Office` (as the other targets do) and the action turns it back.


def _offices_of(institutions) -> QuerySet[Office]:
    return Office.objects.filter(pk__in=institutions.values("office_id")).order_by("path")


def notary_offices(*, actor) -> QuerySet[Office]:
    """The offices of the notary offices the actor may send an application to."""
    return _offices_of(notary_offices_for(actor))


def notary_office_institution(*, actor, office):
    """The notary office (practice Institution) kept at `office`, if the actor may write there."""
    return notary_offices_for(actor).filter(office=office).first()


def forensic_offices(*, actor) -> QuerySet[Office]:
    """The offices of the forensic institutions where the actor may record a commission."""
    return _offices_of(forensic_registers.institutions_to_record(actor))


def forensic_office_institution(*, actor, office):
    """The forensic institution kept at `office`, if the actor may record commissions there."""
    return forensic_registers.institutions_to_record(actor).filter(office=office).first()
