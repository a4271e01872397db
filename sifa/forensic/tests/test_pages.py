"""The forensic pages: an institution's account records a commission and acts on it; the
bureau sees every institution's cases and records their registers; another institution's
case is not found."""

from __future__ import annotations

from django.urls import reverse

from sifa.forensic.constants import CaseStatus, RegistrationStatus
from sifa.forensic.models import AnnualRegistration
from sifa.forensic.selectors import cases as case_selectors
from sifa.forensic.tests.conftest import MEDICINE, D, receive
from sifa.forensic.todos import forensic_todos


def test_an_institution_records_and_accepts_a_commission_on_its_pages(login, forensic):
    client = login(forensic.admin_a)
    response = client.post(
        reverse("forensic:case_register"),
        {
            "institution": forensic.inst_a.pk,
            "client": "青川市人民法院",
            "client_kind": "organ",
            "category": MEDICINE,
            "matter": "伤残等级鉴定",
            "received_on": "2026-02-05",
        },
    )
    assert response.status_code == 302
    (case,) = case_selectors.case_list(actor=forensic.admin_a)
    # 7 working days: 02-06, 09, 10, 11, 12, 13 and Sat 02-14, a 调休上班日 before 春节.
    assert case.decision_due == D(2026, 2, 14)
    page = client.get(reverse("forensic:case_detail", args=[case.pk])).content.decode()
    assert "青川市人民法院" in page and "2026-02-14" in page and "司法鉴定程序通则 第13条" in page
    refused = client.post(
        reverse("forensic:case_accept", args=[case.pk]),
        {"decided_on": "2026-02-10", "appraisers": [forensic.chemist.pk]},
    )
    assert "鉴定人王物证未登记“法医类”鉴定类别，不能承办该类鉴定。" in refused.content.decode()
    accepted = client.post(
        reverse("forensic:case_accept", args=[case.pk]),
        {"decided_on": "2026-02-10", "appraisers": [forensic.doctor.pk]},
    )
    assert accepted.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.completion_due) == (CaseStatus.ACCEPTED, D(2026, 3, 30))
    listed = client.get(reverse("forensic:case_list") + "?status=accepted").content.decode()
    assert case.number in listed and "2026-03-30" in listed
    export = client.get(reverse("forensic:case_export"))
    assert export.status_code == 200


def test_another_institution_does_not_find_the_case(login, forensic):
    case = receive(forensic)
    client = login(forensic.admin_b)
    assert client.get(reverse("forensic:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("forensic:case_accept", args=[case.pk])).status_code == 404
    assert case.number not in client.get(reverse("forensic:case_list")).content.decode()
    detail = reverse("forensic:institution_detail", args=[forensic.inst_a.pk])
    assert client.get(detail).status_code == 404


def test_the_bureau_records_an_annual_registration_and_a_category(login, forensic):
    client = login(forensic.section)
    url = reverse("forensic:institution_detail", args=[forensic.inst_a.pk])
    response = client.post(
        url,
        {
            "form": "annual",
            "annual-year": "2026",
            "annual-status": RegistrationStatus.CONTINUED,
            "annual-decided_on": "2026-01-15",
        },
    )
    assert response.status_code == 302
    assert AnnualRegistration.objects.get(institution=forensic.inst_a, year=2026).status == (
        RegistrationStatus.CONTINUED
    )
    refused = client.post(
        url,
        {
            "form": "category",
            "category-practitioner": forensic.doctor.pk,
            "category-category": "environmental",
            "category-registered_on": "2026-01-15",
        },
    )
    assert "未登记“环境损害”" in refused.content.decode()
    page = client.get(url).content.decode()
    assert "法医类" in page and "物证类" in page and "已延续" in page
    listed = client.get(reverse("forensic:institution_list")).content.decode()
    assert str(forensic.inst_a) in listed and str(forensic.inst_b) in listed


def test_overdue_decisions_are_to_dos_of_the_institution_and_the_bureau(forensic):
    case = receive(forensic, received_on=D(2020, 3, 2))
    titles = [todo.title for todo in forensic_todos(forensic.admin_a)]
    assert titles == [f"鉴定委托 {case.number}（青川市公安局）受理决定已于 2020-03-11 超期"]
    assert [t.title for t in forensic_todos(forensic.section)] == titles
    assert forensic_todos(forensic.admin_b) == []
