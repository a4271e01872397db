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
    with pytest.raises(ValidationError):
        article_record(
            actor=cast.township_clerk, office=cast.township_a1, title="明天的稿子",
            outlet="青川日报", level=MediaLevel.COUNTY,
            published_on=today + datetime.timedelta(days=1),
        )  # fmt: skip
    figures = registry.figures(registry.get("publicity.media_articles"), _scope(cast.county_a))
    assert figures.value == 3
    assert {label: n for _k, label, n in figures.breakdowns["level"]} == {"省级": 1, "县级": 2}
    client = login(cast.county_supervisor)
    for name in ("inspection_list", "inspection_add", "article_list", "article_add"):
        assert client.get(reverse(f"publicity:{name}")).status_code == 200, name
    assert "甲一镇普法进村" in client.get(reverse("publicity:article_list")).content.decode()
