"""In Chromium: a month's report is submitted, a later edit shows up for the county reviewer, and
the city leader downloads the half-year work summary as .docx (issue 6, item 7).

1. The township clerk opens 月报上报 and submits last month: the values are frozen.
2. The clerk then starts mediation on one of last month's cases — an edit to a record that
   the submitted month counts.
3. The county supervisor opens the township's submission and runs 立即核查: the difference is
   listed with the edited case and the clerk who changed it.
4. The city leader drafts the half-year summary from the built-in template and downloads the
   .docx, which the test opens with python-docx.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sifa.mediation.tests.factories import make_case, make_committee, make_mediator
from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def last_month() -> tuple[int, int, date]:
    first_of_this_month = timezone.localdate().replace(day=1)
    day = first_of_this_month - timedelta(days=10)
    return day.year, day.month, day


@pytest.fixture
def last_months_cases(cast):
    """Two cases received last month in a committee of township A1, and its mediator."""
    committee = make_committee(cast.township_a1, name="甲一镇人民调解委员会")
    make_mediator(committee, name="孙调解")
    _year, _month, day = last_month()
    return [
        make_case(cast.township_clerk, committee, received_on=day),
        make_case(cast.township_clerk, committee, received_on=day, dispute_type="contract"),
    ]


def test_submit_edit_review_and_download_the_summary(
    cast, last_months_cases, browser_page, tmp_path
):
    page = browser_page
    year, month, _day = last_month()
    edited = last_months_cases[0]

    # 1. The township clerk submits last month.
    log_in(page, cast.township_clerk.username)
    page.goto(f"/reports/submissions/?year={year}&month={month}")
    own = page.get_by_test_id("own-submissions")
    own.locator("input[name=note]").fill("本月数据已核对")
    own.get_by_test_id("submit-month").click()
    expect(page.get_by_test_id("own-submissions")).to_contain_text("已上报")

    # 2. Afterwards, the clerk starts mediation on one of the month's cases.
    page.goto(f"/mediation/cases/{edited.pk}/")
    page.get_by_role("link", name="开始调解").click()
    page.get_by_label("孙调解").check()
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("body")).to_contain_text("调解中")

    # 3. The county supervisor reviews: the check lists the edited case and who edited it.
    log_in(page, cast.county_supervisor.username)
    page.goto(f"/reports/submissions/?year={year}&month={month}")
    page.get_by_test_id("review-submissions").get_by_role(
        "link", name=cast.township_a1.name
    ).click()
    page.get_by_test_id("check-now").click()
    result = page.get_by_test_id("check-result")
    expect(result).to_contain_text("项指标与上报时不一致")
    body = page.locator("body")
    expect(body).to_contain_text(edited.number)
    expect(body).to_contain_text(str(cast.township_clerk))

    # 4. The city leader drafts the half-year summary and downloads it as .docx.
    log_in(page, cast.city_leader.username)
    page.goto(f"/reports/summaries/?office={cast.city.pk}")
    page.select_option("select[name=template]", "default:half_year")
    page.fill("input[name=start]", "2026-01-01")
    page.fill("input[name=end]", "2026-06-30")
    page.get_by_role("button", name="生成总结稿").click()
    expect(page.get_by_test_id("summary-document")).to_contain_text("工作总结")
    with page.expect_download() as download_info:
        page.get_by_test_id("export-docx").click()
    path = tmp_path / "summary.docx"
    download_info.value.save_as(path)

    from docx import Document

    document = Document(path)
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0] == f"{cast.city.name}2026年上半年工作总结"
    assert any(p.startswith("一、") for p in paragraphs)  # the section headings
    assert paragraphs[-1].endswith("日")  # the 落款 date
