"""List exports (导出Excel): rows of a list page as an .xlsx download with Chinese headers.

The workbook itself is written by `sifa.stats.excel.workbook_bytes` (one header row, then one
row per record, dates as real Excel dates); this module only wraps it in an HTTP response.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

from sifa.stats.excel import CONTENT_TYPE, workbook_bytes


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
