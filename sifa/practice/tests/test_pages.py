"""The line's pages and search: what the bureau and an institution's account see."""

from __future__ import annotations

import datetime

from django.urls import reverse

from sifa.core import search
from sifa.practice.actions.registers import practitioner_transfer
from sifa.practice.constants import Category
from sifa.practice.licences import institution_licence_number
from sifa.practice.models import Institution, Practitioner
from sifa.practice.tests.conftest import licence, register_lawyer
from tests import imports
from tests.factories import add_office

D = datetime.date


def test_the_bureau_lists_institutions_and_practitioners_and_sees_a_move(login, practice):
    lawyer = register_lawyer(practice.section, practice.firm_a, name="钱七")
    practitioner_transfer(
        actor=practice.section,
        practitioner=lawyer,
        to_institution=practice.firm_b,
        moved_on=D(2026, 2, 1),
        reason="个人申请",
    )
    client = login(practice.section)
    institutions = client.get(reverse("practice:institution_list")).content.decode()
    assert all(str(i) in institutions for i in (practice.firm_a, practice.firm_b))
    offices_only = client.get(
        reverse("practice:institution_list") + "?category=legal_service_office"
    )
    assert str(practice.service_office) in offices_only.content.decode()
    assert str(practice.firm_a) not in offices_only.content.decode()
    practitioners = client.get(reverse("practice:practitioner_list")).content.decode()
    assert "钱七" in practitioners and lawyer.licence_number in practitioners
    page = client.get(reverse("practice:practitioner_detail", args=[lawyer.pk])).content.decode()
    assert "2026-02-01" in page and str(practice.firm_b) in page and "个人申请" in page


def test_search_finds_a_practitioner_by_licence_number_within_sight(cast, practice):
    lawyer = register_lawyer(practice.section, practice.firm_b, name="孙八")
    titles = [hit.title for hit in search.search(practice.section, lawyer.licence_number)]
    assert f"{lawyer.licence_number} 孙八" in titles
    # County A's supervisor does not see county B's firm or its lawyer.
    hits = search.search(cast.county_supervisor, lawyer.licence_number)
    assert not [hit for hit in hits if "孙八" in hit.title]
    by_name = [hit.title for hit in search.search(practice.section, "测试4号")]
    assert any(str(practice.firm_b) in title for title in by_name)


def test_a_member_of_the_public_is_refused_the_lists(login, cast, practice):
    client = login(cast.public_user)
    assert client.get(reverse("practice:institution_list")).status_code == 403


def test_the_bureau_registers_an_institution_and_a_lawyer_on_the_pages(login, cast, practice):
    office = add_office(
        cast.county_a,
        name="新设律师事务所",
        code="330102P50",
        kind="law_firm",
        region_code="330102",
    )
    client = login(practice.section)
    url = reverse("practice:institution_register")
    form_page = client.get(url).content.decode()
    assert "新设律师事务所" in form_page and str(practice.firm_a) not in form_page  # registered
    data = {
        "office": office.pk,
        "firm_kind": "partnership",
        "licence_number": "12345",
        "founded_on": "2024-05-01",
    }
    refused = client.post(url, data).content.decode()
    assert "执业许可证号应为18位统一社会信用代码（现为5位）。" in refused
    data["licence_number"] = institution_licence_number(Category.LAW_FIRM, "330102", "T00000050")
    response = client.post(url, data)
    institution = Institution.objects.get(office=office)
    assert response.status_code == 302 and response["Location"] == institution.get_absolute_url()

    add = reverse("practice:practitioner_register", args=[institution.pk])
    person = {
        "id_number": imports.resident_id("19900101"),
        "name": "周九",
        "licence_number": "1330120151012345X",
        "kind": "full_time",
        "licensed_on": "2024-06-01",
    }
    assert "律师执业证号应为17位数字。" in client.post(add, person).content.decode()
    person["licence_number"] = licence(2024)
    response = client.post(add, person)
    lawyer = Practitioner.objects.get(institution=institution)
    assert response.status_code == 302 and lawyer.person.name == "周九"

    move = reverse("practice:practitioner_transfer", args=[lawyer.pk])
    response = client.post(move, {"to_institution": practice.firm_a.pk, "moved_on": "2025-01-02"})
    lawyer.refresh_from_db()
    assert response.status_code == 302 and lawyer.institution == practice.firm_a
    cancel = reverse("practice:practitioner_cancel", args=[lawyer.pk])
    assert client.post(cancel, {"cancelled_on": "2025-03-01"}).status_code == 302
    lawyer.refresh_from_db()
    assert (lawyer.status, lawyer.cancelled_on) == ("cancelled", D(2025, 3, 1))


def test_an_institutions_account_has_no_licensing_pages(login, practice):
    lawyer = register_lawyer(practice.section, practice.firm_a)
    client = login(practice.firm_a_admin)
    detail = client.get(reverse("practice:institution_detail", args=[practice.firm_a.pk]))
    assert "登记执业人员" not in detail.content.decode() and "登记业务" in detail.content.decode()
    add = reverse("practice:practitioner_register", args=[practice.firm_a.pk])
    assert client.get(add).status_code == 403
    assert (
        client.get(reverse("practice:practitioner_transfer", args=[lawyer.pk])).status_code == 403
    )
    assert client.get(reverse("practice:practitioner_cancel", args=[lawyer.pk])).status_code == 403
    listing = client.get(reverse("practice:institution_list")).content.decode()
    assert "登记执业机构" not in listing
