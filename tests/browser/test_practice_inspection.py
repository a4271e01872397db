"""In Chromium: a law firm's 执业机构管理员 submits its annual inspection materials, the county
reviews them (初审) and the city decides 合格 (issue 18, items 3 and 8).

County A opened the last year's inspection of its law firms; the firm's administrator finds his
firm's submission under 年度检查考核, uploads the four required materials (PDF files) on the
报送材料 page and sees the year's business statistics counted from the register; the county's
业务科室 passes it on (初审通过), and the city's 业务科室 decides 合格. Each step appears in the
submission's 办理记录 with the person who took it. Then anybody, without logging in, finds the
firm on the public integrity page (执业诚信信息查询, item 5) and reads the year's result 合格.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sifa.practice.actions.inspection import inspection_open
from sifa.practice.actions.matters import matter_save
from sifa.practice.constants import Category, ClientKind, LitigationType, MatterCategory
from sifa.practice.tests.conftest import make_institution
from tests.browser.pages import log_in
from tests.factories import UserFactory, grant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
FILES = {"report": "年度执业情况报告", "audit": "财务审计报告", "tax": "纳税证明",
         "social_insurance": "社会保险缴纳证明"}  # fmt: skip


@pytest.fixture
def inspection_desk(cast):
    """A law firm under county A with its administrator, one matter of last year in its
    register, the city's 业务科室, and the county's inspection of last year opened today."""
    city_section = UserFactory(username="city_practice_section")
    grant(city_section, cast.city, "section")
    firm = make_institution(city_section, cast.county_a, 1)
    admin = UserFactory(username="firm_one_admin")
    grant(admin, firm.office, "inst_admin")
    year = timezone.localdate().year - 1
    matter_save(
        actor=admin, institution=firm, number=f"{year}民001", category=MatterCategory.LITIGATION,
        litigation_type=LitigationType.CIVIL, client="青川市某纺织有限公司",
        client_kind=ClientKind.ENTERPRISE, accepted_on=datetime.date(year, 3, 2),
        subject_amount=150000, fee=6000,
    )  # fmt: skip
    inspection = inspection_open(
        actor=cast.county_supervisor, office=cast.county_a, category=Category.LAW_FIRM,
        year=year, due_on=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    return {"firm": firm, "admin": admin, "city": city_section, "inspection": inspection}


def test_a_firm_submits_the_county_reviews_and_the_city_passes_it(
    inspection_desk, cast, browser_page
):
    page = browser_page
    firm = inspection_desk["firm"]

    # The firm's administrator submits its materials.
    log_in(page, inspection_desk["admin"].username)
    page.goto("/practice/inspections/")
    page.get_by_role("link", name=str(firm)).click()
    expect(page.locator("[data-status]")).to_have_text("待提交")
    submission_url = page.url
    page.get_by_role("link", name="报送材料").click()
    page.fill("textarea[name=summary]", "全年依法执业，未受处罚。")
    for name, label in FILES.items():
        page.set_input_files(
            f"input[name={name}]",
            files=[{"name": f"{label}.pdf", "mimeType": "application/pdf", "buffer": PDF}],
        )
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-status]")).to_have_text("待初审")
    statistics = page.locator("table").first
    expect(statistics).to_contain_text("诉讼业务（件）")
    expect(statistics.locator("tr", has_text="诉讼业务（件）").first).to_contain_text("1")
    expect(page.get_by_role("link", name="财务审计报告.pdf")).to_be_visible()

    # The county reviews: 初审通过.
    log_in(page, cast.county_supervisor.username)
    page.goto(submission_url)
    page.get_by_role("link", name="初审").click()
    page.select_option("select[name=passed]", "1")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-status]")).to_have_text("待考核决定")
    expect(page.get_by_role("link", name="考核决定")).to_have_count(0)  # the city decides

    # The city decides 合格.
    log_in(page, inspection_desk["city"].username)
    page.goto(submission_url)
    page.get_by_role("link", name="考核决定").click()
    page.select_option("select[name=result]", "passed")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-status]")).to_have_text("合格")
    record = page.locator(".card", has_text="办理记录")
    expect(record).to_contain_text("待初审 → 待考核决定")
    expect(record).to_contain_text("待考核决定 → 合格")

    # A citizen, not logged in, finds the firm on the public page and reads the result.
    page.context.clear_cookies()
    page.goto("/public/practice/")
    page.get_by_role("link", name="执业机构").click()
    page.get_by_role("searchbox").fill(str(firm))
    page.get_by_role("button", name="查询").click()
    row = page.locator("#public-results tr", has_text=str(firm))
    expect(row).to_contain_text(f"{inspection_desk['inspection'].year}年度 合格")
    row.get_by_role("link", name=str(firm)).click()
    expect(page.locator("#public-inspections")).to_contain_text("合格")
    expect(page.locator("body")).not_to_contain_text("退出")  # no staff menu
