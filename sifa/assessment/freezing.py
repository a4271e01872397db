"""Freezing a score's value with the records behind it: the digests and the fingerprint of the
report submissions' freezing (`sifa.reports.snapshots.record_digests` / `fingerprint`), so a
frozen score and a frozen monthly report are checked alike."""

from __future__ import annotations

from sifa.assessment import compute
from sifa.orgs import access
from sifa.reports import snapshots
from sifa.stats import registry
from sifa.stats.registry import Scope


def frozen_digests(score) -> dict[tuple[str, str], str]:
    """{(indicator key, record pk): digest} of the records behind an automatic score now."""
    scope = Scope(score.office, score.run.period.start, score.run.period.end)
    result = {}
    for indicator in compute.source_indicators(score.item.source):
        for pk, digest in snapshots.record_digests(indicator, scope).items():
            result[(indicator.key, pk)] = digest
    return result


def score_fingerprint(digests: dict[tuple[str, str], str]) -> str:
    return snapshots.fingerprint({f"{key}#{pk}": d for (key, pk), d in digests.items()})


def digests_by_office(scores, bureau, start, end) -> dict[int, dict[tuple[str, str], str]]:
    """{score pk: frozen_digests(score)} for many scores of one run in ONE query per indicator:
    each indicator's records in the bureau's subtree, with their office's path, split among the
    scored offices by path (a record belongs to the 司法所 whose subtree holds its office). The
    digests are `snapshots.record_digest` of `snapshots.digest_columns`, as `record_digests`
    computes them one scope at a time."""
    offices = {s.office.path: s.office_id for s in scores}
    lengths = sorted({len(path) for path in offices})
    keys = {i.key: i for s in scores for i in compute.source_indicators(s.item.source)}
    found: dict[tuple[str, int], dict[tuple[str, str], str]] = {}
    scope = Scope(bureau, start, end)
    for key, indicator in keys.items():
        columns = snapshots.digest_columns(indicator.model)
        field = access.office_field_of(indicator.model)
        path = f"{field}__path" if field else "path"
        rows = registry.records(indicator, scope).order_by().values_list(*columns, path)
        for row in rows:
            office = next((offices[row[-1][:n]] for n in lengths if row[-1][:n] in offices), None)
            if office is not None:
                found.setdefault((key, office), {})[(key, str(row[0]))] = snapshots.record_digest(
                    row[1:-1]
                )
    result = {}
    for s in scores:
        merged = {}
        for indicator in compute.source_indicators(s.item.source):
            merged.update(found.get((indicator.key, s.office_id), {}))
        result[s.pk] = merged
    return result
