"""The registers of notary offices and forensic institutions (公证机构, 司法鉴定机构) are the
practice registers with categories of their own: credit-code category digits 2 and 4, the kinds
their practitioners may hold, and their figures beside the law firms'."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifa.practice.constants import Category, PractitionerKind
from sifa.practice.licences import (
    institution_licence_error,
    institution_licence_number,
    practitioner_licence_error,
)
from sifa.practice.tests.conftest import make_institution, register_lawyer
from sifa.stats import registry

D = datetime.date


@pytest.mark.parametrize(
    ("category", "prefix"),
    [(Category.NOTARY_OFFICE, "32"), (Category.FORENSIC_INSTITUTION, "34")],
)
def test_the_credit_code_carries_the_category(category, prefix):
    number = institution_licence_number(category, "330102", "T00000001")
    assert number.startswith(prefix)
    assert institution_licence_error(number, category) is None
    assert institution_licence_error(number, Category.LAW_FIRM) == (
        "律师事务所的执业许可证号应以“31”开头（司法行政登记、律师事务所类别）。"
    )


def test_a_notarys_and_an_appraisers_number_is_digits():
    assert practitioner_licence_error("3301200512345", Category.NOTARY_OFFICE) is None
    assert practitioner_licence_error("33012005X", Category.NOTARY_OFFICE) == (
        "公证员执业证号应为8至20位数字。"
    )
    assert practitioner_licence_error("1234", Category.FORENSIC_INSTITUTION) == (
        "司法鉴定人执业证号应为8至20位数字。"
    )


def test_a_notary_practises_full_time_only(practice, cast):
    notary_office = make_institution(practice.section, cast.county_a, 31, Category.NOTARY_OFFICE)
    assert notary_office.office.kind == "notary_office"
    with pytest.raises(ValidationError) as refused:
        register_lawyer(
            practice.section,
            notary_office,
            licence_number="3301200500001",
            kind=PractitionerKind.PART_TIME,
        )
    assert refused.value.message_dict["kind"] == ["公证员的执业类型只能是专职。"]


def test_a_forensic_institution_has_no_firm_form(practice, cast):
    institution = make_institution(
        practice.section, cast.county_a, 41, Category.FORENSIC_INSTITUTION
    )
    appraiser = register_lawyer(
        practice.section,
        institution,
        licence_number="3301200500002",
        kind=PractitionerKind.PART_TIME,
    )
    assert appraiser.category == Category.FORENSIC_INSTITUTION
    assert not appraiser.is_partner


def test_the_figures_count_each_register_apart(practice, cast):
    notary_office = make_institution(practice.section, cast.county_a, 31, Category.NOTARY_OFFICE)
    register_lawyer(practice.section, notary_office, licence_number="3301200500001")
    register_lawyer(practice.section, practice.firm_a)
    scope = registry.Scope(office=cast.city, start=D(2026, 1, 1), end=D(2026, 6, 30))

    def value(key):
        return registry.value(registry.get(key), scope)

    assert value("practice.notary_offices") == 1
    assert value("practice.notaries") == 1
    assert value("practice.lawyers") == 1
    assert value("practice.forensic_institutions") == 0
    assert value("practice.law_firms") == 3  # firm_a, firm_a2 and firm_b of the cast
