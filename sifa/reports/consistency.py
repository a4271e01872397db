"""The consistency check (数据一致性核查): does a submitted report still equal its records?

`check_snapshot` recomputes every frozen figure of a snapshot (system scope, the same month)
and the records behind each total, with the functions that froze them
(`sifa.reports.snapshots`), and compares:

* values: each frozen total and breakdown row against its current value;
* records, by their frozen digests: ADDED (counted now, not then), REMOVED (counted then, not
  now: deleted, moved out of the month by a changed date, or moved to another office) and
  EDITED (still counted, contents changed).

For every such record it names who changed it and when, from the model's django-simple-history
table (the latest history row after the snapshot was taken). A deleted record is named by its
last history row. The result is stored as a `ConsistencyCheck`; `differences` counts the
indicators with any difference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from simple_history.utils import get_app_model_primary_key_name

from sifa.core import tasks
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.reports.models import ConsistencyCheck, ReportSubmission, Snapshot, SnapshotRecord
from sifa.reports.snapshots import Measured, bucket_values, measure, report_indicators
from sifa.stats.registry import Indicator

ADDED, REMOVED, EDITED = "added", "removed", "edited"
# Records named per kind and indicator in a check's detail (the counts are always complete):
# a mass change (e.g. a re-import) must not make one check row megabytes long.
LISTED_RECORDS = 200
CHUNK = 500  # ids per `IN (...)` query (well under SQLite's bound-parameter limit)
REVIEWED_STATUSES = (ReportSubmission.Status.SUBMITTED, ReportSubmission.Status.ACCEPTED)


def show_number(value) -> str:
    """A figure as text for the detail JSON: a count as an integer, an amount with decimals."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral():
        return str(value.quantize(Decimal(1)))
    return str(value.quantize(Decimal("0.01")))


# --- the check ----------------------------------------------------------------------------


def check_snapshot(snapshot: Snapshot, now: datetime | None = None) -> ConsistencyCheck:
    """Recompute a snapshot and store what differs (see the module docstring)."""
    now = now or timezone.now()
    submission = snapshot.submission
    frozen = _frozen_values(snapshot)
    indicators = report_indicators(frozen)
    current = measure(indicators, submission.office, snapshot.period_start, snapshot.period_end)
    entries = []
    changed_records: list[str] = []
    for indicator in indicators:
        entry = _compare_values(indicator, frozen[indicator.key], current[indicator.key])
        total = frozen[indicator.key].get(("", ""))
        if total is None or total.fingerprint != current[indicator.key].fingerprint:
            changed_records.append(indicator.key)
        entries.append(entry)
    record_changes = _record_changes(snapshot, changed_records, current)
    detail = []
    for entry in entries:
        entry.update(record_changes.get(entry["indicator"], {}))
        if entry["buckets"] or entry["frozen"] != entry["current"] or _any_records(entry):
            entry.setdefault(ADDED, [])
            entry.setdefault(REMOVED, [])
            entry.setdefault(EDITED, [])
            entry.setdefault("counts", {ADDED: 0, REMOVED: 0, EDITED: 0})
            detail.append(entry)
    return ConsistencyCheck.objects.create(
        snapshot=snapshot, checked_at=now, differences=len(detail), detail=detail
    )


def _any_records(entry: dict) -> bool:
    return any(entry.get(kind) for kind in (ADDED, REMOVED, EDITED))


def _frozen_values(snapshot: Snapshot) -> dict[str, dict[tuple[str, str], object]]:
    """{indicator: {(breakdown, bucket): SnapshotValue}}, ("", "") being the total."""
    result: dict[str, dict] = defaultdict(dict)
    for value in snapshot.values.all():
        result[value.indicator][(value.breakdown, value.bucket)] = value
    return result


