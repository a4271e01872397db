"""In Chromium (issue 15.4): a record inside a submitted month warns before it is changed, and
全部核查 checks every submitted month in the user's scope, not only the month the page shows.

The month submitted is March 2026, not the month the consistency page preselects (the last
ended month), so a check-all limited to the preselected month would say 已核查0份.
"""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sifa.mediation.tests.factories import make_case, make_committee
from sifa.reports import actions
from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def submitted_case(cast):
    """A case received in March 2026 in township A1, whose March report was then submitted
    (made before the browser starts, see browser/conftest.py)."""
    committee = make_committee(cast.township_a1, name="甲一镇人民调解委员会")
    case = make_case(cast.township_clerk, committee, received_on=date(2026, 3, 16))
    actions.submit_month(cast.township_clerk, cast.township_a1, 2026, 3)
    return case


def test_the_edit_page_warns_and_check_all_checks_the_submitted_month(
    cast, submitted_case, browser_page
):
    page = browser_page
    log_in(page, cast.township_clerk.username)
    page.goto(submitted_case.get_absolute_url())
    page.get_by_role("link", name="风险标识/报告公安").first.click()
    expect(page.get_by_test_id("report-month-notice")).to_contain_text(
        "该记录所属的 2026年3月 月报已上报，修改后将列入数据一致性核查"
    )

    log_in(page, cast.county_supervisor.username)
    page.goto(reverse("reports:consistency"))
    page.get_by_test_id("check-all").click()
    expect(page.get_by_text("已核查1份月报，其中0份与业务记录不一致。")).to_be_visible()
    expect(page.get_by_test_id("check-summary")).to_contain_text("1份一致")
