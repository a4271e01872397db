"""The visitor register (来访登记) and consultation events (法律咨询活动): rules, scope, pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sifa.frontdesk.actions.visits import event_record, visit_rate
from sifa.frontdesk.constants import MatterCategory, Satisfaction, Service
from sifa.frontdesk.selectors import visits as selectors
from sifa.frontdesk.tests.conftest import ID_NUMBER, register_visitor, visit_at
from sifa.people.models import Person

pytestmark = pytest.mark.django_db


def test_a_visitor_with_id_is_found_or_registered_in_the_registry(desk):
    first = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER, name="李四")
    again = register_visitor(desk.clerk, desk.station, id_number=ID_NUMBER, name="李四")
    assert first.person is not None and first.person == again.person
    assert Person.objects.filter(pk=first.person.pk).count() == 1
    assert first.visitor_name == "李四"


def test_a_visitor_without_id_is_kept_by_name(desk):
    visit = register_visitor(desk.clerk, desk.centre, name="王五", phone="13800000000")
    assert visit.person is None and visit.visitor_name == "王五"
    assert visit.phone == "13800000000"


def test_a_referral_needs_its_destination_and_the_desk_must_be_a_centre_or_station(desk, cast):
    with pytest.raises(ValidationError) as refused:
        register_visitor(desk.clerk, desk.centre, service=Service.REFERRED)
    assert "referred_to" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        register_visitor(desk.clerk, desk.legal_aid)
    assert "office" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        register_visitor(
            desk.clerk, desk.centre, visited_at=timezone.now() + datetime.timedelta(days=1)
        )
    assert "visited_at" in refused.value.error_dict


def test_scope_between_offices(desk, cast, login):
    """A township A2 clerk does not see the A1 station's visit (404); county B's does not
    register at county A's centre."""
    visit = register_visitor(desk.clerk, desk.station)
    assert selectors.visit_list(actor=cast.sibling_clerk).count() == 0
    assert list(selectors.visit_list(actor=cast.township_clerk)) == [visit]
    assert login(cast.sibling_clerk).get(visit.get_absolute_url()).status_code == 404
    with pytest.raises(Http404):
        register_visitor(cast.sibling_clerk, desk.station)


def test_satisfaction_is_rated(desk):
    visit = register_visitor(desk.clerk, desk.centre)
    visit_rate(actor=desk.clerk, visit=visit, satisfaction=Satisfaction.BASIC)
    visit.refresh_from_db()
    assert visit.satisfaction == Satisfaction.BASIC
    with pytest.raises(ValidationError) as refused:
        visit_rate(actor=desk.clerk, visit=visit, satisfaction="great")
    assert refused.value.message_dict == {"satisfaction": ["请选择满意度。"]}
    visit.refresh_from_db()
    assert visit.satisfaction == Satisfaction.BASIC


def test_an_event_counts_sessions_and_persons(desk):
    event = event_record(
        actor=desk.clerk,
        office=desk.station,
        held_on=timezone.localdate(),
        place="甲一村文化礼堂",
        persons=46,
    )
    assert (event.sessions, event.persons) == (1, 46)
    with pytest.raises(ValidationError) as refused:
        event_record(actor=desk.clerk, office=desk.station, held_on=None, place="", persons=-1)
    assert {"held_on", "place", "persons"} <= set(refused.value.error_dict)


def test_the_register_page_registers_a_visitor(desk, login):
    client = login(desk.clerk)
    response = client.post(
        reverse("frontdesk:visit_register"),
        {
            "office": desk.centre.pk,
            "visited_at": visit_at().astimezone().strftime("%Y-%m-%dT%H:%M"),
            "id_number": ID_NUMBER,
            "name": "李四",
            "category": MatterCategory.FAMILY,
            "matter": "离婚财产分割咨询",
            "service": Service.ANSWERED,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = selectors.visit_list(actor=desk.clerk).get()
    assert visit.person.name == "李四"
    listing = client.get(reverse("frontdesk:visit_list")).content.decode()
    assert "李四" in listing
    assert client.get(reverse("frontdesk:visit_export")).status_code == 200


def test_the_register_page_says_what_is_missing(desk, login):
    response = login(desk.clerk).post(
        reverse("frontdesk:visit_register"), {"office": desk.centre.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写来访人姓名，或登记身份证号码。" in page
