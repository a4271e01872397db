"""In Chromium: a citizen at the public legal service centre's desk is registered as a visitor
(by 身份证号码) and referred to a legal-aid application; the application's form is prefilled from
the visit, the application carries the visitor, and both pages show the link (关联记录)."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from sifa.frontdesk.tests.conftest import desk  # noqa: F401 (fixture)
from sifa.people.tests.helpers import resident_id
from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VISITOR = "陈小红"
MATTER = "在超市工作两年，老板拖欠三个月工资不给。"


def test_a_visitor_referred_to_legal_aid_shows_the_link_on_both_pages(desk, browser_page):  # noqa: F811
    page = browser_page
    number = resident_id(sequence="468")
    log_in(page, desk.clerk.username)

    page.goto("/frontdesk/visits/register/")
    page.select_option("#id_office", label=desk.centre.name)
    page.fill("#id_id_number", number)
    page.fill("#id_name", VISITOR)
    page.select_option("#id_category", label="劳动争议")
    page.fill("#id_matter", MATTER)
    page.select_option("#id_service", label="当场解答")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记来访。")).to_be_visible()
    visit_url = page.url

    page.get_by_test_id("convert-legalaid_application").click()
    expect(page.get_by_test_id("prefilled-person")).to_contain_text(VISITOR)
    expect(page.get_by_test_id("prefilled-matter")).to_contain_text(MATTER)
    page.select_option("#id_office", label=desk.legal_aid.name)
    page.select_option("#id_matter_type", label="民事")
    page.select_option("#id_matter", label="请求确认劳动关系或者支付劳动报酬")
    page.get_by_role("button", name="转办").click()
    expect(page.get_by_text("已转为法律援助申请")).to_be_visible()
    expect(page.get_by_test_id("service")).to_have_text("受理申请")

    links = page.get_by_test_id("record-links")
    expect(links).to_contain_text("法律援助申请")
    links.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/legal-aid/applications/\d+/$"))
    expect(page.get_by_text(VISITOR).first).to_be_visible()
    back = page.get_by_test_id("record-links")
    expect(back).to_contain_text("来访登记")
    expect(back.get_by_role("link")).to_have_attribute("href", urlparse(visit_url).path)
