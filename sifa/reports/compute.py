"""Computing report forms (月报表) from the indicator registry.

`compute_set()` computes several forms for one office and period with ONE `figures_grid` call:
every indicator of every form, every period the measures need (本月, 本年累计, 上年同期, 上月),
split by sub-office and by breakdown — a query per set of indicators sharing their records, not
a query per cell. Each cell carries the drill-down (the records behind it), so a page, an Excel
export or a dashboard can link every number to its records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sifa.orgs.models import Office
from sifa.reports.definitions import (
    MEASURE_LABELS,
    PERCENT_MEASURES,
    PERIOD,
    YTD,
    YTD_YOY,
    Column,
    ReportForm,
)
from sifa.reports.periods import Period, Periods, change_percent
from sifa.stats import registry
from sifa.stats.registry import STOCK, Breakdown, Figures, Indicator, Scope

TOTAL_ROW, OWN_ROW, CHILD_ROW = "total", "own", "child"


@dataclass(frozen=True)
class DrillDown:
    """Where a number leads: the records of one indicator, office, period and bucket."""

    indicator: str
    office_id: int
    start: date
    end: date
    breakdown: str = ""
    token: str | None = None  # registry.breakdown_token of the bucket
    own: bool = False  # the office's own records only (本级)

    def url(self) -> str:
        params = {"office": self.office_id, "from": self.start.isoformat()}
        params["to"] = self.end.isoformat()
        if self.breakdown:
            params.update(breakdown=self.breakdown, value=self.token)
        if self.own:
            params["own"] = 1
        return f"{reverse('stats:records', args=[self.indicator])}?{urlencode(params)}"


def drill_down(
    indicator: Indicator | str, office: Office, period: Period, **narrowing
) -> DrillDown:
    key = indicator if isinstance(indicator, str) else indicator.key
    return DrillDown(key, office.pk, period[0], period[1], **narrowing)


@dataclass(frozen=True)
class SubColumn:
    """One column of numbers: an indicator's total, or one bucket of its breakdown."""

    column: Column
    indicator: Indicator
    breakdown: Breakdown | None = None  # None: the total (合计)
    stored: object = None  # the bucket's stored value
    label: str = ""

    @property
    def is_total(self) -> bool:
        return self.breakdown is None

    @property
    def token(self) -> str | None:
        return None if self.is_total else registry.breakdown_token(self.stored)


@dataclass(frozen=True)
class Cell:
    value: object  # a count or sum; a Decimal percent for 同比/环比; None: not applicable
    measure: str
    base: object = None  # what a percent compares with (上年同期 / 上期)
    link: DrillDown | None = None

    @property
    def is_percent(self) -> bool:
        return self.measure in PERCENT_MEASURES


@dataclass(frozen=True)
class Row:
    kind: str  # TOTAL_ROW, OWN_ROW or CHILD_ROW
    office: Office  # the row's office (the report's office for 合计 and 本级)
    label: str
    cells: list[Cell]  # len(subcolumns) × len(measures), sub-column by sub-column


@dataclass
class ReportTable:
    form: ReportForm
    office: Office
    start: date
    end: date
    periods: Periods
    subcolumns: list[SubColumn]
    measures: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)

    def cell(self, row: Row, subcolumn: int, measure: str) -> Cell:
        return row.cells[subcolumn * len(self.measures) + self.measures.index(measure)]

    def total_row(self) -> Row:
        return self.rows[0]

    def value(self, indicator: str, *, row: Row | None = None, stored=..., measure=PERIOD):
        """A cell's value by indicator key (and bucket): the 合计 row unless `row` is given."""
        row = row or self.total_row()
        for n, sub in enumerate(self.subcolumns):
            if sub.indicator.key != indicator:
                continue
            if (stored is ... and sub.is_total) or (
                stored is not ... and not sub.is_total and sub.stored == stored
            ):
                return self.cell(row, n, measure).value
        raise KeyError((indicator, stored))

    def row_of(self, office: Office) -> Row:
        """The row of a sub-office, or 本级 for the report's own office."""
        kind = OWN_ROW if office.pk == self.office.pk else CHILD_ROW
        return next(r for r in self.rows if r.kind == kind and r.office.pk == office.pk)


def compute_form(form: ReportForm, office: Office, start: date, end: date, user=None):
    return compute_set([form], office, start, end, user=user)[form.key]


