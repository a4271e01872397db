"""The yearly 普法考核 of townships and units, and media articles (信息宣传): who may record them,
the rules, the figures with their drill-down."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sifa.publicity.actions.inspections import article_record, inspection_record
from sifa.publicity.actions.plans import unit_save
from sifa.publicity.constants import MediaLevel, UnitKind
from sifa.stats import registry

pytestmark = pytest.mark.django_db


def _scope(office):
    today = timezone.localdate()
    return registry.Scope(office=office, start=today, end=today)


def test_a_county_inspects_its_townships_and_units_once_a_year(cast):
    today = timezone.localdate()
    actor = cast.county_supervisor
    unit = unit_save(actor=actor, office=cast.county_a, name="甲县税务局", kind=UnitKind.OTHER)
    inspection_record(
        actor=actor, office=cast.county_a, year=today.year, inspected_on=today,
        township=cast.township_a1, score=Decimal("92.5"),
    )  # fmt: skip
    inspection_record(
        actor=actor, office=cast.county_a, year=today.year, inspected_on=today, unit=unit
    )
    with pytest.raises(ValidationError) as error:
        inspection_record(
            actor=actor, office=cast.county_a, year=today.year, inspected_on=today,
            township=cast.township_a1,
        )  # fmt: skip
    assert error.value.message_dict["township"] == ["该年度已登记过对其的考核。"]
    with pytest.raises(ValidationError) as error:  # neither, or a village, is refused
        inspection_record(
            actor=actor, office=cast.county_a, year=today.year, inspected_on=today,
            township=cast.village_a1, score=Decimal(120),
        )  # fmt: skip
    assert set(error.value.message_dict) == {"township", "score"}
    scope = _scope(cast.city)
    assert registry.value(registry.get("publicity.inspected_townships"), scope) == 1
    assert registry.value(registry.get("publicity.inspected_units"), scope) == 1
    assert registry.value(registry.get("publicity.inspected_units"), _scope(cast.county_b)) == 0
    rows = registry.records(registry.get("publicity.inspected_townships"), scope)
    assert [row.township for row in rows] == [cast.township_a1]


def test_media_articles_are_counted_by_level_and_listed(cast, login):
    today = timezone.localdate()
    for level in (MediaLevel.PROVINCIAL, MediaLevel.COUNTY, MediaLevel.COUNTY):
        article_record(
            actor=cast.township_clerk, office=cast.township_a1, title="甲一镇普法进村",
            outlet="青川日报", level=level, published_on=today,
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        article_record(
            actor=cast.township_clerk, office=cast.township_a1, title="明天的稿子",
            outlet="青川日报", level=MediaLevel.COUNTY,
            published_on=today + datetime.timedelta(days=1),
        )  # fmt: skip
    assert error.value.message_dict == {"published_on": ["刊发日期不能晚于今天。"]}
    figures = registry.figures(registry.get("publicity.media_articles"), _scope(cast.county_a))
    assert figures.value == 3
    assert {label: n for _k, label, n in figures.breakdowns["level"]} == {"省级": 1, "县级": 2}
    client = login(cast.county_supervisor)
    for name in ("inspection_list", "inspection_add", "article_list", "article_add"):
        assert client.get(reverse(f"publicity:{name}")).status_code == 200, name
    assert "甲一镇普法进村" in client.get(reverse("publicity:article_list")).content.decode()


def test_every_figure_of_the_line_opens_and_drills_down_to_its_records(cast, login):
    """Each indicator's page and its records (breakdown rows included) for the city leader,
    with an event, an exam result and an inspection in the county."""
    from sifa.people.actions import person_register
    from sifa.people.models import DocumentType
    from sifa.publicity.actions.events import event_record
    from sifa.publicity.actions.exams import ResultRecord, exam_register, results_record_many
    from sifa.publicity.constants import Audience, ExamKind
    from tests.imports import resident_id

    today = timezone.localdate()
    actor = cast.county_supervisor
    unit = unit_save(actor=actor, office=cast.county_a, name="甲县教育局", kind=UnitKind.OTHER)
    event_record(
        actor=actor, office=cast.county_a, title="宪法宣传", theme="constitution",
        started_on=today, place="广场", audience=Audience.GENERAL, participants=30,
        materials={"poster": 10},
    )  # fmt: skip
    exam = exam_register(
        actor=actor, office=cast.county_a, title="考试", kind=ExamKind.ANNUAL, held_on=today
    )
    person = person_register(
        actor=actor, office=cast.county_a, name="周考生", doc_type=DocumentType.RESIDENT_ID,
        id_number=resident_id(),
    )  # fmt: skip
    results_record_many(actor=actor, records=[ResultRecord(exam, unit, person, Decimal(70), today)])
    inspection_record(actor=actor, office=cast.county_a, year=today.year, inspected_on=today,
                      unit=unit)  # fmt: skip
    client = login(cast.city_leader)
    query = f"?office={cast.city.pk}&from={today}&to={today}"
    keys = [i.key for i in registry.all_indicators() if i.key.startswith("publicity.")]
    assert len(keys) >= 15
    for key in keys:
        assert client.get(f"/stats/indicators/{key}/{query}").status_code == 200, key
        records = client.get(f"/stats/indicators/{key}/records/{query}")
        assert records.status_code == 200, key
    page = client.get(f"/stats/indicators/publicity.exam_takers/records/{query}").content.decode()
    assert "甲县教育局" in page
