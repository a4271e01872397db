"""The front desk's figures count what the registers hold: duty signed in, visits by service,
conversions by target, satisfaction, events' 场次 and 人次 — and the monthly report form and the
summary language read them (docs/frontdesk.md "Figures")."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sifa.frontdesk.actions import roster
from sifa.frontdesk.actions.conversions import visit_convert
from sifa.frontdesk.actions.visits import event_record
from sifa.frontdesk.constants import Satisfaction, Service, Target
from sifa.frontdesk.tests.conftest import ID_NUMBER, register_visitor
from sifa.legalaid.constants import DutyKind, DutyPeriod, Matter, MatterType
from sifa.legalaid.tests.factories import make_handler
from sifa.reports.definitions import get_form
from sifa.stats import registry

pytestmark = pytest.mark.django_db


def _value(key, office):
    today = timezone.localdate()
    scope = registry.Scope(office=office, start=today - datetime.timedelta(days=30), end=today)
    return registry.value(registry.get(key), scope)


def _breakdown(key, office, by):
    today = timezone.localdate()
    scope = registry.Scope(office=office, start=today - datetime.timedelta(days=30), end=today)
    return {
        value: figure
        for value, _label, figure in registry.breakdown_values(registry.get(key), scope, by)
    }


def test_the_figures_count_the_registers(desk, cast):
    before = {
        key: _value(key, cast.county_a)
        for key in (
            "frontdesk.visits", "frontdesk.visits_answered", "frontdesk.visits_accepted",
            "frontdesk.rated", "frontdesk.satisfied", "frontdesk.conversions",
            "frontdesk.event_sessions", "frontdesk.event_persons", "frontdesk.duty_shifts",
        )
    }  # fmt: skip
    register_visitor(desk.clerk, desk.centre, satisfaction=Satisfaction.SATISFIED)
    register_visitor(desk.clerk, desk.station, satisfaction=Satisfaction.DISSATISFIED)
    converted = register_visitor(desk.clerk, desk.centre, id_number=ID_NUMBER)
    visit_convert(
        actor=desk.clerk,
        visit=converted,
        target=Target.LEGALAID_APPLICATION,
        office=desk.legal_aid,
        matter_type=MatterType.CIVIL,
        matter=Matter.LABOUR_PAY,
    )
    event_record(
        actor=desk.clerk,
        office=desk.centre,
        held_on=timezone.localdate(),
        place="广场",
        persons=40,
        sessions=2,
    )
    _, lawyer = make_handler(desk.legal_aid)
    shift = roster.shift_add(
        actor=desk.clerk,
        office=desk.centre,
        on_date=timezone.localdate(),
        period=DutyPeriod.FULL_DAY,
        kind=DutyKind.LAWYER,
        handler=lawyer,
    )
    assert _value("frontdesk.duty_shifts", cast.county_a) == before["frontdesk.duty_shifts"]
    roster.shift_sign_in(actor=desk.clerk, shift=shift)

    def moved(key):
        return _value(key, cast.county_a) - before[key]

    assert moved("frontdesk.visits") == 3
    assert moved("frontdesk.visits_answered") == 2
    assert moved("frontdesk.visits_accepted") == 1
    assert moved("frontdesk.rated") == 2
    assert moved("frontdesk.satisfied") == 1
    assert moved("frontdesk.conversions") == 1
    assert moved("frontdesk.event_sessions") == 2
    assert moved("frontdesk.event_persons") == 40
    assert moved("frontdesk.duty_shifts") == 1
    assert (
        _breakdown("frontdesk.conversions", cast.county_a, "target").get(
            Target.LEGALAID_APPLICATION
        )
        >= 1
    )
    assert _breakdown("frontdesk.visits", cast.county_a, "service").get(Service.ACCEPTED) >= 1
    # The station's visit is in township A1's figure; county B sees none of them.
    assert _value("frontdesk.visits", cast.township_a1) >= 1
    assert _value("frontdesk.visits", cast.county_b) == 0


def test_the_monthly_form_reads_registered_figures():
    form = get_form("frontdesk.monthly")
    for column in form.columns:
        indicator = registry.get(column.indicator)
        assert indicator.key.startswith("frontdesk.")
        if column.breakdown:
            assert column.breakdown in {b.key for b in indicator.breakdowns}
