"""End to end in Chromium (issue 15 items 10 and 13): every menu link a county user sees opens,
and the global search finds a case by number and a person by the masked ID a page showed."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from sifa.core.masking import mask_id_number
from sifa.mediation.actions.cases import PartyInput
from sifa.mediation.constants import PartyKind, PartyRole
from sifa.mediation.tests.factories import make_case, make_committee, natural_party
from sifa.orgs.constants import OfficeKind
from sifa.people.actions import person_register
from sifa.people.models import DocumentType
from sifa.people.tests.helpers import resident_id
from tests.browser.pages import log_in
from tests.factories import UserFactory, add_office, grant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WANG_ID = resident_id("330102", date(1981, 7, 9), "527")


@pytest.fixture
def county_corrections_worker(cast):
    """A 社区矫正工作人员 of the county's 社区矫正机构 (no 司法所 under it): before the fix the
    menu offered 登记释放人员 and the page answered 403."""
    institution = add_office(
        cast.county_a,
        name="甲县社区矫正管理局",
        code="330102951",
        kind=OfficeKind.CORRECTIONS_INSTITUTION,
        region_code="330102",
    )
    user = UserFactory(username="county_cc_worker")
    grant(user, institution, "cc_worker")
    return user


def sidebar_links(page) -> list[tuple[str, str]]:
    links = page.locator("#sifa-sidebar a.nav-link")
    return [
        (links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]


@pytest.mark.parametrize("who", ["county_supervisor", "county_cc_worker"])
def test_every_menu_link_a_county_user_sees_opens(
    cast, county_corrections_worker, browser_page, who
):
    page = browser_page
    user = cast.county_supervisor if who == "county_supervisor" else county_corrections_worker
    log_in(page, user.username)

    links = sidebar_links(page)
    labels = [label for label, _href in links]
    assert "安置帮教对象" in labels
    if who == "county_cc_worker":
        assert "登记释放人员" not in labels
    refused = []
    for label, href in links:
        response = page.goto(href)
        if response is None or response.status != 200:
            status = response.status if response else None
            refused.append((label, href, status, page.locator("main").inner_text()[:200]))
    assert refused == []


@pytest.fixture
def wang_and_case(cast):
    wang = person_register(
        actor=cast.township_clerk,
        office=cast.township_a1,
        name="王建国",
        doc_type=DocumentType.RESIDENT_ID,
        id_number=WANG_ID,
    )
    committee = make_committee(cast.township_a1)
    case = make_case(
        cast.township_clerk,
        committee,
        parties=[
            PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=wang),
            natural_party(committee, PartyRole.RESPONDENT),
        ],
    )
    return wang, case


def test_clerk_finds_a_case_by_number_and_a_person_by_masked_id(cast, wang_and_case, browser_page):
    page = browser_page
    _wang, case = wang_and_case
    log_in(page, cast.township_clerk.username)

    # A case by its number, in the 人民调解 group, opens the case.
    page.fill("#sifa-global-search-input", case.number)
    page.press("#sifa-global-search-input", "Enter")
    group = page.locator(".sifa-search-group", has_text="人民调解")
    expect(group.locator("h2")).to_have_text("人民调解")
    group.get_by_role("link", name=case.number).click()
    expect(page).to_have_url(re.compile(re.escape(case.get_absolute_url()) + "$"))

    # A person by the masked number a page shows; the person's page lists the case.
    masked = mask_id_number(WANG_ID)
    page.fill("#sifa-global-search-input", masked)
    page.press("#sifa-global-search-input", "Enter")
    persons = page.locator(".sifa-search-group", has_text="人员")
    persons.get_by_role("link", name=f"王建国 {masked}").click()
    expect(page.get_by_text(case.number).first).to_be_visible()
    expect(page.get_by_text(WANG_ID)).to_have_count(0)  # the full number is never shown
