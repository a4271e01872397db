"""The leader dashboard (领导驾驶舱): what it shows, declared as data, and the selector building it.

Everything on the page is an indicator figure (sifa.stats.registry) with its drill-down:

* KPI tiles per line: flows as 本年累计 with 本月 and 累计同比, stocks at the period end with
  同比, and the line's declared ratios (registry.all_ratios) with numerator and denominator;
* trends: the last twelve months of a few key flows;
* breakdown charts: one indicator split by one breakdown (本年累计, a stock at the period end);
* the ranking of the sub-offices by a few flows (本年累计);
* early warnings (预警): indicators that call for attention when they are not zero;
* the user's own to-dos (sifa.core.todos) per line, overdue and near due — loaded by a request
  of their own (`todo_groups`), as the providers walk every open record the user may see.

A line declares its tiles, trend, charts, ranking and warnings in its `line.py` (sifa.core.lines);
`DASHBOARD` is built from the installed lines in their order, `declare(...)` adds further parts,
and a declared indicator or ratio that is not registered is simply left out.

Speed: a fixed number of registry calls whatever the number of tiles and months, one
`figures_grid` per part over only the periods that part shows — tiles (本月, 本年累计, 上年同期
累计), the ratios' parts (本年累计), the trend (twelve months), warnings (本月, 本年累计) — and one
over the charts and the ranking for 本年累计 split by sub-office. Each call is one grouped query
per set of indicators sharing their records, grouped only by the breakdowns the page draws.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from sifa.core import lines as line_registry
from sifa.core import todos
from sifa.orgs.models import Office
from sifa.reports.compute import DrillDown
from sifa.reports.periods import Period, change_percent, month_period, same_period_last_year
from sifa.stats import registry
from sifa.stats.registry import FLOW, STOCK, Figures, Indicator, Ratio, Scope

# --- the declaration ------------------------------------------------------------------------

PIE, BAR = "pie", "bar"


@dataclass(frozen=True)
class LinePanel:
    """The KPI tiles of one business line.

    `tiles` are indicator keys: a flow shows 本年累计 with 本月 and 累计同比, a stock its value at
    the period end with 同比. `ratios`: ratio keys, or None for every ratio registered for
    the line (matched on `Ratio.line`), so a newly declared ratio shows up by itself.
    """

    line: str  # as the indicators' `line`, e.g. "人民调解"
    tiles: tuple[str, ...]
    ratios: tuple[str, ...] | None = None


@dataclass(frozen=True)
class BreakdownChart:
    """One indicator split by one of its breakdowns, drawn as a pie or bars."""

    indicator: str
    breakdown: str
    kind: str = PIE
    title: str = ""  # default: "<indicator label>·<breakdown label>"


@dataclass(frozen=True)
class Dashboard:
    lines: tuple[LinePanel, ...] = ()
    trend: tuple[str, ...] = ()  # flows drawn month by month
    charts: tuple[BreakdownChart, ...] = ()
    ranking: tuple[str, ...] = ()  # flows the sub-offices are ranked by
    warnings: tuple[str, ...] = ()  # figures that call for attention when not zero
    trend_months: int = 12


def from_lines(declared: Iterable[line_registry.Line]) -> Dashboard:
    """The dashboard the lines declare in their line.py (sifa.core.lines), in their order."""
    declared = tuple(declared)
    warned = sorted(declared, key=lambda line: line.warning_order or line.order)
    return Dashboard(
        lines=tuple(
            LinePanel(line.name, line.tiles, line.ratios) for line in declared if line.tiles
        ),
        trend=tuple(key for line in declared for key in line.trend),
        charts=tuple(
            BreakdownChart(chart.indicator, chart.breakdown, chart.kind, chart.title)
            for line in declared
            for chart in line.charts
        ),
        ranking=tuple(key for line in declared for key in line.ranking),
        warnings=tuple(key for line in warned for key in line.warnings),
    )


def __getattr__(name: str):
    """`DASHBOARD`: built from the installed lines on first use (the app registry is ready)."""
    if name == "DASHBOARD":
        return current()
    raise AttributeError(name)


def current() -> Dashboard:
    """The dashboard: the lines' declarations plus anything `declare()` added."""
    if "DASHBOARD" not in globals():
        globals()["DASHBOARD"] = from_lines(line_registry.lines())
    return globals()["DASHBOARD"]


