"""Excel export of monthly report forms (月报表导出) in the layout bureaus know.

One sheet per form: the title merged across the table, a line with the office and the period,
three header rows with merged cells (indicator across its sub-columns × measures, sub-column
across the measures, the measure labels), then 合计 (bold), 本级 and one row per sub-office.
Numbers stay numbers, percents are numbers shown as 12.5%, and each number links to its
records when the workbook is written with the site's address. A "说明" sheet gives each
column's indicator key, label and 口径.

Written in openpyxl's normal mode (write-only mode cannot merge cells); a form is a few dozen
rows, so memory is no concern.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from sifa.core.excel import workbook_to_bytes
from sifa.reports.compute import TOTAL_ROW
from sifa.reports.selectors_forms import EMPTY, Layout

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT_FORMAT = '0.0"%"'
INTEGER_FORMAT = "0"
AMOUNT_FORMAT = "#,##0.00"

TITLE_ROW, INFO_ROW, HEADER_TOP = 1, 2, 3  # rows 3–5: the header; data from row 6
HEADER_ROWS = 3
FIRST_DATA_ROW = HEADER_TOP + HEADER_ROWS
OFFICE_COLUMN_WIDTH = 24
NUMBER_COLUMN_WIDTH = 9

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")

LinkMaker = Callable[[str], str]  # a drill-down path → the URL written into the workbook


def form_workbook(layouts: Sequence[Layout], *, period_text: str, link: LinkMaker | None = None):
    """Bytes of a workbook: one sheet per form (in order), then the 说明 sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for item in layouts:
        sheet = workbook.create_sheet(_sheet_name(str(item.table.form.title), used))
        write_form_sheet(sheet, item, period_text=period_text, link=link)
    _write_notes(workbook.create_sheet(_("说明")), layouts, period_text)
    return workbook_to_bytes(workbook)  # office names and labels as text, never formulas


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name; names are unique."""
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[:28]}({n})"
        n += 1
    used.add(name)
    return name


def write_form_sheet(sheet, item: Layout, *, period_text: str, link: LinkMaker | None = None):
    last = 1 + item.width  # column A: the offices
    _title(sheet, item, last, period_text)
    _header(sheet, item, last)
    for offset, row in enumerate(item.rows):
        excel_row = FIRST_DATA_ROW + offset
        bold = row.kind == TOTAL_ROW
        label = sheet.cell(excel_row, 1, row.label)
        label.border = BORDER
        label.font = Font(bold=bold)
        for n, cell in enumerate(row.cells):
            target = sheet.cell(excel_row, 2 + n)
            _write_number(target, cell, bold=bold, link=link)
    sheet.column_dimensions["A"].width = OFFICE_COLUMN_WIDTH
    for n in range(2, last + 1):
        sheet.column_dimensions[get_column_letter(n)].width = NUMBER_COLUMN_WIDTH
    sheet.row_dimensions[HEADER_TOP].height = 32
    sheet.row_dimensions[HEADER_TOP + 1].height = 32
    # Scrolling keeps the headers and the office names in view.
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 2).coordinate
    sheet.print_title_rows = f"{HEADER_TOP}:{FIRST_DATA_ROW - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _title(sheet, item: Layout, last: int, period_text: str) -> None:
    title = sheet.cell(TITLE_ROW, 1, str(item.table.form.title))
    title.font = Font(bold=True, size=16)
    title.alignment = CENTRE
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last)
    sheet.row_dimensions[TITLE_ROW].height = 30
    info = _("填报单位：%(office)s　　统计期间：%(period)s") % {
        "office": item.table.office.name,
        "period": period_text,
    }
    sheet.cell(INFO_ROW, 1, info)
    sheet.merge_cells(start_row=INFO_ROW, start_column=1, end_row=INFO_ROW, end_column=last)


def _header(sheet, item: Layout, last: int) -> None:
    corner = sheet.cell(HEADER_TOP, 1, _("单位"))
    sheet.merge_cells(
        start_row=HEADER_TOP, start_column=1, end_row=HEADER_TOP + HEADER_ROWS - 1, end_column=1
    )
    for header_row in item.header:
        for h in header_row:
            row, column = HEADER_TOP + h.row, 2 + h.col
            sheet.cell(row, column, h.text)
            if h.colspan > 1 or h.rowspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row + h.rowspan - 1,
                    end_column=column + h.colspan - 1,
                )
    # Style every header cell, merged ones included, so the borders are drawn all round.
    for row in sheet.iter_rows(
        min_row=HEADER_TOP, max_row=HEADER_TOP + HEADER_ROWS - 1, min_col=1, max_col=last
    ):
        for cell in row:
            cell.border = BORDER
            cell.alignment = CENTRE
            cell.fill = HEADER_FILL
            cell.font = Font(bold=True)
    corner.alignment = CENTRE


def _write_number(target, cell, *, bold: bool, link: LinkMaker | None) -> None:
    target.border = BORDER
    if cell.value is None:
        target.value = EMPTY
        target.alignment = Alignment(horizontal="center")
    else:
        target.value = cell.value
        if cell.is_percent:
            target.number_format = PERCENT_FORMAT
        elif isinstance(cell.value, int):
            target.number_format = INTEGER_FORMAT
        else:
            target.number_format = AMOUNT_FORMAT
    if link is not None and cell.url:
        target.hyperlink = link(cell.url)
    target.font = Font(bold=bold)  # plain black text even where a cell carries a link


def _write_notes(sheet, layouts: Sequence[Layout], period_text: str) -> None:
    headings = [_("报表"), _("指标编码"), _("栏目"), _("指标名称"), _("口径"), _("类型")]
    sheet.append([_("统计期间"), period_text])
    sheet.append([_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    sheet.append([_("说明"), _("同比、环比为增减百分比；“—”表示不适用（存量不累计）或比较期为0。")])
    sheet.append([])
    sheet.append(headings)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.border = BORDER
    for item in layouts:
        for note in item.notes:
            sheet.append([str(item.table.form.title), *note])
            for cell in sheet[sheet.max_row]:
                cell.border = BORDER
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    for letter, width in zip("ABCDEF", (26, 34, 20, 26, 80, 16), strict=True):
        sheet.column_dimensions[letter].width = width
