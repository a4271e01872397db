"""The notary pages: list, export, application form, detail with actions, overdue list, reviews,
consultations — each through the real views, scoped between notary offices."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sifa.notary.constants import MatterCode, Status
from sifa.notary.models import Notarisation
from sifa.notary.tests.conftest import accepted, apply
from tests import imports

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_office_applies_accepts_and_issues_through_its_pages(notary, login):
    client = login(notary.admin_a)
    page = client.get(reverse("notary:notarisation_register"))
    assert page.status_code == 200
    assert "请选择" in page.content.decode()
    answer = client.post(
        reverse("notary:notarisation_register"),
        {
            "office": notary.office_a.pk,
            "id_number": imports.resident_id("19660606"),
            "name": "陈来访",
            "matter_code": MatterCode.WILL,
            "scope": "domestic",
            "summary": "办理遗嘱公证",
            "applied_on": "2025-09-25",
            "fee_standard": "300",
        },
    )
    n = Notarisation.objects.get(applicant__name="陈来访")
    assert answer.status_code == 302 and answer.url == n.get_absolute_url()
    client.post(
        reverse("notary:notarisation_accept", args=[n.pk]),
        {"accepted_on": "2025-09-26", "notary": notary.notary_a.pk},
    )
    client.post(
        reverse("notary:notarisation_issue", args=[n.pk]),
        {"issued_on": "2025-10-09", "certificate_number": "（2025）甲证字第9号"},
    )
    n.refresh_from_db()
    assert (n.status, n.notary, n.due_on) == (Status.ISSUED, notary.notary_a, D(2025, 10, 23))
    detail = client.get(n.get_absolute_url()).content.decode()
    assert "（2025）甲证字第9号" in detail and "已出具公证书" in detail
    assert "公证法 第30条" in detail


def test_a_refusal_without_a_ground_shows_the_message_on_the_form(notary, login):
    n = accepted(notary.admin_a, notary.office_a, notary.person)
    client = login(notary.admin_a)
    answer = client.post(
        reverse("notary:notarisation_refuse", args=[n.pk]),
        {"refused_on": "2025-09-30", "refusal_ground": "", "refusal_reasons": ""},
    )
    assert answer.status_code == 200
    n.refresh_from_db()
    assert n.status == Status.ACCEPTED


def test_another_office_gets_404_on_the_pages(notary, login):
    n = apply(notary.admin_a, notary.office_a, notary.person)
    client = login(notary.admin_b)
    assert client.get(n.get_absolute_url()).status_code == 404
    assert client.get(reverse("notary:notarisation_accept", args=[n.pk])).status_code == 404
    listed = client.get(reverse("notary:notarisation_list")).content.decode()
    assert n.number not in listed


def test_list_export_overdue_reviews_and_consultations_render_for_the_bureau(notary, login):
    late = accepted(notary.admin_a, notary.office_a, notary.person)
    client = login(notary.section)
    listed = client.get(reverse("notary:notarisation_list"), {"overdue": "on"})
    assert late.number in listed.content.decode()
    export = client.get(reverse("notary:notarisation_export"))
    assert export.status_code == 200
    assert "spreadsheetml" in export["Content-Type"]
    overdue = client.get(reverse("notary:overdue_list")).content.decode()
    assert late.number in overdue
    assert client.get(reverse("notary:review_list")).status_code == 200
    page = client.get(reverse("notary:consultation_list"))
    assert page.status_code == 200
    answer = client.post(
        reverse("notary:consultation_record"),
        {
            "institution": notary.office_b.pk,
            "held_on": "2025-10-09",
            "way": "visit",
            "persons": "3",
            "topic": "继承公证咨询",
        },
    )
    assert answer.status_code == 302
    assert "继承公证咨询" in client.get(reverse("notary:consultation_list")).content.decode()


def test_the_overdue_notarisation_is_a_todo_of_the_office_and_of_the_bureau(notary, login):
    late = accepted(notary.admin_a, notary.office_a, notary.person)  # due 2025-10-23, long past
    page = login(notary.section).get(reverse("shell:home"), {"todos": 1}).content.decode()
    assert late.number in page
    own = login(notary.admin_a).get(reverse("shell:home"), {"todos": 1}).content.decode()
    assert late.number in own and "已超过出证期限" in own
    other = login(notary.admin_b).get(reverse("shell:home"), {"todos": 1}).content.decode()
    assert late.number not in other
