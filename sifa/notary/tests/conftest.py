"""The notary line's cast: two notary offices under county A and one under county B, each with
its administrator (执业机构管理员) and a notary; the city's section supervises them all."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from sifa.legalaid.tests.factories import make_centre, make_reviewer
from sifa.notary.actions import notarisation_accept, notarisation_apply
from sifa.notary.constants import MatterCode
from sifa.people.actions import PersonIdentity
from sifa.practice.actions.registers import practitioner_register
from sifa.practice.constants import Category, PractitionerKind
from sifa.practice.models import Institution
from sifa.practice.tests.conftest import make_institution
from tests import imports
from tests.factories import UserFactory, grant

D = datetime.date
_serial = iter(range(1, 10**6))
APPLIED, ACCEPTED = D(2025, 9, 25), D(2025, 9, 26)


@dataclass
class NotaryCast:
    office_a: Institution
    office_a2: Institution
    office_b: Institution
    admin_a: object
    admin_a2: object
    admin_b: object
    section: object
    notary_a: object
    person: object  # an applicant
    centre: object  # a legal-aid centre under county A
    reviewer: object  # its 法援审查员


def register_notary(actor, institution, *, name="李公证员"):
    identity = PersonIdentity(name=name, id_number=imports.resident_id("19800101"))
    return practitioner_register(
        actor=actor,
        institution=institution,
        identity=identity,
        licence_number=f"{13301:05d}{next(_serial):07d}",
        kind=PractitionerKind.FULL_TIME,
        licensed_on=D(2012, 5, 1),
    )


def apply(actor, institution, applicant, *, applied_on=APPLIED, **extra):
    values = {"matter_code": MatterCode.INHERITANCE, "summary": "继承房产", **extra}
    return notarisation_apply(
        actor=actor,
        institution=institution,
        applicant=applicant,
        applied_on=applied_on,
        **values,
    )


def accepted(actor, institution, applicant, *, accepted_on=ACCEPTED, **extra):
    applied_on = extra.pop("applied_on", accepted_on)
    notarisation = apply(actor, institution, applicant, applied_on=applied_on, **extra)
    return notarisation_accept(actor=actor, notarisation=notarisation, accepted_on=accepted_on)


@pytest.fixture
def notary(cast):
    # The legal-aid centre first: the tree keeps children sorted by code, so an office added
    # later before the notary offices would move their paths under the cached grants.
    centre = make_centre(cast.county_a)
    reviewer = make_reviewer(centre)
    section = UserFactory(username="notary_section")
    grant(section, cast.city, "section")
    office_a = make_institution(section, cast.county_a, 61, Category.NOTARY_OFFICE)
    office_a2 = make_institution(section, cast.county_a, 62, Category.NOTARY_OFFICE)
    office_b = make_institution(section, cast.county_b, 63, Category.NOTARY_OFFICE)
    admins = []
    for office, name in ((office_a, "notary_a"), (office_a2, "notary_a2"), (office_b, "notary_b")):
        admin = UserFactory(username=f"{name}_admin")
        grant(admin, office.office, "inst_admin")
        admins.append(admin)
    notary_a = register_notary(section, office_a)
    from sifa.people.actions import person_obtain

    person = person_obtain(
        actor=admins[0],
        office=office_a.office,
        identity=PersonIdentity(name="王申请", id_number=imports.resident_id("19700202")),
    )
    return NotaryCast(
        office_a, office_a2, office_b, *admins, section, notary_a, person, centre, reviewer
    )
