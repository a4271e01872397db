"""The Excel kit: exports write user text that looks like a formula as text."""

import datetime
from io import BytesIO

from openpyxl import Workbook, load_workbook

from sifa.core.excel import RowError, is_formula_like, workbook_bytes, workbook_to_bytes


def _first_sheet(content: bytes):
    return load_workbook(BytesIO(content)).worksheets[0]


def test_text_that_looks_like_a_formula_stays_text():
    content = workbook_bytes(
        sheet_title="导出",
        headers=["姓名", "备注", "电话", "邮箱"],
        rows=[["=1+2", "+SUM(A1)", "-13800000000", "@cmd"]],
    )
    (row,) = _first_sheet(content).iter_rows(min_row=2, max_row=2)
    assert [cell.value for cell in row] == ["=1+2", "+SUM(A1)", "-13800000000", "@cmd"]
    assert [cell.data_type for cell in row] == ["s", "s", "s", "s"]
    assert all(cell.quotePrefix for cell in row)


def test_text_starting_with_tab_or_carriage_return_stays_text():
    content = workbook_bytes(
        sheet_title="导出", headers=["姓名", "备注"], rows=[["\t=1+2", "\r@cmd"]]
    )
    (row,) = _first_sheet(content).iter_rows(min_row=2, max_row=2)
    assert [cell.value for cell in row] == ["\t=1+2", "\r@cmd"]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in row)


def test_the_notes_sheet_keeps_typed_filter_text_as_text():
    content = workbook_bytes(
        sheet_title="导出",
        headers=["姓名"],
        rows=[],
        notes=[("筛选条件", '=HYPERLINK("http://evil.example","点此")')],
    )
    cell = load_workbook(BytesIO(content)).worksheets[1]["B1"]
    assert cell.value == '=HYPERLINK("http://evil.example","点此")'
    assert cell.data_type == "s" and cell.quotePrefix


def test_a_normal_mode_workbook_is_defused_on_every_sheet():
    workbook = Workbook()
    workbook.active["A1"] = "=1+2"
    workbook.create_sheet("选项")["B2"] = "-cmd"
    workbook.active["A2"] = "甲一镇"

    book = load_workbook(BytesIO(workbook_to_bytes(workbook)))
    first, options = book.worksheets
    assert (first["A1"].value, first["A1"].data_type, first["A1"].quotePrefix) == (
        "=1+2",
        "s",
        True,
    )
    assert options["B2"].quotePrefix and not first["A2"].quotePrefix


def test_plain_values_keep_their_types():
    content = workbook_bytes(
        sheet_title="导出",
        headers=["名称", "数量", "日期"],
        rows=[["调委会", -3, datetime.date(2026, 5, 1)]],
    )
    (row,) = _first_sheet(content).iter_rows(min_row=2, max_row=2)
    assert row[0].value == "调委会" and not row[0].quotePrefix
    assert row[1].value == -3
    assert row[2].value == datetime.datetime(2026, 5, 1)
    assert row[2].number_format == "yyyy-mm-dd"


def test_formula_like_is_about_the_first_character_of_text():
    assert is_formula_like("=A1") and is_formula_like("@x")
    assert is_formula_like("\tA1") and is_formula_like("\r=A1")
    assert not is_formula_like("a=b") and not is_formula_like(-1) and not is_formula_like("")


def test_row_errors_name_the_cell():
    assert str(RowError("不能为空。", row=5, column="C", header="机构名称")) == (
        "第5行 C列（机构名称）：不能为空。"
    )