def declare(
    *,
    lines: Iterable[LinePanel] = (),
    trend: Iterable[str] = (),
    charts: Iterable[BreakdownChart] = (),
    ranking: Iterable[str] = (),
    warnings: Iterable[str] = (),
) -> Dashboard:
    """Add a line's parts to the dashboard (e.g. from `<app>/report_forms.py`)."""
    board = current()
    board = dataclasses.replace(
        board,
        lines=board.lines + tuple(lines),
        trend=board.trend + tuple(trend),
        charts=board.charts + tuple(charts),
        ranking=board.ranking + tuple(ranking),
        warnings=board.warnings + tuple(warnings),
    )
    globals()["DASHBOARD"] = board
    return board


# --- periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardPeriods:
    """本月 (to `end`), 本年累计, 上年同期累计 and the months of the trend, oldest first."""

    month: Period
    ytd: Period
    ytd_last_year: Period
    months: tuple[Period, ...]

    @classmethod
    def of(cls, year: int, month: int, today: date, trend_months: int = 12) -> DashboardPeriods:
        """The chosen month runs to its last day, or to `today` for the current month."""
        start, end = month_period(year, month)
        end = min(end, today)
        ytd = (date(year, 1, 1), end)
        months = []
        for back in range(trend_months - 1, 0, -1):
            index = year * 12 + month - 1 - back
            months.append(month_period(index // 12, index % 12 + 1))
        months.append((start, end))
        return cls((start, end), ytd, same_period_last_year(*ytd), tuple(months))

    def all(self) -> list[Period]:
        return list(dict.fromkeys([self.month, self.ytd, self.ytd_last_year, *self.months]))


def parse_month(text: str) -> tuple[int, int]:
    """ "2026-03" → (2026, 3); ValueError for anything else."""
    year_text, dash, month_text = text.strip().partition("-")
    if not dash or len(year_text) != 4 or not year_text.isdigit() or not month_text.isdigit():
        raise ValueError(text)
    year, month = int(year_text), int(month_text)
    if not 1 <= month <= 12 or year < 1900:
        raise ValueError(text)
    return year, month


# --- what the page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A number and the records behind it."""

    value: object
    url: str


@dataclass(frozen=True)
class Tile:
    indicator: Indicator
    main: Figure  # a flow's 本年累计, a stock at the period end
    month: Figure | None  # a flow's 本月 (None for a stock)
    last_year: Figure  # the same, a year before
    change: object  # 同比 %, None when there is nothing to compare with

    @property
    def is_stock(self) -> bool:
        return self.indicator.kind == STOCK


@dataclass(frozen=True)
class RatioTile:
    ratio: Ratio
    value: object  # Decimal percent, None when the denominator is 0
    numerator: Figure
    denominator: Figure
    numerator_label: str
    denominator_label: str


@dataclass(frozen=True)
class LineBlock:
    line: str
    tiles: list[Tile]
    ratios: list[RatioTile]


@dataclass(frozen=True)
class TrendSeries:
    indicator: Indicator
    points: list[Figure]  # one per month of DashboardPeriods.months


@dataclass(frozen=True)
class ChartSlice:
    label: str
    figure: Figure


@dataclass(frozen=True)
class Chart:
    declaration: BreakdownChart
    indicator: Indicator
    title: str
    total: Figure
    slices: list[ChartSlice]


@dataclass(frozen=True)
class RankRow:
    office: Office | None  # None: the scope office's own records (本级)
    label: str
    figures: list[Figure]  # one per ranking indicator


@dataclass(frozen=True)
class Ranking:
    indicators: list[Indicator]
    selected: int  # the indicator the rows are ranked by
    rows: list[RankRow]  # sub-offices, best first
    own: RankRow  # 本级, not ranked


@dataclass(frozen=True)
class Warning:
    indicator: Indicator
    main: Figure  # 本年累计 (a stock: at the period end)
    month: Figure | None

    @property
    def alert(self) -> bool:
        return bool(self.main.value)


@dataclass(frozen=True)
class TodoGroup:
    line: str
    overdue: int
    near_due: int


@dataclass
class DashboardData:
    office: Office
    periods: DashboardPeriods
    lines: list[LineBlock] = field(default_factory=list)
    trend: list[TrendSeries] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    ranking: Ranking | None = None
    warnings: list[Warning] = field(default_factory=list)

    @property
    def month_labels(self) -> list[str]:
        return [f"{start.year}-{start.month:02d}" for start, _end in self.periods.months]


# --- the selector ------------------------------------------------------------------------------


def _known(key: str) -> Indicator | None:
    try:
        return registry.get(key)
    except KeyError:
        return None


def _ratios_of(panel: LinePanel) -> list[Ratio]:
    if panel.ratios is None:
        return [r for r in registry.all_ratios() if str(r.line) == str(panel.line)]
    result = []
    for key in panel.ratios:
        try:
            result.append(registry.get_ratio(key))
        except KeyError:
            continue
    return result


def _ratio_ready(ratio: Ratio) -> bool:
    return _known(ratio.numerator) is not None and _known(ratio.denominator) is not None


def _tile_keys(board: Dashboard) -> list[str]:
    return _known_keys(k for panel in board.lines for k in panel.tiles)


def _ratio_keys(board: Dashboard) -> list[str]:
    """The ratios' parts (read for 本年累计 only) that are not tiles already."""
    keys = []
    for panel in board.lines:
        for ratio in _ratios_of(panel):
            keys += [ratio.numerator, ratio.denominator]
    tiles = set(_tile_keys(board))
    return [k for k in _known_keys(keys) if k not in tiles]


def _known_keys(keys) -> list[str]:
    return [k for k in dict.fromkeys(keys) if _known(k) is not None]


def _split_breakdowns(board: Dashboard) -> dict[str, set[str]]:
    """Chart and ranking indicators, each with the breakdowns the charts draw."""
    keep: dict[str, set[str]] = {}
    for chart in board.charts:
        indicator = _known(chart.indicator)
        if indicator is not None and chart.breakdown in {b.key for b in indicator.breakdowns}:
            keep.setdefault(chart.indicator, set()).add(chart.breakdown)
    for key in board.ranking:
        if _known(key) is not None:
            keep.setdefault(key, set())
    return keep


class _Reader:
    """Figures of the two registry calls, as numbers with their drill-down URLs."""

    def __init__(self, office: Office, grid: dict[tuple[str, Period], Figures], split: dict):
        self.office = office
        self.grid = grid
        self.split = split

    def result(self, key: str, period: Period) -> Figures:
        return self.grid[(key, period)]

    def figure(self, key: str, period: Period, **narrowing) -> Figure:
        link = DrillDown(key, self.office.pk, period[0], period[1], **narrowing)
        return Figure(self.result(key, period).value, link.url())


def build(
    user,
    office: Office,
    year: int,
    month: int,
    *,
    today: date,
    rank: str = "",
    board: Dashboard | None = None,
) -> DashboardData:
    """Every figure of the dashboard for `office`'s subtree as `user` may count it."""
    board = board or current()
    spans = DashboardPeriods.of(year, month, today, board.trend_months)
    scope = Scope(office, spans.ytd[0], spans.ytd[1], user=user)
    # One registry grid per part, each over the periods it shows only (a warning reads no
    # trend months, a trend no last year): each query scans the fewest days. No breakdowns.
    parts = [
        (_tile_keys(board), [spans.month, spans.ytd, spans.ytd_last_year]),
        (_ratio_keys(board), [spans.ytd]),
        (_known_keys(board.trend), list(spans.months)),
        (_known_keys(board.warnings), [spans.month, spans.ytd]),
    ]
    grid: dict[tuple[str, Period], Figures] = {}
    for keys, periods in parts:
        if not keys:
            continue
        periods = list(dict.fromkeys(periods))
        part = registry.figures_grid([registry.get(k) for k in keys], scope, periods, breakdowns={})
        grid.update({(key, periods[p]): result for (key, p), result in part.items()})
    split_breakdowns = _split_breakdowns(board)
    split = {}
    if split_breakdowns:
        split_grid = registry.figures_grid(
            [registry.get(k) for k in split_breakdowns],
            scope,
            [spans.ytd],
            branches=True,
            breakdowns=split_breakdowns,
        )
        split = {key: result for (key, _p), result in split_grid.items()}
    reader = _Reader(office, grid, split)
    data = DashboardData(office, spans)
    data.lines = [_line_block(reader, spans, panel) for panel in board.lines]
    data.lines = [block for block in data.lines if block.tiles or block.ratios]
    data.trend = [
        TrendSeries(registry.get(k), [reader.figure(k, p) for p in spans.months])
        for k in dict.fromkeys(board.trend)
        if _known(k) is not None
    ]
    data.charts = [chart for c in board.charts if (chart := _chart(reader, spans, c)) is not None]
    data.ranking = _ranking(reader, spans, board, rank)
    data.warnings = [
        _warning(reader, spans, registry.get(k))
        for k in dict.fromkeys(board.warnings)
        if _known(k) is not None
    ]
    return data


def _line_block(reader: _Reader, spans: DashboardPeriods, panel: LinePanel) -> LineBlock:
    tiles = [
        _tile(reader, spans, registry.get(k))
        for k in dict.fromkeys(panel.tiles)
        if _known(k) is not None
    ]
    ratios = [_ratio_tile(reader, spans, r) for r in _ratios_of(panel) if _ratio_ready(r)]
    return LineBlock(str(panel.line), tiles, ratios)


def _tile(reader: _Reader, spans: DashboardPeriods, indicator: Indicator) -> Tile:
    key = indicator.key
    # A stock is read at a period's end: its YTD figure is its value at the chosen month's end.
    main = reader.figure(key, spans.ytd)
    last_year = reader.figure(key, spans.ytd_last_year)
    month = reader.figure(key, spans.month) if indicator.kind == FLOW else None
    return Tile(indicator, main, month, last_year, change_percent(main.value, last_year.value))


def _ratio_tile(reader: _Reader, spans: DashboardPeriods, ratio: Ratio) -> RatioTile:
    numerator = reader.figure(ratio.numerator, spans.ytd)
    denominator = reader.figure(ratio.denominator, spans.ytd)
    return RatioTile(
        ratio,
        registry.rate(numerator.value, denominator.value),
        numerator,
        denominator,
        str(registry.get(ratio.numerator).label),
        str(registry.get(ratio.denominator).label),
    )


def _chart(reader: _Reader, spans: DashboardPeriods, chart: BreakdownChart) -> Chart | None:
    indicator = _known(chart.indicator)
    if indicator is None or chart.indicator not in reader.split:
        return None
    result = reader.split[chart.indicator]
    if chart.breakdown not in result.breakdowns:
        return None
    b = indicator.breakdown(chart.breakdown)
    period = spans.ytd
    link = DrillDown(indicator.key, reader.office.pk, *period)
    slices = [
        ChartSlice(
            label,
            Figure(
                value,
                dataclasses.replace(
                    link, breakdown=b.key, token=registry.breakdown_token(stored)
                ).url(),
            ),
        )
        for stored, label, value in result.breakdowns[b.key]
    ]
    title = chart.title or f"{indicator.label}·{str(b.label).removeprefix('按')}"
    return Chart(chart, indicator, title, Figure(result.value, link.url()), slices)


def _ranking(
    reader: _Reader, spans: DashboardPeriods, board: Dashboard, rank: str
) -> Ranking | None:
    keys = [k for k in dict.fromkeys(board.ranking) if k in reader.split]
    if not keys:
        return None
    branches = {k: reader.split[k].branches for k in keys}
    children = [o for o, _v in branches[keys[0]] if o is not None]
    if not children:  # a leaf office: nothing to rank
        return None
    period = spans.ytd

    def row(office: Office | None) -> RankRow:
        figures = []
        for key in keys:
            value = next(v for o, v in branches[key] if o == office)
            target = reader.office if office is None else office
            link = DrillDown(key, target.pk, *period, own=office is None)
            figures.append(Figure(value, link.url()))
        label = office.name if office else _("%(office)s本级") % {"office": reader.office.name}
        return RankRow(office, label, figures)

    selected = keys.index(rank) if rank in keys else 0
    rows = [row(child) for child in children]
    rows.sort(key=lambda r: (-r.figures[selected].value, r.office.path))
    return Ranking([registry.get(k) for k in keys], selected, rows, row(None))


def _warning(reader: _Reader, spans: DashboardPeriods, indicator: Indicator) -> Warning:
    main = reader.figure(indicator.key, spans.ytd)
    month = reader.figure(indicator.key, spans.month) if indicator.kind == FLOW else None
    return Warning(indicator, main, month)


def todo_groups(user) -> list[TodoGroup]:
    """The user's own to-dos (sifa.core.todos, scoped by each provider) counted per line.

    Lines come in the order first met in `for_user`'s list (overdue first).
    """
    counts: dict[str, list[int]] = {}
    for item in todos.for_user(user):
        pair = counts.setdefault(str(item.line), [0, 0])
        pair[0 if item.overdue else 1] += 1
    return [TodoGroup(line, overdue, near) for line, (overdue, near) in counts.items()]
