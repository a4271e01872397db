"""Rows written one by one through the line's actions — for the registers a bureau has by the
hundred or thousand (committee members, mediators, training, screenings), where the actions'
own speed is enough and their checks need the records written before (a committee's members,
in order).

`dry_run` is the preview of such an import: every CREATE or UPDATE row is written through
`write(row, ctx)` inside a transaction that is rolled back, each row in its own savepoint, so
every row the actions refuse is reported (by field → column) and nothing stays. `write_all` is
the apply step: the same writes, for real, in the import's transaction; a refusal (the database
changed since the preview) stops the import with every error.

So the preview and the apply run exactly the same code — the actions — and an action's rule is
never restated for the import.
"""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.db import transaction

from sifa.core import tasks
from sifa.core.imports.spec import CREATE, UPDATE, Change, ImportContext


def file_errors(plan, row, error: ValidationError, columns: dict[str, str | None]) -> None:
    """An action's ValidationError on `row`: each field's messages in its column (`columns`
    maps the action's field names to field keys; unknown fields and "__all__" to the row)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                plan.error(row, columns.get(name), message)
    else:
        for message in error.messages:
            plan.error(row, columns.get("__all__"), message)


class Filed(Exception):
    """Raised by a `write` that filed its refusals on the rows itself (several rows written by
    one action: a screening and its findings); the row's savepoint is rolled back."""


def _written(plan, ctx: ImportContext, write, columns: dict) -> list[Change]:
    """`write` is one callable, or a tuple of them run one after the other over all rows
    (phases: every committee member added before any leaves)."""
    changes: list[Change] = []
    phases = write if isinstance(write, tuple) else (write,)
    for phase in phases:
        rows = [row for row in plan.rows if row.action in (CREATE, UPDATE) and not row.bad]
        for done, row in enumerate(rows, start=1):
            try:
                with transaction.atomic():  # a refused row leaves the others' checks usable
                    changes += phase(row, ctx) or []
            except ValidationError as error:
                file_errors(plan, row, error, columns)
            except Filed:
                pass
            tasks.progress(done)
    return changes


class _DryRun(Exception):
    pass


def dry_run(plan, ctx: ImportContext, write, columns: dict) -> None:
    """Write every row as `write_all` would, report what the actions refuse, keep nothing —
    neither in the database nor in what the steps remember (`ctx.cache`: a person registered
    during the dry run is gone again)."""
    kept = {key: copy.copy(value) for key, value in ctx.cache.items()}
    try:
        with transaction.atomic():
            _written(plan, ctx, write, columns)
            raise _DryRun
    except _DryRun:
        pass
    finally:
        ctx.cache.clear()
        ctx.cache.update(kept)


def write_all(plan, ctx: ImportContext, write, columns: dict) -> list[Change]:
    """Write every CREATE or UPDATE row through the actions (in the import's transaction)."""
    changes = _written(plan, ctx, write, columns)
    if plan.errors:
        plan.sort_errors()
        raise ValidationError([str(error) for error in plan.errors])
    return changes
