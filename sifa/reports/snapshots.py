"""Freezing a month (冻结快照): the figures of a submission and the records behind them.

When an office submits its month, every indicator of the report set is computed for the
office's subtree and month WITHOUT a user (the system figure: every record counts, whoever
reads the report later). Each total and each breakdown row is stored as a `SnapshotValue`;
each record behind a total is stored as a `SnapshotRecord` with a digest of its contents, and
the total carries a fingerprint of those digests.

`sifa.reports.consistency` recomputes the same things with the same functions
(`measure`, `record_digest`, `fingerprint`), so a check compares like with like: an unchanged
month gives the very same fingerprints, and any record added, removed or edited since is named.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models

from sifa.orgs.models import Office
from sifa.reports.definitions import ReportSet
from sifa.reports.models import Snapshot, SnapshotRecord, SnapshotValue
from sifa.reports.periods import month_period
from sifa.stats import registry
from sifa.stats.registry import Figures, Indicator, Scope

# Columns left out of a record's digest: `updated_at` changes on any save, even one that
# changes nothing; `numchild` is the office tree's bookkeeping of a record's children.
UNDIGESTED_FIELDS = frozenset({"updated_at", "numchild"})
BATCH_SIZE = 1000
LABEL_LENGTH = 200  # SnapshotValue.bucket / bucket_label


# --- digests ------------------------------------------------------------------------------


def digest_columns(model: type[models.Model]) -> list[str]:
    """The primary key, then every concrete column but the undigested ones (declaration order)."""
    pk = model._meta.pk.attname
    rest = [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname != pk and f.name not in UNDIGESTED_FIELDS
    ]
    return [pk, *rest]


def _canonical(value) -> str:
    """One column value as stable text (the same value always gives the same text)."""
    if value is None:
        return "\x00"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 1.50 and 1.5 are the same amount
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def record_digest(values: Sequence) -> str:
    """sha256 of a record's column values (as `digest_columns` lists them, without the pk)."""
    text = "\x1f".join(_canonical(v) for v in values)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(digests: dict[str, str]) -> str:
    """sha256 of the sorted "pk:digest" lines: equal exactly when the same records, unchanged."""
    lines = sorted(f"{pk}:{digest}" for pk, digest in digests.items())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def record_digests(indicator: Indicator, scope: Scope) -> dict[str, str]:
    """{record pk (text): digest} of the records behind an indicator, in ONE query."""
    columns = digest_columns(indicator.model)
    rows = registry.records(indicator, scope).order_by().values_list(*columns)
    return {str(row[0]): record_digest(row[1:]) for row in rows}


# --- measuring a month --------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """An indicator's figures for a scope and the digests of the records behind its total."""

    indicator: Indicator
    figures: Figures
    digests: dict[str, str]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.digests)


def report_indicators(keys: Iterable[str] | None = None) -> list[Indicator]:
    """The registered indicators among `keys` (default: the report set's), in that order."""
    keys = ReportSet().indicator_keys() if keys is None else keys
    result = []
    for key in keys:
        try:
            result.append(registry.get(key))
        except KeyError:  # an indicator withdrawn since: nothing to compute
            continue
    return result


def measure(indicators: list[Indicator], office: Office, start: date, end: date):
    """{key: Measured} for the office's subtree and [start, end], system scope (no user).

    The figures of every indicator come from one `figures_many` call; the records behind each
    total from one query per indicator.
    """
    scope = Scope(office, start, end)
    figures = registry.figures_many(indicators, scope)
    return {
        ind.key: Measured(ind, figures[ind.key], record_digests(ind, scope)) for ind in indicators
    }


# --- freezing -----------------------------------------------------------------------------


def freeze(submission, *, taken_by, taken_at: datetime) -> Snapshot:
    """Freeze the submission's current version: a new Snapshot with its values and records.

    Called by `actions.submit_month` inside its transaction; a snapshot is never changed
    afterwards (a resubmission after 退回 freezes a new version beside it).
    """
    start, end = month_period(submission.year, submission.month)
    snapshot = Snapshot.objects.create(
        submission=submission,
        version=submission.version,
        period_start=start,
        period_end=end,
        taken_at=taken_at,
        taken_by=taken_by,
    )
    measured = measure(report_indicators(), submission.office, start, end)
    values: list[SnapshotValue] = []
    records: list[SnapshotRecord] = []
    for item in measured.values():
        values += _frozen_values(snapshot, item)
        records += [
            SnapshotRecord(
                snapshot=snapshot, indicator=item.indicator.key, record_id=pk, digest=digest
            )
            for pk, digest in item.digests.items()
        ]
    SnapshotValue.objects.bulk_create(values, batch_size=BATCH_SIZE)
    SnapshotRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)
    return snapshot


def _frozen_values(snapshot: Snapshot, item: Measured) -> list[SnapshotValue]:
    key = item.indicator.key
    rows = [
        SnapshotValue(
            snapshot=snapshot,
            indicator=key,
            value=item.figures.value,
            record_count=len(item.digests),
            fingerprint=item.fingerprint,
        )
    ]
    for breakdown, buckets in item.figures.breakdowns.items():
        rows += [
            SnapshotValue(
                snapshot=snapshot,
                indicator=key,
                breakdown=breakdown,
                bucket=registry.breakdown_token(stored)[:LABEL_LENGTH],
                bucket_label=str(label)[:LABEL_LENGTH],
                value=value,
            )
            for stored, label, value in buckets
        ]
    return rows


def bucket_values(figures: Figures) -> dict[tuple[str, str], tuple[str, object]]:
    """{(breakdown, bucket token): (label, value)} of a Figures, keyed as SnapshotValue is."""
    return {
        (breakdown, registry.breakdown_token(stored)[:LABEL_LENGTH]): (str(label), value)
        for breakdown, rows in figures.breakdowns.items()
        for stored, label, value in rows
    }
