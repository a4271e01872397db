"""Freezing a score's value with the records behind it: the digests and the fingerprint of the
report submissions' freezing (`sifa.reports.snapshots.record_digests` / `fingerprint`), so a
frozen score and a frozen monthly report are checked alike."""

from __future__ import annotations

from sifa.assessment import compute
from sifa.reports import snapshots
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
