"""The indicator registry (指标库): one definition per figure (DESIGN §5, DOMAIN §1.6).

Each app declares its indicators in `<app>/indicators.py` (imported from its AppConfig.ready()).
An indicator names the records it counts; its value is an aggregate of those records and its
drill-down is those records, so a figure and the list behind it can never disagree.

Period semantics:
* FLOW  (流量): records whose `date_field` lies in [scope.start, scope.end].
* STOCK (存量): records valid at scope.end: `start_field` empty or <= end, and `end_field`
  empty or > end (validity interval [start, end)).

Scope: an office subtree, a period, and optionally the user asking: with a user, only the
records that user may see are counted (through sifa.orgs.access); without one (commands,
snapshots) every record of the subtree is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sifa.orgs import access
from sifa.orgs.models import Office

FLOW = "flow"
STOCK = "stock"


@dataclass(frozen=True)
class Scope:
    office: Office
    start: date
    end: date  # inclusive
    user: object | None = None


@dataclass(frozen=True)
class Breakdown:
    """A way to split an indicator: group its records by `field`.

    `labels` maps stored values to display names (a dict, or a callable returning one, e.g.
    a code list lookup); values not in it are shown as stored.
    """

    key: str
    label: str
    field: str
    labels: dict | Callable[[], dict] | None = None

    def label_map(self) -> dict:
        if callable(self.labels):
            return self.labels()
        return dict(self.labels or {})


@dataclass(frozen=True)
class Indicator:
    key: str  # "<app>.<name>", e.g. "orgs.service_stations"
    label: str  # Chinese label, e.g. "村(社区)司法行政服务站数"
    unit: str  # "个", "人", "件", "元" …
    definition: str  # 口径, in words: which records, counted by which date
    line: str  # business line for grouping in the catalogue, e.g. "机构队伍"
    kind: str  # FLOW or STOCK
    queryset: Callable[[], QuerySet]  # all candidate records, before scope and period
    date_field: str = ""  # FLOW: the event date
    start_field: str = ""  # STOCK: validity start (empty: always started)
    end_field: str = ""  # STOCK: validity end, exclusive (empty: never ends)
    sum_field: str = ""  # value = Sum(sum_field) instead of Count
    breakdowns: tuple[Breakdown, ...] = field(default_factory=tuple)
    order: int = 0  # position within its line in the catalogue

    def period_q(self, start: date, end: date) -> Q:
        if self.kind == FLOW:
            return Q(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end})
        q = Q()
        if self.start_field:
            q &= Q(**{f"{self.start_field}__isnull": True}) | Q(**{f"{self.start_field}__lte": end})
        if self.end_field:
            q &= Q(**{f"{self.end_field}__isnull": True}) | Q(**{f"{self.end_field}__gt": end})
        return q

    def breakdown(self, key: str) -> Breakdown:
        for b in self.breakdowns:
            if b.key == key:
                return b
        raise KeyError(key)


_registry: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.kind not in (FLOW, STOCK):
        raise ValueError(f"{indicator.key}: kind must be FLOW or STOCK")
    if indicator.kind == FLOW and not indicator.date_field:
        raise ValueError(f"{indicator.key}: a flow needs its event date_field")
    _registry[indicator.key] = indicator
    return indicator


def get(key: str) -> Indicator:
    return _registry[key]


def all_indicators() -> list[Indicator]:
    return sorted(_registry.values(), key=lambda i: (i.line, i.order, i.key))


def records(indicator: Indicator, scope: Scope) -> QuerySet:
    """The exact records an indicator counts for a scope (its drill-down)."""
    qs = indicator.queryset()
    if scope.user is not None:
        qs = access.scope(scope.user, qs)
    qs = access.within(qs, scope.office)
    return qs.filter(indicator.period_q(scope.start, scope.end))


def _aggregate(indicator: Indicator, qs: QuerySet):
    if indicator.sum_field:
        total = qs.aggregate(v=Sum(indicator.sum_field))["v"]
        return total if total is not None else Decimal(0)
    return qs.count()


def value(indicator: Indicator, scope: Scope):
    return _aggregate(indicator, records(indicator, scope))


def breakdown_values(
    indicator: Indicator, scope: Scope, key: str
) -> list[tuple[object, str, object]]:
    """[(stored value, label, aggregate)] for one breakdown, largest first."""
    b = indicator.breakdown(key)
    qs = records(indicator, scope).order_by()
    agg = Sum(indicator.sum_field) if indicator.sum_field else Count("pk")
    labels = b.label_map()
    rows = qs.values(b.field).annotate(v=agg).order_by("-v", b.field)
    return [(r[b.field], str(labels.get(r[b.field], r[b.field])), r["v"]) for r in rows]
