"""指派: provider and handler rules (第25、26条), re-assignment, conflict note, transitions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sifa.core.deadlines import add_months
from sifa.core.testing import assert_invalid
from sifa.legalaid.actions.assignments import assignment_make
from sifa.legalaid.constants import (
    SERIOUS_CASE_MIN_DEFENCE_YEARS,
    ApplicantGroup,
    HandlerKind,
    Matter,
    MatterType,
    Status,
)
from sifa.legalaid.models import Assignment
from sifa.legalaid.tests.factories import (
    make_application,
    make_centre,
    make_granted,
    make_handler,
    make_reviewer,
)

D = datetime.date
ASSIGNED_ON = D(2026, 3, 4)


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


def assign(reviewer, application, handler, on=ASSIGNED_ON, **extra):
    return assignment_make(
        actor=reviewer,
        application=application,
        provider=handler.provider,
        handler=handler,
        assigned_on=on,
        **extra,
    )


def test_assign_a_granted_application(centre, reviewer):
    application = make_granted(reviewer, centre, decided_on=D(2026, 3, 3))
    _provider, handler = make_handler(centre)
    assignment = assign(reviewer, application, handler, conflict_note="已核实无利害关系")
    application.refresh_from_db()
    assert application.status == Status.ASSIGNED
    assert assignment.assigned_on == ASSIGNED_ON
    assert assignment.ended_on is None
    assert assignment.conflict_note.startswith("利益冲突审查：未发现")
    assert assignment.conflict_note.endswith("已核实无利害关系")
    event = application.events.order_by("-id").first()
    assert (event.from_status, event.to_status) == (Status.GRANTED, Status.ASSIGNED)
    assert handler.person.name in event.reason


def test_reassignment_ends_the_previous_assignment(centre, reviewer):
    application = make_granted(reviewer, centre, decided_on=D(2026, 3, 3))
    _p, first = make_handler(centre)
    _p, second = make_handler(centre)
    assign(reviewer, application, first)
    with pytest.raises(ValidationError) as error:  # the same handler again
        assign(reviewer, application, first, on=D(2026, 3, 6))
    assert "handler" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # before the current assignment
        assign(reviewer, application, second, on=D(2026, 3, 3))
    assert "assigned_on" in error.value.message_dict
    assign(reviewer, application, second, on=D(2026, 3, 6))
    rows = list(Assignment.objects.filter(application=application).order_by("id"))
    assert [(a.handler, a.ended_on) for a in rows] == [(first, D(2026, 3, 6)), (second, None)]
    assert application.events.order_by("-id").first().from_status == Status.ASSIGNED


def test_cannot_assign_before_the_decision(centre, reviewer):
    application = make_application(reviewer, centre)
    _p, handler = make_handler(centre)
    with pytest.raises(ValidationError) as error:
        assign(reviewer, application, handler)
    assert error.value.code == "transition"


def test_assignment_date_not_before_acceptance(centre, reviewer):
    application = make_granted(reviewer, centre, decided_on=D(2026, 3, 5))
    _p, handler = make_handler(centre)
    with pytest.raises(ValidationError) as error:
        assign(reviewer, application, handler, on=D(2026, 3, 4))
    assert "assigned_on" in error.value.message_dict


def test_handler_must_belong_to_the_provider_and_be_active(centre, reviewer):
    application = make_granted(reviewer, centre)
    other_provider, _h = make_handler(centre)
    _p, handler = make_handler(centre)
    with pytest.raises(ValidationError) as error:
        assignment_make(
            actor=reviewer,
            application=application,
            provider=other_provider,
            handler=handler,
            assigned_on=ASSIGNED_ON,
        )
    assert error.value.message_dict["handler"] == ["该承办人员不属于所选承办机构。"]
    _p, retired = make_handler(centre, active=False)
    with pytest.raises(ValidationError) as error:
        assign(reviewer, application, retired)
    assert error.value.message_dict["handler"] == ["该承办人员已不在册。"]
    _p, handler = make_handler(centre)
    handler.provider.active = False
    handler.provider.save()
    with pytest.raises(ValidationError) as error:
        assign(reviewer, application, handler)
    assert "provider" in error.value.message_dict


def test_provider_out_of_sight_is_not_found(cast, centre, reviewer):
    application = make_granted(reviewer, centre)
    elsewhere = make_centre(cast.county_b)
    _p, handler = make_handler(elsewhere)
    with pytest.raises(ValidationError) as error:
        assign(reviewer, application, handler)
    assert error.value.message_dict["provider"] == ["未找到该承办机构。"]


def test_criminal_matters_only_to_lawyers(centre, reviewer):
    application = make_granted(
        reviewer, centre, matter_type=MatterType.CRIMINAL, matter=Matter.CRIMINAL_DEFENCE
    )
    _p, worker = make_handler(centre, kind=HandlerKind.GRASSROOTS_WORKER)
    with pytest.raises(ValidationError) as error:
        assign(reviewer, application, worker)
    assert "第25、26条" in error.value.message_dict["handler"][0]
    _p, lawyer = make_handler(centre, kind=HandlerKind.LAWYER)
    assert assign(reviewer, application, lawyer).pk


def test_civil_matters_may_go_to_grassroots_workers(centre, reviewer):
    application = make_granted(reviewer, centre)
    _p, worker = make_handler(centre, kind=HandlerKind.GRASSROOTS_WORKER)
    assert assign(reviewer, application, worker).pk


def test_serious_charge_needs_three_years_of_criminal_defence(centre, reviewer):
    application = make_granted(
        reviewer,
        centre,
        matter_type=MatterType.CRIMINAL,
        matter=Matter.CRIMINAL_DEFENCE,
        serious_charge=True,
    )
    exactly = add_months(ASSIGNED_ON, -12 * SERIOUS_CASE_MIN_DEFENCE_YEARS)
    _p, junior = make_handler(centre, criminal_defence_since=exactly + datetime.timedelta(days=1))
    _p, unknown = make_handler(centre, criminal_defence_since=None)
    for handler in (junior, unknown):
        with pytest.raises(ValidationError) as error:
            assign(reviewer, application, handler)
        assert "第26条" in error.value.message_dict["handler"][0]
    _p, senior = make_handler(centre, criminal_defence_since=exactly)
    assert assign(reviewer, application, senior).handler == senior


def test_minor_criminal_case_needs_juvenile_experience(centre, reviewer):
    application = make_granted(
        reviewer,
        centre,
        matter_type=MatterType.CRIMINAL,
        matter=Matter.CRIMINAL_DEFENCE,
        groups=[ApplicantGroup.MINOR],
    )
    _p, lawyer = make_handler(centre)
    with pytest.raises(ValidationError) as exc:
        assign(reviewer, application, lawyer)
    assert_invalid(
        exc, "handler", "未成年人刑事案件应当指派熟悉未成年人身心特点的律师（程序规定 第"
    )
    _p, familiar = make_handler(centre, juvenile_experience=True)
    assert assign(reviewer, application, familiar).pk


def test_assignment_access(cast, centre, reviewer):
    application = make_granted(reviewer, centre)
    _p, handler = make_handler(centre)
    with pytest.raises(Http404):
        assign(cast.township_clerk, application, handler)
    with pytest.raises(PermissionDenied):
        assign(cast.city_leader, application, handler)
    assert assign(cast.county_supervisor, application, handler).pk


def test_conflict_findings_are_saved_with_the_assignment(centre, reviewer):
    _p, handler = make_handler(centre)
    earlier = make_granted(reviewer, centre, adverse_party="某建筑劳务公司")
    assign(reviewer, earlier, handler)
    application = make_granted(reviewer, centre, adverse_party="某建筑劳务公司")
    _p, other = make_handler(centre)
    assignment = assign(reviewer, application, handler)
    assert "发现1条相关记录" in assignment.conflict_note
    assert earlier.number in assignment.conflict_note
    assert "所选承办人员曾承办该案" in assignment.conflict_note
    assert other.pk != handler.pk
