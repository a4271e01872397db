"""Where a visit may be sent: the offices of each target the actor may write in, read through
the other lines' selectors."""

from __future__ import annotations

from sifa.legalaid.selectors import applications as legalaid_applications
from sifa.legalaid.selectors import consultations as legalaid_consultations
from sifa.mediation.selectors import cases as mediation_cases


def legalaid_application_offices(*, actor):
    return legalaid_applications.offices_for_registration(actor=actor)


def legalaid_consultation_offices(*, actor):
    return legalaid_consultations.offices_for_recording(actor=actor)


def mediation_committees(*, actor):
    return mediation_cases.committees_for_registration(actor)
