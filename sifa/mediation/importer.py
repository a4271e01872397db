"""历史案件导入's older entry points (the template, the columns): the import itself is declared
in `sifa.mediation.imports.cases` on the import kit."""

from __future__ import annotations

from sifa.core.imports.templates import template_bytes
from sifa.mediation.imports.cases import CASES, COLUMNS, DATA_SHEET

__all__ = ["COLUMNS", "DATA_SHEET", "build_template"]


def build_template() -> bytes:
    """The import template: the header row with drop-down lists, the lists, instructions."""
    return template_bytes(CASES)
