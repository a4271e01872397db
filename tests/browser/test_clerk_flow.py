"""End to end in Chromium: a clerk's scope, the indicator catalogue and drill-down, lockout."""

import re

import pytest
from playwright.sync_api import expect

from sifa.orgs.constants import OfficeKind
from tests.factories import PASSWORD, add_office

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores the seeded roles and
    # code tables that the flush between transactional tests would otherwise remove.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


@pytest.fixture
def sibling_station(cast):
    """A station in the sibling township, which the clerk must never see.

    Created before the browser starts: ORM calls made while Playwright's event loop runs open
    a connection of their own that outlives the test.
    """
    code = cast.township_a2.region_code + "201"
    return add_office(
        cast.township_a2,
        name="甲二村司法行政服务站",
        code=code,
        kind=OfficeKind.SERVICE_STATION,
        region_code=code,
    )


def test_township_clerk_sees_own_scope_and_drills_into_an_indicator(
    cast, sibling_station, browser_page
):
    page = browser_page

    log_in(page, cast.township_clerk.username, PASSWORD)
    expect(page.locator(".sifa-scope").first).to_contain_text("甲一镇司法所")

    # The office tree shows the clerk's own office and its station, not the sibling township.
    page.goto("/orgs/")
    expect(page.get_by_text("甲一村司法行政服务站").first).to_be_visible()
    expect(page.get_by_text("甲二镇司法所")).to_have_count(0)
    expect(page.get_by_text("甲二村司法行政服务站")).to_have_count(0)

    # Catalogue → indicator → the records behind its value.
    page.goto("/stats/")
    page.get_by_role("link", name="村(社区)司法行政服务站数").click()
    expect(page).to_have_url(re.compile(r"/stats/.+orgs\.service_stations"))
    value = page.get_by_test_id("indicator-value")
    expect(value).to_have_text("1")
    value.click()
    expect(page.get_by_test_id("record-count")).to_have_text("1")
    expect(page.get_by_role("link", name="甲一村司法行政服务站")).to_be_visible()
    expect(page.get_by_text("甲二村司法行政服务站")).to_have_count(0)


def test_five_wrong_passwords_lock_the_account(cast, browser_page):
    page = browser_page
    for _attempt in range(5):
        log_in(page, cast.township_clerk.username, "Wrong-Password-1")
    expect(page.locator("body")).to_contain_text("锁定")

    # Even the right password is refused while the lock lasts.
    log_in(page, cast.township_clerk.username, PASSWORD)
    expect(page.locator("body")).to_contain_text("锁定")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
