"""The dashboard page: access, defaults, figures as the registry counts them, links that work."""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sifa.core import todos
from sifa.reports.tests.test_dashboard import YTD, build_records
from sifa.stats import registry
from sifa.stats.registry import Scope
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

URL = "/reports/dashboard/"
MONTH = {"month": "2026-03"}


@pytest.fixture
def records(cast):
    return build_records(cast)


def page(client, office=None, **params):
    query = dict(MONTH, **params)
    if office is not None:
        query["office"] = office.pk
    return client.get(URL, query)


def test_the_url_name():
    assert reverse("reports:dashboard") == URL


# --- access --------------------------------------------------------------------------------------


class TestAccess:
    def test_own_office(self, cast, login, records):
        response = page(login(cast.township_clerk), cast.township_a1)
        assert response.status_code == 200
        assert response.context["board"].office == cast.township_a1

    def test_parent_office_user_reads_the_township(self, cast, login, records):
        response = page(login(cast.county_supervisor), cast.township_a1)
        assert response.status_code == 200
        assert response.context["board"].office == cast.township_a1

    @pytest.mark.parametrize("office", ["township_a2", "county_a", "city", "township_b1"])
    def test_offices_out_of_sight_are_not_found(self, cast, login, office):
        response = page(login(cast.township_clerk), getattr(cast, office))
        assert response.status_code == 404

    def test_a_sibling_does_not_find_the_township(self, cast, login):
        assert page(login(cast.sibling_clerk), cast.township_a1).status_code == 404

    @pytest.mark.parametrize("office", ["abc", "999999"])
    def test_unknown_offices_are_not_found(self, cast, login, office):
        response = login(cast.township_clerk).get(URL, {"office": office, **MONTH})
        assert response.status_code == 404

    def test_seen_but_no_statistics_there_is_forbidden(self, cast, login):
        user = UserFactory(username="clerk_and_mediator")
        grant(user, cast.township_a1, "jo_staff")
        grant(user, cast.county_a, "mediator")
        client = login(user)
        assert page(client, cast.county_a).status_code == 403
        assert page(client, cast.township_a1).status_code == 200

    def test_without_statistics_is_forbidden(self, cast, login):
        assert login(cast.public_user).get(URL).status_code == 403
        assert login(cast.public_user).get(reverse("reports:dashboard_todos")).status_code == 403

    def test_anonymous_users_are_sent_to_login(self, client, cast):
        assert client.get(URL).status_code == 302
        assert client.get(reverse("reports:dashboard_todos")).status_code == 302


# --- defaults and input -------------------------------------------------------------------------


def test_defaults_to_the_users_top_office_and_the_current_month(cast, login):
    response = login(cast.county_supervisor).get(URL)
    assert response.status_code == 200
    board = response.context["board"]
    today = timezone.localdate()
    assert board.office == cast.county_a
    assert board.periods.month == (date(today.year, today.month, 1), today)
    assert board.periods.ytd == (date(today.year, 1, 1), today)


def test_office_choices_are_the_users_statistics_scope(cast, login):
    response = login(cast.township_clerk).get(URL)
    choices = {pk for pk, _label in response.context["form"].fields["office"].choices}
    assert choices == {cast.township_a1.pk, cast.village_a1.pk}


@pytest.mark.parametrize(
    ("month", "message"),
    [("2026-13", "月份格式应为"), ("三月", "月份格式应为"), ("2999-01", "不能选择未来的月份")],
)
def test_a_bad_month_shows_a_chinese_error_and_keeps_the_input(cast, login, month, message):
    response = login(cast.city_leader).get(URL, {"month": month})
    assert response.status_code == 200
    assert "board" not in response.context
    content = response.content.decode()
    assert message in content
    assert f'value="{month}"' in content


# --- figures --------------------------------------------------------------------------------------


def test_a_clerk_sees_only_the_township_subtree(cast, login, records):
    response = page(login(cast.township_clerk))
    board = response.context["board"]
    assert board.office == cast.township_a1
    tiles = {t.indicator.key: t for block in board.lines for t in block.tiles}
    scope = Scope(cast.township_a1, *YTD, user=cast.township_clerk)
    accepted = registry.get("mediation.cases_accepted")
    assert tiles["mediation.cases_accepted"].main.value == registry.value(accepted, scope) == 4
    assert tiles["corrections.under_correction"].main.value == 2
    ranked = {r.office for r in board.ranking.rows}
    assert ranked == {cast.village_a1, records.committee_a1}  # A1's sub-offices, nobody else's


