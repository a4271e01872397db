"""The resettlement figures against records made around the period bounds."""

from datetime import date

import pytest

from sifa.people.models import Person
from sifa.resettlement import indicators
from sifa.resettlement.constants import EndReason, Source, Status
from sifa.resettlement.models import ReleasedPerson, Visit
from sifa.stats import registry

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 6, 30)
BEFORE, AFTER = date(2025, 12, 31), date(2026, 7, 1)


def scope(office):
    return registry.Scope(office=office, start=START, end=END)


def records(key, office):
    return set(registry.records(registry.get(key), scope(office)))


def value(key, office):
    return registry.value(registry.get(key), scope(office))


def released(office, on, source=Source.PRISON, **fields):
    person = Person.objects.create(office=office, name="刑释人员")
    defaults = dict(
        office=office,
        person=person,
        source=source,
        crime="盗窃罪",
        released_on=on,
        assistance_end=date(on.year + 5, on.month, on.day),
        status=Status.CONNECTED,
        connected_on=on,
    )
    defaults.update(fields)
    return ReleasedPerson.objects.create(**defaults)


def test_new_releases_by_release_date_and_source(cast):
    office = cast.township_a1
    first = released(office, START)
    last = released(office, END, source=Source.CORRECTION)
    released(office, BEFORE)
    released(office, AFTER)
    assert records("resettlement.released", cast.city) == {first, last}
    assert records("resettlement.prison_released", cast.city) == {first}
    assert records("resettlement.correction_released", cast.city) == {last}


def test_in_register_is_a_stock_until_the_end(cast):
    office = cast.township_a1
    counted = [
        released(office, END),
        released(office, date(2022, 1, 1)),
        released(office, date(2022, 1, 1), status=Status.ENDED, ended_on=AFTER),
        released(office, date(2022, 1, 1), status=Status.NOT_CONNECTED, connected_on=None),
    ]
    released(office, AFTER)
    released(
        office, date(2021, 6, 30), status=Status.ENDED, ended_on=END, end_reason=EndReason.EXPIRED
    )
    assert records("resettlement.in_assistance", cast.city) == set(counted)
    assert records("resettlement.not_connected", cast.city) == {counted[3]}


def test_connection_and_met_at_gate_rates(cast):
    office = cast.township_a1
    released(office, START, key_person=True, met_at_gate=True)
    released(office, START, key_person=True)
    released(office, END, status=Status.NOT_CONNECTED, connected_on=None)
    released(office, END)
    assert indicators.connection_rate(scope(cast.city)) == 75
    assert indicators.met_at_gate_rate(scope(cast.city)) == 50
    assert indicators.connection_rate(scope(cast.county_b)) is None


def test_visits_are_counted_by_their_date(cast):
    person = released(cast.township_a1, date(2025, 1, 1))
    inside = Visit.objects.create(
        office=person.office, released=person, visited_on=END, content="走访"
    )
    Visit.objects.create(office=person.office, released=person, visited_on=AFTER, content="走访")
    assert records("resettlement.visits", cast.city) == {inside}