def _compare_values(indicator: Indicator, frozen: dict, now: Measured) -> dict:
    total = frozen.get(("", ""))
    entry = {
        "indicator": indicator.key,
        "label": str(indicator.label),
        "unit": str(indicator.unit),
        "frozen": show_number(total.value if total else None),
        "current": show_number(now.figures.value),
        "buckets": [],
    }
    current_buckets = bucket_values(now.figures)
    keys = [k for k in frozen if k != ("", "")]
    keys += [k for k in current_buckets if k not in frozen]
    for key in keys:
        was = frozen.get(key)
        label, value = current_buckets.get(key, (was.bucket_label if was else "", 0))
        before = show_number(was.value if was else 0)
        after = show_number(value)
        if before != after:
            entry["buckets"].append(
                {
                    "breakdown": key[0],
                    "breakdown_label": _breakdown_label(indicator, key[0]),
                    "bucket": key[1],
                    "label": label,
                    "frozen": before,
                    "current": after,
                }
            )
    return entry


def _breakdown_label(indicator: Indicator, key: str) -> str:
    try:
        return str(indicator.breakdown(key).label)
    except KeyError:
        return key


# --- records added, removed, edited -------------------------------------------------------


def _record_changes(snapshot: Snapshot, keys: list[str], current: dict[str, Measured]) -> dict:
    """{indicator: {added: [...], removed: [...], edited: [...]}} for indicators whose
    fingerprint changed; each record named with who changed it last and when."""
    if not keys:
        return {}
    then: dict[str, dict[str, str]] = defaultdict(dict)
    rows = SnapshotRecord.objects.filter(snapshot=snapshot, indicator__in=keys)
    for indicator, record_id, digest in rows.values_list("indicator", "record_id", "digest"):
        then[indicator][record_id] = digest
    ids: dict[str, dict[str, list[str]]] = {}
    counts: dict[str, dict[str, int]] = {}
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for key in keys:
        now = current[key].digests
        before = then.get(key, {})
        found = {
            ADDED: sorted((pk for pk in now if pk not in before), key=_pk_order),
            REMOVED: sorted((pk for pk in before if pk not in now), key=_pk_order),
            EDITED: sorted(
                (pk for pk in now if pk in before and now[pk] != before[pk]), key=_pk_order
            ),
        }
        counts[key] = {kind: len(pks) for kind, pks in found.items()}
        ids[key] = {kind: pks[:LISTED_RECORDS] for kind, pks in found.items()}
        model = current[key].indicator.model
        for listed in ids[key].values():
            wanted[model].update(listed)
    names = {
        model: _describe(model, pks, snapshot.taken_at) for model, pks in wanted.items() if pks
    }
    return {
        key: {
            "counts": counts[key],
            **{
                kind: [names[current[key].indicator.model][pk] for pk in listed]
                for kind, listed in by_kind.items()
            },
        }
        for key, by_kind in ids.items()
    }


def _pk_order(pk: str):
    return (0, int(pk), "") if pk.isdigit() else (1, 0, pk)


@dataclass(frozen=True)
class _Change:
    user: str
    at: str
    kind: str  # simple-history's "+", "~" or "-"
    repr: str


def _describe(model: type[models.Model], pks: set[str], since: datetime) -> dict[str, dict]:
    """{pk: {"id", "repr", "url", "changed_by", "changed_at", "change"}} for records of a model."""
    existing = model._base_manager.in_bulk(list(pks))
    existing = {str(pk): obj for pk, obj in existing.items()}
    changes = _latest_changes(model, pks, since)
    result = {}
    for pk in pks:
        obj = existing.get(pk)
        change = changes.get(pk)
        if obj is not None:
            text = str(obj)
        elif change is not None:
            text = change.repr
        else:
            text = f"{model._meta.verbose_name} #{pk}"
        result[pk] = {
            "id": pk,
            "repr": text,
            "url": _url_of(obj),
            "deleted": obj is None,
            "changed_by": change.user if change else "",
            "changed_at": change.at if change else "",
            "change": change.kind if change else "",
        }
    return result


def _url_of(obj) -> str:
    if obj is None or not hasattr(obj, "get_absolute_url"):
        return ""
    try:
        return obj.get_absolute_url()
    except Exception:  # a record whose URL needs something it lacks: shown without a link
        return ""


