"""The demo city's front desk: the centre and the stations with a half-year of visits, events
and (with legal aid's roster) front-desk duty; the figures are the registers' own counts."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import override_settings

from sifa.core import demo
from sifa.frontdesk.models import OutreachEvent, Visit
from sifa.legalaid.selectors.duty import front_desk_shifts
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.stats import registry
from tests.factories import delete_cast, restore_seeded_database

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frontdesk_city")]


@pytest.fixture(scope="module")
def frontdesk_city(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        delete_cast()
        call_command("load_demo", only="orgs,legalaid,frontdesk", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        restore_seeded_database()


def _city():
    return Office.objects.get(code="339081")


def test_the_half_year_figures_are_the_registers_counts():
    city = _city()
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)
    visits = access.within(Visit.objects.all(), city).filter(
        visited_at__date__range=(demo.PERIOD_START, demo.PERIOD_END)
    )
    assert visits.count() > 1000
    assert registry.value(registry.get("frontdesk.visits"), scope) == visits.count()
    assert visits.values("office").distinct().count() > 1  # the centre and stations
    rated = visits.exclude(satisfaction="").count()
    assert registry.value(registry.get("frontdesk.rated"), scope) == rated
    events = access.within(OutreachEvent.objects.all(), city).filter(
        held_on__range=(demo.PERIOD_START, demo.PERIOD_END)
    )
    assert (
        registry.value(registry.get("frontdesk.event_persons"), scope)
        == (events.aggregate(total=Sum("persons"))["total"])
    )
    shifts = front_desk_shifts().filter(
        on_date__range=(demo.PERIOD_START, demo.PERIOD_END), signed_in_at__isnull=False
    )
    assert shifts.count() > 100
    assert registry.value(registry.get("frontdesk.duty_shifts"), scope) == shifts.count()


def test_unload_removes_the_front_desk_records():
    from sifa.frontdesk import demo as frontdesk_demo

    assert frontdesk_demo.is_present()
    frontdesk_demo.unload(demo.DemoContext(log=lambda _: None))
    assert not frontdesk_demo.is_present()


SENTENCE = (
    "{{ area }}公共法律服务中心（站）接待来访{{ frontdesk.visits }}人次，其中受理申请"
    "{{ frontdesk.visits_accepted }}件，满意率{{ frontdesk.satisfaction_rate }}%；开展法律咨询活动"
    "{{ frontdesk.event_sessions }}场、{{ frontdesk.event_persons }}人次。"
)


def test_the_summary_states_the_front_desk_figures():
    """The placeholders of docs/frontdesk.md draft a sentence whose numbers are the registry's."""
    from sifa.reports.summary import render

    city = _city()
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)
    drafted = render("", SENTENCE, city, demo.PERIOD_START, demo.PERIOD_END)
    text = "".join(paragraph.text for paragraph in drafted.paragraphs)
    for key in ("visits", "visits_accepted", "event_sessions", "event_persons"):
        assert str(registry.value(registry.get(f"frontdesk.{key}"), scope)) in text
    assert "满意率" in text and not drafted.warnings
