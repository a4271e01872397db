"""The catalogue, the indicator page and its drill-down: access, values, links and export."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from config.sifa_settings import sifa_setting
from sifa.orgs.models import Office
from sifa.shell.menu import navigation_for
from sifa.stats import registry
from sifa.stats.registry import Scope
from sifa.stats.tests.helpers import (
    APPOINTED,
    CHILDREN_TOTAL,
    END,
    OFFICES,
    SERVING,
    START,
    add_staff,
)
from tests.factories import UserFactory, grant

PER_PAGE = sifa_setting("SIFA_PER_PAGE")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_indicators")]

PERIOD = {"from": START.isoformat(), "to": END.isoformat()}


def indicator_url(key):
    return reverse("stats:indicator", args=[key])


def records_url(key):
    return reverse("stats:records", args=[key])


def scoped(office, **extra):
    return {"office": office.pk, **PERIOD, **extra}


@pytest.fixture
def mediator(cast):
    """A mediator (调解员) of township A1: sees its records, may not read statistics."""
    user = UserFactory(username="mediator")
    grant(user, cast.township_a1, "mediator")
    return user


class TestCatalogue:
    def test_lists_every_indicator_by_line_with_its_definition(self, cast, login):
        response = login(cast.township_clerk).get(reverse("stats:catalogue"))

        assert response.status_code == 200
        content = response.content.decode()
        for indicator in registry.all_indicators():
            assert escape(str(indicator.label)) in content
            assert f'href="{indicator_url(indicator.key)}"' in content
            assert escape(str(indicator.definition)) in content
            assert escape(str(indicator.line)) in content
        assert "流量" in content and "存量" in content
        assert "按岗位" in content  # breakdowns are listed
        lines = [line for line, _items in response.context["lines"]]
        assert lines == sorted(set(lines), key=lines.index)  # each line once

    @pytest.mark.parametrize("who", ["public_user", "sysadmin", "auditor"])
    def test_users_without_statistics_are_forbidden(self, cast, login, who):
        response = login(getattr(cast, who)).get(reverse("stats:catalogue"))
        assert response.status_code == 403

    def test_a_mediator_without_statistics_is_forbidden(self, login, mediator):
        assert login(mediator).get(reverse("stats:catalogue")).status_code == 403

    def test_anonymous_users_are_sent_to_login(self, client, cast):
        response = client.get(reverse("stats:catalogue"))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


class TestNavigation:
    def test_statistics_menu_for_users_with_statistics_only(self, cast, rf):
        catalogue = reverse("stats:catalogue")

        def menu(user):
            request = rf.get("/")
            request.user = user
            return [item["url"] for s in navigation_for(request) for item in s["items"]]

        assert catalogue in menu(cast.township_clerk)
        assert catalogue not in menu(cast.public_user)


class TestIndicatorPageAccess:
    def test_own_office(self, cast, login, roster):
        response = login(cast.township_clerk).get(
            indicator_url(APPOINTED.key), scoped(cast.township_a1)
        )
        assert response.status_code == 200
        scope = Scope(cast.township_a1, START, END, user=cast.township_clerk)
        assert response.context["summary"].value == registry.value(APPOINTED, scope)

    def test_parent_office_user_reads_the_township(self, cast, login, roster):
        response = login(cast.county_supervisor).get(
            indicator_url(APPOINTED.key), scoped(cast.township_a1)
        )
        assert response.status_code == 200
        assert response.context["summary"].scope.office == cast.township_a1

    @pytest.mark.parametrize("office", ["township_a2", "county_a", "city", "township_b1"])
    def test_offices_out_of_sight_are_not_found(self, cast, login, office):
        response = login(cast.township_clerk).get(
            indicator_url(APPOINTED.key), scoped(getattr(cast, office))
        )
        assert response.status_code == 404

    @pytest.mark.parametrize("office", ["abc", "999999"])
    def test_unknown_offices_are_not_found(self, cast, login, office):
        response = login(cast.township_clerk).get(
            indicator_url(APPOINTED.key), {"office": office, **PERIOD}
        )
        assert response.status_code == 404

    def test_seen_but_no_statistics_there_is_forbidden(self, cast, login):
        """A clerk of A1 who also mediates for county A sees county A, but no figures of it."""
        user = UserFactory(username="clerk_and_mediator")
        grant(user, cast.township_a1, "jo_staff")
        grant(user, cast.county_a, "mediator")
        client = login(user)
        assert client.get(indicator_url(APPOINTED.key), scoped(cast.county_a)).status_code == 403
        assert client.get(indicator_url(APPOINTED.key), scoped(cast.township_a1)).status_code == 200

    def test_without_statistics_is_forbidden(self, cast, login, mediator):
        response = login(mediator).get(indicator_url(APPOINTED.key), scoped(cast.township_a1))
        assert response.status_code == 403
        assert login(cast.public_user).get(indicator_url(APPOINTED.key)).status_code == 403

    def test_unknown_indicator(self, cast, login):
        response = login(cast.township_clerk).get(indicator_url("nope.nothing"))
        assert response.status_code == 404


class TestIndicatorPage:
    def test_defaults_to_the_users_top_office_and_the_year_to_date(self, cast, login):
        today = timezone.localdate()
        add_staff(cast.township_a1, start=date(today.year, 1, 1))
        add_staff(cast.township_a1, start=date(today.year - 1, 12, 31))

        response = login(cast.county_supervisor).get(indicator_url(APPOINTED.key))

        summary = response.context["summary"]
        assert summary.scope.office == cast.county_a
        assert (summary.scope.start, summary.scope.end) == (date(today.year, 1, 1), today)
        assert summary.value == 1
        form = response.context["form"]
        assert str(form["office"].value()) == str(cast.county_a.pk)

    def test_office_choices_are_the_users_statistics_scope(self, cast, login):
        response = login(cast.county_supervisor).get(indicator_url(APPOINTED.key))
        choices = {pk for pk, _label in response.context["form"].fields["office"].choices}
        expected = {o.pk for o in Office.objects.all() if o.path.startswith(cast.county_a.path)}
        assert choices == expected

    def test_shows_value_unit_definition_and_breakdowns(self, cast, login, roster):
        response = login(cast.city_leader).get(indicator_url(APPOINTED.key), scoped(cast.city))

        content = response.content.decode()
        summary = response.context["summary"]
        assert summary.value == registry.value(APPOINTED, Scope(cast.city, START, END))
        assert APPOINTED.definition in content
        assert APPOINTED.unit in content
        for b in APPOINTED.breakdowns:
            assert b.label in content
            for _stored, label, _v in registry.breakdown_values(
                APPOINTED, Scope(cast.city, START, END), b.key
            ):
                assert label in content
        shares = [row.share for row in summary.breakdowns[0].rows]
        assert sum(shares) == pytest.approx(100, abs=0.2)

    def test_a_clerk_counts_only_the_township(self, cast, login, roster):
        response = login(cast.township_clerk).get(indicator_url(APPOINTED.key), PERIOD)
        expected = registry.value(APPOINTED, Scope(cast.township_a1, START, END))
        assert response.context["summary"].value == expected
        assert expected < registry.value(APPOINTED, Scope(cast.city, START, END))

    def test_tree_split_links_to_the_sub_offices(self, cast, login, roster):
        response = login(cast.city_leader).get(indicator_url(APPOINTED.key), scoped(cast.city))

        branches = response.context["branches"]
        assert branches[0]["row"].office is None
        assert [b["row"].office for b in branches[1:]] == [cast.county_a, cast.county_b]
        assert sum(b["row"].value for b in branches) == response.context["summary"].value
        content = response.content.decode()
        assert f"office={cast.county_a.pk}" in branches[1]["page_url"]
        assert branches[1]["page_url"].replace("&", "&amp;") in content

    def test_a_leaf_office_has_no_tree_split(self, cast, login):
        response = login(cast.township_clerk).get(
            indicator_url(APPOINTED.key), scoped(cast.village_a1)
        )
        assert response.context["branches"] == []

    def test_stock_is_shown_at_the_period_end(self, cast, login, roster):
        response = login(cast.city_leader).get(indicator_url(SERVING.key), scoped(cast.city))
        assert f"截至 {END.isoformat()}" in response.content.decode()

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"from": "2026-02-30"}, "开始日期格式应为 年-月-日。"),
            ({"to": "明天"}, "截止日期格式应为 年-月-日。"),
            ({"from": "2026-07-01", "to": "2026-06-30"}, "开始日期不能晚于截止日期。"),
        ],
    )
    def test_bad_dates_show_a_chinese_error_and_keep_the_input(self, cast, login, params, message):
        response = login(cast.township_clerk).get(indicator_url(APPOINTED.key), params)

        assert response.status_code == 200
        assert "summary" not in response.context
        content = response.content.decode()
        assert message in content
        for typed in params.values():
            assert f'value="{typed}"' in content

    def test_chart_data_when_echarts_is_vendored(self, cast, login, roster):
        response = login(cast.city_leader).get(indicator_url(APPOINTED.key), scoped(cast.city))
        for item in response.context["tables"]:
            assert sum(item["chart"]["values"]) == response.context["summary"].value
        if response.context["echarts"]:
            assert "js-breakdown-chart" in response.content.decode()


def figures_and_links(response):
    """(shown value, drill-down URL) for every number on an indicator page."""
    pairs = [(response.context["summary"].value, response.context["total_url"])]
    pairs += [(b["row"].value, b["records_url"]) for b in response.context["branches"]]
    for item in response.context["tables"]:
        pairs += [(link["row"].value, link["records_url"]) for link in item["rows"]]
    return pairs


class TestDrillDown:
    @pytest.mark.parametrize("indicator", [APPOINTED, SERVING, OFFICES, CHILDREN_TOTAL])
    @pytest.mark.parametrize(
        ("who", "office"),
        [("city_leader", "city"), ("county_supervisor", "county_a"), ("township_clerk", None)],
    )
    def test_every_figure_links_to_exactly_its_records(
        self, cast, login, roster, indicator, who, office
    ):
        client = login(getattr(cast, who))
        params = scoped(getattr(cast, office)) if office else PERIOD
        page = client.get(indicator_url(indicator.key), params)
        pairs = figures_and_links(page)
        assert len(pairs) > 1

        for shown, url in pairs:
            assert f'href="{url.replace("&", "&amp;")}"' in page.content.decode()
            drill = client.get(url)
            assert drill.status_code == 200
            if indicator.sum_field:
                assert drill.context["total"] == shown
            else:
                assert drill.context["page"].paginator.count == shown
                assert f'data-testid="record-count">{shown}<' in drill.content.decode()

    def test_lists_the_records_with_office_and_date(self, cast, login, roster):
        response = login(cast.county_supervisor).get(
            records_url(APPOINTED.key), scoped(cast.county_a)
        )

        expected = set(registry.records(APPOINTED, Scope(cast.county_a, START, END)))
        rows = response.context["rows"]
        assert {row.record for row, _cells in rows} == expected
        content = response.content.decode()
        for record in expected:
            assert str(record) in content
            assert record.office.name in content
            assert record.start_date.isoformat() in content
        columns = response.context["page_obj"].columns
        labels = [str(column.label) for column in columns[:4]]
        assert labels == ["序号", "记录", "所属机构", "任职日期"]
        dates = [row.record.start_date for row, _cells in rows]
        assert dates == sorted(dates, reverse=True)

    def test_a_breakdown_row_and_own_records(self, cast, login, roster):
        client = login(cast.city_leader)
        response = client.get(
            records_url(APPOINTED.key), scoped(cast.city, breakdown="post", value="mediator")
        )
        assert {row.record.post for row, _c in response.context["rows"]} == {"mediator"}
        assert "按岗位：调解员" in response.content.decode()

        own = client.get(records_url(APPOINTED.key), scoped(cast.county_a, own="1"))
        assert {row.record.office for row, _c in own.context["rows"]} == {cast.county_a}

    def test_a_missing_breakdown_value(self, cast, login, roster):
        response = login(cast.city_leader).get(
            records_url(APPOINTED.key),
            scoped(cast.city, breakdown="post", value=""),
        )
        assert {row.record.post for row, _c in response.context["rows"]} == {""}
        assert "按岗位：（未填写）" in response.content.decode()

    def test_links_to_the_records_own_page_when_it_has_one(self, cast, login, monkeypatch):
        monkeypatch.setattr(
            Office, "get_absolute_url", lambda self: f"/orgs/offices/{self.pk}/", raising=False
        )
        response = login(cast.township_clerk).get(records_url(OFFICES.key), PERIOD)
        assert f'href="/orgs/offices/{cast.village_a1.pk}/"' in response.content.decode()

    def test_paginates_by_fifty(self, cast, login):
        for i in range(PER_PAGE + 3):
            add_staff(cast.township_a1, start=START + timedelta(days=i % 100), name=f"人员{i}")
        client = login(cast.township_clerk)

        first = client.get(records_url(APPOINTED.key), PERIOD)
        second = client.get(records_url(APPOINTED.key), {**PERIOD, "page": 2})

        assert len(first.context["rows"]) == PER_PAGE
        assert len(second.context["rows"]) == 3
        seen = {r.record for r, _c in first.context["rows"]} | {
            r.record for r, _c in second.context["rows"]
        }
        assert len(seen) == PER_PAGE + 3

    @pytest.mark.parametrize("office", ["township_a2", "county_a"])
    def test_offices_out_of_sight_are_not_found(self, cast, login, office):
        response = login(cast.township_clerk).get(
            records_url(APPOINTED.key), scoped(getattr(cast, office))
        )
        assert response.status_code == 404

    def test_parent_office_user_drills_into_the_township(self, cast, login, roster):
        response = login(cast.county_supervisor).get(
            records_url(APPOINTED.key), scoped(cast.township_a1)
        )
        assert response.status_code == 200
        assert {r.record.office for r, _c in response.context["rows"]} <= {
            cast.township_a1,
            cast.village_a1,
        }

    def test_without_statistics_is_forbidden(self, cast, login, mediator):
        response = login(mediator).get(records_url(APPOINTED.key), scoped(cast.township_a1))
        assert response.status_code == 403

    @pytest.mark.parametrize(
        "extra", [{"breakdown": "nope", "value": "x"}, {"breakdown": "office", "value": "x"}]
    )
    def test_an_unknown_breakdown_row_is_not_found(self, cast, login, extra):
        response = login(cast.township_clerk).get(records_url(APPOINTED.key), {**PERIOD, **extra})
        assert response.status_code == 404

    def test_bad_dates_show_the_error(self, cast, login):
        response = login(cast.township_clerk).get(
            records_url(APPOINTED.key), {"from": "2026-13-01", "breakdown": "post"}
        )
        assert response.status_code == 200
        assert "开始日期格式应为 年-月-日。" in response.content.decode()
        assert 'name="breakdown" value="post"' in response.content.decode()


class TestExport:
    def test_xlsx_has_a_chinese_header_and_every_record(self, cast, login, roster):
        for i in range(PER_PAGE + 2):  # more than one page: the export is not paginated
            add_staff(cast.county_a, start=START + timedelta(days=i), post="head", name=f"甲{i}")
        client = login(cast.county_supervisor)

        response = client.get(records_url(APPOINTED.key), scoped(cast.county_a, format="xlsx"))

        assert response.status_code == 200
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml"
        )
        assert response["Content-Disposition"].startswith("attachment;")
        workbook = load_workbook(BytesIO(response.content))
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("序号", "记录", "所属机构", "任职日期", "按岗位", "按专兼职", "按机构")
        expected = list(registry.records(APPOINTED, Scope(cast.county_a, START, END)))
        assert (
            len(rows) - 1
            == len(expected)
            == client.get(indicator_url(APPOINTED.key), scoped(cast.county_a))
            .context["summary"]
            .value
        )
        assert [r[0] for r in rows[1:]] == list(range(1, len(expected) + 1))
        assert {r[1] for r in rows[1:]} == {str(s) for s in expected}
        by_name = {r[1]: r for r in rows[1:]}
        for staff in expected:
            row = by_name[str(staff)]
            assert row[2] == staff.office.name
            assert row[3].date() == staff.start_date
            assert row[4] == {"head": "司法所长", "mediator": "调解员"}.get(
                staff.post, "（未填写）"
            )
            assert row[5] == ("是" if staff.full_time else "否")
            assert row[6] == staff.office.name
        notes = dict(workbook.worksheets[1].iter_rows(values_only=True))
        assert notes["口径"] == APPOINTED.definition
        assert notes["机构"] == cast.county_a.name

    def test_xlsx_of_a_breakdown_row(self, cast, login, roster):
        response = login(cast.city_leader).get(
            records_url(APPOINTED.key),
            scoped(cast.city, breakdown="post", value="mediator", format="xlsx"),
        )
        rows = list(load_workbook(BytesIO(response.content)).worksheets[0].values)[1:]
        assert {r[4] for r in rows} == {"调解员"}
        notes = dict(load_workbook(BytesIO(response.content)).worksheets[1].values)
        assert notes["筛选"] == "按岗位：调解员"

    def test_export_respects_access(self, cast, login, roster):
        response = login(cast.township_clerk).get(
            records_url(APPOINTED.key), scoped(cast.township_a2, format="xlsx")
        )
        assert response.status_code == 404
