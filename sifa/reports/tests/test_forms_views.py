"""The report form pages: who sees which office, every number a working link, bad input."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from sifa.mediation.tests.factories import make_case, make_committee
from tests.factories import UserFactory, grant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mediation_test_form")]

KEY = "test.mediation_form"  # conftest.TEST_FORM


@pytest.fixture
def march_cases(cast):
    """2 cases of March 2026 in township A1, 1 in township A2 (sibling), 1 in county B."""
    a1 = make_committee(cast.township_a1)
    a2 = make_committee(cast.township_a2)
    b1 = make_committee(cast.township_b1)
    b1_clerk = UserFactory(username="b1_clerk")
    grant(b1_clerk, cast.township_b1, "jo_staff")
    cases = [
        make_case(cast.township_clerk, a1, received_on=date(2026, 3, 3)),
        make_case(cast.township_clerk, a1, received_on=date(2026, 3, 9), dispute_type="contract"),
        make_case(cast.sibling_clerk, a2, received_on=date(2026, 3, 9), dispute_type="contract"),
        make_case(b1_clerk, b1, received_on=date(2026, 3, 20)),
    ]
    return {"a1": a1, "a2": a2, "b1": b1, "cases": cases}


def form_url(office, key=KEY, **params):
    query = "&".join(f"{k}={v}" for k, v in {"office": office.pk, **params}.items())
    return f"{reverse('reports:form', args=[key])}?{query}"


def total_row(html: str) -> str:
    return re.search(r'<tr class="sifa-total-row"[^>]*>(.*?)</tr>', html, re.S).group(1)


def first_number(row_html: str) -> str:
    return re.search(r'<td class="num">\s*<a [^>]*>([^<]*)</a>', row_html).group(1)


def cell_links(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1]
    return [unescape(u) for u in re.findall(r'<td class="num[^"]*"><a href="([^"]+)"', body)]


def test_anonymous_is_sent_to_login(client, cast):
    for url in (reverse("reports:form_index"), form_url(cast.city), reverse("reports:form_set")):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_user_without_statistics_is_forbidden(login, cast):
    client = login(cast.public_user)
    assert client.get(reverse("reports:form_index")).status_code == 403
    assert client.get(form_url(cast.city)).status_code == 403


def test_index_lists_every_form_with_the_last_complete_month(login, cast, march_cases):
    client = login(cast.township_clerk)
    response = client.get(reverse("reports:form_index"))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("人民调解工作情况月报表", "法律援助工作情况月报表", "社区矫正工作情况月报表"):
        assert title in html
    assert f'href="{form_url(cast.township_a1)}' in html.replace("&amp;", "&")
    assert reverse("reports:form_set") in html
    # Only the clerk's own subtree is offered.
    assert cast.township_a1.name in html and cast.township_a2.name not in html


def test_township_clerk_sees_own_subtree_numbers(login, cast, march_cases):
    client = login(cast.township_clerk)
    response = client.get(form_url(cast.township_a1, month="2026-03"))
    assert response.status_code == 200
    html = response.content.decode()
    assert first_number(total_row(html)) == "2"  # A1's two cases, none of the sibling's
    assert 'data-testid="form-print"' in html and "window.print()" in html
    # The print stylesheet (A4 landscape) is a static file, with the table's print zoom.
    assert "/static/css/report-print.css" in html
    assert re.search(r'style="--sifa-print-zoom: (0\.\d{3}|1\.000)"', html)
    # The committee row walks down to the same form for the committee.
    assert form_url(march_cases["a1"], month="2026-03") in html.replace("&amp;", "&")


def test_sibling_and_parent_offices_are_out_of_sight(login, cast, march_cases):
    client = login(cast.township_clerk)
    assert client.get(form_url(cast.township_a2, month="2026-03")).status_code == 404
    assert client.get(form_url(cast.county_a, month="2026-03")).status_code == 404
    assert client.get(form_url(cast.township_a2, month="2026-03", format="xlsx")).status_code == 404


def test_county_supervisor_sees_townships_and_walks_down(login, cast, march_cases):
    client = login(cast.county_supervisor)
    html = client.get(form_url(cast.county_a, month="2026-03")).content.decode()
    assert first_number(total_row(html)) == "3"  # A1 2 + A2 1
    assert form_url(cast.township_a1, month="2026-03") in html.replace("&amp;", "&")
    response = client.get(form_url(cast.township_a1, month="2026-03"))
    assert response.status_code == 200
    assert first_number(total_row(response.content.decode())) == "2"
    assert client.get(form_url(cast.county_b, month="2026-03")).status_code == 404


def test_walking_back_up_only_within_sight(login, cast, march_cases):
    supervisor = login(cast.county_supervisor)
    html = supervisor.get(form_url(cast.township_a1, month="2026-03")).content.decode()
    assert 'data-testid="form-parent"' in html
    assert form_url(cast.county_a, month="2026-03") in html.replace("&amp;", "&")
    clerk = login(cast.township_clerk)
    html = clerk.get(form_url(cast.township_a1, month="2026-03")).content.decode()
    assert 'data-testid="form-parent"' not in html


def test_city_leader_sees_everything(login, cast, march_cases):
    client = login(cast.city_leader)
    html = client.get(form_url(cast.city, month="2026-03")).content.decode()
    assert first_number(total_row(html)) == "4"
    for office in (cast.county_a, cast.county_b):
        assert f">{office.name}</a>" in html


def test_every_number_links_to_its_drill_down(login, cast, march_cases):
    client = login(cast.county_supervisor)
    html = client.get(form_url(cast.county_a, month="2026-03")).content.decode()
    links = cell_links(html)
    body_cells = re.findall(r'<td class="num', html.split("<tbody>", 1)[1])
    assert len(links) == len(body_cells)  # a mediation form has no stock: every cell links
    assert all(u.startswith("/stats/indicators/") and "/records/?" in u for u in links)
    total_link = links[0]
    assert total_link == (
        f"/stats/indicators/mediation.cases_accepted/records/?office={cast.county_a.pk}"
        "&from=2026-03-01&to=2026-03-31"
    )
    rows = re.findall(r'<tr class="[^"]*" data-row="(\w+)"[^>]*>(.*?)</tr>', html, re.S)
    assert [kind for kind, _row in rows] == ["total", "own", "child", "child"]
    for kind, row in rows:  # each row's first number, and one number of a type sub-column
        row_links = cell_links(f"<tbody>{row}")
        assert ("own=1" in row_links[0]) == (kind == "own")
        for url in (row_links[0], row_links[4], row_links[-1]):
            assert client.get(url).status_code == 200, url
    records = client.get(total_link).content.decode()
    numbers = [c.number for c in march_cases["cases"]]
    assert [n in records for n in numbers] == [True, True, True, False]  # county A's three


def test_percent_cells_show_sign_and_both_values(login, cast, march_cases):
    client = login(cast.township_clerk)
    html = client.get(form_url(cast.township_a1, month="2026-03")).content.decode()
    row = total_row(html)
    # No case in February or March 2025: no base to compare with.
    percents = re.findall(r'<td class="num pct"><a [^>]*title="([^"]*)"[^>]*>([^<]*)</a>', row)
    assert percents and percents[0] == ("本期 2，比较期 0（点击查看比较期明细）", "—")


def test_stock_form_shows_dash_for_year_to_date(login, cast):
    client = login(cast.city_leader)
    html = client.get(form_url(cast.city, "corrections.monthly", month="2026-03")).content.decode()
    row = total_row(html)
    cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', row)
    assert cells[1] == '<span title="存量指标不累计">—</span>'  # 在矫 本年累计


def test_from_to_span_and_month_wins(login, cast, march_cases):
    client = login(cast.township_clerk)
    span = client.get(form_url(cast.township_a1, **{"from": "2026-03-01", "to": "2026-03-05"}))
    assert first_number(total_row(span.content.decode())) == "1"
    both = client.get(
        form_url(cast.township_a1, month="2026-03", **{"from": "2026-03-01", "to": "2026-03-05"})
    )
    assert first_number(total_row(both.content.decode())) == "2"


@pytest.mark.parametrize(
    "params",
    [{"month": "2026-13"}, {"month": "三月"}, {"from": "2026-03-10", "to": "2026-03-01"}],
)
def test_bad_period_gives_a_chinese_message(login, cast, params):
    client = login(cast.township_clerk)
    response = client.get(form_url(cast.township_a1, **params))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="period-error"' in html
    assert 'data-testid="report-table"' not in html
    assert re.search(r'data-testid="period-error">[^<]*[\u4e00-\u9fff]', html)


def test_unknown_form_is_404(login, cast):
    client = login(cast.city_leader)
    assert client.get(form_url(cast.city, "nope.monthly")).status_code == 404
    bad_office = f"{reverse('reports:form', args=[KEY])}?office=x&month=2026-03"
    assert client.get(bad_office).status_code == 404
