"""The business register (业务登记台账) through an institution's own account: it sees and edits
its own register only (another firm's rows and pages are not found), and the register's rules."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from sifa.practice.actions.matters import matter_save
from sifa.practice.constants import ClientKind, LitigationType, MatterCategory
from sifa.practice.models import Matter
from sifa.practice.selectors import registers as selectors
from sifa.practice.tests.conftest import register_lawyer

D = datetime.date


def save(actor, institution, **values):
    row = {
        "number": "2026诉0001",
        "category": MatterCategory.LITIGATION,
        "litigation_type": LitigationType.CIVIL,
        "client": "某公司",
        "client_kind": ClientKind.ENTERPRISE,
        "accepted_on": D(2026, 3, 2),
        "subject_amount": Decimal("150000"),
        "fee": Decimal("6000"),
    }
    row.update(values)
    return matter_save(actor=actor, institution=institution, **row)


class TestScoping:
    def test_a_firms_account_sees_its_own_register_only(self, practice):
        own = save(practice.firm_a_admin, practice.firm_a)
        other = save(practice.section, practice.firm_a2, number="2026诉0099")
        seen = selectors.matter_list(actor=practice.firm_a_admin)
        assert list(seen) == [own]
        with pytest.raises(Http404):
            selectors.matter_get(actor=practice.firm_a_admin, pk=other.pk)
        assert [i.pk for i in selectors.institution_list(actor=practice.firm_a_admin)] == [
            practice.firm_a.pk
        ]

    def test_the_register_list_gives_the_rows_the_access_rule_gives(self, cast, practice):
        """matter_rows selects by the seen institutions' offices (a planner aid); it must list
        exactly what matter_list (access.scope on Matter) gives, for every kind of user."""
        save(practice.firm_a_admin, practice.firm_a)
        save(practice.section, practice.firm_a2, number="2026诉0099")
        save(practice.section, practice.firm_b, number="2026诉0100")
        for actor in (practice.firm_a_admin, practice.section, cast.county_supervisor):
            listed = set(selectors.matter_rows(actor=actor).values_list("pk", flat=True))
            assert listed == set(selectors.matter_list(actor=actor).values_list("pk", flat=True))
        assert not selectors.matter_rows(actor=cast.township_clerk).exists()

    def test_a_firms_account_cannot_write_another_firms_register(self, practice):
        with pytest.raises(Http404):
            save(practice.firm_a_admin, practice.firm_a2)
        assert not Matter.objects.filter(institution=practice.firm_a2).exists()

    def test_the_pages_of_another_firm_are_not_found(self, login, practice):
        client = login(practice.firm_a_admin)
        save(practice.section, practice.firm_a2, number="2026诉0100", client="乙方委托人")
        other = practice.firm_a2.pk
        assert client.get(reverse("practice:institution_detail", args=[other])).status_code == 404
        assert client.get(reverse("practice:matter_add", args=[other])).status_code == 404
        listed = client.get(reverse("practice:institution_list")).content.decode()
        assert str(practice.firm_a) in listed and str(practice.firm_a2) not in listed
        own = client.get(reverse("practice:institution_detail", args=[practice.firm_a.pk]))
        assert own.status_code == 200 and "乙方委托人" not in own.content.decode()

    def test_the_account_enters_a_row_on_its_own_page(self, login, practice):
        client = login(practice.firm_a_admin)
        url = reverse("practice:matter_add", args=[practice.firm_a.pk])
        data = {
            "number": "2026非0001",
            "category": MatterCategory.NON_LITIGATION,
            "litigation_type": LitigationType.CIVIL,  # refused: only litigation has one
            "client": "某村",
            "client_kind": ClientKind.VILLAGE,
            "subject_amount": "0",
            "recovered_amount": "0",
            "fee": "2000",
            "accepted_on": "2026-04-01",
        }
        refused = client.post(url, data)
        assert refused.status_code == 200
        assert "只有诉讼业务填写诉讼类别。" in refused.content.decode()
        assert not Matter.objects.exists()
        data["litigation_type"] = ""
        response = client.post(url, data)
        assert response.status_code == 302
        row = Matter.objects.get()
        assert (row.institution, row.fee, row.created_by) == (
            practice.firm_a,
            Decimal("2000"),
            practice.firm_a_admin,
        )

    def test_the_bureau_sees_every_institution_under_it(self, cast, practice):
        county = [i.pk for i in selectors.institution_list(actor=cast.county_supervisor)]
        assert county == [practice.firm_a.pk, practice.firm_a2.pk, practice.service_office.pk]


class TestRules:
    def test_litigation_needs_its_type_and_dates_run_forward(self, practice):
        with pytest.raises(ValidationError) as refused:
            save(
                practice.section,
                practice.firm_a,
                litigation_type="",
                closed_on=D(2026, 3, 1),
            )
        assert refused.value.message_dict == {
            "litigation_type": ["诉讼业务须填写诉讼类别（民事、刑事或行政）。"],
            "closed_on": ["结案/期满日期不能早于收案日期。"],
        }

    def test_an_adviser_serves_an_organisation_and_the_handler_is_of_the_firm(self, practice):
        stranger = register_lawyer(practice.section, practice.firm_b)
        with pytest.raises(ValidationError) as refused:
            save(
                practice.section,
                practice.firm_a,
                category=MatterCategory.ADVISER,
                litigation_type="",
                client_kind=ClientKind.PERSON,
                handler=stranger,
            )
        assert refused.value.message_dict == {
            "client_kind": ["常年法律顾问的委托人应为企业、村(社区)、机关事业单位或其他组织。"],
            "handler": ["承办人不是本机构的执业人员。"],
        }

    def test_a_number_is_registered_once_per_institution(self, practice):
        save(practice.section, practice.firm_a)
        save(practice.section, practice.firm_a2)  # the same number at another firm is fine
        with pytest.raises(ValidationError) as refused:
            save(practice.section, practice.firm_a)
        assert "登记编号" in str(refused.value)

    def test_negative_amounts_are_refused(self, practice):
        with pytest.raises(ValidationError) as refused:
            save(practice.section, practice.firm_a, fee=Decimal("-1"))
        assert list(refused.value.message_dict) == ["fee"]


def test_the_account_corrects_its_own_row_and_not_another_firms(login, practice):
    own = save(practice.firm_a_admin, practice.firm_a)
    other = save(practice.section, practice.firm_a2, number="2026诉0200")
    client = login(practice.firm_a_admin)
    assert client.get(reverse("practice:matter_edit", args=[other.pk])).status_code == 404
    page = client.get(reverse("practice:matter_edit", args=[own.pk])).content.decode()
    assert "2026诉0001" in page and "150000" in page  # the row's values are in the form
    data = {
        "number": own.number,
        "category": own.category,
        "litigation_type": own.litigation_type,
        "client": own.client,
        "client_kind": own.client_kind,
        "subject_amount": "150000",
        "recovered_amount": "90000",
        "fee": "6500",
        "accepted_on": "2026-03-02",
        "closed_on": "2026-05-20",
    }
    response = client.post(reverse("practice:matter_edit", args=[own.pk]), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.recovered_amount, own.fee, own.closed_on) == (
        Decimal("90000"),
        Decimal("6500"),
        D(2026, 5, 20),
    )
    assert Matter.objects.count() == 2


def test_the_bureau_suspends_a_firm_and_its_account_may_not(login, practice):
    url = reverse("practice:institution_status", args=[practice.firm_a.pk])
    assert login(practice.firm_a_admin).get(url).status_code == 403
    client = login(practice.section)
    response = client.post(url, {"status": "suspended", "on": "2026-04-01", "reason": "整改"})
    assert response.status_code == 302
    practice.firm_a.refresh_from_db()
    assert practice.firm_a.status == "suspended"
    refused = client.post(url, {"status": "suspended", "on": "2026-04-02"}).content.decode()
    assert "执业机构不能从“停业整顿”变为“停业整顿”。" in refused


def test_the_register_list_filters_and_exports_what_the_user_sees(login, practice):
    save(practice.section, practice.firm_a, client="甲方委托人")
    save(
        practice.section,
        practice.firm_a,
        number="2026非0001",
        category=MatterCategory.NON_LITIGATION,
        litigation_type="",
        client="丙方委托人",
        accepted_on=D(2026, 5, 6),
    )
    save(practice.section, practice.firm_a2, number="2026诉0300", client="乙方委托人")
    url = reverse("practice:matter_list")

    bureau = login(practice.section)
    page = bureau.get(url).content.decode()
    assert all(name in page for name in ("甲方委托人", "乙方委托人", "丙方委托人"))
    page = bureau.get(url, {"within": practice.firm_a.office.pk, "category": "litigation"})
    assert "甲方委托人" in page.content.decode()
    assert "乙方委托人" not in page.content.decode() and "丙方委托人" not in page.content.decode()
    page = bureau.get(url, {"date_from": "2026-05-01"}).content.decode()
    assert "丙方委托人" in page and "甲方委托人" not in page

    own = login(practice.firm_a_admin)
    page = own.get(url).content.decode()
    assert "甲方委托人" in page and "乙方委托人" not in page
    response = own.get(reverse("practice:matter_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "甲方委托人" in values and "丙方委托人" in values and "乙方委托人" not in values
