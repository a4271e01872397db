"""In Chromium: the 人民调解工作情况月报表 (37 columns) printed to PDF fits one A4 landscape
page (issue 15, item 14). Printed with page.pdf(), which fires no beforeprint event: the fit
comes from the print stylesheet and the server's zoom alone."""

import re
from datetime import date

import pytest

from sifa.mediation.tests.factories import make_case, make_committee
from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

A4_LANDSCAPE_PX = 1123  # 297 mm at 96 px per inch
MARGIN_PX = 38  # 10 mm


@pytest.fixture
def march_cases(cast):
    for township, clerk in (
        (cast.township_a1, cast.township_clerk),
        (cast.township_a2, cast.sibling_clerk),
    ):
        committee = make_committee(township)
        for day in (3, 9, 20):
            make_case(clerk, committee, received_on=date(2026, 3, day))


def test_monthly_form_prints_on_one_a4_landscape_page(cast, march_cases, browser_page):
    page = browser_page
    log_in(page, cast.county_supervisor.username)
    page.goto(f"/reports/forms/mediation.monthly/?office={cast.county_a.pk}&month=2026-03")
    page.get_by_test_id("report-table").wait_for()

    # Laid out for print at the page's width, the table ends inside the right margin.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_LANDSCAPE_PX - 2 * MARGIN_PX, "height": 700})
    right = page.evaluate(
        "document.querySelector('[data-testid=report-table]').getBoundingClientRect().right"
    )
    assert right <= A4_LANDSCAPE_PX - 2 * MARGIN_PX
    assert page.get_by_text("调解纠纷", exact=True).is_visible()

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    width, height = float(box.group(1)), float(box.group(2))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
