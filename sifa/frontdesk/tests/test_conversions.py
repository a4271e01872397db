"""转办: a visit becomes a legal-aid application, consultation or mediation case without
re-typing the person or the matter, and the link shows on both pages (issue 19 items 3, 5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sifa.frontdesk.actions.conversions import visit_convert
from sifa.frontdesk.constants import Service, Target
from sifa.frontdesk.models import Conversion
from sifa.frontdesk.tests.conftest import ID_NUMBER, register_visitor
from sifa.legalaid.constants import Matter, MatterType
from sifa.legalaid.models import Application, Consultation
from sifa.mediation.constants import PartyRole
from sifa.people.actions import PersonIdentity
from sifa.people.constants import PartyKind
from sifa.people.tests.helpers import resident_id

pytestmark = pytest.mark.django_db


def _to_application(desk, visit, **extra):
    return visit_convert(
        actor=desk.clerk,
        visit=visit,
        target=Target.LEGALAID_APPLICATION,
        office=desk.legal_aid,
        matter_type=MatterType.CIVIL,
        matter=Matter.LABOUR_PAY,
        **extra,
    )


def test_a_visit_turned_into_a_legal_aid_application_carries_the_person_and_the_matter(desk):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER, name="李四")
    application = _to_application(desk, visit)
    assert isinstance(application, Application)
    assert application.applicant == visit.person
    assert application.applicant.name == "李四"
    assert application.facts == visit.matter
    assert application.received_on == visit.visited_at.astimezone().date()
    link = Conversion.objects.get(visit=visit)
    assert (link.record_label, link.record_pk) == ("legalaid.application", application.pk)
    visit.refresh_from_db()
    assert visit.service == Service.ACCEPTED
    assert desk.legal_aid.name in visit.referred_to


def test_both_pages_show_the_link_to_the_other(desk, login):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER, name="李四")
    application = _to_application(desk, visit)
    client = login(desk.clerk)
    application_page = client.get(application.get_absolute_url()).content.decode()
    assert "关联记录" in application_page
    assert visit.get_absolute_url() in application_page
    visit_page = client.get(visit.get_absolute_url()).content.decode()
    assert "关联记录" in visit_page
    assert application.get_absolute_url() in visit_page
    assert application.number in visit_page


def test_the_link_is_shown_only_to_who_may_see_the_other_record(desk, cast, login):
    """The township clerk of A1 sees the station's visit but not county A's legal-aid centre:
    the visit's page gives no link to the application."""
    visit = register_visitor(desk.clerk, desk.station, id_number=ID_NUMBER)
    application = _to_application(desk, visit)
    page = login(cast.township_clerk).get(visit.get_absolute_url())
    assert page.status_code == 200
    assert application.get_absolute_url() not in page.content.decode()


def test_a_visitor_without_id_gives_it_when_the_target_needs_a_person(desk):
    visit = register_visitor(desk.clerk, desk.centre, name="王五")
    assert visit.person is None
    with pytest.raises(ValidationError) as refused:
        _to_application(desk, visit)
    assert "身份证号码" in str(refused.value)
    number = resident_id(sequence="555")
    application = _to_application(
        desk, visit, identity=PersonIdentity(name="王五", id_number=number)
    )
    visit.refresh_from_db()
    assert visit.person == application.applicant
    assert visit.person.id_number == number


def test_a_visit_is_converted_to_a_target_once(desk):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER)
    _to_application(desk, visit)
    with pytest.raises(ValidationError, match="已转为"):
        _to_application(desk, visit)
    assert Application.objects.count() == 1


def test_a_visit_becomes_a_legal_aid_consultation_by_name_alone(desk):
    visit = register_visitor(desk.clerk, desk.centre, name="赵六")
    consultation = visit_convert(
        actor=desk.clerk,
        visit=visit,
        target=Target.LEGALAID_CONSULTATION,
        office=desk.centre,
        category="labour",
    )
    assert isinstance(consultation, Consultation)
    assert consultation.caller_name == "赵六"
    assert consultation.question == visit.matter
    assert consultation.consulted_at == visit.visited_at


def test_a_visit_becomes_a_mediation_case_with_the_visitor_as_applicant(desk):
    visit = register_visitor(desk.clerk, desk.station, id_number=ID_NUMBER, name="李四")
    case = visit_convert(
        actor=desk.clerk,
        visit=visit,
        target=Target.MEDIATION_CASE,
        committee=desk.committee,
        dispute_type="neighbourhood",
        source="application",
        respondent={
            "role": PartyRole.RESPONDENT,
            "kind": PartyKind.LEGAL,
            "organisation": "某物业公司",
            "identity": None,
        },
    )
    applicant = case.parties.get(role=PartyRole.APPLICANT)
    assert applicant.person == visit.person
    assert case.facts == visit.matter


def test_the_conversion_page_is_prefilled_from_the_visit(desk, login):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER, name="李四")
    client = login(desk.clerk)
    url = reverse("frontdesk:visit_convert", args=[visit.pk, Target.LEGALAID_APPLICATION])
    page = client.get(url).content.decode()
    assert "李四" in page and visit.matter in page
    response = client.post(
        url,
        {
            "office": desk.legal_aid.pk,
            "matter_type": MatterType.CIVIL,
            "matter": Matter.LABOUR_PAY,
            "received_on": visit.visited_at.astimezone().date().isoformat(),
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.applicant == visit.person


def test_the_consultation_and_the_mediation_case_pages_show_the_visit(desk, login):
    visit = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER, name="李四")
    consultation = visit_convert(
        actor=desk.clerk,
        visit=visit,
        target=Target.LEGALAID_CONSULTATION,
        office=desk.centre,
        category="labour",
    )
    case = visit_convert(
        actor=desk.clerk,
        visit=visit,
        target=Target.MEDIATION_CASE,
        committee=desk.committee,
        dispute_type="neighbourhood",
        source="application",
        respondent={
            "role": PartyRole.RESPONDENT,
            "kind": PartyKind.LEGAL,
            "organisation": "某公司",
        },
    )
    client = login(desk.clerk)
    for record in (consultation, case):
        page = client.get(record.get_absolute_url()).content.decode()
        assert "关联记录" in page and visit.get_absolute_url() in page
    visit_page = client.get(visit.get_absolute_url()).content.decode()
    assert consultation.get_absolute_url() in visit_page
    assert case.get_absolute_url() in visit_page
