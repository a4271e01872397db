"""What an import's bulk write needs beside `sifa.core.bulk`: the values a record had before a
change (`snapshot`, for the roll-back) and the importer's name on the history rows written in
bulk (`sign_history`: bulk.insert_with_history leaves the user empty)."""

from __future__ import annotations

from django.db import connections, router


def snapshot(record, names) -> dict:
    """{attname: value as the model stores it} of `record`'s fields `names` (a many-to-many
    field: the keys of its records), for a Change. `updated_at` is always kept: a record put
    back by a roll-back is as it was, its time of change included."""
    values = {}
    names = [*names, "updated_at"] if _has(record, "updated_at") else list(names)
    for name in names:
        model_field = record._meta.get_field(name)
        if model_field.many_to_many:
            values[name] = sorted(getattr(record, name).values_list("pk", flat=True))
        else:
            values[model_field.attname] = getattr(record, model_field.attname)
    return values


def as_stored(record):
    """`record` re-read from the database (None stays None). A preview's dry run
    (`sifa.core.imports.rows.dry_run`) writes through the actions on the very objects `resolve`
    found and rolls back the database, not the objects: a write that snapshots the values
    before (what a roll-back restores) or checks them takes the record as stored."""
    if record is not None:
        record.refresh_from_db()
    return record


def _has(record, name: str) -> bool:
    return any(f.name == name for f in record._meta.concrete_fields)


def sign_history(model, actor, reason: str) -> None:
    """Name `actor` on the history rows of `model` written in bulk with change reason
    `reason` (one statement; the reason names the import batch, so it is not shared)."""
    history = model.history.model
    connection = connections[router.db_for_write(history)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(history._meta.db_table)} SET history_user_id = %s "  # noqa: S608
            "WHERE history_change_reason = %s AND history_user_id IS NULL",
            [actor.pk, reason],
        )
