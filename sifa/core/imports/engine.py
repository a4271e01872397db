"""Validating a whole file (`validate`) and applying it (`apply`): the two steps every import
runs, in a request or in a background job alike.

`validate` reads the sheet, finds each column by its header, reads every cell (a missing
required column stops there; every bad cell is reported), runs the spec's row rules, refuses
two rows with the same natural key, then lets the line `resolve` the good rows against the
database (what each creates, updates or leaves unchanged, and the line's own rules). Nothing is
written. `apply` writes a plan without errors through the line, inside the caller's
transaction: every row or none.
"""

from __future__ import annotations

import contextlib
import gc

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core import tasks
from sifa.core.imports import cells, files
from sifa.core.imports.plan import Plan
from sifa.core.imports.spec import Change, ImportContext, ImportSpec, Row
from sifa.core.validation import one_day

REQUIRED_MARKS = ("*", "＊", "（必填）", "(必填)")


def header_text(value) -> str:
    """A header cell as compared: the required marks a clerk may add are dropped."""
    text = cells.text(value)
    for mark in REQUIRED_MARKS:
        text = text.replace(mark, "")
    return text.strip()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector paused while a file is read and written: it would walk the
    hundreds of thousands of rows, cells and records again and again (each full collection
    costs in proportion to every object alive); they hold no cycles, so one collection at the
    end frees what is left."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate(spec: ImportSpec, content: bytes, name: str, ctx: ImportContext) -> Plan:
    """The plan of the file: every row read and resolved, every error found. "Today" (no
    date later than today) is read once for the whole file, not for every date cell."""
    with collector_paused(), one_day():
        return _validate(spec, content, name, ctx)


def _validate(spec: ImportSpec, content: bytes, name: str, ctx: ImportContext) -> Plan:
    plan = Plan(spec)
    try:
        table = files.read_table(content, name, sheet=spec.sheet)
    except files.Unreadable:
        plan.readable = False
        plan.file_error(files.unreadable_message())
        return plan
    plan.sheet = table.sheet
    try:
        read_rows(plan, table.rows, ctx)
    except files.Unreadable:
        plan.rows.clear()
        plan.readable = False
        plan.file_error(files.unreadable_message())
        return plan
    if plan.header_failed:
        return plan
    if not plan.rows:
        plan.file_error(_("表格中没有数据行。"))
        return plan
    _refuse_duplicates(plan)
    good = plan.good_rows()
    if good:
        spec.resolve(plan, ctx)
    plan.sort_errors()
    return plan


def read_rows(plan: Plan, rows, ctx: ImportContext) -> None:
    """Read every data row of `rows` (a list, or an iterator read once) into the plan."""
    spec = plan.spec
    rows = iter(rows)
    header = next(rows, None) or []
    positions = _positions(plan, header)
    if plan.header_failed:
        return
    limit = sifa_setting("SIFA_IMPORT_MAX_ROWS")
    # Each column's reader is made once per import (its list's items, today).
    index = {f.key: position for position, f in enumerate(spec.fields)}
    fields = [
        (f.key, index[f.key], positions[f.key], f.reader(ctx), f.required)
        for f in spec.fields
        if f.key in positions
    ]
    defaults = [f.default for f in spec.fields]
    check_row = spec.check_row
    for line, values in enumerate(rows, start=2):
        if all(cells.is_blank(v) for v in values):
            continue  # a blank line
        if len(plan.rows) >= limit:
            plan.file_error(_("一次最多导入%(n)d行，请分批导入。") % {"n": limit})
            return
        row = _read_row(plan, line, values, fields, defaults, index)
        if check_row is not None and not row.bad:
            check_row(row, plan)
        plan.rows.append(row)
        if not ctx.applying:  # the preview's bar: rows read; confirming, the rows written
            tasks.progress(len(plan.rows))


def _positions(plan: Plan, header: list) -> dict[str, int]:
    """Each field's column index, found by its header text, so a reordered or extended sheet
    still reads; a missing required column is an error of row 1."""
    by_text = {}
    for index, value in enumerate(header):
        text = header_text(value)
        if text and text not in by_text:
            by_text[text] = index
    positions = {}
    for field in plan.spec.fields:
        for text in (field.header, *field.aliases):
            if text in by_text:
                positions[field.key] = by_text[text]
                break
        else:
            if field.required:
                plan.errors.append(
                    _missing_column(field.header, plan.sheet),
                )
    plan.letters = {key: column_letter(index) for key, index in positions.items()}
    return positions


def _missing_column(header: str, sheet: str):
    from sifa.core.excel import RowError

    return RowError(_("缺少“%(header)s”列。") % {"header": header}, 1, sheet=sheet)


def _read_row(plan: Plan, line: int, values: list, fields, defaults: list, index) -> Row:
    cells_read = defaults.copy()  # a blank cell keeps its field's default
    row = Row(line, cells_read, index)
    width = len(values)
    for key, position, column, read, required in fields:
        raw = values[column] if column < width else ""
        if raw == "" or raw is None or (raw.__class__ is str and not raw.strip()):
            if required:
                plan.error(row, key, _("不能为空。"))
            continue
        try:
            cells_read[position] = read(raw)
        except cells.CellError as error:
            plan.error(row, key, error.message)
    return row


def _refuse_duplicates(plan: Plan) -> None:
    """Two rows naming the same record (by a natural key) cannot both be applied."""
    for keys in plan.spec.unique_keys:
        first: dict[tuple, int] = {}
        for row in plan.rows:
            value = tuple(row.get(key) for key in keys)
            if any(part in (None, "") for part in value):
                continue
            if value in first:
                headers = "、".join(plan.spec.field(key).header for key in keys)
                shown = "、".join(_shown(part) for part in value)
                message = _("%(header)s“%(key)s”与第%(n)d行重复。")
                plan.error(
                    row, keys[0], message % {"header": headers, "key": shown, "n": first[value]}
                )
            else:
                first[value] = row.line


def _shown(value) -> str:
    """A key part as the file shows it (an office by its code, a date as 2026-03-07)."""
    return str(getattr(value, "code", value))


def apply(plan: Plan, ctx: ImportContext) -> list[Change]:
    """Write a plan without errors through its line (inside the caller's transaction)."""
    if plan.errors:
        raise ValidationError([str(error) for error in plan.errors])
    if not any(row.action in ("create", "update") for row in plan.rows):
        return []
    with collector_paused():
        return list(plan.spec.apply(plan, ctx))


def run(spec: ImportSpec, content: bytes, name: str, ctx: ImportContext) -> tuple[Plan, list]:
    """Validate and apply in one go, for a caller without a preview (a management command, the
    older per-line functions): raises ValidationError with every error, having written nothing.
    The caller holds the transaction."""
    plan = validate(spec, content, name, ctx)
    return plan, apply(plan, ctx)