def test_the_city_page_shows_tiles_trend_charts_ranking_and_warnings(cast, login, records):
    response = page(login(cast.city_leader), cast.city)
    content = response.content.decode()
    for testid in ("tile", "ratio", "warning", "trend-table", "breakdown-chart", "ranking-table"):
        assert f'data-testid="{testid}"' in content, testid
    assert 'data-indicator="mediation.cases_accepted"' in content
    ranked = re.findall(r'data-testid="rank-row" data-office="(\d+)"', content)
    assert ranked == [str(cast.county_b.pk), str(cast.county_a.pk)]
    assert 'hx-get="/reports/dashboard/todos/"' in content


def test_chart_data_with_a_url_for_every_point(cast, login, records, settings):
    response = page(login(cast.city_leader), cast.city)
    assert response.context["echarts"] is True
    content = response.content.decode()
    assert "vendor/echarts-6.1.0/echarts.min.js" in content and "js/dashboard.js" in content
    payload = response.context["charts"]
    embedded = re.search(
        r'<script id="dashboard-charts" type="application/json">(.*?)</script>', content, re.S
    )
    assert json.loads(embedded.group(1)) == payload
    for series in payload["trend"]["series"]:
        assert len(series["values"]) == len(series["urls"]) == 12
    for chart in payload["charts"]:
        assert len(chart["values"]) == len(chart["urls"]) == len(chart["labels"])
    assert payload["ranking"]["labels"] == ["乙县司法局", "甲县司法局"]
    assert payload["ranking"]["values"] == [6.0, 5.0]


def test_every_link_resolves_for_the_same_user(cast, login, records):
    client = login(cast.city_leader)
    response = page(client, cast.city)
    content = response.content.decode()
    links = {unescape(href) for href in re.findall(r'href="(/stats/indicators/[^"]+)"', content)}
    payload = response.context["charts"]
    links |= {u for s in payload["trend"]["series"] for u in s["urls"]}
    links |= {u for c in payload["charts"] for u in c["urls"]}
    links |= set(payload["ranking"]["urls"])
    assert len(links) > 50
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


def test_a_drill_down_lists_the_records_the_tile_counts(cast, login, records):
    client = login(cast.city_leader)
    board = page(client, cast.city).context["board"]
    tile = next(
        t for b in board.lines for t in b.tiles if t.indicator.key == "mediation.cases_accepted"
    )
    drill = client.get(tile.main.url)
    assert drill.status_code == 200
    assert drill.context["page"].paginator.count == tile.main.value == 11


def test_ranking_by_another_indicator(cast, login, records):
    response = page(login(cast.city_leader), cast.city, rank="legalaid.cases_accepted")
    ranking = response.context["board"].ranking
    assert [r.office for r in ranking.rows] == [cast.county_a, cast.county_b]


def test_page_query_count(cast, login, records):
    client = login(cast.city_leader)
    page(client, cast.city)
    with CaptureQueriesContext(connection) as queries:
        assert page(client, cast.city).status_code == 200
    # session, user and grants, the office and its choices, then the two registry calls
    assert len(queries) <= 50, len(queries)


# --- to-dos ------------------------------------------------------------------------------------


def test_todo_fragment_counts_the_users_own_todos_per_line(cast, login, monkeypatch):
    def provider(user):
        if user == cast.township_clerk:
            yield todos.Todo("人民调解", "案件甲", date(2026, 3, 1), "/a/", overdue=True)
            yield todos.Todo("人民调解", "案件乙", date(2026, 3, 2), "/b/", overdue=True)
            yield todos.Todo("法律援助", "案件丙", date(2026, 3, 3), "/c/", overdue=False)

    monkeypatch.setattr(todos, "_providers", {"test": provider})
    response = login(cast.township_clerk).get(reverse("reports:dashboard_todos"))
    assert response.status_code == 200
    content = response.content.decode()
    rows = re.findall(
        r'data-line="([^"]+)">.*?data-count="overdue">(\d+)<.*?data-count="near_due">(\d+)<',
        content,
        re.S,
    )
    assert rows == [("人民调解", "2", "0"), ("法律援助", "0", "1")]
    assert f'href="{reverse("shell:home")}?todos=1"' in content
    assert (
        login(cast.county_supervisor).get(reverse("reports:dashboard_todos")).context["groups"]
        == []
    )


def test_a_bureau_leader_starts_on_the_dashboard_and_still_reaches_the_to_dos(login, cast):
    leader = login(cast.city_leader)  # reads statistics, edits nothing
    response = leader.get(reverse("shell:home"))
    assert response.status_code == 302 and response.url == reverse("reports:dashboard")
    assert leader.get(reverse("shell:home") + "?todos=1").status_code == 200


def test_a_clerk_still_starts_on_the_to_do_list(login, cast):
    assert login(cast.township_clerk).get(reverse("shell:home")).status_code == 200
