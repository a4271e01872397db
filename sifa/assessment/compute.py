"""Values of automatic items for every judicial office and period, read with the registry's grid.

An item's `source` is an indicator key or a ratio key of `sifa.stats.registry` (any line). The
offices assessed are grouped by their parent office, and each parent's figures come from ONE
`registry.figures_grid` call over every indicator the scheme names and every period asked,
split by the parent's children (`branches=True`): a child's branch is its whole subtree, i.e.
the office's figure. A county-level city (the demo) is one grid call for all its 司法所; a
province is one call per county, never one per office. No figure is computed here: the grid
gives counts and sums, a ratio's value is `registry.rate(numerator, denominator)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from sifa.orgs.models import Office
from sifa.stats import registry
from sifa.stats.registry import Indicator, Scope

Period = tuple[date, date]


@dataclass(frozen=True)
class SourceValue:
    """An item's value for one office and period (a ratio keeps both parts)."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def is_ratio(source: str) -> bool:
    try:
        registry.get_ratio(source)
    except KeyError:
        return False
    return True


def source_label(source: str) -> str:
    if not source:
        return ""
    try:
        return str(registry.get_ratio(source).label)
    except KeyError:
        pass
    try:
        return str(registry.get(source).label)
    except KeyError:
        return source


def known_source(source: str) -> bool:
    if is_ratio(source):
        return True
    try:
        registry.get(source)
    except KeyError:
        return False
    return True


def source_indicators(source: str) -> list[Indicator]:
    """The indicators behind a source: the indicator itself, or a ratio's two parts."""
    if is_ratio(source):
        ratio = registry.get_ratio(source)
        return [registry.get(ratio.numerator), registry.get(ratio.denominator)]
    return [registry.get(source)]


def office_values(
    sources: Iterable[str], offices: Iterable[Office], periods: list[Period]
) -> dict[tuple[str, int, int], SourceValue]:
    """{(source, office pk, period index): SourceValue} for every office (system scope).

    One `figures_grid` call per parent office of the offices (see the module docstring).
    """
    sources = list(dict.fromkeys(s for s in sources if s))
    indicators = list({i.key: i for s in sources for i in source_indicators(s)}.values())
    offices = list(offices)
    if not indicators or not offices or not periods:
        return {}
    by_parent: dict[str, set[int]] = defaultdict(set)
    for office in offices:
        by_parent[office.path[: -Office.steplen]].add(office.pk)
    parents = Office.objects.filter(path__in=list(by_parent)).order_by("path")
    raw: dict[tuple[str, int, int], object] = {}
    for parent in parents:
        wanted = by_parent[parent.path]
        scope = Scope(parent, periods[0][0], periods[-1][1])
        grid = registry.figures_grid(
            indicators, scope, periods, branches=True, breakdowns={}, cached=False
        )
        for (key, p), figures in grid.items():
            for child, value in figures.branches or ():
                if child is not None and child.pk in wanted:
                    raw[(key, child.pk, p)] = value
    result = {}
    for source in sources:
        parts = source_indicators(source)
        for office in offices:
            for p in range(len(periods)):
                values = [Decimal(raw.get((i.key, office.pk, p), 0)) for i in parts]
                if len(values) == 2:
                    result[(source, office.pk, p)] = SourceValue(
                        registry.rate(*values), values[0], values[1]
                    )
                else:
                    result[(source, office.pk, p)] = SourceValue(values[0])
    return result


def drill_down_url(key: str, office: Office, start: date, end: date) -> str:
    """The registry's drill-down page of an indicator for one office and period."""
    query = urlencode({"office": office.pk, "from": start.isoformat(), "to": end.isoformat()})
    return f"{reverse('stats:records', args=[key])}?{query}"


def drill_downs(source: str, office: Office, start: date, end: date) -> list[tuple[str, str]]:
    """[(label, url)] of the records behind a source's value: the indicator, or both parts of a
    ratio (numerator and denominator)."""
    return [
        (str(i.label), drill_down_url(i.key, office, start, end)) for i in source_indicators(source)
    ]
