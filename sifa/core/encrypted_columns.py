"""Walking encrypted columns table by table: the data migrations that encrypt columns which held
plaintext (and decrypt them on the way back), and `manage.py rotate_data_key`.

Rows are read and written with plain SQL in batches ordered by primary key, one transaction per
batch, so neither `save()`, history nor signals run: re-sealing a value is not a change of the
record. A blind-index column named by the field (`index_field`, and `masked_index`'s) is
rewritten with the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import transaction

from sifa.core import crypto
from sifa.core.fields import EncryptedCharField, encrypted_fields

BATCH_SIZE = 500


@dataclass
class Batch:
    checked: int  # rows read
    changed: int  # rows written


def _encrypted_columns(model) -> list[EncryptedCharField]:
    return encrypted_fields(model)


def walk(
    model,
    change: Callable[[EncryptedCharField, str], str | None],
    *,
    only_where: Callable[[EncryptedCharField], tuple[str, list]] | None = None,
    batch_size: int = BATCH_SIZE,
    connection=None,
) -> Iterator[Batch]:
    """Rewrite the encrypted columns of `model`'s table, one committed batch per step.

    `change(field, stored)` gets a non-empty stored value and returns the new stored value, or
    None to leave it. `only_where(field)` gives an SQL condition (with parameters) selecting the
    values still to change, so a rerun reads only what is left.
    """
    connection = connection or default_connection
    fields = _encrypted_columns(model)
    if not fields:
        return
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = [quote(f.column) for f in fields]
    index_columns = {
        f.name: quote(model._meta.get_field(f.index_field).column) for f in fields if f.index_field
    }
    masked_columns = {
        f.name: quote(model._meta.get_field(f.masked_index[0]).column)
        for f in fields
        if f.masked_index
    }
    where, where_params = "", []
    if only_where is not None:
        parts = []
        for field in fields:
            sql, params = only_where(field)
            parts.append(f"({sql})")
            where_params += params
        where = " AND (" + " OR ".join(parts) + ")"
    head = f"SELECT {pk}, {', '.join(columns)} FROM {table}"  # noqa: S608 (names from the model)
    tail = f"{where} ORDER BY {pk} LIMIT %s"
    last = None
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if last is None:
                cursor.execute(f"{head} WHERE 1 = 1{tail}", [*where_params, batch_size])
            else:
                cursor.execute(f"{head} WHERE {pk} > %s{tail}", [last, *where_params, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return
            changed = 0
            for row in rows:
                assignments, params = [], []
                for field, column, stored in zip(fields, columns, row[1:], strict=True):
                    if stored is None or stored == "":
                        continue
                    new = change(field, str(stored))
                    if new is None:
                        continue
                    assignments.append(f"{column} = %s")
                    params.append(new)
                    if field.index_field:
                        assignments.append(f"{index_columns[field.name]} = %s")
                        params.append(_index_for(field, new))
                    if field.masked_index:
                        assignments.append(f"{masked_columns[field.name]} = %s")
                        params.append(_masked_index_for(field, new))
                if assignments:
                    cursor.execute(
                        f"UPDATE {table} SET {', '.join(assignments)} WHERE {pk} = %s",  # noqa: S608
                        [*params, row[0]],
                    )
                    changed += 1
            last = rows[-1][0]
        yield Batch(checked=len(rows), changed=changed)


def _index_for(field: EncryptedCharField, stored: str) -> str:
    if not crypto.is_encrypted(stored):  # decrypted on the way back: no hash for plaintext
        return ""
    return crypto.blind_index(crypto.decrypt(stored), purpose=field.index_purpose)


def _masked_index_for(field: EncryptedCharField, stored: str) -> str:
    if not crypto.is_encrypted(stored):
        return ""
    return field.masked_hash(crypto.decrypt(stored))


# --- the data migrations -----------------------------------------------------------------------


def _seal_plaintext(field: EncryptedCharField, stored: str) -> str | None:
    if crypto.is_encrypted(stored):
        return None
    # Normalise as the field stores it (a decimal read back from SQLite may have lost zeros).
    plaintext = field.python_to_plaintext(field.plaintext_to_python(stored))
    return crypto.encrypt(plaintext)


def _open_sealed(field: EncryptedCharField, stored: str) -> str | None:
    if not crypto.is_encrypted(stored):
        return None
    return crypto.decrypt(stored)


def encrypt_existing_rows(*model_names: str, app_label: str, field_names: tuple[str, ...] = ()):
    """A `RunPython` pair for a migration that turned plaintext columns into encrypted ones:
    forwards encrypts every stored plaintext value (and fills its blind index), backwards
    decrypts it. `field_names` limits the walk to those fields (default: every encrypted one)."""

    def _models(apps):
        for name in model_names:
            yield apps.get_model(app_label, name)

    def _limited(model):
        fields = encrypted_fields(model)
        return [f for f in fields if not field_names or f.name in field_names]

    def _run(apps, schema_editor, change):
        for model in _models(apps):
            limited = {f.name for f in _limited(model)}

            def only(field, stored, _limited=limited):
                return change(field, stored) if field.name in _limited else None

            for _batch in walk(model, only, connection=schema_editor.connection):
                pass

    def forwards(apps, schema_editor):
        _run(apps, schema_editor, _seal_plaintext)

    def backwards(apps, schema_editor):
        _run(apps, schema_editor, _open_sealed)

    return forwards, backwards
