"""Reads for the statistics pages and the `indicators` command (统计查询).

Every figure comes from `sifa.stats.registry` for a Scope that carries the user, so a page
only ever counts records its user may see; offices are looked up through `sifa.orgs.access`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.stats import registry
from sifa.stats.registry import FLOW, STOCK, Breakdown, Indicator, Scope

# --- access -------------------------------------------------------------------------------


def require_stats(user) -> None:
    """403 unless the user may read statistics on some office."""
    access.require_anywhere(user, Cap.STATS, _("您没有查看统计数据的权限。"))


def stats_offices(user) -> QuerySet[Office]:
    """The offices whose figures the user may read, in tree order."""
    return access.visible_offices(user, Cap.STATS).order_by("path")


def default_office(user) -> Office | None:
    """The top office of the user's statistics scope."""
    offices = access.granted_offices(user, Cap.STATS)
    return offices[0] if offices else None


def stats_office_or_404(user, pk) -> Office:
    """An office the user may read figures of: 404 when out of sight, 403 when seen only."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("未找到该机构。")) from None
    in_sight = access.visible_offices(
        user, Cap.VIEW, line=access.ANY_LINE
    ) | access.visible_offices(user, Cap.STATS)
    office = in_sight.filter(pk=pk).first()
    if office is None:
        raise Http404(_("未找到该机构。"))
    access.require(user, Cap.STATS, office)
    return office


def default_period(today: date | None = None) -> tuple[date, date]:
    """1 January of the current year to today (年初至今)."""
    today = today or timezone.localdate()
    return date(today.year, 1, 1), today


# --- the command's offices (system scope, no user) -------------------------------------------


def root_office() -> Office | None:
    """The root of the tree (the first root office by path)."""
    return Office.objects.filter(depth=1).order_by("path").first()


def office_by_code(code: str) -> Office | None:
    return Office.objects.filter(code=code).first()


# --- catalogue ----------------------------------------------------------------------------


def catalogue() -> list[tuple[str, list[Indicator]]]:
    """Every registered indicator, grouped by business line."""
    return [
        (line, list(items))
        for line, items in groupby(registry.all_indicators(), key=lambda i: i.line)
    ]


def indicator_or_404(key: str) -> Indicator:
    try:
        return registry.get(key)
    except KeyError:
        raise Http404(_("没有这个指标。")) from None


def basis_text(indicator: Indicator) -> str:
    """Which date decides whether a record counts, in words (统计依据)."""
    if indicator.kind == FLOW:
        return _("按“%(field)s”在统计期间内计数") % {
            "field": indicator.field_label(indicator.date_field)
        }
    parts = []
    if indicator.start_field:
        parts.append(
            _("“%(field)s”不晚于统计截止日")
            % {"field": indicator.field_label(indicator.start_field)}
        )
    if indicator.end_field:
        parts.append(
            _("“%(field)s”为空或晚于统计截止日")
            % {"field": indicator.field_label(indicator.end_field)}
        )
    if not parts and not indicator.reported:  # a data-quality count: today's records
        return _("当前的全部记录（与统计期间无关）")
    if not parts:
        return _("统计截止日的全部记录")
    return _("截止日有效：") + "，".join(parts)


# --- the indicator page -------------------------------------------------------------------


def share(part, total) -> Decimal | None:
    """Percentage of the total, one decimal; None when the total is zero."""
    if not total:
        return None
    return (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class BreakdownRow:
    stored: object
    token: str  # the value in a drill-down URL
    label: str
    value: object
    share: Decimal | None


@dataclass(frozen=True)
class BreakdownTable:
    breakdown: Breakdown
    rows: list[BreakdownRow]


@dataclass(frozen=True)
class BranchRow:
    office: Office | None  # None: the scope office's own records (本级)
    value: object
    share: Decimal | None


@dataclass(frozen=True)
class Summary:
    indicator: Indicator
    scope: Scope
    value: object
    breakdowns: list[BreakdownTable]
    branches: list[BranchRow]  # empty when the office has no sub-offices


def indicator_summary(indicator: Indicator, scope: Scope) -> Summary:
    """The value, each breakdown and the split along the tree, from one registry query."""
    result = registry.figures(indicator, scope, branches=True)
    total = result.value
    tables = [
        BreakdownTable(
            b,
            [
                BreakdownRow(stored, registry.breakdown_token(stored), label, v, share(v, total))
                for stored, label, v in result.breakdowns[b.key]
            ],
        )
        for b in indicator.breakdowns
    ]
    branches = []
    if len(result.branches) > 1:  # only offices with sub-offices get the tree split
        branches = [BranchRow(office, v, share(v, total)) for office, v in result.branches]
    return Summary(indicator, scope, total, tables, branches)


# --- the drill-down -----------------------------------------------------------------------


def indicator_records(
    indicator: Indicator,
    scope: Scope,
    *,
    breakdown: str = "",
    value: str | None = None,
    own_only: bool = False,
) -> QuerySet:
    """The records behind a figure (optionally one breakdown row or 本级 only), ordered."""
    qs = _restricted(indicator, scope, _counted(indicator, scope, breakdown, value, own_only))
    office_field = access.office_field_of(qs.model)
    if office_field:
        qs = qs.select_related(office_field)
    return registry.ordered(indicator, qs)


@dataclass(frozen=True)
class HiddenRecords:
    """What a figure counts and its drill-down does not list to the reader: a minor's
    corrections records without Cap.MINORS, and records of business lines the reader's roles do
    not have. The page states both, so figure = listed + minors + other_lines."""

    minors: int = 0
    other_lines: int = 0


def indicator_hidden(
    indicator: Indicator,
    scope: Scope,
    *,
    breakdown: str = "",
    value: str | None = None,
    own_only: bool = False,
) -> HiddenRecords:
    """The records of the (narrowed) figure the drill-down hides from `scope.user`, so the page
    says "含未成年人 N 人（不予显示）" and "含其他业务条线的记录 N 条（您的角色无权查看）"."""
    if scope.user is None:
        return HiddenRecords()
    counted = _counted(indicator, scope, breakdown, value, own_only)
    minors = 0
    if indicator.restricted:
        flagged = counted.filter(**{indicator.restricted[0]: True})
        minors = flagged.count() - _restricted(indicator, scope, flagged).count()
    every_line = _counted(indicator, scope, breakdown, value, own_only, readers_lines=False)
    return HiddenRecords(minors=minors, other_lines=every_line.count() - counted.count())


def _counted(indicator, scope, breakdown, value, own_only, readers_lines=True) -> QuerySet:
    """Every record the (narrowed) figure counts in the reader's lines (all of them with
    `readers_lines=False`), before the drill-down's minors rule."""
    qs = registry.records(indicator, scope)
    if readers_lines and scope.user is not None:
        # Figures count every line; the records behind them only in the reader's lines.
        qs = access.line_scope(scope.user, qs, within_office=scope.office)
    if breakdown:
        try:
            qs = registry.filter_by_breakdown(indicator, qs, breakdown, value or "")
        except (KeyError, ValueError):
            raise Http404(_("没有这个分组。")) from None
    if own_only:
        qs = registry.at_office_only(indicator, qs, scope.office)
    return qs


