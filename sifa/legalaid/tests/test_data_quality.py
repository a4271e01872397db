"""The 法律援助 data-quality rules (sifa/legalaid/data_quality.py): each finds a record planted the
way an import of the old case book brings it and not a record the actions made. The monitor is
tested in sifa/stats/tests/test_data_quality.py."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sifa.core import data_quality
from sifa.legalaid.models import Application, Assignment, Handler, Provider
from sifa.legalaid.tests.factories import (
    make_application,
    make_assigned,
    make_centre,
    make_ended,
    make_granted,
    make_handler,
    make_in_progress,
    make_reviewer,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate


def found(code: str) -> set[int]:
    return set(data_quality.rule_of(code).records().values_list("pk", flat=True))


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


def update(model, record, **values) -> None:
    model.objects.filter(pk=record.pk).update(**values)


def test_a_decision_before_the_application(reviewer, centre):
    bad = make_granted(reviewer, centre)
    update(Application, bad, decided_on=bad.received_on - DAY)
    good = make_granted(reviewer, centre)

    rows = found("legalaid.decided_before_received")
    assert bad.pk in rows and good.pk not in rows


def test_an_assignment_before_the_application_or_the_decision(reviewer, centre):
    received = datetime.date(2026, 3, 2)
    before_received = make_assigned(reviewer, centre).assignments.get()
    update(Assignment, before_received, assigned_on=received - DAY)
    decided_later = make_assigned(reviewer, centre, decided_on=received + 2 * DAY)
    before_decision = decided_later.assignments.get()
    update(Assignment, before_decision, assigned_on=received + DAY)
    # 先行提供 (法律援助法 第44条): assigned first, decided afterwards.
    pre_aid = make_assigned(reviewer, centre, decided_on=received + 2 * DAY)
    update(Application, pre_aid, pre_aid=True)
    update(Assignment, pre_aid.assignments.get(), assigned_on=received + DAY)
    good = make_assigned(reviewer, centre).assignments.get()

    rows = found("legalaid.assigned_before_decided")
    assert {before_received.pk, before_decision.pk} <= rows
    assert not {pre_aid.assignments.get().pk, good.pk} & rows


def test_an_assignment_to_a_handler_or_institution_off_the_roster(reviewer, centre):
    left = make_assigned(reviewer, centre).assignments.get()
    update(Handler, left.handler, active=False)
    closed_firm = make_in_progress(reviewer, centre).assignments.get()
    update(Provider, closed_firm.provider, active=False)
    other_firm = make_assigned(reviewer, centre).assignments.get()
    _provider, moved = make_handler(centre)
    update(Assignment, other_firm, handler=moved)
    # A closed case may name a lawyer who left since; a current one on the roster is fine.
    ended = make_ended(reviewer, centre).assignments.get()
    update(Handler, ended.handler, active=False)
    good = make_assigned(reviewer, centre).assignments.get()

    rows = found("legalaid.orphaned_assignment")
    assert {left.pk, closed_firm.pk, other_firm.pk} <= rows
    assert not {ended.pk, good.pk} & rows
    rule = data_quality.rule_of("legalaid.orphaned_assignment")
    left = Assignment.objects.get(pk=left.pk)
    assert rule.fix(left).url == reverse("legalaid:application_assign", args=[left.application_id])
    assert rule.fix(Assignment.objects.get(pk=closed_firm.pk)) is None  # 承办中: no form
    assert left.application.number in rule.title(left)


def test_a_case_left_past_the_deadline_of_its_step(reviewer, centre):
    undecided = make_application(reviewer, centre)  # received 2026-03-02: 7 days long gone
    imported = make_application(reviewer, centre)
    update(Application, imported, decision_due_on=None)  # an import stores no due date
    unassigned = make_granted(reviewer, centre)
    unfiled = make_ended(reviewer, centre)
    fresh = make_application(reviewer, centre, received_on=TODAY())
    granted_today = make_granted(reviewer, centre, received_on=TODAY())
    ended_today = make_ended(reviewer, centre, received_on=TODAY())
    handled = make_in_progress(reviewer, centre)  # no deadline runs while the case is handled

    rows = found("legalaid.open_past_deadline")
    assert {undecided.pk, imported.pk, unassigned.pk, unfiled.pk} <= rows
    assert not {fresh.pk, granted_today.pk, ended_today.pk, handled.pk} & rows
    fix = data_quality.rule_of("legalaid.open_past_deadline").fix
    assert fix(undecided).url == reverse("legalaid:application_decide", args=[undecided.pk])
    assert fix(unassigned).url == reverse("legalaid:application_assign", args=[unassigned.pk])
    assert fix(unfiled).url == reverse("legalaid:application_closing_submit", args=[unfiled.pk])
