"""The line's pages and search: what the bureau and an institution's account see."""

from __future__ import annotations

import datetime

from django.urls import reverse

from sifa.core import search
from sifa.practice.actions.registers import practitioner_transfer
from sifa.practice.tests.conftest import register_lawyer

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
