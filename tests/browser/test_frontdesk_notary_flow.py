"""In Chromium (issue 19 item 5): a citizen at the public legal service centre's desk is
registered as a visitor and referred to notarisation on the conversion page; the notary office's
own account (执业机构管理员) accepts and issues the certificate within the 15 working days, and
the county's notarisation figure (`notary.issued`, read on its indicator page) moves by one.

The desk's user is the county's 业务科室 (section) supervisor: the conversion writes at the centre
(front desk) and at the notary office (notary line), so the user must be allowed both
(docs/frontdesk.md)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sifa.frontdesk.tests.conftest import desk  # noqa: F401 (fixture)
from sifa.people.tests.helpers import resident_id
from sifa.practice.constants import Category
from sifa.practice.tests.conftest import make_institution
from tests.browser.pages import log_in
from tests.factories import UserFactory, grant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VISITOR = "林晓梅"
MATTER = "父亲去世，名下房产需办理继承公证。"
INDICATOR = "notary.issued"
CERTIFICATE = "（2026）青川证字第0001号"


@pytest.fixture
def notary_office(desk, cast):  # noqa: F811
    """A notary office under county A and its own account (inst_admin on its office)."""
    section = UserFactory(username="city_notary_section")
    grant(section, cast.city, "section")
    institution = make_institution(section, cast.county_a, 71, Category.NOTARY_OFFICE)
    admin = UserFactory(username="notary_office_admin")
    grant(admin, institution.office, "inst_admin")
    return institution, admin


def indicator_value(page, office_pk, day):
    page.goto(f"/stats/indicators/{INDICATOR}/?office={office_pk}&from={day}&to={day}")
    return int(page.get_by_test_id("indicator-value").inner_text())


def act(page, notarisation_url, link, fill, success):
    """Follow one of the notarisation's action buttons, fill its form and save it."""
    page.goto(notarisation_url)
    page.get_by_role("link", name=link, exact=True).click()
    for selector, value in fill.items():
        page.fill(selector, value)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text(success)


def test_a_visitor_referred_to_notarisation_is_issued_and_the_figure_moves(
    cast,
    desk,  # noqa: F811
    notary_office,
    browser_page,
):
    institution, admin = notary_office
    page = browser_page
    today = timezone.localdate().isoformat()
    county = cast.county_a.pk

    log_in(page, desk.clerk.username)
    before = indicator_value(page, county, today)

    # The desk registers the citizen by 身份证号码 and refers her to the notary office.
    page.goto("/frontdesk/visits/register/")
    page.select_option("#id_office", label=desk.centre.name)
    page.fill("#id_id_number", resident_id(sequence="579"))
    page.fill("#id_name", VISITOR)
    page.select_option("#id_category", label="公证事项")
    page.fill("#id_matter", MATTER)
    page.select_option("#id_service", label="当场解答")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记来访。")).to_be_visible()

    page.get_by_test_id("convert-notarisation").click()
    expect(page.get_by_test_id("prefilled-person")).to_contain_text(VISITOR)
    expect(page.get_by_test_id("prefilled-matter")).to_contain_text(MATTER)
    page.select_option("#id_office", label=institution.office.name)
    page.select_option("#id_matter_code", label="继承")
    expect(page.locator("#id_applied_on")).to_have_value(today)
    page.get_by_role("button", name="转办").click()
    expect(page.get_by_text("已转为公证申请")).to_be_visible()
    expect(page.get_by_test_id("service")).to_have_text("受理申请")
    links = page.get_by_test_id("record-links")
    expect(links).to_contain_text("公证申请")
    notarisation_path = links.get_by_role("link").first.get_attribute("href")
    assert re.fullmatch(r"/notary/notarisations/\d+/", notarisation_path)

    # The notary office's own account finds the application with the visitor, accepts, issues.
    log_in(page, admin.username)
    page.goto(notarisation_path)
    expect(page.locator("body")).to_contain_text(VISITOR)
    expect(page.locator("body")).to_contain_text(MATTER)
    act(page, notarisation_path, "受理", {"#id_accepted_on": today}, "已受理。")
    due = page.locator("dt:has-text('出证期限') + dd")
    expect(due).to_have_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    assert due.inner_text() > today  # 15 working days ahead
    act(
        page,
        notarisation_path,
        "出具公证书",
        {"#id_issued_on": today, "#id_certificate_number": CERTIFICATE},
        "已出具公证书。",
    )
    expect(page.locator("body")).to_contain_text(CERTIFICATE)
    expect(page.get_by_text("超期出证")).to_have_count(0)

    # The bureau's figure of the county moves by one.
    log_in(page, desk.clerk.username)
    assert indicator_value(page, county, today) == before + 1
