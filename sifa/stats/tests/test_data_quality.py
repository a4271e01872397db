"""The data-quality monitor (issue 17 item 7): rules counted as registry indicators, scoped
like every figure, their lists reconciling with the counts, the page per office for every role
that reads figures, and the office head's to-do before each report deadline.

The rules of each line are tested in that line (`sifa/<line>/tests/test_data_quality.py`):
each finds a planted bad record and not a good one.
"""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sifa.core import data_quality as kit
from sifa.core import deadlines, report_months, todos
from sifa.core.deadlines import Unit
from sifa.core.models import CalendarDay
from sifa.corrections.models import Subject
from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.mediation.models import MediationCase
from sifa.mediation.tests.factories import make_case, make_committee
from sifa.orgs.roles import SEED_ROLES
from sifa.reports import definitions
from sifa.shell.menu import navigation_for
from sifa.stats import data_quality, registry, selectors
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

CLOSED_EARLY = "mediation.closed_before_received"
END_BEFORE_START = "corrections.end_before_start"
LINES = ("mediation", "legalaid", "corrections", "resettlement", "people")
STATS_ROLES = {key for key, _name, caps in SEED_ROLES if "stats.view" in caps}


def recent_case(clerk, committee) -> MediationCase:
    """A case received a few days ago: within its closing target, breaking no rule."""
    return make_case(clerk, committee, received_on=timezone.localdate() - datetime.timedelta(5))


def closed_before_received(clerk, committee) -> MediationCase:
    """A case whose 调结日期 precedes its 受理日期, as an old ledger's import may bring it (and
    breaking no other rule)."""
    case = recent_case(clerk, committee)
    MediationCase.objects.filter(pk=case.pk).update(
        closed_on=case.received_on - datetime.timedelta(days=3)
    )
    return case


def count_of(groups, code: str) -> int:
    return next(row.value for group in groups for row in group.rows if row.rule.code == code)


def user_with(role_key: str, office, name: str | None = None):
    user = UserFactory(username=name or f"dq_{role_key}_{office.code}")
    grant(user, office, role_key)
    return user


# --- the declarations ------------------------------------------------------------------------


def test_every_rule_is_an_indicator_of_todays_records_on_no_report_form():
    rules = kit.rules()
    assert {rule.group for rule in rules} == set(LINES)
    assert len({rule.code for rule in rules}) == len(rules) >= 18
    reported = {column.indicator for form in definitions.all_forms() for column in form.columns}
    for rule in rules:
        indicator = registry.get(data_quality.indicator_key(rule))
        assert registry.problems(indicator) == [], rule.code
        assert rule.records().model is rule.model, rule.code
        assert str(indicator.line) == "数据质量" and indicator.kind == registry.STOCK
        assert indicator.reported is False and indicator.key not in reported
        assert selectors.basis_text(indicator) == "当前的全部记录（与统计期间无关）"
        for _label, path in data_quality.columns_of(rule):
            registry.resolve_field(rule.model, path)  # every shown column is a real field
    # A declared report form may not name one: it is not a figure of a month.
    form = definitions.ReportForm(
        key="test.quality_form",
        title="测试",
        line="测试",
        columns=(definitions.Column(data_quality.indicator_key(rules[0])),),
    )
    assert any("today" in problem for problem in definitions.problems(form))


def test_groups_follow_the_lines_and_the_person_registry_comes_last():
    keys = [group.key for group in kit.groups()]
    assert keys == ["mediation", "legalaid", "corrections", "resettlement", "people"]
    assert str(kit.groups()[-1].name) == "人员信息"


@pytest.mark.parametrize("offset", range(0, 400, 7))
def test_the_overdue_start_is_exactly_the_last_start_whose_period_has_run_out(offset):
    """For every deadline rule with a start date, a period started on the cut-off day is past
    due today and one started the day after is not (holidays and 民法典 第203条 included)."""
    today = datetime.date(2026, 1, 1) + datetime.timedelta(days=offset)
    for rule in deadlines.rules():
        if rule.unit == Unit.HOUR:
            continue
        cut = kit.latest_overdue_start(rule.code, today)
        assert deadlines.compute(rule.code, cut) < today, rule.code
        assert deadlines.compute(rule.code, cut + datetime.timedelta(days=1)) >= today, rule.code


