"""纠纷研判: the Poisson rule, the 环比/同比 sentences, repeat parties, and the page."""

import itertools
from datetime import date

import pytest
from django.urls import reverse

from sifa.mediation import analysis
from sifa.mediation.constants import PartyKind, PartyRole
from sifa.mediation.models import CaseParty, MediationCase
from sifa.mediation.tests.factories import make_committee, make_person
from sifa.stats import registry
from sifa.stats.registry import Scope

MONTH = date(2026, 3, 1)
URL = "mediation:analysis"
_numbers = itertools.count(1)


def case(office, received_on, dispute_type="marriage", persons=()):
    c = MediationCase.objects.create(
        office=office,
        number=f"AN-{next(_numbers)}",
        received_on=received_on,
        source="application",
        dispute_type=dispute_type,
        facts="纠纷",
    )
    for person in persons:
        CaseParty.objects.create(
            office=office, case=c, role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=person
        )
    return c


def cases(office, month, n, dispute_type="marriage"):
    for i in range(n):
        case(office, date(month.year, month.month, 1 + i % 28), dispute_type)


# --- the rule, pure ---------------------------------------------------------------------------


def test_poisson_tail_matches_the_definition():
    lam = 2.5
    direct = 1 - sum(
        analysis.math.exp(-lam) * lam**i / analysis.math.factorial(i) for i in range(4)
    )
    assert analysis.poisson_tail(4, lam) == pytest.approx(direct)
    assert analysis.poisson_tail(0, lam) == 1.0


def test_a_spike_is_flagged():
    assert analysis.is_unusual_rise(12, [4, 3, 5, 4, 4, 5])


def test_a_steady_series_is_not_flagged():
    assert not analysis.is_unusual_rise(5, [4, 5, 6, 4, 5, 5])


def test_few_cases_are_never_flagged_even_from_nothing():
    # λ is at least 1: two cases after six empty months are not a warning (observed < 3) …
    assert not analysis.is_unusual_rise(2, [0] * 6)
    # … but a sudden handful is.
    assert analysis.is_unusual_rise(6, [0] * 6)


def test_baseline_is_at_least_one():
    assert analysis.baseline([0, 0, 0]) == 1.0
    assert analysis.baseline([2, 4]) == 3.0


# --- sentences ----------------------------------------------------------------------------------


def test_rise_sentence_with_rises():
    text = analysis.rise_sentence(
        office="城东街道",
        dispute_type="婚姻家庭纠纷",
        current=12,
        previous=8,
        last_year=10,
        mean=4.2,
    )
    assert text == (
        "本月城东街道婚姻家庭纠纷受理12件，环比增长50.0%，同比增长20.0%，"
        "显著高于近6个月平均水平（4.2件），请关注。"
    )


def test_change_phrases_fall_and_zero_base():
    assert analysis.change_phrase(6, 8, kind="mom") == "环比下降25.0%"
    assert analysis.change_phrase(3, 4, kind="yoy") == "同比下降25.0%"
    assert analysis.change_phrase(5, 0, kind="mom") == "上月为0，无法计算环比"
    assert analysis.change_phrase(5, 0, kind="yoy") == "去年同月为0，无法计算同比"
    assert analysis.change_phrase(5, 5, kind="mom") == "环比持平"


