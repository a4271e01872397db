"""Bulk insert (批量写入) of many new rows, several times faster than `QuerySet.bulk_create`.

The demo city writes about 580,000 rows; through `bulk_create` most of that time goes into
compiling one multi-row INSERT per batch, placeholder by placeholder. `insert` prepares each
value exactly as a save would (the field's `pre_save` and `get_db_prep_save`, so encrypted fields
are encrypted and `auto_now_add` is filled) and sends one single-row statement with
`executemany`. Like `bulk_create` it sends no signals and calls no `save()`; unlike it, it takes
the primary keys first (PostgreSQL: from the column's sequence; SQLite, one writer at a time:
after the largest key), so every object has its key when `insert` returns, on both engines.

For rows that are born complete (the demo city, large loads); an action that records a user's
work saves through the model so that its history and checks run.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router
from django.db.models import Model
from django.utils import timezone

STATEMENT_ROWS = 5000  # rows per executemany call: bounds the memory of one call


def insert[M: Model](objs: Iterable[M], *, using: str | None = None) -> list[M]:
    """Insert unsaved objects of one model; they come back saved, with their primary keys."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    db = using or router.db_for_write(model)
    connection = connections[db]
    fields = model._meta.concrete_fields
    for obj in objs:
        # Copies the key of a related object saved after this one was built (as save() does).
        obj._prepare_related_fields_for_save(operation_name="insert")
    _assign_keys(model, objs, connection)
    rows = [
        [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
        for obj in objs
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), STATEMENT_ROWS):
            cursor.executemany(sql, rows[start : start + STATEMENT_ROWS])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db
    return objs


def insert_with_history[M: Model](
    objs: Iterable[M], *, reason: str, using: str | None = None
) -> list[M]:
    """`insert`, and for each object the "created" row of its simple-history table (as
    `simple_history.utils.bulk_create_with_history` writes, with `reason` as change reason)."""
    saved = insert(objs, using=using)
    if not saved:
        return saved
    history_model = type(saved[0]).history.model
    tracked = history_model.tracked_fields
    now = timezone.now()
    history = [
        history_model(
            history_date=now,
            history_type="+",
            history_change_reason=reason,
            history_user=None,
            **{field.attname: getattr(obj, field.attname) for field in tracked},
        )
        for obj in saved
    ]
    insert(history, using=using)
    return saved


def _assign_keys(model: type[Model], objs: list[Model], connection) -> None:
    pk = model._meta.pk
    if not pk.db_returning:  # a key the model makes itself (a UUID default) or a given one
        for obj in objs:
            if obj.pk is None:
                obj.pk = pk.get_pk_value_on_save(obj)
        return
    missing = [obj for obj in objs if obj.pk is None]
    if not missing:
        return
    for obj, key in zip(missing, _new_keys(model, len(missing), connection), strict=True):
        obj.pk = key


def _new_keys(model: type[Model], count: int, connection) -> list[int]:
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
        first = (cursor.fetchone()[0] or 0) + 1
        return list(range(first, first + count))
