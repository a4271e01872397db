"""Writing the new rows of a large import: values straight into the tables, with COPY on
PostgreSQL (executemany elsewhere), without building a model instance per row.

`sifa.core.bulk` saves model instances (one per row): at 200,000 cases, with their parties,
events, agreements and history rows, building those instances alone took longer than the
whole import may (bench/run_imports.py). Here a line's bulk action gives each row as
{attname: value}; the kit fills what a save would (the primary key from the table's sequence,
`created_at`/`updated_at`, field defaults), prepares the values a field must prepare itself
(an encrypted field encrypts, a JSON field dumps) and writes each table with one COPY, in the
order the tables were first asked for (a parent before its children). A model with a change
history gets its "created" history row, with the importer as its user and the batch as its
reason, as a save would write it.

Rules are not checked here: the line's bulk action has applied its rules before it asks for
the rows (sifa.mediation.actions.case_records).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter

from django.db import connections, router
from django.db.models import Model
from django.utils import timezone

# Values a field passes to the database driver as they are (psycopg adapts them).
_PLAIN = frozenset({str, int, bool, date, datetime, Decimal, type(None)})
# Primary keys taken from a sequence at a time: FIRST_KEY_BLOCK for a table's first rows, then
# twice as many each time up to KEY_BLOCK (a table with few rows — the confirmations of a
# register — does not take 20,000 keys it never uses).
FIRST_KEY_BLOCK = 500
KEY_BLOCK = 20_000


class Rows:
    """The new rows of one model, written by `Load.write`."""

    def __init__(self, load: Load, model: type[Model], *, reason: str, user_id: int | None):
        self.load = load
        self.model = model
        self.connection = load.connection
        self.pk = model._meta.pk
        # The key first, then every other column: the order of each row's values.
        self.fields = [self.pk, *(f for f in model._meta.concrete_fields if f is not self.pk)]
        self.now = load.now
        postgres = self.connection.vendor == "postgresql"
        # (attname, default, must the field prepare every value, the field) per column.
        self.columns_in_order = []
        for field in self.fields[1:]:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = self.now
            else:  # the field's default, "" for text without one (as a save would)
                default = field.get_default()
            native = field.get_internal_type() not in ("JSONField", "BinaryField")
            plain = postgres and type(field).__module__.startswith("django.") and native
            self.columns_in_order.append((field.attname, default, not plain, field))
        self.rows: list[tuple] = []
        self.keys: list[int] = []
        self.block = FIRST_KEY_BLOCK
        self.history = getattr(model, "history", None)
        self.reason, self.user_id = reason, user_id

    def add(self, values: dict) -> int:
        """A new row from `values` ({attname: value}); its primary key."""
        pk = values.get(self.pk.attname)
        if pk is None:
            pk = self.keys.pop() if self.keys else self._next_key()
        row = [pk]
        append, get, connection = row.append, values.get, self.connection
        for attname, default, prepare, field in self.columns_in_order:
            value = get(attname, default)
            if prepare or value.__class__ not in _PLAIN:
                value = field.get_db_prep_save(value, connection)
            append(value)
        self.rows.append(tuple(row))
        return pk

    def _next_key(self) -> int:
        self.keys = self.load.keys(self.model, self.block)
        self.block = min(self.block * 2, KEY_BLOCK)
        return self.keys.pop()

    def columns(self) -> list[str]:
        return [field.column for field in self.fields]


class Load:
    """New rows of several models written together (see the module docstring). `reason` and
    `user` go on the history rows."""

    def __init__(self, *, reason: str, user=None, using: str | None = None):
        self.reason = reason
        self.user_id = getattr(user, "pk", None)
        self.using = using
        self.connection = None
        self.now = timezone.now()
        self.tables: dict[type[Model], Rows] = {}
        self._last_key: dict[type[Model], int] = {}

    def rows(self, model: type[Model]) -> Rows:
        """The rows of `model` (the first call fixes the order tables are written in)."""
        if model not in self.tables:
            if self.connection is None:
                self.connection = connections[self.using or router.db_for_write(model)]
            self.tables[model] = Rows(self, model, reason=self.reason, user_id=self.user_id)
        return self.tables[model]

    def keys(self, model: type[Model], count: int) -> list[int]:
        """`count` new primary keys of `model`, in descending order (popped from the end)."""
        table, column = model._meta.db_table, model._meta.pk.column
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [quote(table), column, count],
                )
                keys = [row[0] for row in cursor.fetchall()]
            else:  # SQLite writes one transaction at a time: count on from the largest key
                if model not in self._last_key:
                    cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
                    self._last_key[model] = cursor.fetchone()[0] or 0
                first = self._last_key[model] + 1
                self._last_key[model] += count
                keys = list(range(first, first + count))
        keys.reverse()
        return keys

    def write(self) -> None:
        """Write the rows added so far (and forget them: a large load writes in parts, so its
        memory stays that of one part)."""
        for rows in self.tables.values():
            if not rows.rows:
                continue
            _write(self.connection, rows.model._meta.db_table, rows.columns(), rows.rows)
            if rows.history is not None:
                self._write_history(rows)
            rows.rows = []

    def _write_history(self, rows: Rows) -> None:
        history = rows.model.history.model
        tracked = {field.attname for field in history.tracked_fields}
        picks = [i for i, field in enumerate(rows.fields) if field.attname in tracked]
        columns = [rows.fields[i].column for i in picks]
        extra = {
            "history_date": self.now,
            "history_change_reason": self.reason,
            "history_type": "+",
            "history_user_id": self.user_id,
        }
        columns += list(extra)
        shared = tuple(extra.values())
        pick = itemgetter(*picks)  # a tuple of the picked columns (more than one always)
        table = [pick(row) + shared for row in rows.rows]
        _write(self.connection, history._meta.db_table, columns, table)


def _write(connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The driver's own cursor: its errors made Django's (IntegrityError for a unique
            # constraint), as the executemany below raises them.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