def _latest_changes(model: type[models.Model], pks: set[str], since: datetime) -> dict:
    """{pk: _Change} from the latest history row of each record after `since` (one query)."""
    manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
    if manager_name is None:  # a model keeping no history: nobody to name
        return {}
    history = getattr(model, manager_name)
    pk_name = get_app_model_primary_key_name(model)
    ordered = sorted(pks, key=_pk_order)
    rows = [
        row
        for start in range(0, len(ordered), CHUNK)
        for row in history.filter(
            **{f"{pk_name}__in": ordered[start : start + CHUNK]}, history_date__gt=since
        )
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    ]
    result = {}
    for row in rows:
        pk = str(getattr(row, pk_name))
        if pk in result:
            continue
        result[pk] = _Change(
            user=str(row.history_user) if row.history_user else "",
            at=timezone.localtime(row.history_date).strftime("%Y-%m-%d %H:%M:%S"),
            kind=row.history_type,
            repr=_history_repr(row, model, pk),
        )
    return result


def _history_repr(row, model: type[models.Model], pk: str) -> str:
    """The record as it was on that history row (a deleted record's last known name)."""
    try:
        return str(row.history_object)
    except models.ObjectDoesNotExist:  # its __str__ follows a relation that is gone
        return f"{model._meta.verbose_name} #{pk}"


# --- what the pages and the nightly job need ----------------------------------------------


def current_snapshots(submissions) -> dict[int, Snapshot]:
    """{submission id: its latest snapshot} (one query)."""
    ids = [s.pk for s in submissions]
    result: dict[int, Snapshot] = {}
    rows = Snapshot.objects.filter(submission_id__in=ids).order_by("submission_id", "-version")
    for snapshot in rows:
        result.setdefault(snapshot.submission_id, snapshot)
    return result


def latest_checks(snapshots) -> dict[int, ConsistencyCheck]:
    """{snapshot id: its latest check} for the given snapshots (one query)."""
    ids = [s.pk for s in snapshots]
    result: dict[int, ConsistencyCheck] = {}
    rows = ConsistencyCheck.objects.filter(snapshot_id__in=ids).order_by(
        "snapshot_id", "-checked_at", "-pk"
    )
    for check in rows:
        result.setdefault(check.snapshot_id, check)
    return result


def latest_check(snapshot: Snapshot | None) -> ConsistencyCheck | None:
    if snapshot is None:
        return None
    return snapshot.checks.order_by("-checked_at", "-pk").first()


def latest_checks_by_submission(submissions) -> dict[int, ConsistencyCheck]:
    """{submission id: the latest check of its current snapshot} (two queries)."""
    snapshots = current_snapshots(submissions)
    checks = latest_checks(snapshots.values())
    return {sub_id: checks[snap.pk] for sub_id, snap in snapshots.items() if snap.pk in checks}


def check_all_in_scope(user, now: datetime | None = None) -> list[ConsistencyCheck]:
    """全部核查: check every SUBMITTED or ACCEPTED month of every office in the user's sight
    (Cap.STATS), whatever month the page shows; oldest month first.

    Needs nothing of a request (the user alone), so a background job can run it as it is.
    """
    return check_submissions(list(submissions_in_scope(user)), now=now)


def submissions_in_scope(user):
    """The submissions 全部核查 checks for `user` (its size decides whether it runs as a job)."""
    return (
        access.scope(user, ReportSubmission.objects.select_related("office"), Cap.STATS)
        .filter(status__in=REVIEWED_STATUSES)
        .order_by("year", "month", "office__path")
    )


def check_submissions(submissions, now: datetime | None = None) -> list[ConsistencyCheck]:
    """Check the current snapshot of each SUBMITTED or ACCEPTED submission (one recompute each)."""
    now = now or timezone.now()
    submissions = [s for s in submissions if s.status in REVIEWED_STATUSES]
    snapshots = current_snapshots(submissions)
    to_check = [s for s in submissions if s.pk in snapshots]
    checks = []
    for done, submission in enumerate(to_check, start=1):
        checks.append(check_snapshot(snapshots[submission.pk], now=now))
        tasks.progress(done, len(to_check))  # 全部核查 as a background job
    return checks
