"""Registers of institutions and practitioners: licence formats, the one-licence rule,
transfers with history, and who may license (the bureau, not the institution's account)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404

from sifa.people.actions import PersonIdentity
from sifa.people.models import Person
from sifa.practice.actions.registers import (
    institution_register,
    institution_status_change,
    practitioner_cancel,
    practitioner_transfer,
)
from sifa.practice.constants import Category, FirmKind, InstitutionStatus, PractitionerKind
from sifa.practice.licences import (
    institution_licence_error,
    institution_licence_number,
    practitioner_licence_error,
)
from sifa.practice.models import Practitioner
from sifa.practice.selectors import registers as selectors
from sifa.practice.tests.conftest import licence, register_lawyer
from tests import imports
from tests.factories import add_office

D = datetime.date
TODAY = D(2026, 12, 7)


class TestLicenceNumbers:
    def test_a_lawyers_number_in_the_national_format_passes(self):
        assert (
            practitioner_licence_error("13301201510123456", Category.LAW_FIRM, today=TODAY) is None
        )

    @pytest.mark.parametrize(
        ("number", "message"),
        [
            ("1330120151012345", "律师执业证号应为17位数字。"),
            ("1330120151012345X", "律师执业证号应为17位数字。"),
            ("23301201510123456", "律师执业证号第1位（证书类型）应为1。"),
            ("19901201510123456", "律师执业证号第2—3位应为省级行政区划代码，“99”不是。"),
            (
                "13301197010123456",
                "律师执业证号第6—9位应为首次执业年份（1979—2026），“1970”不是。",
            ),
            ("13301201580123456", "律师执业证号第10位应为执业类别代码（1—7）。"),
        ],
    )
    def test_a_bad_lawyers_number_says_what_is_wrong(self, number, message):
        assert practitioner_licence_error(number, Category.LAW_FIRM, today=TODAY) == message

    def test_a_workers_number_is_digits(self):
        office = Category.LEGAL_SERVICE_OFFICE
        assert practitioner_licence_error("3390820150001", office) is None
        assert practitioner_licence_error("33908A0150001", office) == (
            "基层法律服务工作者执业证号应为8至20位数字。"
        )

    def test_an_institutions_number_is_its_credit_code_of_the_right_category(self):
        firm = institution_licence_number(Category.LAW_FIRM, "330102", "T00000001")
        assert firm.startswith("31330102") and len(firm) == 18
        assert institution_licence_error(firm, Category.LAW_FIRM) is None
        assert institution_licence_error(firm, Category.LEGAL_SERVICE_OFFICE) == (
            "基层法律服务所的执业许可证号应以“33”开头（司法行政登记、基层法律服务所类别）。"
        )
        wrong_check = firm[:-1] + ("0" if firm[-1] != "0" else "1")
        assert institution_licence_error(wrong_check, Category.LAW_FIRM) == (
            "执业许可证号的校验位不正确，请核对。"
        )
        assert institution_licence_error(firm[:17], Category.LAW_FIRM) == (
            "执业许可证号应为18位统一社会信用代码（现为17位）。"
        )


class TestInstitutions:
    def test_the_office_must_be_of_the_institutions_kind(self, cast, practice):
        township = cast.township_a1
        with pytest.raises(ValidationError) as refused:
            institution_register(
                actor=practice.section,
                office=township,
                category=Category.LAW_FIRM,
                licence_number=institution_licence_number(Category.LAW_FIRM, "330102", "T00000099"),
                founded_on=D(2020, 1, 1),
                firm_kind=FirmKind.PARTNERSHIP,
            )
        assert refused.value.message_dict["office"] == [
            f"“{township.name}”的机构类型不是律师事务所，请先在机构树中将其设为律师事务所。"
        ]

    def test_a_bad_licence_and_a_missing_form_are_refused_by_field(self, cast, practice):
        office = add_office(
            cast.county_a, name="新所", code="330102P77", kind="law_firm", region_code="330102"
        )
        with pytest.raises(ValidationError) as refused:
            institution_register(
                actor=practice.section,
                office=office,
                category=Category.LAW_FIRM,
                licence_number="91330102MA00000000",
                founded_on=D(2020, 1, 1),
            )
        errors = refused.value.message_dict
        assert errors["firm_kind"] == ["律师事务所须填写组织形式（合伙、个人或国家出资）。"]
        assert errors["licence_number"] == [
            "律师事务所的执业许可证号应以“31”开头（司法行政登记、律师事务所类别）。"
        ]

    def test_an_institutions_own_account_cannot_license(self, practice):
        # The bureau above its institution is out of its sight: not found.
        with pytest.raises(Http404):
            register_lawyer(practice.firm_a_admin, practice.firm_a)

    def test_a_firm_with_practising_lawyers_cannot_be_dissolved(self, practice):
        register_lawyer(practice.section, practice.firm_a)
        with pytest.raises(ValidationError) as refused:
            institution_status_change(
                actor=practice.section,
                institution=practice.firm_a,
                status=InstitutionStatus.DISSOLVED,
                on=D(2026, 3, 1),
            )
        assert "仍有持有效执业证的人员" in refused.value.message_dict["status"][0]


class TestPractitioners:
    def test_a_practitioner_is_a_person_of_the_registry_with_the_id_number_encrypted(
        self, practice
    ):
        number = imports.resident_id("19800202")
        lawyer = register_lawyer(practice.section, practice.firm_a, name="李四", id_number=number)
        person = Person.objects.get(pk=lawyer.person_id)
        assert person.name == "李四" and person.id_number == number
        with connection.cursor() as cursor:
            table = Person._meta.db_table
            cursor.execute(f"SELECT id_number FROM {table} WHERE id = %s", [person.pk])  # noqa: S608
            (stored,) = cursor.fetchone()
        assert stored and number not in str(stored)  # ciphertext at rest
        assert lawyer.office == practice.firm_a.office

    def test_one_person_holds_one_licence(self, practice):
        number = imports.resident_id("19810303")
        first = register_lawyer(practice.section, practice.firm_a, name="王五", id_number=number)
        with pytest.raises(ValidationError) as refused:
            register_lawyer(practice.section, practice.firm_b, name="王五", id_number=number)
        assert refused.value.message_dict["id_number"] == [
            f"此人已持有有效执业证（{first.licence_number}，{practice.firm_a}），"
            "一人只能持有一个有效执业证。"
        ]
        practitioner_cancel(actor=practice.section, practitioner=first, cancelled_on=D(2026, 1, 5))
        again = register_lawyer(practice.section, practice.firm_b, name="王五", id_number=number)
        assert again.person_id == first.person_id
        assert Practitioner.objects.filter(person_id=first.person_id).count() == 2

    def test_the_database_holds_the_rule_too(self, practice):
        lawyer = register_lawyer(practice.section, practice.firm_a)
        twin = Practitioner(
            office=practice.firm_b.office,
            person=lawyer.person,
            category=Category.LAW_FIRM,
            institution=practice.firm_b,
            licence_number=licence(),
            kind=PractitionerKind.FULL_TIME,
            licensed_on=D(2016, 1, 1),
        )
        with pytest.raises(ValidationError) as refused:
            twin.full_clean()
        assert "一人只能持有一个有效执业证" in str(refused.value)

    def test_a_bad_licence_number_is_refused_with_its_message(self, practice):
        with pytest.raises(ValidationError) as refused:
            register_lawyer(practice.section, practice.firm_a, licence_number="12345")
        assert refused.value.message_dict["licence_number"] == ["律师执业证号应为17位数字。"]
        assert not Person.objects.filter(name="张律师").exists()  # nobody left behind

    def test_a_worker_cannot_be_a_company_lawyer(self, practice):
        with pytest.raises(ValidationError) as refused:
            register_lawyer(
                practice.section,
                practice.service_office,
                licence_number="3390820150009",
                kind=PractitionerKind.COMPANY,
            )
        assert refused.value.message_dict["kind"] == [
            "基层法律服务工作者的执业类型只能是专职或兼职。"
        ]


class TestTransfers:
    def test_a_transfer_moves_the_lawyer_and_keeps_the_history(self, practice):
        lawyer = register_lawyer(practice.section, practice.firm_a, is_partner=True)
        practitioner_transfer(
            actor=practice.section,
            practitioner=lawyer,
            to_institution=practice.firm_b,
            moved_on=D(2026, 2, 1),
            reason="个人申请",
        )
        lawyer.refresh_from_db()
        assert lawyer.institution == practice.firm_b and lawyer.office == practice.firm_b.office
        assert lawyer.is_partner is False
        practitioner_transfer(
            actor=practice.section,
            practitioner=lawyer,
            to_institution=practice.firm_a2,
            moved_on=D(2026, 5, 1),
        )
        moves = selectors.practitioner_transfers(actor=practice.section, practitioner=lawyer)
        assert [(m.from_institution, m.to_institution, m.moved_on) for m in moves] == [
            (practice.firm_a, practice.firm_b, D(2026, 2, 1)),
            (practice.firm_b, practice.firm_a2, D(2026, 5, 1)),
        ]
        # The old firm's account no longer sees him; the new firm's does.
        assert not selectors.practitioner_list(actor=practice.firm_a_admin).filter(pk=lawyer.pk)
        assert selectors.practitioner_list(actor=practice.firm_a2_admin).filter(pk=lawyer.pk)

    def test_a_transfer_is_checked(self, practice):
        lawyer = register_lawyer(practice.section, practice.firm_a)
        practitioner_transfer(
            actor=practice.section,
            practitioner=lawyer,
            to_institution=practice.firm_b,
            moved_on=D(2026, 2, 1),
        )
        with pytest.raises(ValidationError) as refused:
            practitioner_transfer(
                actor=practice.section,
                practitioner=lawyer,
                to_institution=practice.service_office,
                moved_on=D(2026, 1, 1),
            )
        errors = refused.value.message_dict
        assert errors["to_institution"] == ["律师只能转入律师事务所。"]
        assert errors["moved_on"] == ["变更日期不能早于2026-02-01（执业日期或上一次变更）。"]

    def test_a_county_cannot_move_a_lawyer_into_another_county(self, cast, practice):
        lawyer = register_lawyer(practice.section, practice.firm_a)
        with pytest.raises(Http404):
            practitioner_transfer(
                actor=cast.county_supervisor,
                practitioner=lawyer,
                to_institution=practice.firm_b,
                moved_on=D(2026, 2, 1),
            )


def test_the_person_registry_is_used_not_copied(practice):
    identity = PersonIdentity(name="赵六", id_number=imports.resident_id("19790909"))
    before = Person.objects.count()
    register_lawyer(
        practice.section, practice.firm_a, name=identity.name, id_number=identity.id_number
    )
    assert Person.objects.count() == before + 1
