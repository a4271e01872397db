"""Excel (.xlsx) for every line: list exports as HTTP responses, formula-safe cells, and the
reading side of the all-or-nothing imports (cells as text and dates, errors that name the cell).

Exports: the first sheet is a plain table — one header row, then one row per record, dates as
real Excel dates and times in the bureau's zone, amounts (a column whose header names 元) as
numbers with the number format `#,##0.00"元"` — so it sorts, sums, filters and re-imports
cleanly; the second sheet (说明) says what the list is. Text that Excel would take for a formula
(= + - @ tab or CR at the start: a name, a note, a phone number typed by a user or a portal
applicant) is written as text with Excel's quote prefix, so opening an export never evaluates
what a user typed. Every workbook Sifa writes goes through `workbook_bytes` (write-only
exports) or `workbook_to_bytes` (report forms, import templates), and both make such cells
text, on every sheet (tests/test_architecture.py checks that no other module saves a
workbook).

Imports report problems the same way for every importer (`RowError`; the import kit,
sifa.core.imports, and the holiday table): `第5行 C列（机构名称）：不能为空。`; the kit's annotated
copy of an uploaded file is written here too (`annotated_copy_bytes`).
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from sifa.core import tasks
from sifa.core.amounts import AMOUNT_FORMAT

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
AMOUNT_UNITS = ("（元）", "(元)", "（元/", "(元/")  # a header naming the unit 元
# OWASP's list for CSV/formula injection: tab and CR also start a formula in some readers.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# --- writing ----------------------------------------------------------------------------------


def is_formula_like(value) -> bool:
    """Text Excel would evaluate (or offer to) if it were written as it stands."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def formula_safe(cell):
    """Keep `cell` a text cell: Excel shows the text and does not evaluate it."""
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def defuse_formulas(workbook) -> None:
    """Make every formula-like text cell of a (normal-mode) workbook plain text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_formula_like(cell.value):
                    formula_safe(cell)


def _header(sheet, titles: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for title in titles:
        cell = _cell(sheet, str(title))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def workbook_bytes(
    *,
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    notes: Sequence[tuple[str, object]] = (),
    notes_title: str = "说明",
) -> bytes:
    """A workbook with the table on the first sheet and `notes` (label, text) on a second."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])  # Excel's sheet-name limit
    for i, heading in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(12, 2 * len(str(heading)) + 4)
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, headers))
    amounts = [is_amount_header(h) for h in headers]
    for row in rows:
        sheet.append(
            [_cell(sheet, v, amount=i < len(amounts) and amounts[i]) for i, v in enumerate(row)]
        )
    if notes:
        about = workbook.create_sheet(title=notes_title[:31])
        about.column_dimensions["A"].width = 14
        about.column_dimensions["B"].width = 80
        for label, text in notes:
            about.append([*_header(about, [label]), _cell(about, str(text))])  # 筛选条件: typed
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def is_amount_header(heading) -> bool:
    """A column of amounts: its header names the unit 元, e.g. “涉及金额（元）”."""
    return any(unit in str(heading) for unit in AMOUNT_UNITS)


def _cell(sheet, value, *, amount: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no zones: local time
    if amount and isinstance(value, str) and value.strip():
        with contextlib.suppress(InvalidOperation):  # text in an amount column stays text
            value = Decimal(value.replace(",", ""))
    cell = WriteOnlyCell(sheet, value=value)
    if amount and isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        cell.number_format = AMOUNT_FORMAT
    if is_formula_like(value):
        formula_safe(cell)
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def xlsx_response(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence], filters: str = ""
) -> HttpResponse:
    """An attachment named “{title}-{today}.xlsx”; `filters` describes the selection."""
    title = str(title)
    today = timezone.localdate()
    headers = [str(h) for h in headers]
    rows = tasks.track([_plain(v) for v in row] for row in rows)  # a job's progress
    notes = [("导出内容", title), ("导出日期", today.isoformat())]
    if filters:
        notes.append(("筛选条件", filters))
    content = workbook_bytes(sheet_title=title, headers=headers, rows=rows, notes=notes)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    filename = f"{title}-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _plain(value):
    """Lazy translations (choice labels) become text; openpyxl knows only plain values."""
    return str(value) if isinstance(value, Promise) else value


# --- reading ----------------------------------------------------------------------------------

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


@dataclass(frozen=True)
class RowError:
    """One problem of the file, e.g. `第5行 C列（机构名称）：不能为空。`"""

    message: str
    row: int | None = None
    column: str = ""  # Excel column letter
    header: str = ""
    sheet: str = ""  # the sheet's name (the preview and the annotated copy show it)

    def as_dict(self) -> dict:
        return {
            "message": self.message,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "sheet": self.sheet,
        }

    @classmethod
    def from_dict(cls, data: dict) -> RowError:
        return cls(
            data["message"], data["row"], data["column"], data["header"], data.get("sheet", "")
        )

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        values = {
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }
        if self.column:
            return _("第%(row)d行 %(column)s列（%(header)s）：%(message)s") % values
        if self.header:
            return _("第%(row)d行（%(header)s）：%(message)s") % values
        return _("第%(row)d行：%(message)s") % {"row": self.row, "message": self.message}