def test_a_holiday_in_the_table_moves_the_cut_off(cast):
    """The admin's holiday table is read when the query runs: a due day turned into a holiday
    moves the deadline on, so fewer periods have run out."""
    today = datetime.date(2026, 7, 20)
    code = "mediation.closing_target"
    cut = kit.latest_overdue_start(code, today)
    due = deadlines.compute(code, cut)
    CalendarDay.objects.create(date=due, kind=CalendarDay.Kind.HOLIDAY, name="测试")
    assert kit.latest_overdue_start(code, today) < cut


# --- counts, scope and the lists behind them --------------------------------------------------


@pytest.fixture
def planted(cast):
    """A case closed before it was received in townships A1 and A2 and in county B."""
    a1 = make_committee(cast.township_a1)
    a2 = make_committee(cast.township_a2)
    b1 = make_committee(cast.township_b1)
    return {
        "a1": closed_before_received(cast.township_clerk, a1),
        "a2": closed_before_received(cast.sibling_clerk, a2),
        "b1": closed_before_received(user_with("jo_staff", cast.township_b1), b1),
        "good": recent_case(cast.township_clerk, a1),
    }


def test_counts_are_scoped_to_the_office_subtree_and_the_readers_sight(cast, planted):
    clerk = count_of(data_quality.counts(cast.township_clerk, cast.township_a1), CLOSED_EARLY)
    county = count_of(data_quality.counts(cast.county_supervisor, cast.county_a), CLOSED_EARLY)
    city = count_of(data_quality.counts(cast.city_leader, cast.city), CLOSED_EARLY)
    assert (clerk, county, city) == (1, 2, 3)

    rule = kit.rule_of(CLOSED_EARLY)
    listed = data_quality.problem_records(cast.county_supervisor, cast.county_a, rule)
    assert set(listed) == {planted["a1"], planted["a2"]}  # county B's is another subtree
    mine = data_quality.problem_records(cast.township_clerk, cast.township_a1, rule)
    assert list(mine) == [planted["a1"]]


def test_every_rule_is_shown_at_zero_when_the_office_is_clean(cast):
    groups = data_quality.counts(cast.township_clerk, cast.township_a1)
    assert [group.group.key for group in groups] == list(LINES)
    assert all(row.value == 0 for group in groups for row in group.rows)
    assert sum(len(group.rows) for group in groups) == len(kit.rules())


def test_a_reader_sees_the_rules_of_the_lines_of_their_role_only(cast, login, planted):
    centre_reviewer = user_with("la_reviewer", cast.county_a)
    groups = data_quality.counts(centre_reviewer, cast.county_a)
    assert [group.group.key for group in groups] == ["legalaid", "people"]
    url = reverse("stats:quality_records", args=[CLOSED_EARLY])
    assert login(centre_reviewer).get(url).status_code == 403
    assert login(cast.county_supervisor).get(url + "x").status_code == 404


def test_a_minors_record_is_counted_and_stated_as_hidden_not_listed(cast):
    worker = make_worker(cast.county_a)
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    Subject.objects.filter(pk=minor.pk).update(
        correction_end=minor.correction_start - datetime.timedelta(days=1)
    )
    rule = kit.rule_of(END_BEFORE_START)

    clerk_count = count_of(data_quality.counts(cast.township_clerk, cast.township_a1), rule.code)
    clerk_rows = data_quality.problem_records(cast.township_clerk, cast.township_a1, rule)
    hidden = data_quality.hidden_records(cast.township_clerk, cast.township_a1, rule)
    assert (clerk_count, clerk_rows.count(), hidden.minors) == (1, 0, 1)

    listed = data_quality.problem_records(worker, cast.county_a, rule)
    assert list(listed) == [minor]  # corrections.minors: listed
    assert data_quality.hidden_records(worker, cast.county_a, rule).minors == 0


