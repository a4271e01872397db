"""Centre work: receptions only by a 调处中心; petitions dissuaded and escalations anywhere."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sifa.core.testing import assert_invalid
from sifa.mediation.actions import centre as actions
from sifa.mediation.tests.factories import make_case, make_committee
from sifa.orgs.constants import OfficeKind
from tests.factories import add_office

ON = datetime.date(2026, 3, 2)


@pytest.fixture
def centre(cast):
    return add_office(
        cast.county_a,
        name="甲县矛盾纠纷调处中心",
        code="330102C01",
        kind=OfficeKind.DISPUTE_CENTER,
        region_code="330102",
    )


def test_reception_by_the_centre(cast, centre):
    reception = actions.reception_record(
        actor=cast.county_supervisor,
        office=centre,
        received_on=ON,
        persons=5,
        matter="土地承包纠纷",
        leader="  张局长 ",
        pre_visit_guidance=True,
    )
    assert (reception.persons, reception.leader, reception.pre_visit_guidance) == (
        5,
        "张局长",
        True,
    )
    assert reception.created_by == cast.county_supervisor


def test_reception_refused_for_other_offices(cast):
    with pytest.raises(ValidationError, match="只能由矛盾纠纷调处中心登记"):
        actions.reception_record(
            actor=cast.township_clerk,
            office=cast.township_a1,
            received_on=ON,
            persons=1,
            matter="x",
        )


def test_reception_needs_a_person_and_a_past_date(cast, centre):
    kwargs = dict(actor=cast.county_supervisor, office=centre, matter="x")
    with pytest.raises(ValidationError) as exc:
        actions.reception_record(received_on=ON, persons=0, **kwargs)
    assert_invalid(exc, "persons", "确保该值大于或等于")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        actions.reception_record(
            received_on=datetime.date.today() + datetime.timedelta(days=1), persons=1, **kwargs
        )


def test_reception_permissions(cast, centre):
    kwargs = dict(office=centre, received_on=ON, persons=1, matter="x")
    with pytest.raises(Http404):
        actions.reception_record(actor=cast.township_clerk, **kwargs)  # centre is above A1
    with pytest.raises(PermissionDenied):
        actions.reception_record(actor=cast.city_leader, **kwargs)


def test_petition_dissuaded_anywhere_in_scope(cast):
    record = actions.petition_dissuaded_record(
        actor=cast.township_clerk,
        office=cast.township_a1,
        dissuaded_on=ON,
        persons=30,
        matter="欠薪",
    )
    assert record.persons == 30
    with pytest.raises(Http404):
        actions.petition_dissuaded_record(
            actor=cast.sibling_clerk,
            office=cast.township_a1,
            dissuaded_on=ON,
            persons=3,
            matter="x",
        )


def test_escalation_prevented_with_a_case(cast):
    committee = make_committee(cast.township_a1)
    case = make_case(cast.township_clerk, committee)
    record = actions.escalation_prevented_record(
        actor=cast.township_clerk,
        office=committee,
        prevented_on=ON,
        description="邻里纠纷双方持械对峙，调解员及时劝开",
        persons=4,
        case=case,
    )
    assert record.case == case
    with pytest.raises(ValidationError, match="至少为1人"):
        actions.escalation_prevented_record(
            actor=cast.township_clerk, office=committee, prevented_on=ON, description="x", persons=0
        )
    # A case out of the actor's sight cannot be linked.
    with pytest.raises(Http404):
        actions.escalation_prevented_record(
            actor=cast.sibling_clerk,
            office=cast.township_a2,
            prevented_on=ON,
            description="x",
            case=case,
        )