def cell_text(value) -> str:
    """A cell as text: codes typed as numbers lose no digits, dates become ISO text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def cell_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def open_workbook(file):
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None


# --- the all-or-nothing import framework ------------------------------------------------------
#
# A line's importer declares its columns (`Column`) and how one row is read (`read_row`); the
# kit finds the columns by their header text, skips blank lines, caps the row count and
# collects every error with its row and column, so the line can refuse the whole file when
# any error is found (nothing is written until every row is clean).

IMPORT_MAX_ROWS = 5000
HEADER_FILL = "DDEBF7"
REQUIRED_HEADER_COLOR = "C00000"


@dataclass(frozen=True)
class Column:
    key: str  # the field the column fills
    header: str  # the Chinese header cell
    required: bool = False
    note: str = ""  # shown on the instructions sheet and the import page


def header_positions(columns, header: tuple) -> tuple[dict[str, int], list[RowError]]:
    """Find each column by its header text, so a reordered sheet still reads correctly."""
    positions = {cell_text(text): index for index, text in enumerate(header) if cell_text(text)}
    found, errors = {}, []
    for column in columns:
        if column.header in positions:
            found[column.key] = positions[column.header]
        elif column.required:
            errors.append(RowError(_("缺少“%(header)s”列。") % {"header": column.header}, 1))
    return found, errors


def read_data_sheet(
    file, plan, *, sheet_name: str, columns, read_row, max_rows: int = IMPORT_MAX_ROWS
) -> None:
    """Read the data sheet into `plan` (an object with `rows`, `errors` and `letters`).

    `read_row(line, cells)` turns one non-blank line (cells by column key) into a row; it
    files its own cell errors. `plan.letters` maps each column key to its Excel letter ("" for
    an absent optional column) before the first row is read.
    """
    workbook = open_workbook(file)
    if workbook is None:
        plan.errors.append(RowError(_("无法读取文件，请上传由模板填写的 .xlsx 格式 Excel 文件。")))
        return
    try:
        names = workbook.sheetnames
        sheet = workbook[sheet_name] if sheet_name in names else workbook.worksheets[0]
        _read_rows(sheet, plan, columns, read_row, max_rows)
    finally:
        workbook.close()
    if not plan.rows and not plan.errors:
        plan.errors.append(RowError(_("表格中没有数据行。")))


def _read_rows(sheet, plan, columns, read_row, max_rows: int) -> None:
    rows = sheet.iter_rows(values_only=True)
    positions, header_errors = header_positions(columns, next(rows, None) or ())
    if header_errors:
        plan.errors.extend(header_errors)
        return
    plan.letters = {c.key: "" for c in columns}  # an optional column may be absent
    plan.letters.update({key: get_column_letter(i + 1) for key, i in positions.items()})
    for line, values in enumerate(rows, start=2):
        if not any(cell_text(v) for v in values):
            continue  # blank line
        if len(plan.rows) >= max_rows:
            plan.errors.append(RowError(_("一次最多导入%(n)d行，请分批导入。") % {"n": max_rows}))
            return
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        plan.rows.append(read_row(line, cells))
        tasks.progress(len(plan.rows))  # a background import's rows read and checked


def workbook_to_bytes(workbook) -> bytes:
    """Bytes of a normal-mode workbook, formula-like text made plain text first."""
    defuse_formulas(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the annotated copy of an import file -------------------------------------------------------

ERROR_FILL = "FFC7CE"  # Excel's own “bad” cell colour
ERROR_SHEET = "错误清单"


def annotated_copy_bytes(tables, errors: Sequence[RowError]) -> bytes:
    """The uploaded file given back with its problems marked: every sheet's values as read
    (`tables`: objects with `sheet` and `rows`), each faulty cell filled red with the messages
    as its comment (a row's error marks the row's first cell), and a last sheet listing every
    error by sheet, row and column."""
    from openpyxl.comments import Comment

    marks: dict[tuple[str, int, str], list[str]] = {}
    for error in errors:
        if error.row is not None:
            key = (error.sheet, error.row, error.column or "A")
            marks.setdefault(key, []).append(error.message)
    fill = PatternFill("solid", fgColor=ERROR_FILL)
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=(table.sheet or "Sheet1")[:31])
        letters: list[str] = []
        for number, values in enumerate(table.rows, start=1):
            while len(letters) < len(values):
                letters.append(get_column_letter(len(letters) + 1))
            cells = []
            for index, value in enumerate(values):
                cell = _cell(sheet, value)
                messages = marks.get((table.sheet, number, letters[index]))
                if messages:
                    cell.fill = fill
                    cell.comment = Comment("\n".join(messages), "Sifa")
                cells.append(cell)
            sheet.append(cells)
    listing = workbook.create_sheet(title=ERROR_SHEET)
    listing.append(_header(listing, [_("工作表"), _("行"), _("列"), _("列名"), _("错误")]))
    for error in errors:
        listing.append(
            [
                _cell(listing, value)
                for value in (error.sheet, error.row, error.column, error.header, error.message)
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
