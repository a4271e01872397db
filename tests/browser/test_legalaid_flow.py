"""In Chromium: a migrant worker applies for legal aid online; the centre takes the case to archive.

The citizen (no account) checks eligibility on the public portal (第42条: 进城务工人员 claiming
wages are exempt from the hardship verification), applies with an upload and follows the
progress with the application number and query code; a reviewer of the legal-aid centre
grants, assigns a lawyer of a law firm on the roster, records the agreement, the end, the
closing materials and the review. The centre's 受理民事法律援助案件数, read on the indicator
page, moves by one with the grant.
"""

import struct
import zlib
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect
from stdnum.cn import ric

from sifa.legalaid.constants import ExemptionProof, Matter, Outcome
from sifa.legalaid.tests.factories import make_centre, make_handler, make_provider, make_reviewer
from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRM = "青川市明理律师事务所"
LAWYER = "周明理"
APPLICANT = "王大山"
ADVERSE_PARTY = "青川市某建筑劳务有限公司"
INDICATOR = "legalaid.civil_accepted"


def resident_id(body17: str) -> str:
    """An 18-digit resident ID number with a correct check digit (GB 11643)."""
    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum ignores the last character


def tiny_png() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
def legal_aid_desk(cast, settings):
    """A centre under county A, its reviewer, and a law firm with one lawyer on its roster."""
    settings.SIFA_PORTAL_MIN_FILL_SECONDS = 0  # read at request time (forms/portal.py)
    cache.clear()  # the portal's rate limits and used form tokens live in the cache
    centre = make_centre(cast.county_a, name="甲县法律援助中心")
    reviewer = make_reviewer(centre, username="la_reviewer_li")
    firm = make_provider(centre, name=FIRM)
    _firm, lawyer = make_handler(
        centre, provider=firm, name=LAWYER, licence_number="13301201510123456"
    )
    yield centre, reviewer, firm, lawyer
    cache.clear()


@pytest.fixture
def citizen(browser_page, live_server):
    """A second browser context without a session: the citizen's own browser."""
    context = browser_page.context.browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def indicator_value(page, key, office_pk, day):
    page.goto(f"/stats/indicators/{key}/?office={office_pk}&from={day}&to={day}")
    return int(page.get_by_test_id("indicator-value").inner_text())


def progress(citizen, number, code):
    """The status page's list of steps, queried with the number and the query code."""
    citizen.goto("/public/legal-aid/status/")
    citizen.fill("input[name=number]", number)
    citizen.fill("input[name=code]", code)
    citizen.get_by_role("button", name="查询").click()
    steps = citizen.locator("#progress-steps")
    expect(steps).to_be_visible()
    return steps


def done_step(steps, label):
    """The step `label` as done: drawn in bold (pending steps are greyed)."""
    return steps.locator("li div.fw-semibold", has_text=label)


def open_action(page, case_url, link):
    """Open the case page and follow one of its action buttons to the action's form."""
    page.goto(case_url)
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("button", name="保存")).to_be_visible()


def save_action(page, success):
    """Save the action's form; the case page comes back with the action's message."""
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text(success)