def compute_set(
    forms: list[ReportForm], office: Office, start: date, end: date, user=None
) -> dict[str, ReportTable]:
    """Every form for the office's subtree and [start, end], from one registry grid.

    With `user`, only the records the user may see are counted (as on the indicator pages);
    without one, every record of the subtree (submissions, commands).
    """
    spans = Periods.of(start, end)
    measures = list(dict.fromkeys(m for f in forms for m in f.measures))
    needed = spans.needed(measures)
    indicators = list({i.key: i for f in forms for i in f.indicators()}.values())
    scope = Scope(office, start, end, user=user)
    shown: dict[str, set[str]] = {}
    for form in forms:
        for column in form.columns:
            shown.setdefault(column.indicator, set())
            if column.breakdown:
                shown[column.indicator].add(column.breakdown)
    grid = registry.figures_grid(indicators, scope, needed, branches=True, breakdowns=shown)
    figures = {(key, needed[p]): result for (key, p), result in grid.items()}
    children = _children(grid)
    return {form.key: _table(form, office, spans, figures, children, start, end) for form in forms}


def _children(grid: dict) -> list[Office]:
    any_result = next(iter(grid.values()), None)
    if any_result is None:
        return []
    return [office for office, _v in any_result.branches if office is not None]


def _subcolumns(form: ReportForm, figures: dict) -> list[SubColumn]:
    result = []
    for column in form.columns:
        indicator = registry.get(column.indicator)
        result.append(SubColumn(column, indicator, label=_("合计")))
        if not column.breakdown:
            continue
        b = indicator.breakdown(column.breakdown)
        stored_values = _buckets(indicator, b, column, figures)
        labels = registry.breakdown_labels(indicator, b, stored_values)
        result += [SubColumn(column, indicator, b, s, labels[s]) for s in stored_values]
    return result


def _buckets(indicator: Indicator, b: Breakdown, column: Column, figures: dict) -> list:
    """The stored values that get a sub-column (see Column's docstring)."""
    if column.values:
        return list(column.values)
    present = {
        stored
        for (key, _period), result in figures.items()
        if key == indicator.key
        for stored, _label, _v in result.breakdowns[b.key]
    }
    target = registry.resolve_field(indicator.model, b.field)
    choices = [k for k, _v in getattr(target, "flatchoices", None) or []]
    if choices:
        extra = sorted((s for s in present if s not in choices), key=lambda s: (s is None, str(s)))
        return choices + extra
    return sorted(present, key=lambda s: (s is None, str(s)))


def _table(form, office, spans: Periods, figures, children, start, end) -> ReportTable:
    subcolumns = _subcolumns(form, figures)
    table = ReportTable(form, office, start, end, spans, subcolumns, tuple(form.measures))
    table.rows.append(Row(TOTAL_ROW, office, _("合计"), _cells(table, figures, None, office)))
    if children:
        own = _("%(office)s本级") % {"office": office.name}
        table.rows.append(Row(OWN_ROW, office, own, _cells(table, figures, OWN_ROW, office)))
        for child in children:
            table.rows.append(
                Row(CHILD_ROW, child, child.name, _cells(table, figures, CHILD_ROW, child))
            )
    return table


def _cells(table: ReportTable, figures, kind, office: Office) -> list[Cell]:
    cells = []
    for sub in table.subcolumns:
        for measure in table.measures:
            cells.append(_cell(table, figures, sub, measure, kind, office))
    return cells


def _cell(table: ReportTable, figures, sub: SubColumn, measure: str, kind, office) -> Cell:
    shown, compared = table.periods.for_measure(measure)
    stock = sub.indicator.kind == STOCK
    if stock and measure in (YTD, YTD_YOY):  # a stock is read at a date: nothing accumulates
        return Cell(None, measure)
    current = _figure(figures, sub, shown, kind, office)
    link_period = shown
    if compared is None:
        value, base = current, None
    else:
        base = _figure(figures, sub, compared, kind, office)
        value, link_period = change_percent(current, base), compared
    narrowing = {} if sub.is_total else {"breakdown": sub.breakdown.key, "token": sub.token}
    link = DrillDown(
        sub.indicator.key,
        office.pk,
        link_period[0],
        link_period[1],
        own=kind == OWN_ROW,
        **narrowing,
    )
    return Cell(value, measure, base, link)


def _figure(figures, sub: SubColumn, period: Period, kind, office: Office):
    result: Figures = figures[(sub.indicator.key, period)]
    zero = Decimal(0) if sub.indicator.sum_field else 0
    if kind is None:  # 合计: the whole subtree
        if sub.is_total:
            return result.value
        rows = result.breakdowns[sub.breakdown.key]
        return next((v for s, _l, v in rows if s == sub.stored), zero)
    path = office.path
    if sub.is_total:
        if kind == OWN_ROW:
            return result.branches[0][1]
        return next(v for o, v in result.branches if o is not None and o.pk == office.pk)
    by_key = (result.branch_breakdowns or {}).get(path, {})
    return by_key.get(sub.breakdown.key, {}).get(sub.stored, zero)


def measure_label(measure: str) -> str:
    return str(MEASURE_LABELS[measure])


__all__ = [
    "Cell",
    "DrillDown",
    "ReportTable",
    "Row",
    "SubColumn",
    "compute_form",
    "compute_set",
    "drill_down",
    "measure_label",
]
