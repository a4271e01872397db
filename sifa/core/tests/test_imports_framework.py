"""The import kit (sifa.core.imports): cells as clerks write them, the files it reads (.xlsx
through calamine, .csv in UTF-8 with or without BOM and GBK), the header and row checks, the
template, the annotated copy, the historic deadline state and the 数据导入 page."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from sifa.core.deadlines import HISTORIC, OVERDUE, deadline_state
from sifa.core.excel import RowError, annotated_copy_bytes
from sifa.core.imports import cells, engine, files, spec, templates
from sifa.core.imports.spec import CREATE, ImportContext, ImportSpec
from tests import imports

# --- cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2026-03-07",
        "2026/3/7",
        "2026年3月7日",
        "2026.3.7",
        "20260307",
        " 2026-3-7 ",
        "2026-03-07 09:30",
        46088.0,  # a date cell read as a number: Excel's serial day
        46088,
        "46088",  # a serial number in a CSV file
        46088.75,  # with a time of day
        datetime.date(2026, 3, 7),
        datetime.datetime(2026, 3, 7, 10, 5),
    ],
)
def test_dates_as_clerks_write_them(raw):
    assert cells.day(raw, future=True) == datetime.date(2026, 3, 7)


@pytest.mark.parametrize("raw", ["2026-13-01", "2026-02-30", "三月七日", "", 0, -3.0, True, "7/3"])
def test_what_is_not_a_date(raw):
    with pytest.raises(cells.CellError) as excinfo:
        cells.day(raw, future=True)
    assert excinfo.value.message == "日期格式不正确，请填写如 2026-03-07 的日期。"


def test_a_date_after_today_is_refused_unless_allowed():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(cells.CellError) as excinfo:
        cells.day(tomorrow.isoformat())
    assert excinfo.value.message == "日期不能晚于今天。"
    assert cells.day(tomorrow.isoformat(), future=True) == tomorrow


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("1,200.50", "1200.50"),
        ("1，200.5元", "1200.50"),
        ("￥1200", "1200.00"),
        ("人民币 3000 元", "3000.00"),
        (1200.5, "1200.50"),
        (0.1, "0.10"),
        (300, "300.00"),
    ],
)
def test_amounts_with_separators_and_units(raw, amount):
    assert cells.amount(raw) == Decimal(amount)


@pytest.mark.parametrize(
    ("raw", "message"),
    [("-5", "金额不能为负数。"), ("1.234", "金额最多保留两位小数。"), ("一千", "应为数字。")],
)
def test_bad_amounts(raw, message):
    with pytest.raises(cells.CellError) as excinfo:
        cells.amount(raw)
    assert excinfo.value.message == message


def test_whole_numbers_and_yes_no():
    assert cells.integer(3.0) == 3 and cells.integer("12") == 12
    with pytest.raises(cells.CellError):
        cells.integer("2.5")
    with pytest.raises(cells.CellError) as excinfo:
        cells.integer("0", minimum=1)
    assert excinfo.value.message == "应为不小于1的整数。"
    assert cells.yes_no("是") is True and cells.yes_no("N") is False and cells.yes_no(True)
    with pytest.raises(cells.CellError):
        cells.yes_no("也许")


def test_resident_ids_are_checked_and_made_canonical():
    number = imports.resident_id("19800101")
    assert cells.resident_id(number.lower()) == number
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    with pytest.raises(cells.CellError) as excinfo:
        cells.resident_id(wrong)
    assert excinfo.value.message.startswith("校验位错误")
    with pytest.raises(cells.CellError) as excinfo:
        cells.resident_id(float(number[:17] + "0"))
    assert "文本格式" in excinfo.value.message


def test_list_items_by_label_or_code_whatever_the_brackets():
    options = cells.Options([("community", "居（社区）调委会"), ("village", "村调委会")])
    assert options.read("居(社区) 调委会", "类型细分") == "community"
    assert options.read("village", "类型细分") == "village"
    with pytest.raises(cells.CellError) as excinfo:
        options.read("镇调委会", "类型细分")
    assert excinfo.value.message == "未知的类型细分“镇调委会”，请从下拉列表中选择。"


# --- a small import to exercise the engine ------------------------------------------------------


def _resolve(plan, ctx):
    for row in plan.good_rows():
        row.action = CREATE


FIELDS = (
    spec.text("code", "编码", required=True, as_text=True),
    spec.date("on", "日期", required=True),
    spec.amount("sum", "金额"),
    spec.choice("kind", "类型", lambda: [("a", "甲类"), ("b", "乙类")]),
    spec.resident_id("id", "身份证号码"),
)
SAMPLE = ImportSpec(
    key="test.sample",
    title="样例",
    sheet="样例",
    fields=FIELDS,
    capability="edit",
    line="mediation",
    resolve=_resolve,
    apply=lambda plan, ctx: [],
    natural_key=("code",),
    rules=("每行一条。",),
    examples=({"code": "A1", "on": "2025-01-01", "sum": "10", "kind": "甲类"},),
)


def workbook(rows, headers=None, title="样例") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers or [f.header for f in FIELDS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def validate(content: bytes, name: str = "sample.xlsx"):
    plan = engine.validate(SAMPLE, content, name, ImportContext(actor=None))
    return plan, [str(e) for e in plan.errors]


def test_columns_are_found_by_header_in_any_order_with_required_marks():
    content = workbook(
        [[None, "2025-01-02", "A1"], [], ["5元", 45658, "A2"]],
        headers=["金额", "*日期", "编码（必填）"],
    )
    plan, errors = validate(content)
    assert errors == []
    assert [row.line for row in plan.rows] == [2, 4]  # the blank line keeps the numbering
    assert [row["on"] for row in plan.rows] == [
        datetime.date(2025, 1, 2),
        datetime.date(2025, 1, 1),
    ]
    assert plan.rows[1]["sum"] == Decimal("5.00")
    assert plan.letters == {"sum": "A", "on": "B", "code": "C"}


def test_missing_required_columns_unknown_codes_and_duplicates():
    _plan, errors = validate(workbook([["A1"]], headers=["编码"]))
    assert errors == ["第1行：缺少“日期”列。"]
    rows = [
        ["A1", "2025-01-01", "", "丙类", ""],
        ["A1", "2025-01-02", "", "甲类", ""],
        ["", "2025-01-02", "", "", "330102198001010010"],
    ]
    _plan, errors = validate(workbook(rows))
    assert errors == [
        "第2行 D列（类型）：未知的类型“丙类”，请从下拉列表中选择。",
        "第3行 A列（编码）：编码“A1”与第2行重复。",
        "第4行 A列（编码）：不能为空。",
        "第4行 E列（身份证号码）：校验位错误：最后一位应为 8，请核对号码是否录错。",
    ]


def test_a_file_over_the_row_limit_is_refused(settings):
    settings.SIFA_IMPORT_MAX_ROWS = 2
    _plan, errors = validate(workbook([[f"A{n}", "2025-01-01"] for n in range(3)]))
    assert errors == ["一次最多导入2行，请分批导入。"]


def test_unreadable_files_and_empty_sheets():
    _plan, errors = validate(b"not a workbook", "x.xlsx")
    assert errors == ["无法读取文件，请上传由模板填写的 .xlsx 格式 Excel 文件。"]
    _plan, errors = validate(workbook([]))
    assert errors == ["表格中没有数据行。"]


# --- files ------------------------------------------------------------------------------------


CSV_TEXT = '编码,日期,金额,类型\nA1,2025/1/3,"1,200",甲类\nB2,2025年1月4日,5元,乙类\n'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_gbk(encoding):
    plan, errors = validate(CSV_TEXT.encode(encoding), "sample.csv")
    assert errors == []
    assert [(r["code"], r["on"], r["sum"], r["kind"]) for r in plan.rows] == [
        ("A1", datetime.date(2025, 1, 3), Decimal("1200.00"), "a"),
        ("B2", datetime.date(2025, 1, 4), Decimal("5.00"), "b"),
    ]


def test_tab_separated_text_is_read_too():
    text = CSV_TEXT.replace(',"1,200"', "\t1200").replace(",", "\t")
    plan, errors = validate(text.encode("utf-8"), "sample.csv")
    assert errors == [] and len(plan.rows) == 2


def test_the_sheet_is_found_by_name_else_the_first():
    table = files.read_table(workbook([["A1"]], title="别的表"), "x.xlsx", sheet="样例")
    assert table.sheet == "别的表" and list(table.rows)[1][0] == "A1"


def test_row_counts_read_cheaply():
    assert files.count_rows(workbook([["A1"], ["A2"], ["A3"]]), "x.xlsx") == 3
    assert files.count_rows(CSV_TEXT.encode("gbk"), "x.csv") == 2
    assert files.count_rows(b"junk", "x.xlsx") == 0


# --- the template and the annotated copy ---------------------------------------------------------


def test_template_has_required_marks_drop_downs_instructions_and_an_example():
    book = load_workbook(io.BytesIO(templates.template_bytes(SAMPLE)))
    assert book.sheetnames == ["样例", templates.OPTIONS_SHEET, templates.HELP_SHEET]
    sheet = book["样例"]
    assert [c.value for c in sheet[1]] == [f.header for f in FIELDS]
    assert sheet["A1"].font.color.rgb.endswith(templates.REQUIRED_COLOR)
    assert not sheet["C1"].font.color.rgb.endswith(templates.REQUIRED_COLOR)
    assert sheet.column_dimensions["E"].number_format == "@"  # ID numbers stay text
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"D2:D1001": "'选项'!$A$2:$A$3"}
    help_text = [row[0] for row in book[templates.HELP_SHEET].iter_rows(values_only=True)]
    assert help_text[0] == "样例导入填写说明" and "每行一条。" in help_text
    assert "编码（必填）" in help_text and "金额（选填）：单位：元，可带千位分隔符" in help_text
    assert ["A1", "2025-01-01", "10", "甲类", None] in [
        list(r) for r in book[templates.HELP_SHEET].iter_rows(values_only=True)
    ]
    _plan, errors = validate(templates.template_bytes(SAMPLE))
    assert errors == ["表格中没有数据行。"]  # the example is not on the data sheet


def test_the_annotated_copy_marks_each_faulty_cell_with_its_message():
    content = workbook([["A1", "2025-13-01"], ["+86 13800000000", "2025-01-01"]])
    plan, _errors = validate(content)
    tables = files.read_all(content, "x.xlsx")
    book = load_workbook(io.BytesIO(annotated_copy_bytes(tables, plan.errors)))
    sheet = book["样例"]
    assert sheet["B2"].comment.text == "日期格式不正确，请填写如 2026-03-07 的日期。"
    assert sheet["B2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["A2"].comment is None
    assert sheet["A3"].value == "+86 13800000000" and sheet["A3"].quotePrefix  # text, no formula
    listing = list(book["错误清单"].iter_rows(values_only=True))
    assert listing[1] == ("样例", 2, "B", "日期", "日期格式不正确，请填写如 2026-03-07 的日期。")
    assert isinstance(plan.errors[0], RowError)


# --- the historic mark -------------------------------------------------------------------------


def test_a_deadline_past_before_the_record_was_imported_is_historic():
    due = datetime.date(2025, 4, 1)
    today = datetime.date(2026, 7, 2)
    assert deadline_state(due, today=today) == OVERDUE
    assert deadline_state(due, today=today, entered_on=datetime.date(2026, 7, 1)) == HISTORIC
    later = datetime.date(2026, 7, 10)  # still ahead on the day of the import: watched as usual
    assert (
        deadline_state(
            later, today=later + datetime.timedelta(days=1), entered_on=datetime.date(2026, 7, 1)
        )
        == OVERDUE
    )


# --- the 数据导入 page ---------------------------------------------------------------------------


def test_the_page_lists_the_imports_of_each_users_lines_and_no_link_leads_to_a_403(cast, login):
    from sifa.shell.menu import navigation_for

    def menu(user, rf_request):
        rf_request.user = user
        return {item["label"] for s in navigation_for(rf_request) for item in s["items"]}

    clerk = login(cast.township_clerk).get(reverse("imports:hub"))
    page = clerk.content.decode()
    assert 'data-testid="import-mediation.cases"' in page
    assert 'data-testid="import-orgs.offices"' not in page
    sysadmin = login(cast.sysadmin).get(reverse("imports:hub")).content.decode()
    assert 'data-testid="import-orgs.offices"' in sysadmin
    assert 'data-testid="import-mediation.cases"' not in sysadmin
    assert login(cast.public_user).get(reverse("imports:hub")).status_code == 403
    assert (
        login(cast.public_user).get(reverse("imports:upload", args=["mediation.cases"])).status_code
        == 403
    )
    assert (
        login(cast.sysadmin).get(reverse("imports:upload", args=["mediation.cases"])).status_code
        == 403
    )

    from django.test import RequestFactory

    request = RequestFactory().get("/")
    assert "数据导入" in menu(cast.township_clerk, request)
    assert "数据导入" not in menu(cast.public_user, request)
    assert "数据导入" not in menu(cast.auditor, request)


def test_template_download_for_each_registered_import(cast, login):
    from sifa.core.imports import registry

    client = login(cast.county_supervisor)
    for item in registry.usable_specs(cast.county_supervisor):
        response = client.get(reverse("imports:template", args=[item.key]))
        assert response.status_code == 200, item.key
        book = load_workbook(io.BytesIO(response.content))
        assert [c.value for c in book[item.sheet][1]] == [f.header for f in item.fields]


def test_unconfirmed_batches_lose_their_files_after_the_keeping_days(cast, settings):
    from sifa.core.imports import batches
    from sifa.core.models import ImportBatch

    settings.SIFA_JOB_KEEP_DAYS = 7
    old, fresh = (
        batches.stage(
            SAMPLE,
            actor=cast.township_clerk,
            office=cast.township_a1,
            content=workbook([]),
            name=f"{n}.xlsx",
        )
        for n in ("old", "fresh")
    )
    ImportBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert batches.purge_unconfirmed() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == ImportBatch.Status.DISCARDED and old.upload is None
    assert fresh.status == ImportBatch.Status.INVALID and fresh.upload is not None


@pytest.mark.django_db
def test_the_day_of_import_is_read_for_any_number_of_records(cast, monkeypatch):
    """`imported_on` reads its records in parts (an export lists every row; SQLite takes a
    bounded number of values in one query), and only those an applied batch created."""
    from django.contrib.contenttypes.models import ContentType

    from sifa.core.imports import batches
    from sifa.core.models import ImportBatch, ImportedRecord

    monkeypatch.setattr(batches, "IMPORTED_ON_CHUNK", 3)
    applied_at = timezone.make_aware(datetime.datetime(2026, 7, 1, 10, 0))
    kind = ContentType.objects.get_for_model(ImportBatch)

    def batch(status, created_ids, changed_ids=()):
        made = ImportBatch.objects.create(
            kind="test", created_by=cast.township_clerk, sha256="0" * 64, status=status,
            applied_at=applied_at,
        )  # fmt: skip
        for pk in created_ids:
            ImportedRecord.objects.create(batch=made, content_type=kind, object_id=pk, created=True)
        for pk in changed_ids:
            ImportedRecord.objects.create(
                batch=made, content_type=kind, object_id=pk, created=False
            )

    batch(ImportBatch.Status.APPLIED, range(1, 8), changed_ids=[20])
    batch(ImportBatch.Status.ROLLED_BACK, [30])
    found = batches.imported_on(ImportBatch, [*range(1, 11), 20, 30])
    assert found == {pk: datetime.date(2026, 7, 1) for pk in range(1, 8)}
