"""A higher-level platform reads monthly indicator values and submitted reports through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sifa.api.models import ApiRequestLog
from sifa.reports import actions as report_actions
from sifa.reports import selectors_exchange
from sifa.reports.models import SnapshotValue
from sifa.reports.periods import month_period
from sifa.reports.tests.test_snapshots import MONTH, YEAR, cases_in
from sifa.stats import registry
from sifa.stats.registry import Scope
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

INDICATORS = reverse("api:statistics_indicators")
REPORTS = reverse("api:statistics_reports")
ACCEPTED = "mediation.cases_accepted"
MONTH_TEXT = f"{YEAR}-{MONTH:02d}"


def report(pk: int) -> str:
    return reverse("api:statistics_report", args=[pk])


@pytest.fixture
def platform(make_client, caller, cast):
    """甲县's higher-level platform: scoped to county A, reading statistics only."""
    client, token = make_client(
        cast.county_a, ["read_statistics"], name="甲县综治平台", agency_kind="platform"
    )
    agency = caller(token)
    agency.client = client
    return agency


@pytest.fixture
def county_b_clerk(cast):
    user = UserFactory(username="county_b_clerk")
    grant(user, cast.township_b1, "jo_staff")
    return user


@pytest.fixture
def march_cases(cast, county_b_clerk):
    """March: township A1 two neighbourhood cases and one marriage case, A2 one, B1 two."""
    a1 = cases_in(cast, cast.township_a1, [2, 15])
    a1 += cases_in(cast, cast.township_a1, [20], dispute_type="marriage_family")
    a2 = cases_in(cast, cast.township_a2, [10])
    b1 = cases_in(cast, cast.township_b1, [3, 4], actor=county_b_clerk)
    return {"a1": a1, "a2": a2, "b1": b1}


def as_decimal(number) -> Decimal:
    return Decimal(str(number))


# --- indicator values -----------------------------------------------------------------------


def test_a_months_value_of_the_clients_office_with_its_breakdowns(platform, cast, march_cases):
    response = platform.get(INDICATORS, {"month": MONTH_TEXT, "keys": ACCEPTED})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 1
    (row,) = body["results"]
    indicator = registry.get(ACCEPTED)
    assert (row["key"], row["label"], row["unit"]) == (ACCEPTED, indicator.label, indicator.unit)
    assert (row["kind"], row["office_code"], row["month"]) == ("flow", "330102", MONTH_TEXT)
    assert row["value"] == 4  # A1's three and A2's one; B1 is another county
    by_type = next(b for b in row["breakdowns"] if b["key"] == "type")
    assert by_type["rows"][0] == {"code": "neighbourhood", "label": "邻里纠纷", "value": 3}
    assert {r["code"]: r["value"] for r in by_type["rows"]} == {
        "neighbourhood": 3,
        "marriage_family": 1,
    }


def test_every_value_equals_the_registrys_for_the_same_scope(platform, cast, march_cases):
    start, end = month_period(YEAR, MONTH)
    scope = Scope(cast.township_a1, start, end)
    rows = []
    page = 1
    while True:
        response = platform.get(
            INDICATORS,
            {"month": MONTH_TEXT, "office": cast.township_a1.code, "page": page, "page_size": 50},
        )
        assert response.status_code == 200
        rows += response.json()["results"]
        if not response.json()["next"]:
            break
        page += 1

    assert [r["key"] for r in rows] == [i.key for i in registry.all_indicators()]
    for row in rows:
        indicator = registry.get(row["key"])
        assert as_decimal(row["value"]) == registry.value(indicator, scope), row["key"]
        for b in row["breakdowns"]:
            expected = registry.breakdown_values(indicator, scope, b["key"])
            assert [(r["label"], as_decimal(r["value"])) for r in b["rows"]] == [
                (label, Decimal(v)) for _stored, label, v in expected
            ], (row["key"], b["key"])
    accepted = next(r for r in rows if r["key"] == ACCEPTED)
    assert accepted["value"] == 3  # township A1 alone


def test_one_registry_call_per_page(platform, cast, march_cases, monkeypatch):
    calls = []
    real = registry.figures_many

    def counting(indicators, scope, **options):
        calls.append((len(indicators), scope))
        return real(indicators, scope, **options)

    monkeypatch.setattr(selectors_exchange.registry, "figures_many", counting)
    response = platform.get(INDICATORS, {"month": MONTH_TEXT, "page_size": 30})

    assert response.status_code == 200
    assert len(calls) == 1
    size, scope = calls[0]
    assert size == 30
    assert scope.user is None  # system scope: every record of the subtree
    assert (scope.office, scope.start, scope.end) == (cast.county_a, *month_period(YEAR, MONTH))


def test_bad_queries_are_400_naming_the_field(platform):
    for month in ("2026-13", "2026/03", "March", ""):
        response = platform.get(INDICATORS, {"month": month})
        assert response.status_code == 400, month
        assert "month" in response.json()["errors"]
    assert "month" in platform.get(INDICATORS).json()["errors"]  # required
    response = platform.get(INDICATORS, {"month": MONTH_TEXT, "keys": f"{ACCEPTED},no.such"})
    assert response.status_code == 400
    assert "no.such" in response.json()["errors"]["keys"][0]
    assert "月份" in platform.get(REPORTS, {"month": "2026-00"}).json()["errors"]["month"][0]


