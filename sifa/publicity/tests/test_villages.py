"""民主法治示范村(社区): titles by level, the two-yearly review (a revoked title stops counting
from the review date), the village's file page, the 法律明白人 register with its target, and
scoping."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sifa.people.actions import PersonIdentity
from sifa.publicity.actions.villages import (
    law_savvy_record,
    law_savvy_target,
    title_record,
    title_review,
    village_file_save,
)
from sifa.publicity.constants import ReviewOutcome, TitleLevel, TitleStatus
from sifa.publicity.models import LawSavvy
from sifa.stats import registry
from tests.imports import resident_id

pytestmark = pytest.mark.django_db


def _at(office, day):
    return registry.Scope(office=office, start=day.replace(month=1, day=1), end=day)


def test_a_review_that_revokes_a_title_stops_it_counting_from_the_review_date(cast):
    today = timezone.localdate()
    named = today.replace(year=today.year - 2, month=1, day=15)
    actor = cast.county_supervisor
    county = title_record(
        actor=actor,
        village=cast.village_a1,
        level=TitleLevel.COUNTY,
        named_year=named.year,
        named_on=named,
    )
    title_record(
        actor=actor,
        village=cast.village_a1,
        level=TitleLevel.MUNICIPAL,
        named_year=named.year,
        named_on=named,
    )
    with pytest.raises(ValidationError) as error:
        title_record(
            actor=actor,
            village=cast.village_a1,
            level=TitleLevel.COUNTY,
            named_year=named.year,
            named_on=named,
        )
    assert error.value.message_dict["level"] == ["该村(社区)已登记过这一级别的命名。"]
    with pytest.raises(ValidationError) as error:  # a township is not a village
        title_record(
            actor=actor,
            village=cast.township_a1,
            level=TitleLevel.COUNTY,
            named_year=named.year,
            named_on=named,
        )
    assert error.value.message_dict == {
        "office": ["示范村(社区)档案只建在村(社区)司法行政服务站。"]
    }
    titles = registry.get("publicity.model_villages")
    review_day = today - datetime.timedelta(days=10)
    before = review_day - datetime.timedelta(days=1)
    assert registry.value(titles, _at(cast.county_a, before)) == 2
    title_review(
        actor=actor,
        title=county,
        reviewed_on=review_day - datetime.timedelta(days=5),
        outcome=ReviewOutcome.KEPT,
    )
    title_review(
        actor=actor,
        title=county,
        reviewed_on=review_day,
        outcome=ReviewOutcome.REVOKED,
        note="发生重大刑事案件",
    )
    county.refresh_from_db()
    assert (county.status, county.ended_on) == (TitleStatus.REVOKED, review_day)
    assert registry.value(titles, _at(cast.county_a, before)) == 2
    assert registry.value(titles, _at(cast.county_a, review_day)) == 1
    figures = registry.figures(titles, _at(cast.county_a, today))
    assert {label: n for _k, label, n in figures.breakdowns["level"]} == {"市级": 1}
    reviews = registry.figures(registry.get("publicity.title_reviews"), _at(cast.county_a, today))
    assert {label: n for _k, label, n in reviews.breakdowns["outcome"]} == {"保留": 1, "撤销": 1}
    with pytest.raises(ValidationError) as error:  # a revoked title is not reviewed again
        title_review(actor=actor, title=county, reviewed_on=today, outcome=ReviewOutcome.KEPT)
    assert error.value.message_dict["outcome"] == ["该命名已撤销，不能再复核。"]
    # Scoping: county B and the sibling township see nothing of it.
    assert registry.value(titles, _at(cast.county_b, today)) == 0
    with pytest.raises(Http404):  # out of its sight
        title_record(
            actor=cast.sibling_clerk,
            village=cast.village_a1,
            level=TitleLevel.PROVINCIAL,
            named_year=named.year,
            named_on=named,
        )


@override_settings(SIFA_PUBLICITY_HOUSEHOLDS_PER_LAW_SAVVY=10)
def test_law_savvy_register_and_target_on_the_village_file(cast, login):
    today = timezone.localdate()
    actor = cast.township_clerk
    village_file_save(actor=actor, village=cast.village_a1, households=25)
    assert law_savvy_target(25) == 3
    for name in ("孙明白", "周明白"):
        law_savvy_record(
            actor=actor,
            village=cast.village_a1,
            identity=PersonIdentity(name=name, id_number=resident_id()),
            since=today,
        )
    scope = _at(cast.township_a1, today)
    rate = registry.ratio_value(registry.get_ratio("publicity.law_savvy_per_household"), scope)
    assert (rate.numerator, rate.denominator) == (2, 25)
    client = login(actor)
    page = client.get(reverse("publicity:village_detail", args=[cast.village_a1.pk]))
    text = page.content.decode()
    assert "孙明白" in text and "目标 3 名" in text and "未达目标" in text
    assert cast.village_a1.name in client.get(reverse("publicity:village_list")).content.decode()
    leaving = LawSavvy.objects.get(person__name="孙明白")
    response = client.post(
        reverse("publicity:law_savvy_leave", args=[leaving.pk]), {"left_on": today.isoformat()}
    )
    assert response.status_code == 200  # 退出 on the day fixed is refused: same day as since
    assert "退出日期应晚于确定日期" in response.content.decode()
    for name in ("village_households", "village_title_add", "law_savvy_add"):
        assert (
            client.get(reverse(f"publicity:{name}", args=[cast.village_a1.pk])).status_code == 200
        )
    other = login(cast.sibling_clerk)
    assert (
        other.get(reverse("publicity:village_detail", args=[cast.village_a1.pk])).status_code == 404
    )


def test_a_title_two_years_without_review_is_a_todo(cast):
    from sifa.publicity.todos import publicity_todos

    today = timezone.localdate()
    named = today.replace(year=today.year - 3, month=6, day=1)
    title = title_record(
        actor=cast.county_supervisor, village=cast.village_a1, level=TitleLevel.COUNTY,
        named_year=named.year, named_on=named,
    )  # fmt: skip
    due = [t for t in publicity_todos(cast.township_clerk) if "未复核" in t.title]
    assert len(due) == 1 and due[0].overdue
    title_review(actor=cast.county_supervisor, title=title, reviewed_on=today,
                 outcome=ReviewOutcome.KEPT)  # fmt: skip
    assert not [t for t in publicity_todos(cast.township_clerk) if "未复核" in t.title]
