"""Reads for the monthly report form pages (月报表): the period asked for, and the table laid out.

The figures themselves come from `sifa.reports.compute` (which reads the indicator registry);
this module only turns a computed `ReportTable` into what a page or a workbook shows: the
three header rows with their spans, and the rows of display cells, each with its drill-down.
The HTML page and the Excel writer share this layout so they can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.reports import definitions
from sifa.reports.compute import CHILD_ROW, Cell, ReportTable
from sifa.reports.definitions import MEASURE_LABELS, PERIOD, YTD, YTD_YOY, ReportForm
from sifa.reports.periods import month_period
from sifa.stats import registry

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
EMPTY = "—"

# --- the form and the period asked for ------------------------------------------------------


def form_or_404(key: str) -> ReportForm:
    try:
        return definitions.get_form(key)
    except KeyError:
        raise Http404(_("没有这个报表。")) from None


def forms_by_line() -> list[tuple[str, list[ReportForm]]]:
    """Every report form, grouped by business line in the forms' order."""
    groups: dict[str, list[ReportForm]] = {}
    for form in definitions.all_forms():
        groups.setdefault(str(form.line), []).append(form)
    return list(groups.items())


def last_complete_month(today: date | None = None) -> tuple[int, int]:
    """The month before the current one: the latest month a bureau can report on."""
    day = (today or timezone.localdate()).replace(day=1) - timedelta(days=1)
    return day.year, day.month


