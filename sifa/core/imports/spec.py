"""An import, declared: its columns (`Field`), its natural key, and the two steps its line
provides — `resolve` (find what each row matches in the database, check it against the rules,
say whether it creates, updates or changes nothing) and `apply` (write through the line's
actions). See docs/imports.md for a worked example.

A field reads its cell (`sifa.core.imports.cells`) into one value of the row; the kit finds
the column by its Chinese header, reports a missing required column once, a blank required
cell and every unreadable cell with its row and column, and never calls `resolve` for a row
with a cell error.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.imports import cells

# What a row does when applied.
CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"


@dataclass(frozen=True, eq=False)
class Field:
    """One column of an import: the row value `key` read from the column headed `header`.

    `read(raw, ctx)` turns a non-blank raw cell into the value or raises `cells.CellError`;
    `options(ctx)` (list columns) gives the items offered by the template's drop-down and
    accepted by label or code; `default` is the value of a blank optional cell.
    """

    key: str
    header: str
    read: Callable[[Any, ImportContext], Any]
    required: bool = False
    note: str = ""
    default: Any = None
    options: Callable[[], cells.Options] | None = None
    as_text: bool = False  # the template formats the column as text (codes, ID numbers)
    width: int = 16
    example: Any = ""
    aliases: tuple[str, ...] = ()  # other headers accepted for the column (older templates)
    # `prepare(ctx)` gives the reader of one import (raw → value), with what it needs looked
    # up once (the list's items, today) rather than per cell; None: `read` is called per cell.
    prepare: Callable[[ImportContext], Callable[[Any], Any]] | None = None

    def reader(self, ctx: ImportContext) -> Callable[[Any], Any]:
        """raw → value for one import (see `prepare`)."""
        if self.prepare is not None:
            return self.prepare(ctx)
        read = self.read
        return lambda raw: read(raw, ctx)

    @property
    def column(self):
        """The same object: code written for `sifa.core.excel.Column` reads `.header` etc."""
        return self


def text(
    key: str,
    header: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    note: str = "",
    as_text: bool = False,
    width: int = 16,
    example: Any = "",
    aliases: tuple[str, ...] = (),
) -> Field:
    def read(raw, ctx):
        value = cells.text(raw)
        if max_length is not None and len(value) > max_length:
            raise cells.CellError(_("不能超过%(n)d个字。") % {"n": max_length})
        return value

    return Field(
        key,
        header,
        read,
        required,
        note,
        "",
        as_text=as_text,
        width=width,
        example=example,
        aliases=aliases,
    )


def office_code(key: str, header: str, note: str, *, example: Any = "") -> Field:
    """The office of a row by its 机构编码 (required; `steps.offices_coded`)."""
    return text(key, header, required=True, as_text=True, note=note, example=example)


def office_named(key: str, header: str, note: str, *, example: Any = "") -> Field:
    """The office of a row by its 机构编码 or its name (required; `steps.offices_named`)."""
    return text(key, header, required=True, note=note, width=20, example=example)


def date(
    key: str,
    header: str,
    *,
    required: bool = False,
    future: bool = False,
    note: str = "",
    invalid: str = "",
    example: Any = "",
    aliases: tuple[str, ...] = (),
) -> Field:
    """A date (see `cells.day`); after today only when `future`. `invalid` replaces the
    message of an unreadable date (an older import's wording)."""

    def prepare(ctx):
        today = ctx.today

        def read_day(raw):
            try:
                return cells.day(raw, future=future, today=today)
            except cells.CellError as error:
                if invalid and cells._day(raw) is None:
                    raise cells.CellError(invalid) from None
                raise error

        return read_day

    return Field(
        key,
        header,
        lambda raw, ctx: prepare(ctx)(raw),
        required,
        note or _("如 2026-03-07，也可写 2026/3/7、2026年3月7日"),
        None,
        width=14,
        example=example,
        aliases=aliases,
        prepare=prepare,
    )


def moment(
    key: str,
    header: str,
    *,
    required: bool = False,
    future: bool = False,
    note: str = "",
    example: Any = "",
    aliases: tuple[str, ...] = (),
) -> Field:
    """A date and time (see `cells.moment`): a call's 来电时间; after now only when `future`."""
    return Field(
        key,
        header,
        lambda raw, ctx: cells.moment(raw, future=future),
        required,
        note or _("如 2026-03-07 14:30，也可写 2026/3/7 14:30、2026年3月7日 14时30分"),
        None,
        width=18,
        example=example,
        aliases=aliases,
    )


def amount(
    key: str,
    header: str,
    *,
    required: bool = False,
    default: Decimal | None = Decimal(0),
    note: str = "",
    example: Any = "",
    aliases: tuple[str, ...] = (),
) -> Field:
    return Field(
        key,
        header,
        lambda raw, ctx: cells.amount(raw),
        required,
        note or _("单位：元，可带千位分隔符"),
        default,
        width=14,
        example=example,
        aliases=aliases,
    )


def decimal(
    key: str,
    header: str,
    *,
    required: bool = False,
    places: int = 1,
    minimum: Decimal | None = None,
    note: str = "",
    example: Any = "",
) -> Field:
    return Field(
        key,
        header,
        lambda raw, ctx: cells.decimal(raw, places=places, minimum=minimum),
        required,
        note,
        None,
        width=10,
        example=example,
    )


def integer(
    key: str,
    header: str,
    *,
    required: bool = False,
    minimum: int | None = None,
    default: int | None = None,
    note: str = "",
    example: Any = "",
    aliases: tuple[str, ...] = (),
) -> Field:
    return Field(
        key,
        header,
        lambda raw, ctx: cells.integer(raw, minimum=minimum),
        required,
        note,
        default,
        width=10,
        example=example,
        aliases=aliases,
    )


def resident_id(
    key: str,
    header: str,
    *,
    required: bool = False,
    note: str = "",
    example: Any = "",
    aliases: tuple[str, ...] = (),
) -> Field:
    """A 居民身份证号码, checked (length, date of birth, check character) and made canonical."""
    return Field(
        key,
        header,
        lambda raw, ctx: cells.resident_id(raw),
        required,
        note or _("18位居民身份证号码，请将该列设为文本格式"),
        "",
        as_text=True,
        width=22,
        example=example,
        aliases=aliases,
    )


def yes_no(
    key: str,
    header: str,
    *,
    required: bool = False,
    default: bool | None = None,
    note: str = "",
    example: Any = "",
) -> Field:
    def options():
        return cells.Options([("是", _("是")), ("否", _("否"))])

    return Field(
        key,
        header,
        lambda raw, ctx: cells.yes_no(raw),
        required,
        note or _("填“是”或“否”"),
        default,
        options=options,
        width=10,
        example=example,
    )


def choice(
    key: str,
    header: str,
    choices: Callable[[], Iterable[tuple[str, str]]],
    *,
    required: bool = False,
    default: str = "",
    aliases: dict[str, str] | None = None,
    note: str = "",
    example: Any = "",
    width: int = 16,
    header_aliases: tuple[str, ...] = (),
) -> Field:
    """An item of a fixed list (a TextChoices' `.choices`, given as a callable so labels are
    read in the request's language), by its label or its value; `aliases` are more words the
    paper registers use for an item ({word: value})."""

    def options():
        return cells.Options(choices(), aliases=aliases)

    def read(raw, ctx):
        return ctx.options(key, options).read(raw, header)

    def prepare(ctx):
        read_item = ctx.options(key, options).read
        return lambda raw: read_item(raw, header)

    return Field(
        key,
        header,
        read,
        required,
        note or _("从下拉列表中选择"),
        default,
        options=options,
        width=width,
        example=example,
        aliases=header_aliases,
        prepare=prepare,
    )


def code(
    key: str,
    header: str,
    code_list: str,
    *,
    required: bool = False,
    note: str = "",
    example: Any = "",
    width: int = 18,
) -> Field:
    """An item of a code table (字典), by its name or its code. Whether the item was valid on
    the record's date is the line's rule (`sifa.core.codes.CodeTable.validate`)."""
    from sifa.core.codes import code_choices, code_labels

    def options():
        # Every item, retired ones too: an old register names items no longer offered.
        return cells.Options(code_labels(code_list).items())

    def offered():
        return cells.Options(code_choices(code_list))

    def read(raw, ctx):
        return ctx.options(key, options).read(raw, header)

    def prepare(ctx):
        read_item = ctx.options(key, options).read
        return lambda raw: read_item(raw, header)

    return Field(
        key,
        header,
        read,
        required,
        note or _("从下拉列表中选择，也可填写代码"),
        "",
        options=offered,
        as_text=True,
        width=width,
        example=example,
        prepare=prepare,
    )


# A row's changes until `resolve` sets them: one read-only mapping shared by every row.
NO_CHANGES = MappingProxyType({})


class Row:
    """One data row of the file: `line` is its Excel row number; its fields' values are read
    by key (`row["received_on"]`; a blank cell gives the field's default).

    The values are a list in the order of the import's fields (`index`: key → position, one
    dict shared by every row of the file): a register of 200,000 rows holds far less than a
    dict per row.

    `resolve` sets `action` (CREATE, UPDATE or UNCHANGED), `target` (the existing record it
    matched, if any), `changes` (field: (before, after), for the preview) and may keep anything
    it found for `apply` in `found`."""

    __slots__ = ("action", "bad", "cells", "changes", "found", "index", "line", "target")

    def __init__(self, line: int, cells: list, index: dict[str, int]):
        self.line = line
        self.cells = cells
        self.index = index
        self.bad = False  # a cell or a rule of this row failed
        self.action = ""
        self.target = None
        self.changes: Mapping[str, tuple[Any, Any]] = NO_CHANGES
        self.found: dict[str, Any] = {}

    def __getitem__(self, key: str):
        return self.cells[self.index[key]]

    def __setitem__(self, key: str, value) -> None:
        self.cells[self.index[key]] = value

    def get(self, key: str, default=None):
        position = self.index.get(key)
        return default if position is None else self.cells[position]

    def __contains__(self, key: str) -> bool:
        return key in self.index

    def as_dict(self) -> dict[str, Any]:
        return {key: self.cells[position] for key, position in self.index.items()}

    def release(self) -> None:
        """Let the values go once `resolve` has taken what it needs (into `found`): a large
        file's rows are kept to the end, their cells need not be. They cannot be read after."""
        self.cells = None

    def __repr__(self):
        return f"<Row {self.line} {self.action or '-'}>"


@dataclass
class ImportContext:
    """Who imports, into which office's subtree, and what the steps share.

    `office` is the office the user chose: every row must belong to it or an office under it
    (`within`). `batch` is the `core.ImportBatch` being applied (None while previewing).
    `cache` keeps what a step read once for all rows (code tables, existing records);
    `applying` says the apply step follows at once (see the field)."""

    actor: Any
    office: Any = None
    batch: Any = None
    today: datetime.date = field(default_factory=timezone.localdate)
    cache: dict = field(default_factory=dict)
    # True when `apply` follows in the same transaction (confirm, a one-step import): a line
    # whose bulk write checks its rules itself may leave them out of `resolve` (not twice).
    applying: bool = False

    def within(self, office) -> bool:
        """Is `office` the chosen office or under it (the import's scope)?"""
        return self.office is None or office.path.startswith(self.office.path)

    def options(self, key: str, build: Callable[[], cells.Options]) -> cells.Options:
        """The options of list column `key`, built once per import."""
        cache_key = ("options", key)
        if cache_key not in self.cache:
            self.cache[cache_key] = build()
        return self.cache[cache_key]

    def once(self, key, build: Callable[[], Any]):
        """`build()`, the first time `key` is asked for in this import."""
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]


