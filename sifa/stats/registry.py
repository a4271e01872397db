"""The indicator registry (指标库): one definition per figure (DESIGN §5, DOMAIN §1.6).

Each app declares its indicators in `<app>/indicators.py` (imported from its AppConfig.ready()).
An indicator names the records it counts; its value is an aggregate of those records and its
drill-down is those records, so a figure and the list behind it can never disagree.
See docs/indicators.md for how to declare one.

Period semantics:
* FLOW  (流量): records whose `date_field` lies in [scope.start, scope.end], both ends included.
* STOCK (存量): records valid at scope.end: `start_field` empty or <= end, and `end_field`
  empty or > end (validity interval [start, end)). scope.start is not used.

Scope: an office subtree, a period, and optionally the user asking: with a user, only the
records that user may see are counted (through sifa.orgs.access), whatever office the scope
names; without one (commands, snapshots) every record of the subtree is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.stats import figure_cache

FLOW = "flow"
STOCK = "stock"

KIND_LABELS = {FLOW: _("流量"), STOCK: _("存量")}

# How a missing breakdown value travels in a drill-down URL (`?breakdown=…&value=__null__`).
NULL_IN_URL = "__null__"
EMPTY_LABEL = _("（未填写）")


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
    a code list lookup). Without it, choices fields show their choice labels, foreign keys
    the related record's str(), booleans 是/否, and other values are shown as stored.
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
    # A narrower condition on the queryset's records (e.g. one dispute type of all successes).
    # Indicators whose querysets give the same records and differ only by `where` are computed
    # together by `figures_many`, as conditional aggregates of one grouped query.
    where: Q | None = None
    # Records some users may count but not list (flag path, capability), e.g. a minor's
    # corrections records: ("is_minor", Cap.MINORS). The drill-down applies it; figures don't,
    # so a report counts every record whoever reads it.
    restricted: tuple[str, str] | None = None
    # False: on no monthly report form. A figure of the records as they are today (the
    # data-quality counts, sifa.stats.data_quality) has no month to freeze: a submitted report
    # holding it would differ from its records the day after.
    reported: bool = True

    @property
    def model(self) -> type[models.Model]:
        return self.queryset().model

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def record_date_field(self) -> str:
        """The date shown beside each record of the drill-down (event date / validity start)."""
        return self.date_field if self.kind == FLOW else self.start_field

    def field_label(self, path: str) -> str:
        """The verbose name of a field path, for column headings ("任职日期")."""
        if path in self.queryset().query.annotations:
            return str(_("结束日期"))  # an annotation (e.g. the first of several end dates)
        return str(resolve_field(self.model, path).verbose_name)

    def date_target(self, path: str):
        """The field a date path names: a model field, or an annotation of the queryset (e.g. a
        stock's end as `Coalesce` of several end dates), by its output field.

        Kept on the instance: building the queryset to look is not free, and a grid of many
        periods asks for every indicator and period.
        """
        cache = self.__dict__.setdefault("_date_targets", {})  # frozen: no setattr
        if path not in cache:
            annotation = self.queryset().query.annotations.get(path)
            if annotation is not None:
                cache[path] = annotation.output_field
            else:
                cache[path] = resolve_field(self.model, path)
        return cache[path]

    def _is_datetime(self, path: str) -> bool:
        return isinstance(self.date_target(path), models.DateTimeField)

    def _on_or_before(self, path: str, day: date) -> Q:
        """`path` falls on `day` or earlier (a datetime: before the next local midnight)."""
        if self._is_datetime(path):
            return Q(**{f"{path}__lt": local_midnight(day + timedelta(days=1))})
        return Q(**{f"{path}__lte": day})

    def _on_or_after(self, path: str, day: date) -> Q:
        """`path` falls on `day` or later (a datetime: from the local midnight starting it)."""
        if self._is_datetime(path):
            return Q(**{f"{path}__gte": local_midnight(day)})
        return Q(**{f"{path}__gte": day})

    def period_q(self, start: date, end: date) -> Q:
        # A datetime is compared with the local midnights around the days (settings.TIME_ZONE):
        # the same records as comparing its local date, but the column's index can be used.
        if self.kind == FLOW:
            return self._on_or_after(self.date_field, start) & self._on_or_before(
                self.date_field, end
            )
        q = Q()
        if self.start_field:
            q &= Q(**{f"{self.start_field}__isnull": True}) | self._on_or_before(
                self.start_field, end
            )
        if self.end_field:
            q &= Q(**{f"{self.end_field}__isnull": True}) | self._on_or_after(
                self.end_field, end + timedelta(days=1)
            )
        return q

    def breakdown(self, key: str) -> Breakdown:
        for b in self.breakdowns:
            if b.key == key:
                return b
        raise KeyError(key)


def local_midnight(day: date) -> datetime:
    """The start of `day` in the site's time zone (Beijing time), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


_registry: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.kind not in (FLOW, STOCK):
        raise ValueError(f"{indicator.key}: kind must be FLOW or STOCK")
    if indicator.kind == FLOW and not indicator.date_field:
        raise ValueError(f"{indicator.key}: a flow needs its event date_field")
    _registry[indicator.key] = indicator
    return indicator


@dataclass(frozen=True)
class IndicatorFamily:
    """The indicators (and ratios) one app declares: keys "<app_label>.<name>", on one `line`.

    A line declares dozens of figures; the family holds what they share, so each declaration
    names only what is its own. `restricted`, when given, tells from an indicator's queryset
    which records its drill-down hides (e.g. a minor's records: `Indicator.restricted`); a
    declaration may still pass its own.
    """

    app_label: str
    line: str
    restricted: Callable[[QuerySet], tuple[str, str] | None] | None = None

    def key(self, name: str) -> str:
        return f"{self.app_label}.{name}"

    def declare(
        self, name, label, unit, definition, queryset, order, breakdowns=(), **extra
    ) -> Indicator:
        """Register an indicator; `extra` gives the rest (kind and dates, sum_field, where …)."""
        if self.restricted is not None:
            extra.setdefault("restricted", self.restricted(queryset()))
        return register(
            Indicator(
                key=self.key(name),
                label=label,
                unit=unit,
                definition=definition,
                line=self.line,
                queryset=queryset,
                breakdowns=tuple(breakdowns),
                order=order,
                **extra,
            )
        )

    def flow(
        self, name, label, unit, definition, queryset, date_field, order, breakdowns=(), **extra
    ) -> Indicator:
        """A FLOW counted by `date_field`."""
        return self.declare(
            name, label, unit, definition, queryset, order, breakdowns,
            kind=FLOW, date_field=date_field, **extra,
        )  # fmt: skip

    def ratio(self, name, label, numerator, denominator, definition) -> Ratio:
        """A rate of two of the family's indicators (names without the app label)."""
        return register_ratio(
            Ratio(
                key=self.key(name),
                label=label,
                numerator=self.key(numerator),
                denominator=self.key(denominator),
                definition=definition,
                line=self.line,
            )
        )


def unregister(key: str) -> None:
    """Remove an indicator (tests that register their own put the registry back this way)."""
    _registry.pop(key, None)


def get(key: str) -> Indicator:
    return _registry[key]


def all_indicators() -> list[Indicator]:
    return sorted(_registry.values(), key=lambda i: (i.line, i.order, i.key))


# --- values and records -----------------------------------------------------------------------


def records(indicator: Indicator, scope: Scope) -> QuerySet:
    """The exact records an indicator counts for a scope (its drill-down)."""
    qs = _candidates(indicator, scope)
    return qs.filter(indicator.where) if indicator.where is not None else qs


def _candidates(indicator: Indicator, scope: Scope) -> QuerySet:
    """The records before `where`: the queryset in the scope and the period."""
    return _in_scope(indicator, scope).filter(indicator.period_q(scope.start, scope.end))


def _in_scope(indicator: Indicator, scope: Scope) -> QuerySet:
    """The queryset in the scope's office subtree (and the user's sight), any date."""
    qs = indicator.queryset()
    # When a grant already covers the scope office, its subtree is all visible and one subtree
    # filter is enough: a second, redundant one misleads PostgreSQL's row estimates (bench/).
    if scope.user is not None and not access.can(
        scope.user, access.Cap.VIEW, scope.office, line=access.ANY_LINE
    ):
        qs = access.office_scope(scope.user, qs)  # figures count minors; drill-downs hide them
    return access.within(qs, scope.office)


def _zero(indicator: Indicator):
    return Decimal(0) if indicator.sum_field else 0


def _aggregate_expression(indicator: Indicator, condition: Q | None = None):
    if indicator.sum_field:
        return Sum(indicator.sum_field, filter=condition)
    return Count("pk", filter=condition)


def aggregate(indicator: Indicator, qs: QuerySet):
    """Count the records, or sum their `sum_field` (0 when there are none)."""
    if indicator.sum_field:
        total = qs.aggregate(v=Sum(indicator.sum_field))["v"]
        return total if total is not None else _zero(indicator)
    return qs.count()


def value(indicator: Indicator, scope: Scope):
    return aggregate(indicator, records(indicator, scope))


def breakdown_values(
    indicator: Indicator, scope: Scope, key: str
) -> list[tuple[object, str, object]]:
    """[(stored value, label, aggregate)] for one breakdown, largest first.

    Every record falls in exactly one row (a missing value is a row of its own), so the rows
    add up to `value(indicator, scope)`.
    """
    b = indicator.breakdown(key)
    qs = records(indicator, scope).order_by()
    rows = list(
        qs.values(b.field).annotate(v=_aggregate_expression(indicator)).order_by("-v", b.field)
    )
    labels = breakdown_labels(indicator, b, [r[b.field] for r in rows])
    return [
        (r[b.field], labels[r[b.field]], r["v"] if r["v"] is not None else _zero(indicator))
        for r in rows
    ]


@dataclass(frozen=True)
class Figures:
    """An indicator's value with every breakdown (and, when asked, the split along the tree)."""

    value: object
    breakdowns: dict[str, list[tuple[object, str, object]]]  # key -> breakdown_values() rows
    branches: list[tuple[Office | None, object]] | None = None  # child_office_values() rows
    # With the tree split: each branch's breakdowns, {branch path: {key: {stored: value}}}
    # (a report form's row for one sub-office, split by type).
    branch_breakdowns: dict[str, dict[str, dict]] | None = None


BRANCH = "_branch"  # the annotation naming a record's branch below the scope office


def figures(indicator: Indicator, scope: Scope, *, branches: bool = False) -> Figures:
    """`value`, every `breakdown_values` and optionally `child_office_values`, from ONE query.

    The records are grouped by all breakdown fields (and the branch) at once; every figure is
    a count or a sum, so each breakdown's rows and the total are sums over those groups. A
    page showing an indicator with three breakdowns thus costs one pass over the records
    instead of four or five (bench/README.md, 人民调解 at scale).
    """
    return figures_many([indicator], scope, branches=branches)[indicator.key]


def figures_many(
    indicators: list[Indicator], scope: Scope, *, branches: bool = False
) -> dict[str, Figures]:
    """`figures()` for several indicators; those on the very same records share a query.

    Two indicators start from the same records when their querysets, in the scope, compile to
    the same SQL with the same parameters and they count by the same dates (e.g. 受理数 and 涉及
    人数, 协议数 and 协议金额, 调解成功数 and 医疗纠纷调解成功数, which adds a `where`): one
    grouped query then computes every aggregate side by side, each restricted to its own `where`.
    """
    grid = figures_grid(indicators, scope, [(scope.start, scope.end)], branches=branches)
    return {key: result for (key, _period), result in grid.items()}


Period = tuple[date, date]  # (start, end), both included; a stock is read at `end`


def figures_grid(
    indicators: list[Indicator],
    scope: Scope,
    periods: list[Period],
    *,
    branches: bool = False,
    breakdowns: dict[str, set[str]] | None = None,
    cached: bool | None = None,
) -> dict[tuple[str, int], Figures]:
    """`figures()` of every indicator for every period, keyed by (indicator key, period index).

    Monthly reports and dashboards need the same figures for several periods (本月, 本年累计,
    上年同期, 上月; twelve months of a trend). Indicators on the same records and dates are
    computed by ONE grouped query over the union of the periods, with one conditional
    aggregate per (indicator, period): `COUNT(*) FILTER (WHERE <period> AND <where>)`. The
    results equal `figures()` of each indicator and period on its own (tested). `scope.start`
    and `scope.end` are not used: the periods say which days count.

    `breakdowns` ({indicator key: breakdown keys}) limits the breakdowns computed to those a
    caller shows (a report form's sub-columns): grouping by fewer fields means far fewer groups.
    Without it every breakdown of every indicator is computed.

    `cached` (default: when the scope names a user, i.e. a page) serves the result from the
    figures cache while no record of the scope office's subtree has changed
    (sifa.stats.figure_cache, docs/caching.md); reads without a user always compute.
    """
    groups: dict[tuple, tuple[QuerySet, list[Indicator]]] = {}
    # A line declares dozens of figures on a few querysets (`IndicatorFamily`: twelve register
    # figures on one `matters`): indicators with the same queryset callable and dates give the
    # same records, so the SQL is compiled once per callable, not once per indicator (a compile
    # costs about a millisecond of Python). Different callables are still compared by their SQL.
    compiled: dict[tuple, tuple[tuple, QuerySet]] = {}
    for indicator in indicators:
        same_callable = (indicator.queryset, _date_signature(indicator))
        if same_callable in compiled:
            same_records, qs = compiled[same_callable]
        else:
            qs = _in_scope(indicator, scope).order_by()
            try:
                sql, params = qs.query.sql_with_params()
                same_records = (sql, tuple(map(repr, params)), _date_signature(indicator))
                compiled[same_callable] = (same_records, qs)
            except EmptyResultSet:  # nothing to count (e.g. a user who may see nothing)
                same_records = ("", (indicator.key,), ())
        groups.setdefault(same_records, (qs, []))[1].append(indicator)
    key = None
    if cached if cached is not None else scope.user is not None:
        signature = (
            [
                (same, [(i.key, repr(i.where), i.sum_field) for i in sharing])
                for same, (_qs, sharing) in groups.items()
            ],
            [tuple(map(str, p)) for p in periods],
            branches,
            sorted((k, sorted(v)) for k, v in breakdowns.items()) if breakdowns else breakdowns,
        )
        key = figure_cache.grid_key(scope, signature)
        if (hit := figure_cache.get(key)) is not None:
            return hit
    # The tree split's rows: read once, shared by every group (None: no split asked).
    children = (
        list(Office.objects.get_children(scope.office).order_by("path")) if branches else None
    )
    result: dict[tuple[str, int], Figures] = {}
    labeller = _Labels()  # shared by the groups: the institutions are read once, not per query
    for qs, sharing in groups.values():
        result.update(_grouped_figures(sharing, qs, scope, periods, children, breakdowns, labeller))
    if key is not None:
        figure_cache.put(key, result)
    return result


def _wanted_breakdowns(indicator: Indicator, wanted: dict[str, set[str]] | None):
    if wanted is None:
        return indicator.breakdowns
    keys = wanted.get(indicator.key, set())
    return tuple(b for b in indicator.breakdowns if b.key in keys)


def _date_signature(indicator: Indicator) -> tuple:
    """Indicators counting by the same dates can share one pass over the union of periods."""
    return (indicator.kind, indicator.date_field, indicator.start_field, indicator.end_field)


def _union_q(indicator: Indicator, periods: list[Period]) -> Q:
    """A condition every record of any of the periods meets (the grouped query's WHERE).

    A flow reads the merged date ranges of the periods (本年累计 and 上年同月: two ranges, not
    the thirteen months between them), ORed, so each range can use the date index; each
    aggregate then narrows to its own period exactly.
    """
    if indicator.kind == FLOW:
        q = Q()
        for start, end in _merged(periods):
            q |= indicator.period_q(start, end)
        return q
    if len(periods) == 1:
        return indicator.period_q(*periods[0])
    q = Q()
    if indicator.start_field:  # started by the latest end …
        latest = max(p[1] for p in periods)
        q &= Q(**{f"{indicator.start_field}__isnull": True}) | indicator._on_or_before(
            indicator.start_field, latest
        )
    if indicator.end_field:  # … and not ended before the day after the earliest end
        earliest = min(p[1] for p in periods)
        q &= Q(**{f"{indicator.end_field}__isnull": True}) | indicator._on_or_after(
            indicator.end_field, earliest + timedelta(days=1)
        )
    return q


def _merged(periods: list[Period]) -> list[Period]:
    """The periods' days as few disjoint ranges (touching or overlapping ranges joined)."""
    merged: list[list[date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _grouped_figures(
    indicators: list[Indicator],
    qs: QuerySet,
    scope: Scope,
    periods: list[Period],
    children: list[Office] | None,
    wanted: dict[str, set[str]] | None = None,
    labeller: _Labels | None = None,
) -> dict[tuple[str, int], Figures]:
    branches = children is not None
    labeller = labeller if labeller is not None else _Labels()
    shown = {i.key: _wanted_breakdowns(i, wanted) for i in indicators}
    fields = list(dict.fromkeys(b.field for i in indicators for b in shown[i.key]))
    qs = qs.filter(_union_q(indicators[0], periods))
    if branches:
        length = (scope.office.depth + 1) * Office.steplen
        qs = qs.annotate(**{BRANCH: Substr(_path_field(qs.model), 1, length)})
        fields.append(BRANCH)
    single = len(periods) == 1  # the WHERE is the period itself: no FILTER needed for it
    columns = {}
    for n, indicator in enumerate(indicators):
        for p, period in enumerate(periods):
            condition = None if single else indicator.period_q(*period)
            if indicator.where is not None:
                condition = indicator.where if condition is None else condition & indicator.where
            columns[f"v{n}_{p}"] = _aggregate_expression(indicator, condition)
            if condition is not None and indicator.sum_field:  # groups holding its records
                columns[f"n{n}_{p}"] = Count("pk", filter=condition)
    # (values() without fields would group by every column: aggregate the whole set instead)
    rows = list(qs.values(*fields).annotate(**columns)) if fields else [qs.aggregate(**columns)]
    # Row labels once per breakdown for all periods (a code list lookup is a query), and once
    # for indicators sharing the query and the breakdown (the same rows give the same values:
    # twelve figures of one register split by 执业机构 read the institutions once) — and, through
    # `labeller`, once per grid for every query naming the same kind of record.
    labels, looked_up = {}, {}
    for indicator in indicators:
        for b in shown[indicator.key]:
            same = (b.key, b.field, id(b.labels))
            if same not in looked_up:
                looked_up[same] = labeller.labels(indicator, b, {row[b.field] for row in rows})
            labels[(indicator.key, b.key)] = looked_up[same]
    result = {}
    for n, indicator in enumerate(indicators):
        zero = _zero(indicator)
        for p in range(len(periods)):
            value_column = f"v{n}_{p}"
            # A group without any of its records is no breakdown row. Counts say it themselves;
            # a sum under a condition has a count beside it; otherwise every group has records.
            count_column = value_column if not indicator.sum_field else f"n{n}_{p}"
            groups = [
                (row, row[value_column] if row[value_column] is not None else zero)
                for row in rows
                if row.get(count_column, 1)
            ]
            total = sum((v for _row, v in groups), zero)
            tables = {
                b.key: _breakdown_rows(b, groups, zero, labels[(indicator.key, b.key)])
                for b in shown[indicator.key]
            }
            branch_rows = crossed = None
            if branches:
                branch_rows = _branch_rows(scope, groups, zero, children)
                crossed = _branch_breakdowns(shown[indicator.key], groups, zero)
            result[(indicator.key, p)] = Figures(total, tables, branch_rows, crossed)
    return result


def _sum_by(groups, field_name: str, zero) -> dict:
    sums: dict = {}
    for row, v in groups:
        sums[row[field_name]] = sums.get(row[field_name], zero) + v
    return sums


def _branch_breakdowns(shown: tuple[Breakdown, ...], groups, zero) -> dict[str, dict[str, dict]]:
    result: dict[str, dict[str, dict]] = {}
    for row, v in groups:
        tables = result.setdefault(row[BRANCH], {})
        for b in shown:
            sums = tables.setdefault(b.key, {})
            sums[row[b.field]] = sums.get(row[b.field], zero) + v
    return result


def _breakdown_rows(b: Breakdown, groups, zero, labels: dict):
    sums = _sum_by(groups, b.field, zero)
    # Largest first, then by stored value (missing values last), as breakdown_values orders.
    ordered_values = sorted(sums, key=lambda s: (-sums[s], s is None, str(s)))
    return [(s, labels[s], sums[s]) for s in ordered_values]


def _branch_rows(scope: Scope, groups, zero, children: list[Office]):
    by_branch = _sum_by(groups, BRANCH, zero)
    result: list[tuple[Office | None, object]] = [(None, by_branch.get(scope.office.path, zero))]
    result += [(child, by_branch.get(child.path, zero)) for child in children]
    return result


class _Labels:
    """Breakdown row labels, each looked up once for all the grouped queries of one grid.

    A line's figures split by the same kind of record in several queries (按执业机构 of the
    register, the practitioners, the advisers' contracts and logs, the complaints …): the
    labels of a foreign key are the related records' `str()`, whichever field names them, so
    each institution is read once, not once per query. Labels given by the declaration (a dict
    or a callable) are shared by the breakdowns naming the same object; choices by field. The
    labels are `breakdown_labels`' exactly.
    """

    def __init__(self):
        self._known: dict[tuple, dict] = {}

    def labels(self, indicator: Indicator, b: Breakdown, values) -> dict:
        source = _label_source(indicator, b)
        if source is None:
            return breakdown_labels(indicator, b, values)
        known = self._known.setdefault(source, {})
        missing = [v for v in values if v not in known]
        if missing:
            known.update(breakdown_labels(indicator, b, missing))
        return {v: known[v] for v in values}


def _label_source(indicator: Indicator, b: Breakdown) -> tuple | None:
    """What a breakdown's labels depend on, beyond the stored value (None: not shared)."""
    if b.labels is not None:
        return ("declared", id(b.labels))  # the Breakdown holds the object: the id stays its
    target = resolve_field(indicator.model, b.field)
    if getattr(target, "choices", None):
        return ("choices", target)
    if target.is_relation and target.related_model is not None:
        return ("related", target.related_model)
    return ("stored", None)  # shown as stored (empty, 是/否, str)


def breakdown_labels(indicator: Indicator, b: Breakdown, values) -> dict:
    """Display label for each stored value of a breakdown (see Breakdown's docstring)."""
    values = list(values)
    known = b.label_map() if b.labels is not None else _default_labels(indicator, b, values)
    result = {}
    for v in values:
        if v in known:
            result[v] = str(known[v])
        elif v is None or v == "":
            result[v] = str(EMPTY_LABEL)
        elif isinstance(v, bool):
            result[v] = str(_("是") if v else _("否"))
        else:
            result[v] = str(v)
    return result


def _default_labels(indicator: Indicator, b: Breakdown, values: list) -> dict:
    target = resolve_field(indicator.model, b.field)
    if getattr(target, "choices", None):
        return {k: v for k, v in target.flatchoices}
    if target.is_relation and target.related_model is not None:
        related = target.related_model._default_manager.in_bulk(
            [v for v in values if v is not None]
        )
        return {pk: str(obj) for pk, obj in related.items()}
    return {}


def breakdown_token(stored) -> str:
    """How a breakdown row's stored value is written in a drill-down URL."""
    return NULL_IN_URL if stored is None else str(stored)


def filter_by_breakdown(indicator: Indicator, qs: QuerySet, key: str, token: str) -> QuerySet:
    """Narrow records to one breakdown row (the inverse of `breakdown_token`).

    Raises KeyError for an unknown breakdown and ValueError for a value the field cannot hold.
    """
    b = indicator.breakdown(key)
    if token == NULL_IN_URL:
        return qs.filter(**{f"{b.field}__isnull": True})
    try:
        return qs.filter(**{b.field: token})
    except ValidationError as exc:  # e.g. a malformed date
        raise ValueError(token) from exc


def _path_field(model: type[models.Model]) -> str:
    office_field = access.office_field_of(model)
    return f"{office_field}__path" if office_field else "path"


def at_office_only(indicator: Indicator, qs: QuerySet, office: Office) -> QuerySet:
    """Narrow records to those of `office` itself, none of its sub-offices (本级)."""
    return qs.filter(**{_path_field(qs.model): office.path})


def child_office_values(indicator: Indicator, scope: Scope) -> list[tuple[Office | None, object]]:
    """The value split along the tree: [(None, 本级), (child office, its subtree), …].

    One grouped query: each record is attributed to the ancestor one level below the scope
    office, read off the materialized path. The rows add up to `value(indicator, scope)`.
    """
    qs = records(indicator, scope).order_by()
    branch_length = (scope.office.depth + 1) * Office.steplen
    rows = (
        qs.annotate(branch=Substr(_path_field(qs.model), 1, branch_length))
        .values("branch")
        .annotate(v=_aggregate_expression(indicator))
    )
    by_branch = {r["branch"]: r["v"] for r in rows}
    zero = _zero(indicator)
    children = Office.objects.get_children(scope.office).order_by("path")
    result: list[tuple[Office | None, object]] = [(None, by_branch.get(scope.office.path) or zero)]
    result += [(child, by_branch.get(child.path) or zero) for child in children]
    return result


def ordered(indicator: Indicator, qs: QuerySet) -> QuerySet:
    """Drill-down order: newest record date first, then newest record."""
    date_path = indicator.record_date_field
    if date_path:
        return qs.order_by(F(date_path).desc(nulls_last=True), "-pk")
    return qs.order_by("-pk")


# --- declaration checks (run by `manage.py check`, see StatsConfig.ready) -------------------


def resolve_field(model: type[models.Model], path: str):
    """The model field at the end of a `a__b__c` path; FieldDoesNotExist if there is none."""
    parts = path.split("__")
    for i, part in enumerate(parts):
        target = model._meta.get_field(part)
        if i < len(parts) - 1:
            if target.related_model is None:
                raise FieldDoesNotExist(f"{model.__name__}.{part} is not a relation")
            model = target.related_model
    return target


def _is_single_valued(model: type[models.Model], path: str) -> bool:
    for part in path.split("__")[:-1]:
        target = model._meta.get_field(part)
        if target.many_to_many or target.one_to_many:
            return False
        model = target.related_model
    return True


def problems(indicator: Indicator) -> list[str]:
    """What is wrong with a declaration (empty when it is sound)."""
    errors: list[str] = []
    app, _dot, name = indicator.key.partition(".")
    if not app or not name:
        errors.append("key must be '<app>.<name>'")
    if not indicator.label or not indicator.definition:
        errors.append("label and definition (口径) are required")
    try:
        model = indicator.model
        access.office_field_of(model)
    except Exception as exc:  # any failure of the declaration is worth reporting
        return [*errors, f"queryset: {exc}"]
    date_fields = [("date_field", indicator.date_field)]
    date_fields += [("start_field", indicator.start_field), ("end_field", indicator.end_field)]
    for attr, path in date_fields:
        if not path:
            continue
        try:
            target = indicator.date_target(path)
        except FieldDoesNotExist as exc:
            errors.append(f"{attr} {path!r}: {exc}")
            continue
        if not isinstance(target, models.DateField):  # DateTimeField is a DateField too
            errors.append(f"{attr} {path!r} is not a date field")
    if indicator.kind == STOCK and indicator.date_field:
        errors.append("a stock uses start_field/end_field, not date_field")
    if indicator.kind == FLOW and (indicator.start_field or indicator.end_field):
        errors.append("a flow uses date_field, not start_field/end_field")
    paths = [("sum_field", indicator.sum_field)] + [
        (f"breakdown {b.key}", b.field) for b in indicator.breakdowns
    ]
    for what, path in paths:
        if not path:
            continue
        try:
            resolve_field(model, path)
        except FieldDoesNotExist as exc:
            errors.append(f"{what} {path!r}: {exc}")
            continue
        if not _is_single_valued(model, path):
            errors.append(f"{what} {path!r} crosses a to-many relation (records would repeat)")
    keys = [b.key for b in indicator.breakdowns]
    if len(keys) != len(set(keys)):
        errors.append("breakdown keys must be unique")
    return errors


# --- ratios (率): numerator and denominator indicators, with the formula version ---------------


@dataclass(frozen=True)
class Ratio:
    """A rate declared as two indicators (DOMAIN §1.6: numerator + denominator + version).

    Its value is numerator / denominator × 100 (two decimals), None when the denominator is 0.
    Reports, dashboards and summaries show it with both parts, each linking to its records.
    """

    key: str  # "<app>.<name>_rate"
    label: str  # "调解成功率"
    numerator: str  # indicator key
    denominator: str  # indicator key
    definition: str  # the formula in words
    line: str
    version: int = 1
    unit: str = "%"


@dataclass(frozen=True)
class RatioValue:
    ratio: Ratio
    numerator: object
    denominator: object

    @property
    def value(self) -> Decimal | None:
        return rate(self.numerator, self.denominator)


def rate(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )


_ratios: dict[str, Ratio] = {}


def register_ratio(ratio: Ratio) -> Ratio:
    _ratios[ratio.key] = ratio
    return ratio


def get_ratio(key: str) -> Ratio:
    return _ratios[key]


def all_ratios() -> list[Ratio]:
    return sorted(_ratios.values(), key=lambda r: (r.line, r.key))


def ratio_value(ratio: Ratio, scope: Scope) -> RatioValue:
    parts = figures_many([get(ratio.numerator), get(ratio.denominator)], scope)
    return RatioValue(ratio, parts[ratio.numerator].value, parts[ratio.denominator].value)
