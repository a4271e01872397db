"""转办 to the notary and forensic lines: a visit becomes a notarisation or an appraisal
commission carrying the visitor and the matter, and both pages show the link (issue 19 items
3, 5)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sifa.forensic import actions as forensic_actions
from sifa.forensic.constants import ClientKind
from sifa.forensic.models import Case
from sifa.frontdesk.actions.conversions import visit_convert
from sifa.frontdesk.constants import Service, Target
from sifa.frontdesk.models import Conversion
from sifa.frontdesk.tests.conftest import ID_NUMBER, register_visitor
from sifa.notary.constants import MatterCode, Status
from sifa.notary.models import Notarisation
from sifa.practice.constants import Category
from sifa.practice.tests.conftest import make_institution
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

MEDICINE = "forensic_medicine"


@pytest.fixture
def offices(desk, cast):
    """A notary office and a forensic institution (法医类) under county A, where the desk's
    clerk (业务科室 of county A) writes too."""
    section = UserFactory(username="wiring_section")
    grant(section, cast.city, "section")
    notary_office = make_institution(section, cast.county_a, 71, Category.NOTARY_OFFICE)
    institution = make_institution(section, cast.county_a, 72, Category.FORENSIC_INSTITUTION)
    forensic_actions.category_register(
        actor=section,
        institution=institution,
        category=MEDICINE,
        registered_on=datetime.date(2016, 1, 1),
    )
    return type("Offices", (), {"notary": notary_office, "forensic": institution})


def _to_notarisation(desk, offices, visit, **extra):
    return visit_convert(
        actor=desk.clerk,
        visit=visit,
        target=Target.NOTARISATION,
        office=offices.notary.office,
        matter_code=MatterCode.INHERITANCE,
        **extra,
    )


def _to_appraisal(desk, offices, visit, **extra):
    values = {"office": offices.forensic.office, "category": MEDICINE, **extra}
    return visit_convert(actor=desk.clerk, visit=visit, target=Target.APPRAISAL, **values)


def test_a_visit_turned_into_a_notarisation_carries_the_person_and_the_matter(desk, offices):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER, name="李四")
    notarisation = _to_notarisation(desk, offices, visit)
    assert isinstance(notarisation, Notarisation)
    assert notarisation.applicant == visit.person
    assert notarisation.applicant.name == "李四"
    assert notarisation.institution == offices.notary
    assert notarisation.summary == visit.matter
    assert notarisation.applied_on == visit.visited_at.astimezone().date()
    assert notarisation.status == Status.APPLIED
    link = Conversion.objects.get(visit=visit)
    assert (link.record_label, link.record_pk) == ("notary.notarisation", notarisation.pk)
    assert link.record_title == notarisation.number
    visit.refresh_from_db()
    assert visit.service == Service.ACCEPTED
    assert offices.notary.office.name in visit.referred_to


def test_a_visit_turned_into_an_appraisal_commission_carries_the_person(desk, offices):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER, name="李四")
    case = _to_appraisal(desk, offices, visit)
    assert isinstance(case, Case)
    assert case.client_person == visit.person
    assert case.client == "李四"
    assert case.client_kind == ClientKind.INDIVIDUAL
    assert case.matter == visit.matter
    assert case.received_on == visit.visited_at.astimezone().date()
    link = Conversion.objects.get(visit=visit)
    assert (link.record_label, link.record_pk) == ("forensic.case", case.pk)


def test_both_pages_show_the_link_for_a_notarisation_and_an_appraisal(desk, offices, login):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER, name="李四")
    notarisation = _to_notarisation(desk, offices, visit)
    case = _to_appraisal(desk, offices, visit)
    client = login(desk.clerk)
    for record in (notarisation, case):
        response = client.get(record.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert "关联记录" in page and visit.get_absolute_url() in page
    visit_page = client.get(visit.get_absolute_url()).content.decode()
    for record in (notarisation, case):
        assert record.get_absolute_url() in visit_page
        assert record.number in visit_page


def test_an_appraisal_in_an_unregistered_category_is_refused(desk, offices):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER)
    with pytest.raises(ValidationError) as refused:
        _to_appraisal(desk, offices, visit, category="environmental")
    assert "未登记" in str(refused.value)
    assert not Conversion.objects.exists() and not Case.objects.exists()


def test_an_office_the_user_may_not_write_in_is_refused(desk, offices, cast):
    """The township clerk of A1 registers visits at the station but writes at no notary
    office: the conversion names the field, nothing is created."""
    visit = register_visitor(cast.township_clerk, desk.station, id_number=ID_NUMBER)
    with pytest.raises(ValidationError) as refused:
        visit_convert(
            actor=cast.township_clerk,
            visit=visit,
            target=Target.NOTARISATION,
            office=offices.notary.office,
            matter_code=MatterCode.INHERITANCE,
        )
    assert "office" in refused.value.message_dict
    assert not Notarisation.objects.exists()


def test_the_conversion_pages_offer_the_offices_and_create_the_records(desk, offices, login):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER, name="李四")
    client = login(desk.clerk)
    day = visit.visited_at.astimezone().date().isoformat()
    notary_url = reverse("frontdesk:visit_convert", args=[visit.pk, Target.NOTARISATION])
    page = client.get(notary_url).content.decode()
    assert offices.notary.office.name in page and "继承" in page
    assert offices.forensic.office.name not in page
    response = client.post(
        notary_url,
        {"office": offices.notary.office.pk, "matter_code": "", "applied_on": day},
    )
    assert response.status_code == 200 and "请选择" in response.content.decode()
    response = client.post(
        notary_url,
        {"office": offices.notary.office.pk, "matter_code": MatterCode.WILL, "applied_on": day},
    )
    assert response.status_code == 302
    assert Notarisation.objects.get().applicant == visit.person
    appraisal_url = reverse("frontdesk:visit_convert", args=[visit.pk, Target.APPRAISAL])
    page = client.get(appraisal_url).content.decode()
    assert offices.forensic.office.name in page and "法医类" in page
    response = client.post(
        appraisal_url,
        {"office": offices.forensic.office.pk, "category": MEDICINE, "received_on": day},
    )
    assert response.status_code == 302
    assert Case.objects.get().client_person == visit.person
    visit_page = client.get(visit.get_absolute_url()).content.decode()
    assert "公证申请" in visit_page and "司法鉴定委托" in visit_page
