"""法治副校长 (教育部令第52号): schools as units of kind 学校, appointments through the person
registry, the rules (one person at most two schools; at least one appointee per school; at least
4 class hours a year), the to-dos, the coverage rate by township, and scoping."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sifa.core import todos
from sifa.people.actions import PersonIdentity
from sifa.publicity.actions.plans import unit_save
from sifa.publicity.actions.schools import activity_record, appointment_end, appointment_record
from sifa.publicity.constants import DispatchOrgan, UnitKind, VpAudience
from sifa.publicity.todos import publicity_todos
from sifa.stats import registry
from tests.imports import resident_id

pytestmark = pytest.mark.django_db


def _school(cast, name, township=None):
    return unit_save(
        actor=cast.county_supervisor,
        office=cast.county_a,
        name=name,
        kind=UnitKind.SCHOOL,
        township=township or cast.township_a1,
    )


def _appoint(cast, school, identity, start, organ=DispatchOrgan.JUSTICE):
    return appointment_record(
        actor=cast.county_supervisor,
        school=school,
        identity=identity,
        organ=organ,
        started_on=start,
    )


def _scope(office, day):
    return registry.Scope(office=office, start=day.replace(month=1, day=1), end=day)


def test_a_school_needs_its_township(cast):
    with pytest.raises(ValidationError) as error:
        unit_save(
            actor=cast.county_supervisor,
            office=cast.county_a,
            name="甲县一中",
            kind=UnitKind.SCHOOL,
        )
    assert error.value.message_dict["township"] == ["请选择学校所在的镇(街道)。"]
    with pytest.raises(ValidationError) as error:  # a village is not a township
        _school(cast, "甲县一中", township=cast.village_a1)
    assert error.value.message_dict == {"township": ["所在镇(街道)应为本局辖区的司法所。"]}


def test_one_person_serves_at_most_two_schools(cast):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)
    first, second, third = (_school(cast, f"甲县第{n}中学") for n in "一二三")
    number = resident_id()
    a = _appoint(cast, first, PersonIdentity(name="王法官", id_number=number), start)
    assert (a.ended_on - a.started_on).days in (365 * 3, 365 * 3 + 1)  # the 3-year term [M]
    person = PersonIdentity(person=a.person)
    _appoint(cast, second, person, start, organ=DispatchOrgan.COURT)
    with pytest.raises(ValidationError) as error:
        _appoint(cast, third, person, today)
    assert "同一人最多担任两所学校的法治副校长" in error.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as error:  # twice at the same school
        _appoint(cast, first, person, today)
    assert "已是本校的法治副校长" in error.value.message_dict["id_number"][0]
    # Once one term ended, the third school may appoint them.
    appointment_end(actor=cast.county_supervisor, appointment=a, ended_on=today)
    _appoint(cast, third, person, today)


def test_coverage_by_township_and_uncovered_school_is_a_todo(cast, login):
    today = timezone.localdate()
    a1 = _school(cast, "甲一小学")
    _school(cast, "甲一中学")
    a2 = _school(cast, "甲二小学", township=cast.township_a2)
    identity = PersonIdentity(name="李检察官", id_number=resident_id())
    _appoint(cast, a1, identity, today - datetime.timedelta(days=10), DispatchOrgan.PROCURATORATE)
    _appoint(
        cast,
        a2,
        PersonIdentity(name="赵警官", id_number=resident_id()),
        today,
        DispatchOrgan.POLICE,
    )
    scope = _scope(cast.county_a, today)
    rate = registry.ratio_value(registry.get_ratio("publicity.vp_coverage_rate"), scope)
    assert (rate.numerator, rate.denominator) == (2, 3)
    covered = registry.figures(registry.get("publicity.schools_covered"), scope)
    by_township = {label: n for _k, label, n in covered.breakdowns["township"]}
    assert by_township == {cast.township_a1.name: 1, cast.township_a2.name: 1}
    schools = registry.figures(registry.get("publicity.schools"), scope)
    assert {label: n for _k, label, n in schools.breakdowns["township"]} == {
        cast.township_a1.name: 2,
        cast.township_a2.name: 1,
    }
    # Yesterday only the first school was covered.
    yesterday = _scope(cast.county_a, today - datetime.timedelta(days=1))
    assert registry.value(registry.get("publicity.schools_covered"), yesterday) == 1
    titles = [t.title for t in publicity_todos(cast.county_supervisor)]
    assert "学校 甲一中学 没有在聘的法治副校长" in titles
    assert "publicity" in todos.providers()
    # Scoping: county B sees none of county A's schools, a township clerk neither.
    assert registry.value(registry.get("publicity.schools"), _scope(cast.county_b, today)) == 0
    assert not [t for t in publicity_todos(cast.township_clerk) if "甲一中学" in t.title]
    client = login(cast.county_supervisor)
    page = client.get(reverse("publicity:school_list")).content.decode()
    assert "甲一中学" in page
    school_page = client.get(reverse("publicity:school_detail", args=[a1.pk]))
    assert "李检察官" in school_page.content.decode()
    other = login(cast.sibling_clerk)
    assert other.get(reverse("publicity:school_detail", args=[a1.pk])).status_code == 404


def test_class_hours_below_four_a_year_are_a_todo_and_a_figure(cast):
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    school = _school(cast, "甲一小学")
    a = _appoint(cast, school, PersonIdentity(name="钱律师", id_number=resident_id()), start)
    scope = _scope(cast.county_a, today)
    short = registry.get("publicity.vp_hours_short")
    assert registry.value(short, scope) == 1
    activity_record(
        actor=cast.county_supervisor,
        appointment=a,
        held_on=today,
        hours=Decimal(2),
        topic="宪法进校园",
        audience=VpAudience.STUDENTS,
        participants=300,
    )
    titles = [t.title for t in publicity_todos(cast.county_supervisor)]
    assert any("钱律师" in t and "授课2课时" in t for t in titles)
    assert registry.value(short, scope) == 1
    activity_record(
        actor=cast.county_supervisor,
        appointment=a,
        held_on=today,
        hours=Decimal(2),
        topic="预防校园欺凌",
        audience=VpAudience.MIXED,
    )
    assert registry.value(short, scope) == 0
    assert not any(
        "钱律师" in t for t in (x.title for x in publicity_todos(cast.county_supervisor))
    )
    assert registry.value(registry.get("publicity.vp_hours"), scope) == 4
    assert registry.value(registry.get("publicity.vp_students"), scope) == 300
    with pytest.raises(ValidationError) as error:  # before the term
        activity_record(
            actor=cast.county_supervisor,
            appointment=a,
            held_on=start - datetime.timedelta(days=1),
            hours=Decimal(1),
            topic="x",
            audience=VpAudience.STUDENTS,
        )
    assert error.value.message_dict["held_on"] == ["日期应在聘期内。"]


def test_the_new_figures_open_and_drill_down_to_their_records(cast, login):
    today = timezone.localdate()
    school = _school(cast, "甲一小学")
    a = _appoint(cast, school, PersonIdentity(name="吴警官", id_number=resident_id()), today)
    activity_record(
        actor=cast.county_supervisor, appointment=a, held_on=today, hours=Decimal(1),
        topic="禁毒教育", audience=VpAudience.STUDENTS,
    )  # fmt: skip
    client = login(cast.city_leader)
    query = f"?office={cast.city.pk}&from={today}&to={today}"
    township = f"&breakdown=township&value={cast.township_a1.pk}"
    for key, narrowed in (
        ("publicity.schools_covered", township),
        ("publicity.vice_principals", township),
        ("publicity.vp_hours_short", township),
        ("publicity.vp_activities", f"&breakdown=school&value={school.pk}"),
    ):
        assert client.get(f"/stats/indicators/{key}/{query}").status_code == 200, key
        page = client.get(f"/stats/indicators/{key}/records/{query}{narrowed}")
        assert page.status_code == 200, key
        assert "甲一小学" in page.content.decode(), key
        other = f"&breakdown=township&value={cast.township_a2.pk}"
        if narrowed == township:
            page = client.get(f"/stats/indicators/{key}/records/{query}{other}")
            assert "甲一小学" not in page.content.decode(), key


def test_the_dashboard_shows_the_tiles_and_the_todos(cast, login):
    _school(cast, "甲一中学")
    client = login(cast.county_supervisor)
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "已配备法治副校长的学校数" in text
    counts = client.get(reverse("reports:dashboard_todos")).content.decode()
    assert "普法与依法治理" in counts
    listing = client.get("/?todos=1&line=publicity")
    assert "学校 甲一中学 没有在聘的法治副校长" in listing.content.decode()


def test_the_school_page_appoints_and_shows_the_two_school_refusal(cast, login):
    today = timezone.localdate().isoformat()
    schools = [_school(cast, f"甲县第{n}小学") for n in "一二三"]
    number = resident_id()
    client = login(cast.county_supervisor)
    form = {"id_number": number, "name": "冯检察官", "organ": "procuratorate", "started_on": today}
    for school in schools[:2]:
        response = client.post(reverse("publicity:school_appoint", args=[school.pk]), form)
        assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(reverse("publicity:school_appoint", args=[schools[2].pk]), form)
    assert response.status_code == 200
    assert "同一人最多担任两所学校的法治副校长" in response.content.decode()
    page = client.get(reverse("publicity:school_detail", args=[schools[0].pk])).content.decode()
    assert "冯检察官" in page and "人民检察院" in page
