"""In Chromium: a county's corrections worker brings the 在矫 register into Sifa at go-live.

A 社区矫正工作人员 of county A downloads the template of the 社区矫正对象（在矫） import, fills
its data sheet with three subjects of two 司法所 (one of them with a mistyped ID number) and
uploads it. The file is checked as a background job (the threshold SIFA_IMPORT_BACKGROUND_ROWS
is set to 2 here, so a three-row file shows the job page and its progress bar without building a
file of a thousand rows; in tests the job runs inside the request, so the bar is seen finished).
The job fails with the error; its details lead to the preview, where the faulty cell is listed
by row and column, and the annotated copy marks that very cell. The corrected file is checked
(nothing is written yet), confirmed — again a job with its bar — and the three subjects are found
in the 矫正对象 register, the 司法所's 在矫 figure up by two.
"""

import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect
from stdnum.cn import ric

from sifa.core.excel import ERROR_FILL
from sifa.corrections.imports.subjects import SUBJECTS
from sifa.corrections.tests.factories import make_worker
from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADERS = {field.key: field.header for field in SUBJECTS.fields}


def resident_id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


ROWS = [
    {
        "name": "林晓峰",
        "id_number": resident_id("33010219850601011"),
        "office": "甲一镇司法所",
        "sentence_type": "缓刑",
        "crime": "盗窃罪",
        "original_sentence": "有期徒刑一年，缓刑一年",
        "sentence_months": 12,
        "decision_organ": "人民法院",
        "decision_organ_name": "甲县人民法院",
        "judgment_number": "（2026）浙0102刑初101号",
        "judgment_effective_on": "2026-03-02",
        "notified_on": "2026-03-04",
        "reported_on": "2026-03-05",
        "announced_on": "2026-03-06",
        "category": "普通",
        "team": "王五（司法所）、李梅（家属，女）",
    },
    {
        "name": "陈国强",
        "id_number": resident_id("33010219790312033"),
        "office": "甲二镇司法所",
        "sentence_type": "管制",
        "crime": "寻衅滋事罪",
        "original_sentence": "管制一年",
        "sentence_months": 12,
        "decision_organ": "人民法院",
        "decision_organ_name": "甲县人民法院",
        "judgment_number": "（2026）浙0102刑初102号",
        "judgment_effective_on": "2026-04-01",
        "notified_on": "2026-04-03",
        "reported_on": "2026-04-07",
        "announced_on": "2026-04-08",
        "category": "严格",
        "team": "赵六（司法所）、周九（村(居)委会）",
    },
    {
        "name": "何志明",
        "id_number": resident_id("33010219900909005"),
        "office": "甲一镇司法所",
        "sentence_type": "假释",
        "crime": "诈骗罪",
        "original_sentence": "有期徒刑三年",
        "sentence_months": 10,
        "decision_organ": "人民法院",
        "decision_organ_name": "某市中级人民法院",
        "judgment_number": "（2026）浙01刑更55号",
        "judgment_effective_on": "2026-05-10",
        "notified_on": "2026-05-12",
        "status": "已接收",
        "reported_on": "2026-05-15",
    },
]
BAD_ROW = 3  # the second data row: its ID number's check character is wrong


def mistyped(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


@pytest.fixture
def import_desk(cast, settings):
    """A corrections worker of county A, and files of more than 2 rows checked in the background."""
    settings.SIFA_IMPORT_BACKGROUND_ROWS = 2
    return make_worker(cast.county_a, username="cc_worker_golive")


def filled(template: bytes, rows: list[dict]) -> bytes:
    """The downloaded template with `rows` typed into its data sheet (under the header)."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[SUBJECTS.sheet]
    header = [cell.value for cell in sheet[1]]
    for values in rows:
        sheet.append([values.get(_key_of(h), "") for h in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _key_of(header: str) -> str:
    return next(key for key, text in HEADERS.items() if text == header)


def upload(page, name: str, content: bytes) -> None:
    page.goto(f"/imports/{SUBJECTS.key}/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": name, "mimeType": "application/vnd.ms-excel", "buffer": content}],
    )
    page.get_by_test_id("upload").click()


def stock(page, office_pk) -> int:
    today = timezone.localdate().isoformat()
    page.goto(
        f"/stats/indicators/corrections.under_correction/?office={office_pk}&from={today}&to={today}"
    )
    return int(page.get_by_test_id("indicator-value").inner_text())


def test_a_county_worker_imports_the_register_with_a_bad_row_then_the_corrected_file(
    import_desk, cast, browser_page
):
    page = browser_page
    log_in(page, import_desk.username)
    before = stock(page, cast.township_a1.pk)

    # The template, from the 数据导入 page.
    page.goto("/imports/")
    page.locator(f"a[href='/imports/{SUBJECTS.key}/']").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载导入模板").click()
    template = download.value.path().read_bytes()
    assert load_workbook(io.BytesIO(template))[SUBJECTS.sheet]["B1"].value == "姓名"

    # A file with one bad row: checked in the background, nothing written.
    bad = [dict(row) for row in ROWS]
    bad[BAD_ROW - 2]["id_number"] = mistyped(ROWS[BAD_ROW - 2]["id_number"])
    upload(page, "在矫台账.xlsx", filled(template, bad))
    expect(page).to_have_url(re.compile(r"/jobs/\d+/"))
    expect(page.get_by_test_id("job-progress")).to_be_visible()
    expect(page.get_by_test_id("job-error")).to_contain_text("未导入任何数据")
    page.get_by_test_id("job-result").click()
    errors = page.get_by_test_id("batch-errors")
    letter = "C"  # 身份证号码
    row = errors.locator("tbody tr").filter(has_text="身份证号码")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text(str(BAD_ROW))
    expect(row.locator("td").nth(2)).to_have_text(letter)
    with page.expect_download() as annotated:
        page.get_by_test_id("annotated").click()
    copy = load_workbook(io.BytesIO(annotated.value.path().read_bytes()))
    marked = copy[SUBJECTS.sheet][f"{letter}{BAD_ROW}"]
    assert marked.comment is not None and "校验" in marked.comment.text
    assert marked.fill.fgColor.rgb.endswith(ERROR_FILL)  # filled red
    assert copy[SUBJECTS.sheet][f"{letter}{BAD_ROW + 1}"].comment is None  # only that cell

    # The corrected file: checked (the bar again), previewed, confirmed.
    upload(page, "在矫台账（更正）.xlsx", filled(template, ROWS))
    expect(page).to_have_url(re.compile(r"/jobs/\d+/"))
    expect(page.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "100")
    page.get_by_test_id("job-result").click()
    expect(page.get_by_test_id("count-created")).to_have_text("3")
    page.get_by_test_id("confirm").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/"))
    expect(page.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_test_id("job-message")).to_contain_text("新增3条")
    page.get_by_test_id("job-result").click()
    expect(page.locator("body")).to_contain_text("已导入")

    # The subjects are in the register; the 司法所's 在矫 figure counts the two of A1.
    page.goto("/corrections/subjects/")
    for values in ROWS:
        expect(page.locator("body")).to_contain_text(values["name"])
    assert stock(page, cast.township_a1.pk) == before + 2
