"""The forensic line's cast: an institution under county A (法医类, 物证类) with two appraisers,
one under county B, each with its own account (执业机构管理员)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from sifa.forensic import actions
from sifa.people.actions import PersonIdentity
from sifa.practice.actions.registers import practitioner_register
from sifa.practice.constants import Category, PractitionerKind
from sifa.practice.tests.conftest import make_institution
from tests import imports
from tests.factories import UserFactory, grant

D = datetime.date
MEDICINE, EVIDENCE, AUDIO, ENVIRONMENT = (
    "forensic_medicine",
    "physical_evidence",
    "audio_visual",
    "environmental",
)


@dataclass
class ForensicCast:
    inst_a: object
    inst_b: object
    doctor: object  # appraiser of inst_a: 法医类
    chemist: object  # appraiser of inst_a: 物证类
    appraiser_b: object
    admin_a: object
    admin_b: object
    section: object


_serial = iter(range(1, 10**6))


def register_appraiser(actor, institution, name: str):
    return practitioner_register(
        actor=actor,
        institution=institution,
        identity=PersonIdentity(name=name, id_number=imports.resident_id("19800101")),
        licence_number=f"3390{next(_serial):08d}",
        kind=PractitionerKind.FULL_TIME,
        licensed_on=D(2015, 3, 1),
    )


@pytest.fixture
def forensic(cast):
    section = UserFactory(username="forensic_section")
    grant(section, cast.city, "section")
    inst_a = make_institution(section, cast.county_a, 61, Category.FORENSIC_INSTITUTION)
    inst_b = make_institution(section, cast.county_b, 62, Category.FORENSIC_INSTITUTION)
    for category in (MEDICINE, EVIDENCE):
        actions.category_register(
            actor=section, institution=inst_a, category=category, registered_on=D(2016, 1, 1)
        )
    actions.category_register(
        actor=section, institution=inst_b, category=MEDICINE, registered_on=D(2016, 1, 1)
    )
    doctor = register_appraiser(section, inst_a, "李法医")
    chemist = register_appraiser(section, inst_a, "王物证")
    appraiser_b = register_appraiser(section, inst_b, "赵鉴定")
    for appraiser, institution, category in (
        (doctor, inst_a, MEDICINE),
        (chemist, inst_a, EVIDENCE),
        (appraiser_b, inst_b, MEDICINE),
    ):
        actions.category_register(
            actor=section,
            institution=institution,
            practitioner=appraiser,
            category=category,
            registered_on=D(2016, 1, 1),
        )
    admin_a = UserFactory(username="forensic_a_admin")
    grant(admin_a, inst_a.office, "inst_admin")
    admin_b = UserFactory(username="forensic_b_admin")
    grant(admin_b, inst_b.office, "inst_admin")
    return ForensicCast(inst_a, inst_b, doctor, chemist, appraiser_b, admin_a, admin_b, section)


RECEIVED = D(2025, 9, 26)


def receive(cast: ForensicCast, received_on=RECEIVED, **extra):
    values = {
        "actor": cast.admin_a,
        "institution": cast.inst_a,
        "client": "青川市公安局",
        "category": MEDICINE,
        "matter": "损伤程度鉴定",
        "received_on": received_on,
    }
    values.update(extra)
    return actions.commission_receive(**values)
