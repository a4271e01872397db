"""The plan an older Excel import (the holiday table, sifa.core.holidays) is read into, on the
reader of `sifa.core.excel`. Every line's import is declared on the import kit instead
(`sifa.core.imports`, docs/imports.md); its template sheets' names are kept here too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sifa.core.excel import IMPORT_MAX_ROWS, Column, RowError, read_data_sheet
from sifa.core.imports.templates import HELP_SHEET, OPTIONS_SHEET

__all__ = ["HELP_SHEET", "OPTIONS_SHEET", "ImportPlan", "read_sheet"]


@dataclass
class ImportPlan:
    """A file read for import: its rows, every error found, and each column's Excel letter."""

    columns: Sequence[Column]
    rows: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column key -> Excel letter

    def add(self, line: int, key: str | None, message: str) -> None:
        """An error of the row at `line`, in column `key` (None: the row as a whole)."""
        if key is None:
            self.errors.append(RowError(message, line))
            return
        header = next(c.header for c in self.columns if c.key == key)
        self.errors.append(RowError(message, line, self.letters.get(key, ""), header))


def read_sheet(file, *, sheet_name: str, columns: Sequence[Column], read_row) -> ImportPlan:
    """Read the data sheet into a new plan; `read_row(plan, line, cells)` parses one row (filing
    its own cell errors in the plan) and returns it."""
    plan = ImportPlan(columns)
    read_data_sheet(
        file,
        plan,
        sheet_name=sheet_name,
        columns=columns,
        read_row=lambda line, cells: read_row(plan, line, cells),
        max_rows=IMPORT_MAX_ROWS,
    )
    return plan
