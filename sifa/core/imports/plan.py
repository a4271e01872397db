"""A file read for import (`Plan`): its rows, every problem found (by sheet, row and column),
and what applying it would do (how many rows create, update, change nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sifa.core.excel import RowError
from sifa.core.imports.spec import CREATE, UNCHANGED, UPDATE, ImportSpec, Row


@dataclass
class Plan:
    spec: ImportSpec
    sheet: str = ""  # the sheet read (its name in the file)
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # field key -> Excel column letter
    # Every (sheet, row, column letter) with an error: the annotated copy marks these cells.
    readable: bool = True

    def error(self, row: Row | int | None, key: str | None, message: str) -> None:
        """An error of `row` (a Row or an Excel row number; None: the file), in the column of
        field `key` (None: the row as a whole). The row is left out of `resolve` and `apply`."""
        line = row.line if isinstance(row, Row) else row
        if isinstance(row, Row):
            row.bad = True
        if key is None:
            self.errors.append(RowError(str(message), line, sheet=self.sheet))
            return
        header = self.spec.field(key).header
        letter = self.letters.get(key, "")
        self.errors.append(RowError(str(message), line, letter, header, sheet=self.sheet))

    def file_error(self, message: str) -> None:
        self.errors.append(RowError(str(message), sheet=self.sheet))

    @property
    def header_failed(self) -> bool:
        """The file or its header row could not be read: no row was read."""
        return any(e.row in (None, 1) for e in self.errors)

    def good_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.bad]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            CREATE: self.count(CREATE),
            UPDATE: self.count(UPDATE),
            UNCHANGED: self.count(UNCHANGED),
        }

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda e: (e.row or 0, _column_order(e.column)))


def _column_order(letter: str) -> tuple[int, str]:
    """A before B before … Z before AA: letters compare by length first."""
    return (len(letter), letter)