def test_each_count_equals_its_records_listed_and_stated(cast, login, planted):
    """For every rule and reader: the count on the page = the rows of its list + the rows the
    list states as hidden; the page links each count to that list."""
    worker = make_worker(cast.county_a)
    minor = make_active_subject(worker, cast.township_a2, minor=True)
    Subject.objects.filter(pk=minor.pk).update(correction_end=datetime.date(2020, 1, 1))
    for user, office in (
        (cast.township_clerk, cast.township_a1),
        (cast.county_supervisor, cast.county_a),
        (cast.city_leader, cast.city),
        (worker, cast.county_a),
    ):
        page = login(user).get(reverse("stats:quality"), {"office": office.pk})
        assert page.status_code == 200
        for _group, rows in page.context["groups"]:
            for row, url in rows:
                assert url == data_quality.records_url(row.rule, office)
                listed = login(user).get(url)
                hidden = data_quality.hidden_records(user, office, row.rule)
                count = listed.context["page_obj"].paginator.count
                assert row.value == count + hidden.minors + hidden.other_lines, (
                    user.username,
                    row.rule.code,
                )
    assert count_of(data_quality.counts(cast.city_leader, cast.city), END_BEFORE_START) == 1


def test_the_statistics_pages_drill_down_to_the_same_records(cast, login, planted):
    """A count is an indicator like any: the catalogue lists it and the statistics drill-down
    (whatever period it is asked for) lists the records the monitor lists."""
    rule = kit.rule_of(CLOSED_EARLY)
    key = data_quality.indicator_key(rule)
    client = login(cast.county_supervisor)
    assert f"/stats/indicators/{key}/" in client.get(reverse("stats:catalogue")).content.decode()
    page = client.get(
        reverse("stats:records", args=[key]),
        {"office": cast.county_a.pk, "from": "2020-01-01", "to": "2020-12-31"},
    )
    listed = {row.record for row, _cells in page.context["rows"]}
    assert listed == set(data_quality.problem_records(cast.county_supervisor, cast.county_a, rule))
    assert listed == {planted["a1"], planted["a2"]}


# --- the pages ----------------------------------------------------------------------------------