def test_an_office_outside_the_scope_is_404(platform, cast):
    for code in (cast.county_b.code, cast.township_b1.code, cast.city.code, "NO-SUCH"):
        response = platform.get(INDICATORS, {"month": MONTH_TEXT, "office": code})
        assert response.status_code == 404, code


def test_without_the_purpose_403_without_a_token_401(make_client, caller, cast, client):
    _police, token = make_client(cast.county_a, ["notify_defence"], agency_kind="police")
    police = caller(token)
    assert police.get(INDICATORS, {"month": MONTH_TEXT}).status_code == 403
    assert police.get(REPORTS, {"month": MONTH_TEXT}).status_code == 403
    assert police.get(report(1)).status_code == 403
    assert "读取统计数据" in police.get(INDICATORS, {"month": MONTH_TEXT}).json()["error"]
    assert client.get(INDICATORS, {"month": MONTH_TEXT}).status_code == 401
    assert client.get(REPORTS, {"month": MONTH_TEXT}).status_code == 401


# --- submitted reports ----------------------------------------------------------------------


@pytest.fixture
def submissions(cast, march_cases, county_b_clerk):
    a1 = report_actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    a2 = report_actions.submit_month(cast.sibling_clerk, cast.township_a2, YEAR, MONTH)
    b1 = report_actions.submit_month(county_b_clerk, cast.township_b1, YEAR, MONTH)
    report_actions.accept_submission(cast.county_supervisor, a2)
    return {"a1": a1, "a2": a2, "b1": b1}


def test_the_months_reports_in_scope_with_their_frozen_totals(platform, cast, submissions):
    # A case registered after the submission changes the records, not the frozen figures.
    cases_in(cast, cast.township_a1, [25])

    response = platform.get(REPORTS, {"month": MONTH_TEXT})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2  # B1 is in another county
    first, second = body["results"]
    a1, a2 = submissions["a1"], submissions["a2"]
    assert (first["id"], first["office_code"], first["office_name"]) == (
        a1.pk,
        cast.township_a1.code,
        "甲一镇司法所",
    )
    assert (first["status"], first["version"], first["month"]) == ("submitted", 1, MONTH_TEXT)
    assert first["submitted_at"] and first["reviewed_at"] is None
    assert first["snapshot_version"] == 1
    totals = {v["indicator"]: v for v in first["values"]}
    assert totals[ACCEPTED]["value"] == 3  # frozen at submission; the fourth came later
    assert totals[ACCEPTED]["label"] == registry.get(ACCEPTED).label
    frozen = SnapshotValue.objects.filter(snapshot=a1.current_snapshot(), breakdown="")
    assert {k: as_decimal(v["value"]) for k, v in totals.items()} == {
        v.indicator: v.value for v in frozen
    }
    assert all("breakdowns" not in v for v in first["values"])
    assert (second["id"], second["status"]) == (a2.pk, "accepted")
    assert second["status_label"] == "审核通过"
    assert second["reviewed_at"]


def test_a_report_with_its_frozen_breakdown_rows(platform, cast, submissions):
    submission = submissions["a1"]
    response = platform.get(report(submission.pk))

    assert response.status_code == 200
    values = {v["indicator"]: v for v in response.json()["values"]}
    accepted = values[ACCEPTED]
    assert accepted["value"] == 3
    by_type = next(b for b in accepted["breakdowns"] if b["key"] == "type")
    assert by_type["label"] == registry.get(ACCEPTED).breakdown("type").label
    assert by_type["rows"] == [
        {"code": "neighbourhood", "label": "邻里纠纷", "value": 2},
        {"code": "marriage_family", "label": "婚姻家庭纠纷", "value": 1},
    ]
    frozen_rows = SnapshotValue.objects.filter(snapshot=submission.current_snapshot())
    served = sum(1 + sum(len(b["rows"]) for b in v["breakdowns"]) for v in values.values())
    assert served == frozen_rows.count()


def test_a_report_outside_the_scope_is_404(platform, submissions):
    assert platform.get(report(submissions["b1"].pk)).status_code == 404
    assert platform.get(report(999999)).status_code == 404


def test_the_reports_are_paginated(platform, submissions):
    first = platform.get(REPORTS, {"month": MONTH_TEXT, "page_size": 1})
    second = platform.get(REPORTS, {"month": MONTH_TEXT, "page_size": 1, "page": 2})
    assert first.json()["count"] == 2 and first.json()["next"]
    ids = [first.json()["results"][0]["id"], second.json()["results"][0]["id"]]
    assert ids == [submissions["a1"].pk, submissions["a2"].pk]
    assert platform.get(REPORTS, {"month": "2026-02"}).json()["count"] == 0


def test_the_request_log_names_the_records(platform, cast, submissions):
    platform.get(REPORTS, {"month": MONTH_TEXT})
    platform.get(INDICATORS, {"month": MONTH_TEXT, "keys": ACCEPTED})
    listed, values = ApiRequestLog.objects.order_by("id")
    assert (listed.client, listed.purpose, listed.status) == (
        platform.client,
        "read_statistics",
        200,
    )
    assert listed.records == [
        f"reports.reportsubmission:{submissions['a1'].pk}",
        f"reports.reportsubmission:{submissions['a2'].pk}",
    ]
    assert values.records == [f"orgs.office:{cast.county_a.pk}"]


@pytest.mark.parametrize("malformed", ["abc", "-1", "a%0Ab"])
def test_a_malformed_report_id_is_this_apis_json_404(platform, malformed):
    response = platform.get(f"{REPORTS}{malformed}/")
    assert response.status_code == 404
    assert "未找到" in response.json()["error"]
