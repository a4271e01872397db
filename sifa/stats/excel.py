"""Excel export of a drill-down (明细导出), written with openpyxl.

The first sheet is a plain table — one header row, then one row per record — so it sorts,
filters and re-imports cleanly; the second sheet says what the list is (指标, 口径, 范围).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


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
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell
