"""The go-live imports of the registers (执业机构, 执业人员): through the licensing actions, all or
nothing, bad rows by row and column, the one-licence rule, re-import unchanged."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.people.models import Person
from sifa.practice.constants import Category
from sifa.practice.imports.registers import INSTITUTIONS, PRACTITIONERS
from sifa.practice.licences import institution_licence_number
from sifa.practice.models import Institution, Practitioner
from sifa.practice.tests.conftest import licence
from tests import imports
from tests.factories import add_office

D = datetime.date


def cells(spec, **values) -> dict:
    header = {f.key: f.header for f in spec.fields}
    return {header[key]: value for key, value in values.items()}


def letter(spec, key) -> str:
    return column_letter([f.key for f in spec.fields].index(key))


def run(spec, actor, rows, office=None):
    file = imports.xlsx(spec, rows)
    batch, _plan, _changes = batches.import_now(
        spec, actor=actor, office=office, content=file.read(), name=file.name
    )
    return batch.created_count, batch.updated_count, batch.unchanged_count


def refused(spec, actor, rows, office=None) -> list[str]:
    with pytest.raises(ValidationError) as error:
        run(spec, actor, rows, office)
    return error.value.messages


@pytest.fixture
def new_offices(cast):
    firm = add_office(
        cast.county_a,
        name="导入律师事务所",
        code="330102P60",
        kind="law_firm",
        region_code="330102",
    )
    service = add_office(
        cast.county_a,
        name="导入法律服务所",
        code="330102P61",
        kind="legal_service_office",
        region_code="330102001",
    )
    return firm, service


def test_institutions_are_registered_from_a_file_and_again_unchanged(practice, new_offices):
    firm, service = new_offices
    rows = [
        cells(
            INSTITUTIONS,
            office_code=firm.code,
            licence_number=institution_licence_number(Category.LAW_FIRM, "330102", "T00000060"),
            firm_kind="合伙律师事务所",
            founded_on="2012-03-01",
        ),
        cells(
            INSTITUTIONS,
            office_code=service.code,
            licence_number=institution_licence_number(
                Category.LEGAL_SERVICE_OFFICE, "330102", "T00000061"
            ),
            founded_on="2001-01-01",
        ),
    ]
    assert run(INSTITUTIONS, practice.section, rows) == (2, 0, 0)
    assert Institution.objects.get(office=service).category == Category.LEGAL_SERVICE_OFFICE
    assert run(INSTITUTIONS, practice.section, rows) == (0, 0, 2)


def test_bad_institution_rows_are_named_and_nothing_is_registered(practice, new_offices):
    firm, service = new_offices
    rows = [
        cells(INSTITUTIONS, office_code=firm.code, licence_number="123", founded_on="2012-03-01"),
        cells(
            INSTITUTIONS,
            office_code=service.code,
            licence_number=institution_licence_number(Category.LAW_FIRM, "330102", "T00000062"),
            founded_on="2001-01-01",
        ),
    ]
    messages = refused(INSTITUTIONS, practice.section, rows)
    assert (
        f"第2行 {letter(INSTITUTIONS, 'licence_number')}列（执业许可证号）："
        "执业许可证号应为18位统一社会信用代码（现为3位）。"
    ) in messages
    assert (
        f"第2行 {letter(INSTITUTIONS, 'firm_kind')}列（组织形式）："
        "律师事务所须填写组织形式（合伙、个人或国家出资）。"
    ) in messages
    assert (
        f"第3行 {letter(INSTITUTIONS, 'licence_number')}列（执业许可证号）："
        "基层法律服务所的执业许可证号应以“33”开头（司法行政登记、基层法律服务所类别）。"
    ) in messages
    assert not Institution.objects.filter(office__in=new_offices).exists()


def test_practitioners_are_registered_as_persons_once_and_again_unchanged(practice):
    number = imports.resident_id("19820202")
    rows = [
        cells(
            PRACTITIONERS,
            office_code=practice.firm_a.office.code,
            name="吴十",
            id_number=number,
            licence_number=licence(2010),
            kind="专职",
            licensed_on="2010-07-01",
            is_partner="是",
        )
    ]
    assert run(PRACTITIONERS, practice.section, rows) == (1, 0, 0)
    lawyer = Practitioner.objects.get(person__name="吴十")
    assert (lawyer.institution, lawyer.is_partner, lawyer.person.id_number) == (
        practice.firm_a,
        True,
        number,
    )
    assert run(PRACTITIONERS, practice.section, rows) == (0, 0, 1)
    assert Person.objects.filter(name="吴十").count() == 1


def test_bad_practitioner_rows_are_named_and_nothing_is_registered(practice):
    number = imports.resident_id("19830303")
    rows = [
        cells(
            PRACTITIONERS,
            office_code=practice.firm_a.office.code,
            name="郑一",
            id_number=number,
            licence_number="999",
            kind="专职",
            licensed_on="2010-07-01",
        ),
        cells(
            PRACTITIONERS,
            office_code=practice.service_office.office.code,
            name="郑二",
            id_number=imports.resident_id("19840404"),
            licence_number="3390820150077",
            kind="公司律师",
            licensed_on="2015-07-01",
        ),
        cells(
            PRACTITIONERS,
            office_code=practice.firm_b.office.code,
            name="郑一",
            id_number=number,
            licence_number=licence(2011),
            kind="专职",
            licensed_on="2011-07-01",
        ),
    ]
    messages = refused(PRACTITIONERS, practice.section, rows)
    assert (
        f"第2行 {letter(PRACTITIONERS, 'licence_number')}列（执业证号）：律师执业证号应为17位数字。"
    ) in messages
    assert (
        f"第3行 {letter(PRACTITIONERS, 'kind')}列（执业类型）："
        "基层法律服务工作者的执业类型只能是专职或兼职。"
    ) in messages
    assert any(m.startswith("第4行") and "与第2行重复" in m for m in messages)
    assert not Practitioner.objects.exists()


def test_an_institutions_account_cannot_import_licences(practice):
    rows = [
        cells(
            PRACTITIONERS,
            office_code=practice.firm_a.office.code,
            name="冯二",
            id_number=imports.resident_id("19850505"),
            licence_number=licence(2012),
            kind="专职",
            licensed_on="2012-07-01",
        )
    ]
    messages = refused(PRACTITIONERS, practice.firm_a_admin, rows, practice.firm_a.office)
    assert messages == [
        f"第2行 {letter(PRACTITIONERS, 'office_code')}列（机构编码）："
        "执业许可由主管司法局登记，您不能为该机构导入。"
    ]
    assert not Practitioner.objects.exists()
