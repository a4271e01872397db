"""Reading spreadsheets for imports: cells as text and dates, and errors that name the cell.

Every importer (offices, mediation cases, …) reports problems the same way:
`第5行 C列（机构名称）：不能为空。`
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

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
