"""The template of an import (导入模板, .xlsx), made from its declaration: the data sheet with
the header row (required columns in red, codes and ID numbers formatted as text, drop-down
lists on every list column), the options sheet the lists read, and the instructions sheet
(the rules, one line per column saying whether it is required, and the example rows)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sifa.core.excel import HEADER_FILL, REQUIRED_HEADER_COLOR, workbook_to_bytes
from sifa.core.imports.spec import ImportSpec

REQUIRED_COLOR = REQUIRED_HEADER_COLOR  # the font colour of a required column's header
OPTIONS_SHEET = "选项"
HELP_SHEET = "填写说明"
TEMPLATE_ROWS = 1000  # rows of the template that carry the drop-down lists


def template_bytes(spec: ImportSpec) -> bytes:
    """The import template of `spec`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.sheet
    _write_header(sheet, spec)
    lists = _write_options(workbook.create_sheet(OPTIONS_SHEET), spec)
    _write_help(workbook.create_sheet(HELP_SHEET), spec)
    keys = [f.key for f in spec.fields]
    for key, (source, last_row) in lists.items():
        letter = get_column_letter(keys.index(key) + 1)
        add_list_validation(sheet, letter, options=(OPTIONS_SHEET, source, last_row))
    return workbook_to_bytes(workbook)


def _write_header(sheet, spec: ImportSpec) -> None:
    sheet.append([f.header for f in spec.fields])
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for index, field in enumerate(spec.fields, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color=REQUIRED_HEADER_COLOR if field.required else "000000")
        cell.fill = fill
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(field.width, 2 * len(field.header) + 2)
        if field.as_text:
            # Text format keeps leading zeros, long codes and ID numbers exactly as typed.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"


def _write_options(sheet, spec: ImportSpec) -> dict[str, tuple[str, int]]:
    """One column of the options sheet per list column, in the data sheet's order; returns
    {field key: (options column letter, last row)} for the drop-downs."""
    placed = {}
    column = 0
    for field in spec.fields:
        if field.options is None:
            continue
        column += 1
        letter = get_column_letter(column)
        labels = field.options().labels()
        sheet.cell(row=1, column=column, value=field.header).font = Font(bold=True)
        for offset, label in enumerate(labels, start=2):
            sheet.cell(row=offset, column=column, value=label)
        sheet.column_dimensions[letter].width = 28
        placed[field.key] = (letter, max(len(labels), 1) + 1)
    return placed


def _write_help(sheet, spec: ImportSpec) -> None:
    title = _("%(title)s导入填写说明") % {"title": spec.title}
    rules = [str(rule) for rule in spec.rules]
    for line in [title, "", *rules, "", _("各列说明（红色表头为必填列）：")]:
        sheet.append([line])
    for field in spec.fields:
        required = _("必填") if field.required else _("选填")
        note = f"：{field.note}" if field.note else ""
        sheet.append([f"{field.header}（{required}）{note}"])
    if spec.examples:
        sheet.append([""])
        sheet.append([_("示例（请勿填在本工作表）：")])
        sheet.append([f.header for f in spec.fields])
        for example in spec.examples:
            sheet.append([_example_cell(example.get(f.key, "")) for f in spec.fields])
    sheet.column_dimensions["A"].width = 100
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].alignment = Alignment(wrap_text=True)


def _example_cell(value):
    return str(value) if value is not None else ""


def add_list_validation(
    sheet, column: str, *, options: tuple[str, str, int], rows: int = TEMPLATE_ROWS
) -> None:
    """Make the template's `column` (a letter) a drop-down for its first `rows` data rows.
    `options` says where the values stand: (sheet name, column letter, last row); from row 2."""
    options_sheet, letter, last_row = options
    validation = DataValidation(
        type="list",
        formula1=f"'{options_sheet}'!${letter}$2:${letter}${last_row}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("无效的值"),
        error=_("请从下拉列表中选择。"),
    )
    validation.add(f"{column}2:{column}{rows + 1}")
    sheet.add_data_validation(validation)
