"""The figures cache (sifa.stats.figure_cache, docs/caching.md): figures of a user's page are
served from the cache until a record of the scope office's subtree changes; a change renews
exactly the figures of its office and of the offices above it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifa.corrections.models import Subject
from sifa.mediation.models import MediationCase
from sifa.mediation.tests.factories import make_committee
from sifa.reports import dashboard
from sifa.reports.tests.test_dashboard import MONTH, TODAY, YEAR, YTD, build_records, mediation_case
from sifa.stats import figure_cache, registry
from sifa.stats.registry import Scope

pytestmark = pytest.mark.django_db

CASES = "mediation.cases_accepted"


def figures(user, office, *, cached=None, branches=True):
    indicators = [registry.get(CASES), registry.get("corrections.under_correction")]
    return registry.figures_grid(
        indicators, Scope(office, *YTD, user=user), [YTD], branches=branches, cached=cached
    )


def cases(user, office) -> int:
    return figures(user, office)[(CASES, 0)].value


def reads_records(queries) -> bool:
    return any("mediation_mediationcase" in q["sql"] for q in queries.captured_queries)


def numbers(board: dashboard.DashboardData) -> list:
    """Every figure of a dashboard with its link, in page order."""
    shown = []
    for block in board.lines:
        for tile in block.tiles:
            shown += [tile.main, tile.month, tile.last_year, tile.change]
        for ratio in block.ratios:
            shown += [ratio.value, ratio.numerator, ratio.denominator]
    for series in board.trend:
        shown += series.points
    for chart in board.charts:
        shown += [chart.total, *[(s.label, s.figure) for s in chart.slices]]
    if board.ranking:
        shown += [(row.label, row.figures) for row in [*board.ranking.rows, board.ranking.own]]
    for warning in board.warnings:
        shown += [warning.main, warning.month]
    return shown


def build(user, office):
    return dashboard.build(user, office, YEAR, MONTH, today=TODAY)


def test_the_cached_dashboard_equals_the_recomputed_one_and_reads_no_records(cast):
    build_records(cast)
    leader = cast.city_leader
    first = build(leader, cast.city)
    with CaptureQueriesContext(connection) as again:
        cached = build(leader, cast.city)
    figure_cache.clear()
    with CaptureQueriesContext(connection) as computed:
        recomputed = build(leader, cast.city)

    assert numbers(cached) == numbers(recomputed) == numbers(first)
    assert not reads_records(again) and reads_records(computed)
    assert figures(leader, cast.city) == figures(leader, cast.city, cached=False)


def test_a_record_change_renews_exactly_its_office_and_ancestors(cast):
    committee = make_committee(cast.township_a1)
    offices = [cast.city, cast.county_a, cast.township_a1, committee]
    others = [cast.county_b, cast.township_b1, cast.township_a2]
    before = {o.pk: figure_cache.tokens(o.path)[0] for o in offices + others}

    mediation_case(committee, date(2026, 3, 2))

    after = {o.pk: figure_cache.tokens(o.path)[0] for o in offices + others}
    assert [after[o.pk] != before[o.pk] for o in offices] == [True] * 4
    assert [after[o.pk] == before[o.pk] for o in others] == [True] * 3


def test_a_new_record_shows_on_its_chain_and_the_other_county_stays_cached(cast):
    records = build_records(cast)
    leader = cast.city_leader
    counts = {o.pk: cases(leader, o) for o in (cast.city, cast.county_a, cast.county_b)}

    mediation_case(records.committee_a1, date(2026, 3, 3))
    with CaptureQueriesContext(connection) as county_b:
        assert cases(leader, cast.county_b) == counts[cast.county_b.pk]
    assert cases(leader, cast.county_a) == counts[cast.county_a.pk] + 1
    assert cases(leader, cast.city) == counts[cast.city.pk] + 1

    assert not reads_records(county_b)  # served from the cache: nothing of it changed
    assert figures(leader, cast.city) == figures(leader, cast.city, cached=False)


def test_an_edit_and_a_delete_renew_the_figures(cast):
    records = build_records(cast)
    leader = cast.city_leader
    before = cases(leader, cast.county_a)
    counted = MediationCase.objects.filter(office=records.committee_a1, received_on__range=YTD)
    first, second = counted.order_by("pk")[:2]

    first.received_on = date(2024, 1, 1)  # out of the period
    first.save()
    assert cases(leader, cast.county_a) == before - 1
    second.delete()
    assert cases(leader, cast.county_a) == before - 2
    assert figures(leader, cast.county_a) == figures(leader, cast.county_a, cached=False)


def test_a_record_moved_to_another_office_leaves_the_old_office_too(cast):
    build_records(cast)
    leader = cast.city_leader
    under = "corrections.under_correction"
    grid = {o.pk: figures(leader, o)[(under, 0)].value for o in (cast.county_a, cast.county_b)}
    subject = Subject.objects.filter(office=cast.township_a1).first()

    subject.office = cast.township_b1  # a transfer (执行地变更), as a plain save
    subject.save()

    assert figures(leader, cast.county_a)[(under, 0)].value == grid[cast.county_a.pk] - 1
    assert figures(leader, cast.county_b)[(under, 0)].value == grid[cast.county_b.pk] + 1


def test_a_user_who_sees_less_never_gets_a_wider_users_figures(cast):
    records = build_records(cast)
    whole = cases(cast.city_leader, cast.county_a)  # cached for the leader's sight
    own = cases(cast.township_clerk, cast.county_a)  # the clerk sees township A1 only

    a1 = MediationCase.objects.filter(office=records.committee_a1, received_on__range=YTD)
    assert own == a1.count() < whole


def test_reads_without_a_user_are_never_served_from_the_cache(cast):
    build_records(cast)
    scope = Scope(cast.county_a, *YTD)
    registry.figures_grid([registry.get(CASES)], scope, [YTD])
    with CaptureQueriesContext(connection) as again:
        registry.figures_grid([registry.get(CASES)], scope, [YTD])

    assert reads_records(again)


def test_a_new_office_renews_every_office(cast):
    city_token, global_token = figure_cache.tokens(cast.city.path)

    make_committee(cast.township_b1)

    assert figure_cache.tokens(cast.city.path)[1] != global_token
    assert figure_cache.tokens(cast.city.path)[0] == city_token
