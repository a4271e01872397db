"""The steps the lines' imports share, around their own rules: the office a row names (by code
or name, in the importer's scope), the errors of the rules filed in their columns, the steps a
row's status may not bring, a row judged against the record it names (create, update or
unchanged), and the write of the judged rows in bulk through a line's `records_create` and
`record_update` (`RecordsRefused` names the records a bulk write refuses).

The person parts (a row's person by 身份证号码) are `sifa.people.importing`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sifa.core.imports.spec import CREATE, UNCHANGED, UPDATE, Change, ImportContext

# --- the rows' offices ---------------------------------------------------------------------------


def offices_named(plan, ctx: ImportContext, offices, key: str = "office") -> None:
    """Each good row's office, named in column `key` by code or name (`offices.find(text)` →
    (office, the name is ambiguous), e.g. `sifa.orgs.selectors.OfficeNames`), into
    `row.found["office"]`; an ambiguous name, or an office unknown or out of the chosen scope,
    is the row's error."""
    header = plan.spec.field(key).header
    for row in plan.good_rows():
        office, ambiguous = offices.find(row[key])
        if ambiguous:
            message = _("有多个名为“%(name)s”的机构，请填写机构编码。")
            plan.error(row, key, message % {"name": row[key]})
        elif office is None or not ctx.within(office):
            message = _("%(header)s“%(office)s”不存在或不在您的管理范围内。")
            plan.error(row, key, message % {"header": header, "office": row[key]})
        else:
            row.found["office"] = office


def offices_coded(
    plan,
    ctx: ImportContext,
    rows,
    found: Mapping,
    key: str,
    *,
    label: str,
    kind: str = "",
    kind_error: str = "",
) -> dict:
    """{row line: its office}: `found` {code: office} holds the offices the importer may
    write in; the row's code (column `key`) must name one inside the chosen scope (else the
    error names the code as a `label`), of `kind` when given (else `kind_error` naming it),
    and not closed."""
    chosen = {}
    for row in rows:
        code = row[key]
        office = found.get(code)
        if office is None or not ctx.within(office):
            message = _("%(label)s“%(code)s”不存在或不在您的管理范围内。")
            plan.error(row, key, message % {"label": label, "code": code})
        elif kind and office.kind != kind:
            plan.error(row, key, kind_error % {"name": office.name})
        elif not office.is_active:
            plan.error(row, key, _("“%(name)s”已撤销。") % {"name": office.name})
        else:
            chosen[row.line] = office
    return chosen


# --- a row's checks ------------------------------------------------------------------------------


def refuse_steps_not_taken(plan, row, not_taken: Mapping, status) -> bool:
    """A row whose status (a TextChoices member's value) has not taken a step may not fill its
    columns (`not_taken` {status: the field keys}): the first filled one is the row's error.
    True when it was."""
    for key in not_taken[status]:
        if row.get(key):
            header = plan.spec.field(key).header
            message = _("状态为“%(status)s”的对象不填%(header)s。")
            plan.error(row, key, message % {"status": status.label, "header": header})
            return True
    return False


def refuse_repeats(plan, rows, key_of: Callable, key: str, message: str) -> None:
    """Two rows with one `key_of(row)` (not None): the later one's error in column `key`,
    `message` naming the value (`%(value)s`) and the first row (`%(n)d`)."""
    first: dict = {}
    for row in rows:
        value = key_of(row)
        if value is None:
            continue
        if value in first:
            shown = value[-1] if isinstance(value, tuple) else value
            plan.error(row, key, message % {"value": shown, "n": first[value]})
        else:
            first[value] = row.line


def record_of(cls, row, **values):
    """An instance of dataclass `cls` (a line's record of one row) with `values`, its other
    fields read from the row's columns of the same names (a field without one: its default)."""
    for item in dataclasses.fields(cls):
        if item.name not in values and item.name in row:
            values[item.name] = row[item.name]
    return cls(**values)


def report(plan, row, errors: Mapping, columns: Mapping[str, str | None]) -> None:
    """The rules' errors of a row ({field: messages}) in the columns `columns` names (a field
    "a.b" not named: the column of "a.__all__"; else the row as a whole)."""
    for name, messages in errors.items():
        key = columns.get(name)
        if key is None and name and "." in name:
            key = columns.get(name.split(".", 1)[0] + ".__all__")
        for message in messages:
            plan.error(row, key, message)