def test_migrant_worker_applies_online_and_the_centre_takes_the_case_to_archive(
    cast, legal_aid_desk, citizen, browser_page, tmp_path
):
    centre, reviewer, _firm, lawyer = legal_aid_desk
    staff = browser_page
    today = timezone.localdate().isoformat()  # the portal sets received_on to this day

    # 1. Eligibility check, as a migrant worker claiming unpaid wages.
    citizen.goto("/public/legal-aid/")
    citizen.select_option("select[name=matter]", Matter.LABOUR_PAY.value)
    citizen.select_option("select[name=region_code]", cast.township_a1.region_code)
    citizen.select_option("select[name=exemption_proof]", ExemptionProof.MIGRANT_WORKER_WAGES.value)
    citizen.get_by_role("button", name="开始评估").click()
    result = citizen.locator("section[aria-labelledby=result-title]")
    expect(result).to_contain_text("可能符合法律援助条件")
    expect(result.locator("dd", has_text="免予核查")).to_be_visible()
    expect(citizen.locator("#assessment-reasons")).to_contain_text(
        "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员”，免予核查经济困难状况"
    )

    # … then applies with those answers carried over, and one upload.
    citizen.get_by_role("button", name="用以上回答申请法律援助").click()
    expect(citizen.locator("select[name=exemption_proof]")).to_have_value(
        ExemptionProof.MIGRANT_WORKER_WAGES.value
    )
    expect(citizen.locator("select[name=matter]")).to_have_value(Matter.LABOUR_PAY.value)
    citizen.fill("input[name=name]", APPLICANT)
    citizen.fill("input[name=id_number]", resident_id("33010219850610123"))
    citizen.fill("input[name=phone]", "13957512345")
    citizen.fill("input[name=address]", "甲县甲一镇工地宿舍3号")
    citizen.get_by_label("农民工").check()
    citizen.select_option("select[name=office]", str(centre.pk))
    citizen.fill("input[name=adverse_party]", ADVERSE_PARTY)
    citizen.fill("textarea[name=facts_text]", "在工地务工八个月，被拖欠工资三万二千元。")
    upload = tmp_path / "工资欠条.png"
    upload.write_bytes(tiny_png())
    citizen.set_input_files("input[name=materials]", str(upload))
    citizen.locator("input[name=truthful]").check()
    citizen.get_by_role("button", name="提交申请").click()
    expect(citizen.locator("body")).to_contain_text("您的申请已提交至甲县法律援助中心")
    number = citizen.locator("#application-number").inner_text().strip()
    code = citizen.locator("#query-code").inner_text().strip()
    assert number.startswith("330102-FY-") and len(code) >= 8  # SIFA_NUMBERING's default

    # 2. The status page shows the application received, nothing decided yet.
    steps = progress(citizen, number, code)
    expect(done_step(steps, "已收到申请")).to_have_count(1)
    expect(done_step(steps, "审查决定")).to_have_count(0)

    # 3. The reviewer finds it in the list; the indicator before the grant.
    log_in(staff, reviewer.username)
    accepted_before = indicator_value(staff, INDICATOR, centre.pk, today)
    staff.goto("/legal-aid/applications/")
    staff.get_by_role("link", name=number, exact=True).click()
    expect(staff.locator("body")).to_contain_text(APPLICANT)
    expect(staff.locator("body")).to_contain_text(ADVERSE_PARTY)
    expect(staff.locator("body")).to_contain_text("免予核查")
    # The uploaded wage note is on the case page, and opens (a logged 明文查看).
    with staff.expect_download() as download:
        staff.get_by_test_id("uploads").get_by_role("link", name="工资欠条.png").click()
    assert download.value.suggested_filename == "工资欠条.png"
    assert Path(download.value.path()).read_bytes() == tiny_png()
    case_url = staff.url

    # 审查决定: 给予.
    open_action(staff, case_url, "审查决定")
    staff.get_by_label("决定给予法律援助").check()
    save_action(staff, "已作出审查决定。")
    assert indicator_value(staff, INDICATOR, centre.pk, today) == accepted_before + 1
    steps = progress(citizen, number, code)
    expect(done_step(steps, "审查决定：给予法律援助")).to_have_count(1)

    # 指派 a lawyer of the firm on the centre's roster.
    open_action(staff, case_url, "指派/更换承办人员")
    expect(staff.locator("#conflict-check")).to_be_visible()
    staff.select_option("select[name=handler]", str(lawyer.pk))
    staff.fill("textarea[name=conflict_note]", "经查询，未发现利益冲突。")
    save_action(staff, "已指派承办人员。")
    steps = progress(citizen, number, code)
    assigned = steps.locator("li").filter(
        has=citizen.locator("div.fw-semibold", has_text="已指派承办")
    )
    expect(assigned).to_have_count(1)
    expect(assigned).to_contain_text(FIRM)
    expect(assigned).to_contain_text(LAWYER)

    # 委托协议, then 办结 (调解/和解, money recovered).
    open_action(staff, case_url, "签订委托协议")
    save_action(staff, "已登记委托协议。")
    steps = progress(citizen, number, code)
    expect(done_step(steps, "承办中")).to_have_count(1)

    open_action(staff, case_url, "办结")
    staff.select_option("select[name=outcome]", Outcome.SETTLED.value)
    staff.fill("input[name=money_recovered]", "32000")
    save_action(staff, "案件已办结。")
    steps = progress(citizen, number, code)
    expect(done_step(steps, "已办结")).to_have_count(1)
    expect(done_step(steps, "已归档")).to_have_count(0)

    # 结案材料 and 结案审查 → 归档.
    open_action(staff, case_url, "提交结案材料")
    save_action(staff, "已登记提交结案材料。")
    open_action(staff, case_url, "结案审查")
    expect(staff.locator("input[name=archive_number]")).to_have_value(number)
    staff.get_by_label("审查通过，归档").check()
    save_action(staff, "已完成结案审查。")
    expect(staff.locator("body")).to_contain_text("已归档")

    steps = progress(citizen, number, code)
    for label in ("已收到申请", "审查决定：给予法律援助", "已指派承办", "已办结", "已归档"):
        expect(done_step(steps, label)).to_have_count(1)
    # Still one accepted civil case: the later steps do not count it again.
    assert indicator_value(staff, INDICATOR, centre.pk, today) == accepted_before + 1
