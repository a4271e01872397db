"""Reads of the statistics exchange with higher-level platforms (统计数据 through the API).

* The monthly indicator values of an office subtree, in system scope (every record of the
  subtree counts, as a frozen report counts them), for the indicators asked: ONE call of
  `registry.figures_many`.
* The monthly reports (`ReportSubmission`) of offices in the client's scope, each with the
  frozen values of its current snapshot (the values as submitted, never recomputed).

Offices and submissions are found through `sifa.orgs.access`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.reports.models import ReportSubmission, Snapshot, SnapshotValue
from sifa.reports.periods import month_period
from sifa.stats import registry
from sifa.stats.registry import Figures, Indicator, Scope


def stats_office_or_404(*, actor, code: str) -> Office:
    """An office whose figures the client reads, by code: 404 outside the actor's scope."""
    return access.get_office_or_404(actor, code=code)


def indicators_named(keys: Iterable[str] | None) -> list[Indicator]:
    """The registered indicators in catalogue order; only `keys` when given.

    An unknown key is a ValidationError on `keys` naming it."""
    catalogue = registry.all_indicators()
    if not keys:
        return catalogue
    wanted = list(dict.fromkeys(k for k in keys if k))
    known = {i.key for i in catalogue}
    unknown = [k for k in wanted if k not in known]
    if unknown:
        raise ValidationError(
            {"keys": [_("未知的指标：%(keys)s。") % {"keys": "、".join(unknown)}]}
        )
    return [i for i in catalogue if i.key in set(wanted)]


def month_figures(
    indicators: list[Indicator], office: Office, year: int, month: int
) -> dict[str, Figures]:
    """The month's figures of `indicators` for `office`'s subtree, system scope, one call."""
    start, end = month_period(year, month)
    return registry.figures_many(indicators, Scope(office, start, end))


def submissions_of_month(*, actor, year: int, month: int) -> QuerySet[ReportSubmission]:
    """The monthly reports of the month of offices in the actor's scope, in tree order."""
    rows = ReportSubmission.objects.select_related("office").filter(year=year, month=month)
    return access.scope(actor, rows).order_by("office__path", "pk")


def submission_get(*, actor, pk) -> ReportSubmission:
    """One monthly report in the actor's scope, or 404."""
    return access.get_object_or_404(actor, ReportSubmission.objects.select_related("office"), pk=pk)


@dataclass
class FrozenIndicator:
    """One indicator of a snapshot: its frozen total and (when asked) its breakdown rows."""

    key: str
    value: object
    label: str = ""
    unit: str = ""
    # {breakdown key: [SnapshotValue rows]} in the order they were frozen
    breakdowns: dict[str, list[SnapshotValue]] = field(default_factory=dict)


@dataclass
class FrozenReport:
    submission: ReportSubmission
    snapshot: Snapshot | None
    indicators: list[FrozenIndicator]


def frozen_reports(
    submissions: Iterable[ReportSubmission], *, with_breakdowns: bool = False
) -> list[FrozenReport]:
    """Each submission with the frozen values of its current (latest) snapshot.

    Two queries for any number of submissions (the snapshots, then their values). The
    submissions are ones already read through the actor's scope."""
    submissions = list(submissions)
    latest: dict[int, Snapshot] = {}
    for snapshot in Snapshot.objects.filter(submission__in=submissions).order_by("version"):
        latest[snapshot.submission_id] = snapshot
    values = SnapshotValue.objects.filter(snapshot__in=list(latest.values()))
    if not with_breakdowns:
        values = values.filter(breakdown="")
    by_snapshot: dict[int, dict[str, FrozenIndicator]] = {}
    for row in values.order_by("snapshot_id", "indicator", "breakdown", "-value", "bucket", "id"):
        indicators = by_snapshot.setdefault(row.snapshot_id, {})
        frozen = indicators.setdefault(row.indicator, FrozenIndicator(row.indicator, None))
        if row.breakdown:
            frozen.breakdowns.setdefault(row.breakdown, []).append(row)
        else:
            frozen.value = row.value
    result = []
    for submission in submissions:
        snapshot = latest.get(submission.pk)
        frozen = by_snapshot.get(snapshot.pk, {}) if snapshot else {}
        result.append(FrozenReport(submission, snapshot, [_labelled(f) for f in frozen.values()]))
    return result


def _labelled(frozen: FrozenIndicator) -> FrozenIndicator:
    """Label and unit from the registry (an indicator no longer declared keeps its key)."""
    try:
        indicator = registry.get(frozen.key)
    except KeyError:
        frozen.label = frozen.key
        return frozen
    frozen.label, frozen.unit = str(indicator.label), str(indicator.unit)
    return frozen


def breakdown_label(key: str, breakdown: str) -> str:
    """The registry's label of an indicator's breakdown (its key when no longer declared)."""
    try:
        return str(registry.get(key).breakdown(breakdown).label)
    except KeyError:
        return breakdown


__all__ = [
    "FrozenIndicator",
    "FrozenReport",
    "breakdown_label",
    "frozen_reports",
    "indicators_named",
    "month_figures",
    "stats_office_or_404",
    "submission_get",
    "submissions_of_month",
]
