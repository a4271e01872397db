"""Bulk insert (批量写入) of many new rows, several times faster than `QuerySet.bulk_create`.

The demo city writes about 580,000 rows; through `bulk_create` most of that time goes into
compiling one multi-row INSERT per batch, placeholder by placeholder. `insert` prepares each
value exactly as a save would (the field's `pre_save` and `get_db_prep_save`, so encrypted fields
are encrypted and `auto_now_add` is filled) and sends one single-row statement with
`executemany`. Like `bulk_create` it sends no signals and calls no `save()`; unlike it, it takes
the primary keys first (PostgreSQL: from the column's sequence; SQLite, one writer at a time:
after the largest key), so every object has its key when `insert` returns, on both engines.

`delete(queryset)` removes many rows in one statement (the demo's unload).

For rows that are born complete (the demo city, large loads); an action that records a user's
work saves through the model so that its history and checks run. `new(Model, **values)` builds
such a row several times faster than `Model(**values)` (the demo city builds ~570,000).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter, itemgetter
from uuid import UUID

from django.db import connections, router
from django.db.models import (
    CASCADE,
    DO_NOTHING,
    SET_NULL,
    DateField,
    Field,
    Model,
    ProtectedError,
    QuerySet,
    TimeField,
)
from django.db.models.base import ModelState
from django.utils import timezone

STATEMENT_ROWS = 5000  # rows per executemany call: bounds the memory of one call


def new[M: Model](model: type[M], **values) -> M:
    """An unsaved object of `model` for `insert`, as `model(**values)` builds it, ~6 times faster.

    Fields not given get their defaults; a relation is given as an object (`office=office`:
    its key, and the object cached as `Model()` does) or as a key (`office_id=3`). Unlike
    `Model(**values)` it sends no `pre_init`/`post_init` signal (their receivers look at rows
    read from the database, sifa.stats.figure_cache) and sets no reverse one-to-one cache.
    """
    blueprint = _BLUEPRINTS.get(model) or _blueprint(model)
    if blueprint.own_init:  # a model with an __init__ of its own gets it
        return model(**values)
    obj = model.__new__(model)
    state = obj._state = ModelState()
    data = obj.__dict__
    data.update(blueprint.constants)
    for field in blueprint.factories:
        if field.attname not in values and field.name not in values:
            data[field.attname] = field.get_default()
    data.update(values)
    # Keywords other than column names (attnames): related objects, properties.
    for name in values.keys() - blueprint.attnames:
        value = data.pop(name)
        relation = blueprint.relations.get(name)
        if relation is None:
            if not isinstance(getattr(model, name, None), property):
                raise TypeError(f"{model.__name__}() got an unexpected keyword argument '{name}'")
            setattr(obj, name, value)
            continue
        if value is not None and not isinstance(value, relation.remote_field.model):
            raise ValueError(f"{name} must be a {relation.remote_field.model.__name__}: {value!r}")
        data[relation.attname] = (
            None if value is None else getattr(value, relation.target_field.attname)
        )
        state.fields_cache[name] = value
    return obj


@dataclass(frozen=True)
class _Blueprint:
    constants: dict  # attname → default, for fields whose default is a value
    factories: tuple  # fields whose default is computed per object (a callable)
    attnames: frozenset  # the column names: `office_id`, `number` …
    relations: dict  # name of a foreign key (`office`) → the field
    own_init: bool  # the model overrides Model.__init__


_BLUEPRINTS: dict[type[Model], _Blueprint] = {}


def _blueprint(model: type[Model]) -> _Blueprint:
    fields = model._meta.concrete_fields
    blueprint = _BLUEPRINTS[model] = _Blueprint(
        constants={
            f.attname: f.get_default()
            for f in fields
            if not (f.has_default() and callable(f.default))
        },
        factories=tuple(f for f in fields if f.has_default() and callable(f.default)),
        attnames=frozenset(f.attname for f in fields),
        relations={f.name: f for f in fields if f.attname != f.name},
        own_init=model.__init__ is not Model.__init__,
    )
    return blueprint


def insert[M: Model](objs: Iterable[M], *, using: str | None = None, copy: bool = False) -> list[M]:
    """Insert unsaved objects of one model; they come back saved, with their primary keys.

    `copy`: on PostgreSQL send the rows with COPY … FROM STDIN instead of executemany (several
    times faster for hundreds of thousands of rows: the check-in history of a go-live import);
    the same prepared values, so the same rows. Elsewhere it changes nothing."""
    return _insert(objs, using, copy=copy)[0]


def insert_with_history[M: Model](
    objs: Iterable[M], *, reason: str, using: str | None = None
) -> list[M]:
    """`insert`, and for each object the "created" row of its simple-history table (as
    `simple_history.utils.bulk_create_with_history` writes, with `reason` as change reason).

    The history rows are written straight from the values just stored (the same ciphertexts,
    the same keys), without building a history object per row."""
    saved, fields, rows, db = _insert(objs, using)
    if not saved:
        return saved
    history_model = type(saved[0]).history.model
    connection = connections[db]
    position = {field.attname: index for index, field in enumerate(fields)}
    tracked = {field.attname for field in history_model.tracked_fields}
    # The columns every history row shares (date, type, reason, user), prepared once.
    template = history_model(
        history_date=timezone.now(),
        history_type="+",
        history_change_reason=reason,
        history_user=None,
    )
    history_fields = [f for f in history_model._meta.concrete_fields if f.attname in tracked]
    shared_fields = [
        f
        for f in history_model._meta.concrete_fields
        if f.attname not in tracked and f is not history_model._meta.pk
    ]
    shared = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in shared_fields]
    picks = [position[f.attname] for f in history_fields]
    history_rows = [[row[i] for i in picks] + shared for row in rows]
    pk = history_model._meta.pk
    columns = [*history_fields, *shared_fields]
    if pk.db_returning:  # an auto-increment key: taken first, as `insert` does
        keys = _new_keys(history_model, len(history_rows), connection)
        for row, key in zip(history_rows, keys, strict=True):
            row.append(key)
        columns.append(pk)
    _execute(history_model, columns, history_rows, connection)
    return saved


def delete(queryset: QuerySet) -> int:
    """Delete the queryset's rows, and the rows that depend on them, in one statement per
    table; returns how many rows of the queryset's own table went.

    `QuerySet.delete()` loads every row, sends its signals one by one and writes a "deleted"
    history row for each: removing the demo city's practice line took ten minutes. This sends no
    signals, so it writes no history and renews no figures (the caller clears the figures cache,
    as the demo loader does). It follows the relations as the database would be told to: rows
    that are part of a deleted one (`on_delete=CASCADE`) go first, loose links are cleared
    (`SET_NULL`), and a kept link (`PROTECT`) still pointing at one refuses the whole delete with
    Django's ProtectedError. For removing many rows nobody recorded by hand (the demo's
    unload); an action that deletes a user's record deletes through the model."""
    model = queryset.model
    keys = queryset.values("pk")
    for relation in _relations_to(model):
        _release(relation, keys)
    connection = connections[router.db_for_write(model) if queryset.db is None else queryset.db]
    subquery, params = keys.query.sql_with_params()
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    statement = f"DELETE FROM {table} WHERE {pk} IN ({subquery})"  # noqa: S608 (names quoted, values bound)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _relations_to(model: type[Model]):
    """The links of other rows (and of the many-to-many tables) to rows of `model`, as Django's
    own deletion collects them."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_one or field.one_to_many)
    ]


def _release(relation, keys: QuerySet) -> None:
    """Delete, clear or refuse the rows linked through `relation` to the rows `keys` selects."""
    link = relation.field
    rows = relation.related_model._base_manager.filter(**{f"{link.name}__in": keys})
    if relation.related_model is keys.model:
        rows = rows.exclude(pk__in=keys)  # a link inside the deleted rows goes with them
    on_delete = link.remote_field.on_delete
    if on_delete is DO_NOTHING:
        return
    if on_delete is CASCADE:
        delete(rows)
    elif on_delete is SET_NULL:
        rows.update(**{link.name: None})
    elif rows.exists():  # PROTECT, RESTRICT (and anything else: never guessed)
        kept, deleted = relation.related_model._meta.label, keys.model._meta.label
        raise ProtectedError(f"{kept} 的记录仍引用 {deleted}，不能删除。", set(rows[:10]))


def _insert(objs: Iterable[Model], using: str | None, *, copy: bool = False):
    """Insert the objects; returns them with the fields, the prepared rows and the database."""
    objs = list(objs)
    if not objs:
        return objs, [], [], using
    model = type(objs[0])
    db = using or router.db_for_write(model)
    connection = connections[db]
    fields = model._meta.concrete_fields
    relations = [field for field in fields if field.is_relation]
    for obj in objs:
        # Copies the key of a related object saved after this one was built (as save() does):
        # only where a related object is cached and its key still missing (the check itself is
        # costly at this volume, and most rows are built from keys).
        cached = obj._state.__dict__.get("fields_cache")  # (not made for rows built by keys)
        if cached and any(
            field.name in cached and getattr(obj, field.attname) is None for field in relations
        ):
            obj._prepare_related_fields_for_save(operation_name="insert")
    _assign_keys(model, objs, connection)
    # Column by column: each field's values are prepared together (see _column).
    rows = list(zip(*(_column(field, objs, connection) for field in fields), strict=True))
    if copy and connection.vendor == "postgresql":
        _copy(model, fields, rows, connection)
    else:
        _execute(model, fields, rows, connection)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db
    return objs, fields, rows, db


def _execute(model: type[Model], fields, rows: list, connection) -> None:
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), STATEMENT_ROWS):
            cursor.executemany(sql, rows[start : start + STATEMENT_ROWS])


def insert_values(
    model: type[Model], rows: Iterable[dict], *, using: str | None = None, copy: bool = False
) -> list:
    """Insert rows of `model` given as {attname: value} (every row the same names), without
    building a model object per row; returns their primary keys, in order.

    Each value is prepared as a save prepares it (`get_db_prep_save`: an encrypted field is
    encrypted); a field not named gets its default, `auto_now`/`auto_now_add` one timestamp for
    all. For rows born complete by the hundred thousand (an imported check-in history), where
    building the objects is most of the time; `copy` as in `insert`."""
    rows = list(rows)
    if not rows:
        return []
    db = using or router.db_for_write(model)
    connection = connections[db]
    pk = model._meta.pk
    if pk.db_returning:
        keys = _new_keys(model, len(rows), connection)
    else:
        keys = [row[pk.attname] for row in rows]
    names = set(rows[0])
    now = timezone.now()
    columns, prepares = [], []
    for field in model._meta.concrete_fields:
        columns.append(field)
        if field is pk:
            prepares.append(None)
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            stamp = field.get_db_prep_save(now, connection)
            prepares.append(lambda row, stamp=stamp: stamp)
        elif field.attname in names:
            prepares.append(_value_preparer(field, connection))
        else:
            default = field.get_db_prep_save(field.get_default(), connection)
            prepares.append(lambda row, default=default: default)
    prepared = []
    for key, row in zip(keys, rows, strict=True):
        prepared.append([key if prep is None else prep(row) for prep in prepares])
    if copy and connection.vendor == "postgresql":
        _copy(model, columns, prepared, connection)
    else:
        _execute(model, columns, prepared, connection)
    return keys


def _value_preparer(field, connection):
    attname = field.attname
    if not type(field).__module__.startswith("django.") or not _has_plain_prep(field):
        return lambda row: field.get_db_prep_save(row[attname], connection)
    cache: dict = {}

    def plain(row):
        value = row[attname]
        if type(value) not in _PLAIN_VALUES:
            return field.get_db_prep_save(value, connection)
        key = (type(value), value)
        try:
            return cache[key]
        except KeyError:
            prepared = cache[key] = field.get_db_prep_save(value, connection)
            return prepared

    return plain


def _copy(model: type[Model], fields, rows: list, connection) -> None:
    """The rows through PostgreSQL's COPY (psycopg's `Cursor.copy`, text format)."""
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(field.column) for field in fields)
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as stream:
        for row in rows:
            stream.write_row(row)


# Django's own fields whose database value depends on the Python value only: prepared once per
# distinct value. Sifa's encrypted fields are not among them (every encryption draws a nonce).
_PLAIN_VALUES = frozenset({str, int, bool, date, datetime, Decimal, UUID, type(None)})


def _column(field, objs: list[Model], connection) -> list:
    """The database values of `field` for the objects, as a save would prepare them."""
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        # One timestamp for the whole batch: they are created by the same call.
        value = field.pre_save(objs[0], True)
        for obj in objs:
            obj.__dict__[attname] = value
        return [field.get_db_prep_save(value, connection)] * len(objs)
    if type(field).__module__.startswith("django.") and _has_plain_prep(field):
        values = _values(attname, objs)
        kinds = set(map(type, values))
        kinds.discard(type(None))
        as_is = _stored_as_is(field)
        if as_is and (
            kinds <= {as_is} or (as_is is str and all(issubclass(k, str) for k in kinds))
        ):
            return values  # keys, numbers, text (choices too): the field stores the value itself
        # One kind of value besides None: no two distinct values prepare alike (1 and True,
        # a date and a datetime would share a key in one dict).
        if kinds <= _PLAIN_VALUES and len(kinds) <= 1:
            prepared = {value: field.get_db_prep_save(value, connection) for value in set(values)}
            if all(prepared[value] is value for value in prepared):
                return values  # stored as they are (text, numbers)
            return list(map(prepared.__getitem__, values))
    return [field.get_db_prep_save(field.pre_save(obj, True), connection) for obj in objs]


def _values(attname: str, objs: list[Model]) -> list:
    """The objects' values of a column, read from their dicts (a foreign key's attribute would
    go through its descriptor for each object); through the attribute when one is deferred."""
    try:
        return list(map(itemgetter(attname), map(attrgetter("__dict__"), objs)))
    except KeyError:
        return list(map(attrgetter(attname), objs))


# Django's fields that store a value of this type unchanged (and None as NULL), on both engines.
_AS_IS = {
    **dict.fromkeys(
        (
            "AutoField",
            "BigAutoField",
            "SmallAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
        ),
        int,
    ),
    "CharField": str,
    "TextField": str,
    "BooleanField": bool,
}


def _stored_as_is(field) -> type | None:
    """The type of value `field` stores unchanged (a foreign key: as its target field)."""
    target = field.target_field if field.is_relation else field
    if not type(target).__module__.startswith("django."):
        return None
    return _AS_IS.get(target.get_internal_type())


def _has_plain_prep(field) -> bool:
    """Is pre_save just reading the attribute (no default computed, no side effect)?"""
    if isinstance(field, (DateField, TimeField)):  # without auto_now (handled before)
        return True
    return type(field).pre_save is Field.pre_save


def _assign_keys(model: type[Model], objs: list[Model], connection) -> None:
    pk = model._meta.pk
    if not pk.db_returning:  # a key the model makes itself (a UUID default) or a given one
        for obj in objs:
            if obj.pk is None:
                obj.pk = pk.get_pk_value_on_save(obj)
        return
    if model._meta.parents:  # a child model: `pk` also sets the parent's key
        missing = [obj for obj in objs if obj.pk is None]
        for obj, key in zip(missing, _new_keys(model, len(missing), connection), strict=True):
            obj.pk = key
        return
    attname = pk.attname  # the key's attribute, set directly (~500,000 times in the demo)
    missing = [obj.__dict__ for obj in objs if obj.__dict__.get(attname) is None]
    if missing:
        for data, key in zip(missing, _new_keys(model, len(missing), connection), strict=True):
            data[attname] = key


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
