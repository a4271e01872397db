"""End to end in Chromium (issue 15.1): a date input keeps its value through an edit.

A date field rendered in the locale's format ("2000/03/07") is shown empty by the browser's
date input, and saving the form without touching it wiped the date.
"""

import datetime

import pytest
from playwright.sync_api import expect

from sifa.orgs.models import Office
from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOUNDED = datetime.date(2000, 3, 7)


@pytest.fixture
def founded_township(cast):
    """甲一镇司法所 with a 成立日期 (set before the browser starts, see browser/conftest.py)."""
    Office.objects.filter(pk=cast.township_a1.pk).update(established_on=FOUNDED)
    return cast.township_a1


def test_editing_an_office_without_touching_its_date_keeps_the_date(
    cast, founded_township, browser_page
):
    page = browser_page
    log_in(page, cast.sysadmin.username)

    page.goto(f"/orgs/{founded_township.pk}/edit/")
    date_input = page.locator("input[name=established_on]")
    expect(date_input).to_have_value("2000-03-07")  # the browser shows it, not an empty box
    page.fill("input[name=phone]", "0571-12345678")
    page.locator("form button[type=submit]").last.click()

    expect(page.locator("dd", has_text="0571-12345678")).to_be_visible()  # saved, on the detail
    expect(page.locator("dd", has_text="2000-03-07")).to_be_visible()

    page.goto(f"/orgs/{founded_township.pk}/edit/")
    expect(page.locator("input[name=established_on]")).to_have_value("2000-03-07")