def _restricted(indicator: Indicator, scope: Scope, qs: QuerySet) -> QuerySet:
    """`qs` without the records the indicator's `restricted` rule hides from the user."""
    if indicator.restricted and scope.user is not None:
        flag, capability = indicator.restricted
        qs = access.scope_restricted(scope.user, qs, flag=flag, capability=capability)
    return qs


def hidden_minors_unit(indicator: Indicator) -> str:
    """The unit of "含未成年人 N …（不予显示）": the figure's when it counts records ("人", "件"),
    "条" (records) when the figure is a sum of amounts."""
    if indicator.sum_field:
        return _("条")
    return "" if str(indicator.unit) == "人" else str(indicator.unit)


def breakdown_filter_label(indicator: Indicator, qs: QuerySet, key: str, token: str) -> str:
    """The label of the breakdown row a drill-down is narrowed to, e.g. "岗位：调解员"."""
    b = indicator.breakdown(key)
    if token == registry.NULL_IN_URL:
        stored = None
    else:
        stored = qs.values_list(b.field, flat=True).first()
        if stored is None:  # no record left to read the typed value from
            return f"{b.label}：{token}"
    return f"{b.label}：{registry.breakdown_labels(indicator, b, [stored])[stored]}"


def _plain_fields(indicator: Indicator) -> list[str]:
    """A record's own columns: the date used, a stock's validity end, the summed field."""
    fields = []
    if indicator.record_date_field:
        fields.append(indicator.record_date_field)
    if indicator.kind == STOCK and indicator.end_field:
        fields.append(indicator.end_field)
    if indicator.sum_field:
        fields.append(indicator.sum_field)
    return fields