def test_months():
    assert analysis.shift_month(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert analysis.shift_month(date(2026, 3, 1), -12) == date(2025, 3, 1)
    assert analysis.month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert analysis.last_complete_month(date(2026, 1, 15)) == date(2025, 12, 1)


# --- repeats --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_repeat_party_and_address_detection(cast):
    committee = make_committee(cast.township_a1)
    frequent = make_person(committee, name="王反复")
    frequent.address = "城东街道幸福路1号"
    frequent.save()
    once = make_person(committee, name="李一次")
    for month in (MONTH, analysis.shift_month(MONTH, -1), analysis.shift_month(MONTH, -2)):
        case(committee, month, persons=[frequent])
    case(committee, MONTH, persons=[once])
    indicator = registry.get("mediation.cases_accepted")
    scope = Scope(cast.township_a1, analysis.shift_month(MONTH, -2), analysis.month_end(MONTH))
    qs = registry.records(indicator, scope)
    assert [(r.key, r.cases) for r in analysis.repeat_parties(qs)] == [(frequent.pk, 3)]
    assert [(r.label, r.cases) for r in analysis.repeat_addresses(qs)] == [("城东街道幸福路1号", 3)]
    # The fourth month back is outside the window: two cases within it are no repeat.
    scope = Scope(cast.township_a1, analysis.shift_month(MONTH, -1), analysis.month_end(MONTH))
    assert analysis.repeat_parties(registry.records(indicator, scope)) == []


# --- the page -------------------------------------------------------------------------------------


def _get(client, office, month=MONTH):
    return client.get(reverse(URL), {"office": office.pk, "month": f"{month:%Y-%m}"})


@pytest.mark.django_db
def test_own_office_page_flags_a_spike(cast, login):
    committee = make_committee(cast.township_a1)
    for i in range(1, 7):
        cases(committee, analysis.shift_month(MONTH, -i), 2)
    cases(committee, MONTH, 12)
    response = _get(login(cast.township_clerk), cast.township_a1)
    assert response.status_code == 200
    [warning] = response.context["rise_warnings"]
    assert warning["text"].startswith(f"本月{committee.name}")
    assert "受理12件" in warning["text"]
    assert "环比增长500.0%" in warning["text"]
    assert "去年同月为0，无法计算同比" in warning["text"]
    assert "（2.0件）" in warning["text"]
    assert "breakdown=type" in warning["url"] and "value=marriage" in warning["url"]
    assert warning["text"] in response.content.decode()


@pytest.mark.django_db
def test_steady_series_raises_no_warning(cast, login):
    committee = make_committee(cast.township_a1)
    for i in range(0, 7):
        cases(committee, analysis.shift_month(MONTH, -i), 4)
    response = _get(login(cast.township_clerk), cast.township_a1)
    assert response.context["rise_warnings"] == []
    assert [row["current"] for row in response.context["rows"]] == [4]


@pytest.mark.django_db
def test_parent_sees_the_table_equal_to_the_indicator(cast, login):
    a1, a2 = make_committee(cast.township_a1), make_committee(cast.township_a2)
    cases(a1, MONTH, 3)
    cases(a1, MONTH, 2, "neighbourhood")
    cases(a1, analysis.shift_month(MONTH, -1), 2)
    cases(a2, MONTH, 1)
    cases(a2, analysis.shift_month(MONTH, -12), 4, "neighbourhood")
    cases(cast.county_a, MONTH, 1)  # kept by the county itself: 本级
    cases(cast.township_b1, MONTH, 5)  # another county: not counted
    response = _get(login(cast.county_supervisor), cast.county_a)
    assert response.status_code == 200
    rows = response.context["rows"]
    indicator = registry.get("mediation.cases_accepted")
    units = {cast.township_a1.name: cast.township_a1, cast.township_a2.name: cast.township_a2}

    def value(row, month):
        own = row["office"] not in units
        office = cast.county_a if own else units[row["office"]]
        scope = Scope(office, month, analysis.month_end(month), user=cast.county_supervisor)
        qs = registry.filter_by_breakdown(
            indicator, registry.records(indicator, scope), "type", row["code"]
        )
        if own:
            qs = registry.at_office_only(indicator, qs, office)
        return registry.aggregate(indicator, qs)

    for row in rows:
        assert row["current"] == value(row, MONTH)
        assert row["previous"] == value(row, analysis.shift_month(MONTH, -1))
        assert row["last_year"] == value(row, analysis.shift_month(MONTH, -12))
    assert sum(row["current"] for row in rows) == registry.value(
        indicator,
        Scope(cast.county_a, MONTH, analysis.month_end(MONTH), user=cast.county_supervisor),
    )
    assert {row["office"] for row in rows} == {
        cast.township_a1.name,
        cast.township_a2.name,
        f"{cast.county_a.name}本级",
    }


@pytest.mark.django_db
def test_default_is_the_top_office_and_last_complete_month(cast, login):
    response = login(cast.county_supervisor).get(reverse(URL))
    assert response.status_code == 200
    assert response.context["office"] == cast.county_a
    from django.utils import timezone

    assert response.context["month"] == analysis.last_complete_month(timezone.localdate())


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["2026-13", "0000-01", "三月"])
def test_bad_month_falls_back_with_a_message(cast, login, month):
    response = login(cast.township_clerk).get(reverse(URL), {"month": month})
    assert response.status_code == 200
    assert "月份格式应为" in response.content.decode()


@pytest.mark.django_db
def test_sibling_office_is_not_found(cast, login):
    assert _get(login(cast.sibling_clerk), cast.township_a1).status_code == 404


@pytest.mark.django_db
def test_user_without_statistics_is_forbidden(cast, login):
    assert login(cast.public_user).get(reverse(URL)).status_code == 403


@pytest.mark.django_db
def test_parent_may_analyse_a_child_office(cast, login):
    cases(make_committee(cast.township_a1), MONTH, 2)
    response = _get(login(cast.county_supervisor), cast.township_a1)
    assert response.status_code == 200
    assert sum(row["current"] for row in response.context["rows"]) == 2


@pytest.mark.django_db
def test_a_township_cannot_analyse_its_county(cast, login):
    assert _get(login(cast.township_clerk), cast.county_a).status_code == 404


@pytest.mark.django_db
def test_warning_links_list_exactly_the_flagged_cases(cast, login):
    committee = make_committee(cast.township_a1)
    cases(committee, MONTH, 7)
    cases(committee, MONTH, 1, "neighbourhood")  # another type: not behind the warning
    client = login(cast.township_clerk)
    [warning] = _get(client, cast.township_a1).context["rise_warnings"]
    drill_down = client.get(warning["url"])
    assert drill_down.status_code == 200
    assert drill_down.context["page"].paginator.count == 7


@pytest.mark.django_db
def test_repeat_party_is_shown_with_a_link_to_its_cases(cast, login):
    committee = make_committee(cast.township_a1)
    frequent = make_person(committee, name="王反复")
    for month in (MONTH, analysis.shift_month(MONTH, -1), analysis.shift_month(MONTH, -2)):
        case(committee, month, persons=[frequent])
    client = login(cast.township_clerk)
    response = _get(client, cast.township_a1)
    [warning] = response.context["repeat_warnings"]
    assert "王反复作为当事人涉及3件纠纷" in warning["text"]
    assert warning["text"] in response.content.decode()
    listed = client.get(warning["url"])
    assert listed.status_code == 200
    assert len(listed.context["cases"]) == 3


@pytest.mark.django_db
def test_menu_offers_the_page_to_statistics_users(cast, login):
    response = login(cast.township_clerk).get(reverse("shell:home"))
    assert reverse(URL) in response.content.decode()


@pytest.mark.django_db
def test_repeat_party_link_works_for_a_committee_too(cast, login):
    committee = make_committee(cast.township_a1)
    frequent = make_person(committee, name="赵三回")
    for month in (MONTH, analysis.shift_month(MONTH, -1), analysis.shift_month(MONTH, -2)):
        case(committee, month, persons=[frequent])
    client = login(cast.township_clerk)
    [warning] = _get(client, committee).context["repeat_warnings"]
    assert len(client.get(warning["url"]).context["cases"]) == 3