class Ref(tuple):
    """A record named by its model and key, for a bulk write that built no instance of it."""

    __slots__ = ()

    def __new__(cls, model, pk):
        return super().__new__(cls, (model, pk))

    @property
    def model(self):
        return self[0]

    @property
    def pk(self):
        return self[1]


@dataclass(frozen=True)
class Change:
    """A record the apply step wrote (a model instance, or a `Ref`): `created`, or changed from
    `before` ({field: value} as the model stores them, for a roll-back). A record created with
    the main record and deleted with it (a case's parties, its events) is not listed: rolling
    back the main record removes it."""

    record: Any
    created: bool
    before: dict | None = None


@dataclass(frozen=True, eq=False)
class ImportSpec:
    """One import a line offers on the 数据导入 page (registered in `Line.imports`).

    * `key` — "<line>.<what>", e.g. "mediation.cases"; `title` — 调解案件;
    * `sheet` — the data sheet of the template (an upload's first sheet is read when no sheet
      has this name; a CSV file is that sheet);
    * `fields` — the columns; `natural_key` — the field keys that name one record: two rows of
      a file may not share them, and a row whose key exists updates that record;
    * `capability` and `line` — what the importer must hold on the chosen office (e.g.
      `edit` in `mediation`; `orgs.manage` with no line);
    * `resolve(plan, ctx)` — per good row: find the existing record, check the line's rules,
      set `row.action`; file errors with `plan.error(row, key, message)`;
    * `apply(plan, ctx)` — write every CREATE and UPDATE row through the line's actions (a bulk
      path for large files), returning the `Change`s; it runs in the import's transaction;
    * `check_row(row, plan)` — rules between the cells of one row (an end before its start),
      run before `resolve`;
    * `rules`, `examples` — the template's instructions and example rows ({field key: value});
    * `order` — the go-live order on the 数据导入 page (committees before their cases);
    * `list_url` — the URL name of the register the rows go into (a link on the page).
    """

    key: str
    title: str
    sheet: str
    fields: tuple[Field, ...]
    capability: str
    line: str | None
    resolve: Callable
    apply: Callable
    natural_key: tuple[str, ...] = ()
    check_row: Callable | None = None
    rules: tuple[str, ...] = ()
    examples: tuple[dict, ...] = ()
    order: int = 100
    list_url: str = ""
    description: str = ""
    # Natural keys checked for duplicates inside the file: each a tuple of field keys; rows
    # with any of the key's fields blank are not compared. Default: (natural_key,).
    unique_together: tuple[tuple[str, ...], ...] | None = None

    def field(self, key: str) -> Field:
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    @property
    def columns(self) -> Sequence[Field]:
        """The fields, under the name the older import pages used."""
        return self.fields

    @property
    def unique_keys(self) -> tuple[tuple[str, ...], ...]:
        if self.unique_together is not None:
            return self.unique_together
        return (self.natural_key,) if self.natural_key else ()

    @property
    def template_filename(self) -> str:
        return _("%(title)s导入模板.xlsx") % {"title": self.title}
