"""End to end in Chromium: the to-do list (待办事项) pages, filters by line and opens a to-do.

Issue 15 item 11: the list is paged at SIFA_PER_PAGE, most urgent first, filterable by line
and office with the filter in the URL; new portal applications and returned monthly reports
are listed with their legal deadlines.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sifa.legalaid.constants import Origin
from sifa.legalaid.models import Application
from sifa.legalaid.tests.factories import make_application, make_centre, make_reviewer
from sifa.reports import actions as report_actions
from sifa.reports.tests.test_snapshots import MONTH, YEAR, cases_in
from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def two_todos(cast, settings):
    """A returned monthly report of 甲一镇 (due in 3 working days) and a new portal application
    at 甲县's legal-aid centre (due in 7 days); one to-do a page. Made before the browser starts."""
    settings.SIFA_PER_PAGE = 1
    cases_in(cast, cast.township_a1, [2])
    submission = report_actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    report_actions.return_submission(cast.county_supervisor, submission, "数字有误。")
    centre = make_centre(cast.county_a)
    application = make_application(make_reviewer(centre), centre, received_on=timezone.localdate())
    Application.objects.filter(pk=application.pk).update(origin=Origin.ONLINE)
    return submission, application


def test_supervisor_pages_filters_and_opens_a_todo(cast, two_todos, browser_page):
    submission, application = two_todos
    page = browser_page
    log_in(page, cast.county_supervisor.username)
    page.goto("/?todos=1")

    # The month's mediation cases are past their closing target: overdue comes first.
    expect(page.locator("[data-count=total]")).to_have_text("3")
    rows = page.locator(".sifa-todo-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("已逾期")
    expect(page.get_by_text("第 1–1 条，共 3 条")).to_be_visible()

    page.get_by_role("link", name="下一页").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(rows.first).to_contain_text("月报被退回")  # then the nearest deadline
    expect(rows.first).to_contain_text("统计法 第7条")

    page.get_by_role("link", name="下一页").click()
    expect(page).to_have_url(re.compile(r"page=3"))
    expect(rows.first).to_contain_text(f"新网上申请 {application.number}")
    expect(rows.first).to_contain_text("法律援助法 第43条")

    page.get_by_label("业务", exact=True).select_option(label="月报上报")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"line=reports"))
    expect(page.locator("[data-count=total]")).to_have_text("1")

    page.get_by_label("机构", exact=True).select_option(label=cast.township_a2.name)
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(rf"office={cast.township_a2.pk}"))
    expect(page.get_by_text("暂无待办事项")).to_be_visible()

    page.go_back()
    page.locator(".sifa-todo-table tbody tr a").first.click()
    expect(page).to_have_url(re.compile(rf"/reports/submissions/{submission.pk}/"))
