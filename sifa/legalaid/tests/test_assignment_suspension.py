"""指派 refuses a handler who is a practitioner suspended (停止执业) on the assignment date
(issue 18 item 4): the suspension is read through the practice line's selectors."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifa.core.testing import assert_invalid
from sifa.legalaid.actions.assignments import assignment_make
from sifa.legalaid.constants import HandlerKind, Status
from sifa.legalaid.models import Handler
from sifa.legalaid.tests.factories import make_centre, make_granted, make_provider, make_reviewer
from sifa.practice.actions.discipline import sanction_decide, sanction_propose
from sifa.practice.constants_discipline import Authority, SanctionKind
from sifa.practice.tests.conftest import make_institution, register_lawyer
from tests.factories import UserFactory, grant

D = datetime.date


@pytest.fixture
def suspended_handler(cast):
    """A lawyer suspended for one month from 2026-03-01 (to 2026-03-31), on a centre's roster."""
    section = UserFactory(username="practice_section_la")
    grant(section, cast.city, "section")
    firm = make_institution(section, cast.county_a, 7)
    lawyer = register_lawyer(section, firm, name="停业律师")
    sanction = sanction_propose(
        actor=section,
        practitioner=lawyer,
        authority=Authority.ADMINISTRATIVE,
        kind=SanctionKind.SUSPENSION,
        months=1,
        act_on=D(2026, 1, 10),
        facts="违规收费",
    )
    sanction_decide(
        actor=section,
        sanction=sanction,
        decided_on=D(2026, 2, 20),
        starts_on=D(2026, 3, 1),
        decision_number="甲司罚〔2026〕1号",
    )
    centre = make_centre(cast.county_a)
    handler = Handler.objects.create(
        office=centre,
        provider=make_provider(centre),
        person=lawyer.person,
        kind=HandlerKind.LAWYER,
        criminal_defence_since=D(2015, 1, 1),
    )
    return centre, handler


def assign(reviewer, application, handler, on):
    return assignment_make(
        actor=reviewer,
        application=application,
        provider=handler.provider,
        handler=handler,
        assigned_on=on,
    )


@pytest.mark.parametrize("on", [D(2026, 3, 1), D(2026, 3, 15), D(2026, 3, 31)])
def test_a_suspended_lawyer_cannot_be_assigned(suspended_handler, on):
    centre, handler = suspended_handler
    reviewer = make_reviewer(centre)
    application = make_granted(
        reviewer, centre, received_on=D(2026, 2, 26), decided_on=D(2026, 2, 27)
    )
    with pytest.raises(ValidationError) as error:
        assign(reviewer, application, handler, on)
    assert_invalid(
        error, "handler", "该人员正在停止执业期间（2026-03-01至2026-03-31，甲司罚〔2026〕1号）"
    )
    application.refresh_from_db()
    assert application.status == Status.GRANTED


@pytest.mark.parametrize("on", [D(2026, 2, 28), D(2026, 4, 1)])
def test_before_and_after_the_suspension_the_lawyer_may_be_assigned(suspended_handler, on):
    centre, handler = suspended_handler
    reviewer = make_reviewer(centre)
    application = make_granted(
        reviewer, centre, received_on=D(2026, 2, 26), decided_on=D(2026, 2, 27)
    )
    assignment = assign(reviewer, application, handler, on)
    assert assignment.handler == handler and assignment.assigned_on == on