@dataclass(frozen=True)
class PeriodChoice:
    """The period a page shows: a month (`month` = "YYYY-MM") or any span (month = "")."""

    start: date | None
    end: date | None
    month: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    def params(self) -> dict:
        """The query parameters that ask for this period again."""
        if self.month:
            return {"month": self.month}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    def text(self) -> str:
        """统计期间 in words: 2026年3月, or 2026-01-01至2026-06-30."""
        if self.month:
            return _("%(year)d年%(month)d月") % {"year": self.start.year, "month": self.start.month}
        return _("%(start)s至%(end)s") % {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def parse_month(text: str) -> tuple[date, date] | None:
    match = MONTH_RE.match(text.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        return None
    return month_period(year, month)


def period_from_params(params) -> PeriodChoice:
    """month=YYYY-MM wins; else from=&to= (any span); else the last complete month.

    Bad input gives a PeriodChoice with a Chinese `error` and no dates, never an exception.
    """
    month = (params.get("month") or "").strip()
    if month:
        span = parse_month(month)
        if span is None:
            return PeriodChoice(None, None, month, _("月份格式应为 年-月，例如 2026-03。"))
        return PeriodChoice(*span, month=f"{span[0].year:04d}-{span[0].month:02d}")
    start_text, end_text = params.get("from") or "", params.get("to") or ""
    if start_text or end_text:
        try:
            start, end = date.fromisoformat(start_text), date.fromisoformat(end_text)
        except ValueError:
            return PeriodChoice(
                None, None, error=_("开始日期和截止日期的格式应为 年-月-日，例如 2026-03-01。")
            )
        if start > end:
            return PeriodChoice(None, None, error=_("开始日期不能晚于截止日期。"))
        return PeriodChoice(start, end)
    year, month_number = last_complete_month()
    start, end = month_period(year, month_number)
    return PeriodChoice(start, end, month=f"{year:04d}-{month_number:02d}")


def big_subtree(office: Office) -> bool:
    """Has `office` more than SIFA_REPORT_BACKGROUND_OFFICES offices under it? Its report set
    and work summary are then made in a background job."""
    return Office.objects.get_descendant_count(office) > sifa_setting(
        "SIFA_REPORT_BACKGROUND_OFFICES"
    )


def parent_in_sight(user, office: Office) -> Office | None:
    """The office one level up, when the user may read its figures too (to walk back up)."""
    parent = Office.objects.get_parent(office)
    if parent is not None and access.can(user, Cap.STATS, parent):
        return parent
    return None


# --- the table laid out ---------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    col: int = 0  # first data column (0-based, the office column not counted)
    row: int = 0  # header row (0-based)


@dataclass(frozen=True)
class DisplayCell:
    value: object  # the number as computed (None: not applicable / no base)
    text: str  # what the page shows
    url: str  # the drill-down ("" when there is nothing to list, e.g. a stock's 本年累计)
    title: str  # the tooltip: both values of a percent, otherwise the period read
    is_percent: bool


@dataclass(frozen=True)
class DisplayRow:
    kind: str
    office: Office
    label: str
    cells: list[DisplayCell]
    walks_down: bool  # a sub-office row: its name opens the same form for that office


@dataclass
class Layout:
    """A ReportTable as rows of text: 3 header rows (indicator, sub-column, measure) + rows."""

    table: ReportTable
    header: list[list[HeaderCell]] = field(default_factory=list)
    rows: list[DisplayRow] = field(default_factory=list)
    notes: list[tuple[str, ...]] = field(default_factory=list)  # see _notes()

    @property
    def width(self) -> int:
        return len(self.table.subcolumns) * len(self.table.measures)

    @property
    def print_zoom(self) -> float:
        return print_zoom(self)


# Printing on A4 landscape (static/css/report-print.css): 277 mm of width at 96 px per inch,
# the table at 7 pt with 2 px of padding each side and 1 px rules.
PRINT_PAGE_PX = 1047
PRINT_FONT_PX = 7 * 96 / 72
PRINT_CELL_EXTRA_PX = 5
PRINT_MIN_HEADING_EM = 2  # headings wrap; the narrowest keeps two characters a line


def _text_em(text: str) -> float:
    """The width of `text` in em: a CJK character is one em, a digit or sign about 0.55."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.55 for ch in text)


def print_zoom(result: Layout) -> float:
    """How much the table must shrink to fit A4 landscape (1 when it fits): estimated from
    the texts it prints, each data column as wide as its widest figure, the office column as
    its longest name. The page's script refines it when the print dialog measures the table."""
    columns = [float(PRINT_MIN_HEADING_EM)] * result.width
    office = _text_em(_("单位"))
    for row in result.rows:
        office = max(office, _text_em(row.label))
        for n, cell in enumerate(row.cells):
            columns[n] = max(columns[n], _text_em(cell.text))
    total = sum(em * PRINT_FONT_PX + PRINT_CELL_EXTRA_PX for em in [office, *columns])
    return round(min(1.0, 0.97 * PRINT_PAGE_PX / total), 3)


def layout(table: ReportTable) -> Layout:
    result = Layout(table, header=_header(table))
    result.rows = [
        DisplayRow(
            row.kind,
            row.office,
            row.label,
            _display_cells(table, row),
            walks_down=row.kind == CHILD_ROW,
        )
        for row in table.rows
    ]
    result.notes = _notes(table)
    return result


def _groups(table: ReportTable) -> list[tuple[object, list[int]]]:
    """(Column, indexes of its sub-columns), in the form's order."""
    groups: list[tuple[object, list[int]]] = []
    for n, sub in enumerate(table.subcolumns):
        if groups and groups[-1][0] is sub.column:
            groups[-1][1].append(n)
        else:
            groups.append((sub.column, [n]))
    return groups


def _heading(table: ReportTable, column, first: int) -> str:
    heading = column.heading()
    unit = table.subcolumns[first].indicator.unit
    if unit and not heading.endswith(f"（{unit}）"):
        heading = f"{heading}（{unit}）"
    return heading


def _grouped_header(table: ReportTable) -> list[list[HeaderCell]]:
    """A form whose columns carry a `group` (none has a breakdown): row 0 the group across its
    columns × measures (an ungrouped column's heading, down to row 1); row 1 each grouped
    column's heading across the measures; row 2 the measures."""
    measures = len(table.measures)
    rows: list[list[HeaderCell]] = [[], [], []]
    col = 0
    runs: list[tuple[str, list]] = []  # (group, [(column, first sub-column)])
    for column, indexes in _groups(table):
        if column.group and runs and runs[-1][0] == str(column.group):
            runs[-1][1].append((column, indexes[0]))
        else:
            runs.append((str(column.group), [(column, indexes[0])]))
    for group, members in runs:
        if not group:
            column, first = members[0]
            heading = _heading(table, column, first)
            rows[0].append(HeaderCell(heading, colspan=measures, rowspan=2, col=col, row=0))
            col += measures
            continue
        rows[0].append(HeaderCell(str(group), colspan=measures * len(members), col=col, row=0))
        for column, first in members:
            rows[1].append(
                HeaderCell(_heading(table, column, first), colspan=measures, col=col, row=1)
            )
            col += measures
    rows[2] = _measure_cells(table)
    return rows


def _measure_cells(table: ReportTable) -> list[HeaderCell]:
    measures = len(table.measures)
    return [
        HeaderCell(str(MEASURE_LABELS[m]), col=n * measures + k, row=2)
        for n in range(len(table.subcolumns))
        for k, m in enumerate(table.measures)
    ]


def _header(table: ReportTable) -> list[list[HeaderCell]]:
    """Row 0: the indicator across its sub-columns × measures (down to row 1 when it has no
    breakdown); row 1: each sub-column's label across the measures; row 2: the measures.
    A form with grouped columns has the group on row 0 instead (`_grouped_header`)."""
    if any(sub.column.group for sub in table.subcolumns):
        return _grouped_header(table)
    measures = len(table.measures)
    rows: list[list[HeaderCell]] = [[], [], []]
    col = 0
    for column, indexes in _groups(table):
        heading = _heading(table, column, indexes[0])
        if len(indexes) == 1 and not column.breakdown:
            rows[0].append(HeaderCell(heading, colspan=measures, rowspan=2, col=col, row=0))
        else:
            rows[0].append(HeaderCell(heading, colspan=measures * len(indexes), col=col, row=0))
            for i, n in enumerate(indexes):
                label = table.subcolumns[n].label
                rows[1].append(HeaderCell(label, colspan=measures, col=col + i * measures, row=1))
        col += measures * len(indexes)
    rows[2] = _measure_cells(table)
    return rows


def _display_cells(table: ReportTable, row) -> list[DisplayCell]:
    cells = []
    for n, _sub in enumerate(table.subcolumns):
        for measure in table.measures:
            cell = table.cell(row, n, measure)
            cells.append(_display(table, row, n, cell))
    return cells


def _display(table: ReportTable, row, n: int, cell: Cell) -> DisplayCell:
    url = cell.link.url() if cell.link is not None else ""
    if cell.is_percent:
        current = _current_of(table, row, n, cell.measure)
        title = _("本期 %(current)s，比较期 %(base)s（点击查看比较期明细）") % {
            "current": number_text(current) if current is not None else EMPTY,
            "base": number_text(cell.base) if cell.base is not None else EMPTY,
        }
        return DisplayCell(cell.value, percent_text(cell.value), url, title, True)
    if cell.value is None:  # a stock's 本年累计: nothing accumulates
        return DisplayCell(None, EMPTY, url, _("存量指标不累计"), False)
    if cell.link is not None:
        title = _("%(start)s至%(end)s，点击查看明细") % {
            "start": cell.link.start.isoformat(),
            "end": cell.link.end.isoformat(),
        }
    else:
        title = ""
    return DisplayCell(cell.value, number_text(cell.value), url, title, False)


def _current_of(table: ReportTable, row, n: int, measure: str):
    """The value a percent compares (本月 for 同比/环比, 本年累计 for 累计同比)."""
    shown = YTD if measure == YTD_YOY else PERIOD
    if shown not in table.measures:
        return None
    return table.cell(row, n, shown).value


def number_text(value) -> str:
    if value is None:
        return EMPTY
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return f"{value:.2f}"
    return str(value)


def percent_text(value) -> str:
    """+12.5% / -3.0% / 0.0%; — when there is no base to compare with."""
    if value is None:
        return EMPTY
    sign = "+" if value > 0 else ""
    return f"{sign}{value:.1f}%"


def _notes(table: ReportTable) -> list[tuple[str, ...]]:
    """Each indicator of the form once: key, column heading, indicator label, 口径, kind."""
    seen = []
    result = []
    for sub in table.subcolumns:
        ind = sub.indicator
        if ind.key in seen:
            continue
        seen.append(ind.key)
        heading = str(sub.column.heading())
        result.append((ind.key, heading, str(ind.label), str(ind.definition), kind_label(ind)))
    return result


def kind_label(indicator) -> str:
    return _("存量（按截止日）") if indicator.kind == registry.STOCK else _("流量（按期间）")
