"""What a backup must reproduce of the reports (registered with sifa.core.backup).

* `reports.snapshots`: per frozen snapshot ("<office code>/<year>-<month>/v<version>"), a
  sha256 of its figures (every SnapshotValue) and of the records behind them (every
  SnapshotRecord's id and digest): what offices submitted, exactly.
* `reports.indicators`: per office and month ("<office code>/<year>-<month>"), a sha256 of
  every report indicator's current value, breakdown rows and record fingerprint
  (`snapshots.measure`, the function that froze the month and that the consistency check
  recomputes). The offices and months are those with a submission, plus each root office for
  those months (the whole city's figures).
* the drill check `reports.consistency`: the consistency check of every submitted or accepted
  month (`consistency.check_submissions`) run on the restored database; it fails the drill if
  it raises, and reports how many months it checked and which differ from their records.
  Whether those differences were already in the source is answered by `reports.indicators`:
  equal current values and record fingerprints give equal check results.
"""

from __future__ import annotations

import hashlib

from sifa.orgs.models import Office
from sifa.reports.consistency import check_submissions, show_number
from sifa.reports.models import ReportSubmission, Snapshot, SnapshotRecord, SnapshotValue
from sifa.reports.periods import month_period
from sifa.reports.snapshots import bucket_values, measure, record_digest, report_indicators


def _month_key(office_code: str, year: int, month: int) -> str:
    return f"{office_code}/{year}-{month:02d}"


def _hash_lines(lines) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def snapshot_fingerprints() -> dict[str, str]:
    keys = {
        pk: f"{_month_key(code, year, month)}/v{version}"
        for pk, code, year, month, version in Snapshot.objects.values_list(
            "pk",
            "submission__office__code",
            "submission__year",
            "submission__month",
            "version",
        )
    }
    lines: dict[int, list[str]] = {pk: [] for pk in keys}
    values = SnapshotValue.objects.order_by(
        "snapshot_id", "indicator", "breakdown", "bucket"
    ).values_list(
        "snapshot_id",
        "indicator",
        "breakdown",
        "bucket",
        "bucket_label",
        "value",
        "record_count",
        "fingerprint",
    )
    for snapshot_id, *row in values.iterator(chunk_size=2000):
        row[4] = show_number(row[4])
        lines[snapshot_id].append("v:" + record_digest(row))
    records = SnapshotRecord.objects.order_by("snapshot_id", "indicator", "record_id").values_list(
        "snapshot_id", "indicator", "record_id", "digest"
    )
    for snapshot_id, *row in records.iterator(chunk_size=2000):
        lines[snapshot_id].append("r:" + record_digest(row))
    return {keys[pk]: _hash_lines(rows) for pk, rows in lines.items()}


def indicator_fingerprints() -> dict[str, str]:
    months = set(ReportSubmission.objects.values_list("office_id", "year", "month").order_by())
    roots = list(Office.objects.get_root_nodes().values_list("pk", flat=True))
    months |= {(root, year, month) for _office, year, month in list(months) for root in roots}
    offices = Office.objects.in_bulk({office for office, _y, _m in months})
    indicators = report_indicators()
    result = {}
    for office_id, year, month in sorted(months):
        office = offices[office_id]
        start, end = month_period(year, month)
        lines = []
        for key, item in sorted(measure(indicators, office, start, end).items()):
            buckets = sorted(
                f"{breakdown}|{bucket}|{label}|{show_number(value)}"
                for (breakdown, bucket), (label, value) in bucket_values(item.figures).items()
            )
            lines.append(
                "\x1f".join([key, show_number(item.figures.value), item.fingerprint, *buckets])
            )
        result[_month_key(office.code, year, month)] = _hash_lines(lines)
    return result


def consistency_check() -> dict:
    submissions = list(
        ReportSubmission.objects.select_related("office").order_by("year", "month", "office__path")
    )
    checks = check_submissions(submissions)
    return {
        "checked": len(checks),
        "differing": sorted(
            _month_key(
                c.snapshot.submission.office.code,
                c.snapshot.submission.year,
                c.snapshot.submission.month,
            )
            for c in checks
            if not c.consistent
        ),
    }
