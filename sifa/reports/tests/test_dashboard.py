"""The dashboard selector: every figure equals the registry's for the same scope, cheaply."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifa.core import todos
from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.legalaid.tests.factories import make_centre, make_granted, make_reviewer
from sifa.mediation.constants import AgreementForm, CaseStatus
from sifa.mediation.models import Agreement, MediationCase
from sifa.mediation.tests.factories import make_committee
from sifa.reports import dashboard
from sifa.reports.dashboard import DASHBOARD, BreakdownChart, DashboardPeriods, LinePanel
from sifa.reports.periods import change_percent
from sifa.stats import registry
from sifa.stats.registry import Scope

pytestmark = pytest.mark.django_db

YEAR, MONTH = 2026, 3
TODAY = date(2026, 4, 15)  # after March: the dashboard month runs to its last day
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
YTD = (date(2026, 1, 1), date(2026, 3, 31))
YTD_LAST_YEAR = (date(2025, 1, 1), date(2025, 3, 31))

_numbers = itertools.count(1)


def mediation_case(office, received_on, *, dispute_type="neighbourhood", agreed_on=None):
    case = MediationCase.objects.create(
        office=office,
        number=f"DB-{next(_numbers)}",
        received_on=received_on,
        status=CaseStatus.AGREED if agreed_on else CaseStatus.REGISTERED,
        closed_on=agreed_on,
        source="application",
        dispute_type=dispute_type,
        facts="纠纷",
    )
    if agreed_on:
        Agreement.objects.create(
            office=office,
            case=case,
            form=AgreementForm.WRITTEN,
            reached_on=agreed_on,
            terms="协议",
            amount=Decimal("1000"),
            effective_on=agreed_on,
        )
    return case


@dataclass
class Records:
    committee_a1: object
    committee_b1: object
    centre_a: object
    worker: object


def build_records(cast) -> Records:
    """Hand-counted for the 2026-03 dashboard (本年累计 2026-01-01 … 2026-03-31):

    mediation.cases_accepted: A1 4 (3 in March, 1 in January), A2 1 (February): county A 5;
      B1 6 (5 in March, 1 in January): county B 6. City 11, of which 8 in March.
      Besides: A1 1 in March 2025 (上年同期) and A1 1 in April 2026 (after the period).
    mediation.cases_succeeded / cases_closed: A1 1 each (March).
    legalaid.cases_accepted: county A's centre 2 (March and February), county B 0.
    corrections.received and under_correction: A1 2, B1 1, registered in March.
    """
    a1 = make_committee(cast.township_a1)
    a2 = make_committee(cast.township_a2)
    b1 = make_committee(cast.township_b1)
    mediation_case(a1, date(2026, 3, 2), agreed_on=date(2026, 3, 20))
    mediation_case(a1, date(2026, 3, 10), dispute_type="marriage_family")
    mediation_case(a1, date(2026, 3, 31))
    mediation_case(a1, date(2026, 1, 5))
    mediation_case(a1, date(2025, 3, 5))
    mediation_case(a1, date(2026, 4, 2))
    mediation_case(a2, date(2026, 2, 14))
    for day in (1, 3, 9, 12, 30):
        mediation_case(b1, date(2026, 3, day), dispute_type="marriage_family")
    mediation_case(b1, date(2026, 1, 20))

    centre = make_centre(cast.county_a)
    reviewer = make_reviewer(centre)
    make_granted(reviewer, centre, received_on=date(2026, 3, 2))
    make_granted(reviewer, centre, received_on=date(2026, 2, 3))

    worker = make_worker(cast.city)
    make_active_subject(worker, cast.township_a1)
    make_active_subject(worker, cast.township_a1)
    make_active_subject(worker, cast.township_b1)
    return Records(a1, b1, centre, worker)


@pytest.fixture
def records(cast):
    return build_records(cast)


def build(user, office, **extra):
    return dashboard.build(user, office, YEAR, MONTH, today=TODAY, **extra)


def value(key, office, period, user):
    return registry.value(registry.get(key), Scope(office, *period, user=user))


# --- periods -----------------------------------------------------------------------------------


def test_periods_of_a_past_month_and_of_the_current_month():
    spans = DashboardPeriods.of(2026, 3, TODAY)
    assert spans.month == MARCH and spans.ytd == YTD and spans.ytd_last_year == YTD_LAST_YEAR
    assert len(spans.months) == 12
    assert spans.months[0] == (date(2025, 4, 1), date(2025, 4, 30))
    assert spans.months[-1] == MARCH
    current = DashboardPeriods.of(2026, 4, TODAY)  # the current month runs to today
    assert current.month == (date(2026, 4, 1), TODAY)
    assert current.ytd == (date(2026, 1, 1), TODAY)
    assert current.ytd_last_year == (date(2025, 1, 1), date(2025, 4, 15))
    january = DashboardPeriods.of(2026, 1, TODAY)
    assert january.months[0] == (date(2025, 2, 1), date(2025, 2, 28))


@pytest.mark.parametrize("text", ["2026-3", "2026-03"])
def test_parse_month(text):
    assert dashboard.parse_month(text) == (2026, 3)


@pytest.mark.parametrize(
    "text", ["", "2026", "2026-13", "2026-00", "26-03", "abcd-ef", "2026-03-01"]
)
def test_parse_month_rejects(text):
    with pytest.raises(ValueError):
        dashboard.parse_month(text)


# --- figures equal the registry -----------------------------------------------------------------


def test_tiles_equal_the_registry_for_the_same_scope(cast, records):
    user = cast.city_leader
    data = build(user, cast.city)
    tiles = [tile for block in data.lines for tile in block.tiles]
    assert {t.indicator.key for t in tiles} >= {
        "mediation.cases_accepted",
        "legalaid.cases_accepted",
        "corrections.under_correction",
        "resettlement.in_assistance",
        "orgs.mediators",
    }
    for tile in tiles:
        key = tile.indicator.key
        assert tile.main.value == value(key, cast.city, YTD, user), key
        assert tile.last_year.value == value(key, cast.city, YTD_LAST_YEAR, user), key
        assert tile.change == change_percent(tile.main.value, tile.last_year.value)
        if tile.is_stock:
            assert tile.month is None
        else:
            assert tile.month.value == value(key, cast.city, MARCH, user), key


def test_tiles_hand_counted(cast, records):
    data = build(cast.city_leader, cast.city)
    tiles = {t.indicator.key: t for block in data.lines for t in block.tiles}
    accepted = tiles["mediation.cases_accepted"]
    assert (accepted.main.value, accepted.month.value, accepted.last_year.value) == (11, 8, 1)
    assert accepted.change == Decimal("1000.0")
    assert tiles["legalaid.cases_accepted"].main.value == 2
    assert tiles["legalaid.cases_accepted"].month.value == 1
    assert tiles["corrections.under_correction"].main.value == 3
    assert tiles["corrections.received"].month.value == 3


def test_ratios_show_numerator_and_denominator(cast, records):
    user = cast.city_leader
    data = build(user, cast.city)
    ratios = {r.ratio.key: r for block in data.lines for r in block.ratios}
    assert set(ratios) >= {"mediation.success_rate", "corrections.adoption_rate"}
    assert set(ratios) >= {"resettlement.connection_rate"}
    for key, tile in ratios.items():
        ratio = registry.get_ratio(key)
        assert tile.numerator.value == value(ratio.numerator, cast.city, YTD, user)
        assert tile.denominator.value == value(ratio.denominator, cast.city, YTD, user)
        assert tile.value == registry.rate(tile.numerator.value, tile.denominator.value)
    assert ratios["mediation.success_rate"].value == Decimal("100.00")  # 1 of 1 closed


def test_trend_points_equal_the_monthly_values(cast, records):
    user = cast.city_leader
    data = build(user, cast.city)
    assert [s.indicator.key for s in data.trend] == list(DASHBOARD.trend)
    assert data.month_labels[-1] == "2026-03" and data.month_labels[0] == "2025-04"
    for series in data.trend:
        expected = [value(series.indicator.key, cast.city, p, user) for p in data.periods.months]
        assert [p.value for p in series.points] == expected
    accepted = next(s for s in data.trend if s.indicator.key == "mediation.cases_accepted")
    assert [p.value for p in accepted.points][-3:] == [2, 1, 8]  # January, February, March


def test_breakdown_charts_equal_the_breakdown_values(cast, records):
    user = cast.city_leader
    data = build(user, cast.city)
    assert [c.indicator.key for c in data.charts] == [c.indicator for c in DASHBOARD.charts]
    for chart in data.charts:
        scope = Scope(cast.city, *YTD, user=user)
        rows = registry.breakdown_values(chart.indicator, scope, chart.declaration.breakdown)
        assert sorted((s.label, s.figure.value) for s in chart.slices) == sorted(
            (label, v) for _s, label, v in rows
        )
        assert chart.total.value == registry.value(chart.indicator, scope)
        assert sum(s.figure.value for s in chart.slices) == chart.total.value
    by_type = data.charts[0]
    assert sorted(s.figure.value for s in by_type.slices) == [5, 6]  # neighbourhood 5, family 6


def test_ranking_orders_the_sub_offices_by_the_chosen_flow(cast, records):
    user = cast.city_leader
    data = build(user, cast.city)
    ranking = data.ranking
    assert ranking.indicators[ranking.selected].key == "mediation.cases_accepted"
    assert [r.office for r in ranking.rows] == [cast.county_b, cast.county_a]
    assert [r.figures[0].value for r in ranking.rows] == [6, 5]
    for row in ranking.rows:
        for indicator, figure in zip(ranking.indicators, row.figures, strict=True):
            assert figure.value == value(indicator.key, row.office, YTD, user)
    assert ranking.own.office is None and ranking.own.figures[0].value == 0
    by_legal_aid = build(user, cast.city, rank="legalaid.cases_accepted").ranking
    assert [r.office for r in by_legal_aid.rows] == [cast.county_a, cast.county_b]
    assert [r.office for r in build(user, cast.city, rank="nonsense").ranking.rows] == [
        cast.county_b,
        cast.county_a,
    ]


def test_a_leaf_office_has_no_ranking(cast, records):
    assert build(cast.city_leader, cast.village_a1).ranking is None


def test_warnings_equal_the_registry_and_alert_when_not_zero(cast, records):
    user = cast.city_leader
    data = build(user, cast.city)
    assert [w.indicator.key for w in data.warnings] == list(DASHBOARD.warnings)
    for warning in data.warnings:
        key = warning.indicator.key
        assert warning.main.value == value(key, cast.city, YTD, user)
        assert warning.alert == (warning.main.value > 0)
        if warning.indicator.kind == registry.FLOW:
            assert warning.month.value == value(key, cast.city, MARCH, user)
        else:
            assert warning.month is None


def test_a_township_clerk_counts_only_the_township(cast, records):
    clerk = cast.township_clerk
    data = build(clerk, cast.township_a1)
    tiles = {t.indicator.key: t for block in data.lines for t in block.tiles}
    assert tiles["mediation.cases_accepted"].main.value == 4
    assert tiles["mediation.cases_accepted"].main.value == value(
        "mediation.cases_accepted", cast.township_a1, YTD, clerk
    )
    assert tiles["legalaid.cases_accepted"].main.value == 0
    assert data.ranking is None or all(
        r.office.is_descendant_of(cast.township_a1) for r in data.ranking.rows
    )


# --- links ---------------------------------------------------------------------------------


def test_links_name_the_indicator_office_period_and_bucket(cast, records):
    data = build(cast.city_leader, cast.city)
    tile = data.lines[0].tiles[0]
    assert tile.main.url.startswith(f"/stats/indicators/{tile.indicator.key}/records/?")
    assert f"office={cast.city.pk}" in tile.main.url
    assert "from=2026-01-01&to=2026-03-31" in tile.main.url
    assert "from=2026-03-01&to=2026-03-31" in tile.month.url
    march = data.trend[0].points[-1]
    assert "from=2026-03-01&to=2026-03-31" in march.url
    slice_url = data.charts[0].slices[0].figure.url
    assert "breakdown=type" in slice_url and "value=" in slice_url
    county = data.ranking.rows[0]
    assert f"office={county.office.pk}" in county.figures[0].url
    assert "own=1" in data.ranking.own.figures[0].url


# --- declaration as data -----------------------------------------------------------------------


def test_a_new_line_adds_tiles_by_declaring_data(cast, records):
    board = dataclasses.replace(
        DASHBOARD,
        lines=(LinePanel("人民调解", ("mediation.persons_involved", "nobody.declared_this")),),
        charts=(BreakdownChart("mediation.cases_accepted", "source"),),
        warnings=("nobody.declared_this",),
    )
    data = build(cast.city_leader, cast.city, board=board)
    assert [t.indicator.key for t in data.lines[0].tiles] == ["mediation.persons_involved"]
    assert [r.ratio.key for r in data.lines[0].ratios] == ["mediation.success_rate"]
    assert data.charts[0].declaration.breakdown == "source"
    assert data.warnings == []


def test_declare_adds_to_the_default_dashboard(monkeypatch):
    monkeypatch.setattr(dashboard, "DASHBOARD", DASHBOARD)
    board = dashboard.declare(lines=[LinePanel("公证", ("notary.cases",))], warnings=["x.y"])
    assert board.lines[-1].line == "公证" and board.warnings[-1] == "x.y"
    assert board.lines[:-1] == DASHBOARD.lines


# --- speed -------------------------------------------------------------------------------------


def query_budget(board=DASHBOARD) -> int:
    """Two registry calls: a grouped query per set of indicators sharing their records — at most
    two sets per model the board reads (a model counted by two dates) — plus the sub-offices and
    the code lists' labels (10). A value() per tile and month would run several hundred; a line
    that adds its tiles on its own records adds its own few queries, not a multiple."""
    keys = [k for panel in board.lines for k in panel.tiles] + [*board.warnings, *board.trend]
    return 2 * len({registry.get(key).model for key in keys}) + 10


def test_query_count_is_small_and_independent_of_tiles_and_months(cast, records):
    user = cast.city_leader
    build(user, cast.city)  # warm caches (content types, code lists are not cached: counted)
    cache.clear()  # what computing costs, not the figures cache (tests/test_figure_cache.py)
    with CaptureQueriesContext(connection) as default:
        build(user, cast.city)
    assert len(default) <= query_budget()
    bigger = dataclasses.replace(
        DASHBOARD,
        trend_months=24,
        lines=(
            *DASHBOARD.lines,
            LinePanel("人民调解", ("mediation.persons_involved", "mediation.agreements")),
        ),
    )
    cache.clear()
    with CaptureQueriesContext(connection) as more:
        build(user, cast.city, board=bigger)
    assert len(more) == len(default)  # more months, more tiles on the same records: no query
    # A warning on records no other warning reads adds one grouped query, not one per period.
    warned = dataclasses.replace(
        bigger, warnings=(*DASHBOARD.warnings, "corrections.under_correction_minors")
    )
    cache.clear()
    with CaptureQueriesContext(connection) as warning:
        build(user, cast.city, board=warned)
    assert len(warning) <= len(default) + 1


# --- to-dos ------------------------------------------------------------------------------------


def test_todo_groups_count_overdue_and_near_due_per_line(cast, monkeypatch):
    def provider(user):
        yield todos.Todo("人民调解", "甲", date(2026, 3, 1), "/a/", overdue=True)
        yield todos.Todo("人民调解", "乙", date(2026, 3, 2), "/b/", overdue=False)
        yield todos.Todo("法律援助", "丙", date(2026, 3, 3), "/c/", overdue=False)
        if user == cast.city_leader:
            yield todos.Todo("社区矫正", "丁", date(2026, 3, 3), "/d/", overdue=True)

    monkeypatch.setattr(todos, "_providers", {"test": provider})
    groups = dashboard.todo_groups(cast.township_clerk)
    assert [(g.line, g.overdue, g.near_due) for g in groups] == [
        ("人民调解", 1, 1),
        ("法律援助", 0, 1),
    ]
    assert {g.line for g in dashboard.todo_groups(cast.city_leader)} == {
        "人民调解",
        "法律援助",
        "社区矫正",
    }