def record_columns(indicator: Indicator) -> list[str]:
    """Column headings of the drill-down and its Excel export (Chinese)."""
    columns = [_("记录"), _("所属机构")]
    columns += [indicator.field_label(f) for f in _plain_fields(indicator)]
    return columns + [str(b.label) for b in indicator.breakdowns]


def record_sorts(indicator: Indicator) -> list[str | None]:
    """What each of `record_columns` sorts by (a field path of the indicator's records, or an
    annotation of its queryset), None for 记录 (each kind of record writes its own title). The
    office column and a breakdown by a related record (``office``, ``leader``) sort by its
    name; a breakdown by a related record without one does not sort."""
    office_field = access.office_field_of(indicator.model)
    office = f"{office_field}__name" if office_field else "name"
    sorts = [None, office, *_plain_fields(indicator)]
    for breakdown in indicator.breakdowns:
        sorts.append(_sort_path(indicator, breakdown.field))
    return sorts


def _sort_path(indicator: Indicator, path: str) -> str | None:
    if path in indicator.queryset().query.annotations:
        return path
    field = registry.resolve_field(indicator.model, path)
    if not field.is_relation:
        return path
    names = {f.name for f in field.related_model._meta.get_fields()}
    return f"{path}__name" if "name" in names else None


@dataclass(frozen=True)
class RecordRow:
    record: object
    title: str
    office: Office
    url: str  # the record's own page, "" when it has none
    cells: list  # dates / amount as stored, then breakdown labels


def record_rows(indicator: Indicator, qs: QuerySet, objects: Iterable) -> list[RecordRow]:
    """Display rows for some records of `qs` (a page, or a chunk of an export)."""
    objects = list(objects)
    plain = _plain_fields(indicator)
    n_plain = len(plain)
    fields = plain + [b.field for b in indicator.breakdowns]
    stored = {
        row[0]: row[1:]
        for row in qs.order_by().filter(pk__in=[o.pk for o in objects]).values_list("pk", *fields)
    }
    labels = [
        registry.breakdown_labels(indicator, b, {stored[o.pk][n_plain + i] for o in objects})
        for i, b in enumerate(indicator.breakdowns)
    ]
    rows = []
    for obj in objects:
        values = stored[obj.pk]
        cells = list(values[:n_plain])
        cells += [labels[i][v] for i, v in enumerate(values[n_plain:])]
        rows.append(RecordRow(obj, str(obj), access.office_of(obj), _url_of(obj), cells))
    return rows


def _url_of(obj) -> str:
    get_url = getattr(obj, "get_absolute_url", None)
    if get_url is None:
        return ""
    try:
        return get_url()
    except NoReverseMatch:  # the record's page is not wired yet
        return ""
