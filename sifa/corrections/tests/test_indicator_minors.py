"""A minor's corrections records: counted in every figure, listed in a drill-down only for users
holding Cap.MINORS (社区矫正法 第54条)."""

from __future__ import annotations

import datetime

import pytest

from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.stats import registry, selectors
from sifa.stats.registry import Scope

pytestmark = pytest.mark.django_db


def test_minors_counted_for_all_but_listed_only_with_the_capability(cast):
    worker = make_worker(cast.county_a)  # cc_worker: holds Cap.MINORS
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    adult = make_active_subject(worker, cast.township_a1)
    indicator = registry.get("corrections.under_correction")
    day = max(minor.registered_on, adult.registered_on) + datetime.timedelta(days=1)

    for user in (worker, cast.township_clerk):  # the clerk (jo_staff) has no Cap.MINORS
        scope = Scope(cast.township_a1, day, day, user=user)
        assert registry.value(indicator, scope) == 2
    listed_for_worker = selectors.indicator_records(
        indicator, Scope(cast.township_a1, day, day, user=worker)
    )
    listed_for_clerk = selectors.indicator_records(
        indicator, Scope(cast.township_a1, day, day, user=cast.township_clerk)
    )
    assert set(listed_for_worker) == {minor, adult}
    assert set(listed_for_clerk) == {adult}


def test_every_corrections_indicator_declares_how_minors_are_hidden():
    """Every figure over subjects or their records hides minors in its drill-down."""
    for indicator in registry.all_indicators():
        if not indicator.key.startswith("corrections."):
            continue
        names = {f.name for f in indicator.model._meta.get_fields()}
        if names & {"is_minor", "subject"} or indicator.model.__name__ == "Investigation":
            assert indicator.restricted is not None, indicator.key


def _records_page(client, indicator, office, day, **extra):
    from django.urls import reverse

    params = {"office": office.pk, "from": day.isoformat(), "to": day.isoformat(), **extra}
    return client.get(reverse("stats:records", args=[indicator.key]), params)


@pytest.mark.parametrize("narrowing", [{}, {"own": "1"}, {"breakdown": "minor", "value": "True"}])
def test_the_drill_down_states_the_minors_it_hides(cast, login, narrowing):
    """figure == listed + hidden, and the page says "含未成年人 N 人（不予显示）"."""
    worker = make_worker(cast.county_a)
    subjects = [make_active_subject(worker, cast.township_a1, minor=True) for _ in range(2)]
    subjects.append(make_active_subject(worker, cast.township_a1))
    day = max(s.registered_on for s in subjects) + datetime.timedelta(days=1)
    indicator = registry.get("corrections.under_correction")
    office = cast.township_a1
    figure = registry.value(indicator, Scope(office, day, day, user=cast.township_clerk))
    hidden = sum(s.is_minor for s in subjects)

    response = _records_page(login(cast.township_clerk), indicator, office, day, **narrowing)
    listed = response.context["page"].paginator.count
    stated = response.context["hidden_minors"]
    if narrowing.get("breakdown"):
        assert listed == 0 and stated == hidden  # the minors' row: every record hidden
    else:
        assert figure == listed + stated and stated == hidden
    assert f"含未成年人 {hidden} 人（不予显示）" in response.content.decode()

    response = _records_page(login(worker), indicator, office, day, **narrowing)
    assert response.context["hidden_minors"] == 0
    assert "不予显示" not in response.content.decode()


def test_the_drill_down_export_states_the_minors_it_hides(cast, login):
    from io import BytesIO

    from openpyxl import load_workbook

    worker = make_worker(cast.county_a)
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    day = minor.registered_on + datetime.timedelta(days=1)
    indicator = registry.get("corrections.under_correction")
    response = _records_page(
        login(cast.township_clerk), indicator, cast.township_a1, day, format="xlsx"
    )
    book = load_workbook(BytesIO(response.content))
    notes = [cell for row in book["说明"].iter_rows(values_only=True) for cell in row if cell]
    assert "含未成年人 1 人（不予显示）" in notes
