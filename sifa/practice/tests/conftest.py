"""The practice line's cast: two law firms and a grassroots legal service office under county A,
a law firm under county B, each with its administrator (执业机构管理员)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from sifa.people.actions import PersonIdentity
from sifa.practice.actions.registers import institution_register, practitioner_register
from sifa.practice.constants import OFFICE_KIND, Category, FirmKind, PractitionerKind
from sifa.practice.licences import institution_licence_number, lawyer_licence_number
from sifa.practice.models import Institution
from tests import imports
from tests.factories import UserFactory, add_office, grant

D = datetime.date


@dataclass
class PracticeCast:
    firm_a: Institution
    firm_a2: Institution
    service_office: Institution
    firm_b: Institution
    firm_a_admin: object
    firm_a2_admin: object
    section: object  # 业务科室 of the city: licenses and supervises every institution


FOUNDED = D(2010, 1, 1)


def make_institution(
    editor, parent, number: int, category=Category.LAW_FIRM, *, founded_on=FOUNDED
) -> Institution:
    office = add_office(
        parent,
        name=f"测试{number}号{Category(category).label}",
        code=f"{parent.code}P{number:02d}",
        kind=OFFICE_KIND[category],
        region_code=parent.region_code,
    )
    return institution_register(
        actor=editor,
        office=office,
        category=category,
        licence_number=institution_licence_number(category, parent.region_code, f"T{number:08d}"),
        founded_on=founded_on,
        firm_kind=FirmKind.PARTNERSHIP if category == Category.LAW_FIRM else "",
    )


_serial = iter(range(1, 10**6))


def licence(year: int = 2015, category_digit: int = 1) -> str:
    return lawyer_licence_number(
        province_city="3301",
        first_year=year,
        category_digit=category_digit,
        gender_digit=1,
        serial=next(_serial),
    )


def register_lawyer(actor, institution, *, name="张律师", id_number=None, **extra):
    values = {
        "licence_number": licence(),
        "kind": PractitionerKind.FULL_TIME,
        "licensed_on": D(2015, 3, 1),
    }
    values.update(extra)
    identity = PersonIdentity(name=name, id_number=id_number or imports.resident_id("19850101"))
    return practitioner_register(actor=actor, institution=institution, identity=identity, **values)


@pytest.fixture
def practice(cast):
    editor = UserFactory(username="practice_section")
    grant(editor, cast.city, "section")
    firm_a = make_institution(editor, cast.county_a, 1)
    firm_a2 = make_institution(editor, cast.county_a, 2)
    service_office = make_institution(editor, cast.county_a, 3, Category.LEGAL_SERVICE_OFFICE)
    firm_b = make_institution(editor, cast.county_b, 4)
    admin_a = UserFactory(username="firm_a_admin")
    grant(admin_a, firm_a.office, "inst_admin")
    admin_a2 = UserFactory(username="firm_a2_admin")
    grant(admin_a2, firm_a2.office, "inst_admin")
    return PracticeCast(firm_a, firm_a2, service_office, firm_b, admin_a, admin_a2, editor)