def judge(
    plan,
    row,
    record,
    target,
    *,
    create_errors: Callable | None,
    update_errors: Callable,
    changes: Callable,
    columns: Mapping | Callable,
) -> None:
    """`row`, read into `record`, against `target`, the stored record it names (None: none):
    a new record (`create_errors(record)`; None: checked when written) or an update
    (`update_errors(target, record)`, `changes(target, record)`: none → unchanged). The
    errors go to `columns` (a mapping for `report`, or `report(plan, row, errors)`)."""
    filed = columns if callable(columns) else lambda p, r, e: report(p, r, e, columns)
    if target is None:
        if create_errors is not None:
            filed(plan, row, create_errors(record))
        row.action = CREATE
    else:
        filed(plan, row, update_errors(target, record))
        row.target = target
        row.changes = changes(target, record)
        row.action = UPDATE if row.changes else UNCHANGED
    row.found["record"] = record


def compare(row, record, wanted: Mapping, also: Callable | None = None) -> None:
    """`row` against `record`, the stored record it names (None: a new one), for a row written
    through the actions one by one: `wanted` {field: value} are the row's values of the
    record's fields, `also(record)` {label: (stored, wanted)} more values to compare. Sets
    `row.target`, `row.changes` ({label: (stored, wanted)}) and `row.action`."""
    row.target = record
    if record is None:
        row.action = CREATE
        return
    changes = {
        str(record._meta.get_field(name).verbose_name): (getattr(record, name), value)
        for name, value in wanted.items()
        if getattr(record, name) != value
    }
    if also is not None:
        changes.update({label: pair for label, pair in also(record).items() if pair[0] != pair[1]})
    row.changes = changes
    row.action = UPDATE if changes else UNCHANGED


def compare_end(plan, row, record, name: str, key: str, ended: str) -> None:
    """`row` against `record` (None: a new one) whose end date (its field `name`, the row's
    column `key`) a file may add but not change: `ended` is the message naming the stored
    end (`%(date)s`)."""
    row.target = record
    stored = None if record is None else getattr(record, name)
    if record is None:
        row.action = CREATE
    elif stored == row[key]:
        row.action = UNCHANGED
    elif stored is None:
        row.changes = {_("离任日期"): ("", row[key])}
        row.action = UPDATE
    else:
        plan.error(row, key, ended % {"date": stored.isoformat()})


# --- writing -------------------------------------------------------------------------------------


class RecordsRefused(ValidationError):
    """Records the rules refuse: `errors` {index of the record: {field: messages}}."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]):
        super().__init__(
            [f"{index}: {messages}" for index, messages in sorted(errors.items())],
            code="records_refused",
        )
        self.errors = errors


def refuse_records(records, errors_of: Callable) -> None:
    """Raise RecordsRefused naming every record `errors_of(record)` finds errors in."""
    refused = {}
    for index, record in enumerate(records):
        found = errors_of(record)
        if found:
            refused[index] = found
    if refused:
        raise RecordsRefused(refused)


def reason(ctx: ImportContext, default: str) -> str:
    """The change reason of the history rows: the batch, or `default` without one."""
    if ctx.batch is not None:
        return _("导入批次#%(pk)d") % {"pk": ctx.batch.pk}
    return default


def rows_doing(plan, action: str) -> list:
    return [row for row in plan.rows if row.action == action]


def write_records(
    plan,
    *,
    create: Callable,
    update: Callable,
    columns: Mapping | Callable,
    whole: str | None = None,
) -> list[Change]:
    """The apply step of judged rows (`judge`): the CREATE rows' records written at once by
    `create(records)` (a refusal, `RecordsRefused`, filed on its rows), then each UPDATE row
    by `update(target, record)` (a ValidationError without fields filed under `whole`). Any
    refusal stops the import with every error."""
    filed = columns if callable(columns) else lambda p, r, e: report(p, r, e, columns)
    creating = rows_doing(plan, CREATE)
    try:
        created = create([row.found["record"] for row in creating])
    except RecordsRefused as refused:
        for index, errors in refused.errors.items():
            filed(plan, creating[index], errors)
        raise ValidationError([str(e) for e in plan.errors]) from None
    changes = [Change(record, created=True) for record in created]
    for row in rows_doing(plan, UPDATE):
        try:
            changes += update(row.target, row.found["record"])
        except ValidationError as error:
            found = error.message_dict if hasattr(error, "error_dict") else {whole: error.messages}
            filed(plan, row, found)
            raise ValidationError([str(e) for e in plan.errors]) from None
    return changes