def test_the_page_counts_by_rule_and_links_to_the_records_and_their_forms(cast, login, planted):
    client = login(cast.county_supervisor)
    page = client.get(reverse("stats:quality"), {"office": cast.county_a.pk})
    html = page.content.decode()
    assert page.status_code == 200
    for group in kit.groups():
        assert f'id="quality-group-{group.key}">{group.name}</h2>' in html
    for rule in kit.rules():
        assert str(rule.label) in html
    assert f'data-rule="{CLOSED_EARLY}"' in html
    assert "共 <strong>2</strong> 条记录待核对" in html

    listed = client.get(data_quality.records_url(kit.rule_of(CLOSED_EARLY), cast.county_a))
    html = listed.content.decode()
    assert listed.status_code == 200
    assert planted["a1"].number in html and planted["a2"].number in html
    assert planted["b1"].number not in html and planted["good"].number not in html
    assert planted["a1"].get_absolute_url() in html
    assert "共 2 条" in html

    export = client.get(
        reverse("stats:quality_export", args=[CLOSED_EARLY]), {"office": cast.county_a.pk}
    )
    sheet = load_workbook(BytesIO(export.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "记录", "所属机构")
    assert {row[1] for row in rows[1:]} == {planted["a1"].number, planted["a2"].number}


def test_a_fix_link_is_offered_to_who_may_edit_the_record(cast, login):
    committee = make_committee(cast.township_a1)
    case = make_case(cast.township_clerk, committee, received_on=datetime.date(2020, 1, 6))
    url = data_quality.records_url(kit.rule_of("mediation.open_past_target"), cast.township_a1)
    start = reverse("mediation:case_start", args=[case.pk])

    assert start in login(cast.township_clerk).get(url).content.decode()
    leader = login(cast.city_leader).get(url).content.decode()  # 局领导: reads, does not edit
    assert case.number in leader and start not in leader


def test_an_office_out_of_sight_is_not_found(cast, login):
    response = login(cast.township_clerk).get(
        reverse("stats:quality"), {"office": cast.township_a2.pk}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role_key", sorted(STATS_ROLES))
def test_every_role_reading_figures_has_the_page_in_its_menu(cast, login, role_key):
    user = user_with(role_key, cast.county_a)
    assert "/stats/quality/" in menu_urls(user)
    assert login(user).get(reverse("stats:quality")).status_code == 200


@pytest.mark.parametrize(
    "role_key", sorted({key for key, _name, _caps in SEED_ROLES} - STATS_ROLES)
)
def test_a_role_without_figures_has_no_entry_and_is_refused(cast, login, role_key):
    user = user_with(role_key, cast.county_a)
    assert "/stats/quality/" not in menu_urls(user)
    assert login(user).get(reverse("stats:quality")).status_code == 403


def menu_urls(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return [item["url"] for section in navigation_for(request) for item in section["items"]]


# --- the report deadline and the head's to-do --------------------------------------------------


def test_the_report_deadline_is_the_due_day_of_the_next_month_moved_off_days_off(settings):
    settings.SIFA_REPORT_DUE_DAY = 5
    assert report_months.report_deadline(2026, 2) == datetime.date(2026, 3, 5)  # a Thursday
    CalendarDay.objects.create(
        date=datetime.date(2026, 3, 5), kind=CalendarDay.Kind.HOLIDAY, name="测试"
    )
    assert report_months.report_deadline(2026, 2) == datetime.date(2026, 3, 6)
    settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS = False
    assert report_months.report_deadline(2026, 2) == datetime.date(2026, 3, 5)
    settings.SIFA_REPORT_DUE_DAY = 31
    assert report_months.report_deadline(2026, 1) == datetime.date(2026, 2, 28)
    assert report_months.report_deadline(2026, 12) == datetime.date(2027, 1, 31)


def test_the_next_deadline_is_last_months_until_it_passes(settings):
    settings.SIFA_REPORT_DUE_DAY = 5
    settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS = False
    march = datetime.date(2026, 3, 5)
    assert report_months.next_report_deadline(datetime.date(2026, 3, 1)) == (march, (2026, 2))
    assert report_months.next_report_deadline(march) == (march, (2026, 2))
    assert report_months.next_report_deadline(datetime.date(2026, 3, 6)) == (
        datetime.date(2026, 4, 5),
        (2026, 3),
    )
    assert report_months.next_report_deadline(datetime.date(2026, 12, 20))[1] == (2026, 12)
    assert report_months.next_report_deadline(datetime.date(2027, 1, 2))[1] == (2026, 12)


@pytest.fixture
def head(cast):
    return user_with("jo_head", cast.township_a1, "dq_head_a1")


def test_the_head_has_the_todo_in_the_days_before_the_deadline_only(cast, head, settings):
    settings.SIFA_REPORT_DUE_DAY = 5
    settings.SIFA_QUALITY_TODO_DAYS = 3
    settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS = False
    closed_before_received(cast.township_clerk, make_committee(cast.township_a1))
    due = datetime.date(2026, 3, 5)

    (todo,) = data_quality.quality_todos(head, today=due - datetime.timedelta(days=3))
    assert todo.due == due and not todo.overdue
    assert todo.url == data_quality.overview_url(cast.township_a1)
    assert "甲一镇司法所有 1 条记录" in todo.title and "2026年2月月报" in todo.title
    assert todo.office_path == cast.township_a1.path
    assert data_quality.quality_todos(head, today=due)  # the deadline day itself
    assert data_quality.quality_todos(head, today=due - datetime.timedelta(days=4)) == []
    assert data_quality.quality_todos(head, today=due + datetime.timedelta(days=1)) == []
    # Not the clerk's, nor the county staff's: the head answers for the office's report.
    for user in (cast.township_clerk, cast.county_supervisor):
        assert data_quality.quality_todos(user, today=due) == []


def test_a_clean_office_gives_its_head_no_todo(cast, head, settings):
    settings.SIFA_REPORT_DUE_DAY = 5
    settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS = False
    recent_case(cast.township_clerk, make_committee(cast.township_a1))
    assert data_quality.quality_todos(head, today=datetime.date(2026, 3, 4)) == []


def test_the_todo_is_on_the_heads_todo_list_within_the_window(cast, head, settings):
    closed_before_received(cast.township_clerk, make_committee(cast.township_a1))
    today = timezone.localdate()
    due, _month = report_months.next_report_deadline(today)
    settings.SIFA_QUALITY_TODO_DAYS = (due - today).days  # today opens the window

    titles = [t.title for t in todos.for_user(head, line=data_quality.TODO_KEY)]
    assert len(titles) == 1 and "核对更正" in titles[0]
    settings.SIFA_QUALITY_TODO_DAYS = (due - today).days - 1
    assert todos.for_user(head, line=data_quality.TODO_KEY) == []
