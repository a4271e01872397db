"""Excel (.xlsx) for every line: list exports as HTTP responses, formula-safe cells, and the
reading side of the all-or-nothing imports (cells as text and dates, errors that name the cell).

Exports: the first sheet is a plain table — one header row, then one row per record, dates as
real Excel dates — so it sorts, filters and re-imports cleanly; the second sheet (说明) says what
the list is. Text that Excel would take for a formula (= + - @ at the start: a name, a note, a
phone number typed by a user) is written as text with Excel's quote prefix, so opening an export
never evaluates what a user typed.

Imports report problems the same way for every importer (offices, mediation cases, …):
`第5行 C列（机构名称）：不能为空。`
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FORMULA_PREFIXES = ("=", "+", "-", "@")


# --- writing ----------------------------------------------------------------------------------


def is_formula_like(value) -> bool:
    """Text Excel would evaluate (or offer to) if it were written as it stands."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def formula_safe(cell):
    """Keep `cell` a text cell: Excel shows the text and does not evaluate it."""
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _header(sheet, titles: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=str(title))
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
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
    if notes:
        about = workbook.create_sheet(title=notes_title[:31])
        about.column_dimensions["A"].width = 14
        about.column_dimensions["B"].width = 80
        for label, text in notes:
            about.append([*_header(about, [label]), str(text)])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)  # Excel has no time zones: local time
    cell = WriteOnlyCell(sheet, value=value)
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
    rows = ([_plain(v) for v in row] for row in rows)
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
