"""Report forms (月报表) defined as data: which indicators, which breakdowns as columns.

A form is a table: one row per office below the chosen office (plus 本级 and 合计), one column
group per `Column`, and per column the measures (本月, 本年累计, 同比, 环比). Every cell is an
indicator figure (sifa.stats.registry), so a report can never disagree with the records.

A line declares its forms in `<app>/report_forms.py` with `register_form(...)`. A line that
declares none still gets one: `all_forms()` adds a default form listing every indicator of the
line, so a line added later plugs in by declaring indicators only (docs/reports.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from sifa.stats import registry

# Measures: what each column shows (see sifa/reports/periods.py for the periods they read).
PERIOD = "period"  # 本月 (the report's period)
YTD = "ytd"  # 本年累计 (1 January to the period's end)
YOY = "yoy"  # 同比 (%, the period against the same period a year before)
MOM = "mom"  # 环比 (%, the period against the preceding period of the same length)
YTD_YOY = "ytd_yoy"  # 累计同比 (%, 本年累计 against the same span a year before)

MEASURE_LABELS = {
    PERIOD: _("本月"),
    YTD: _("本年累计"),
    YOY: _("同比"),
    MOM: _("环比"),
    YTD_YOY: _("累计同比"),
}
PERCENT_MEASURES = (YOY, MOM, YTD_YOY)
DEFAULT_MEASURES = (PERIOD, YTD, YOY, MOM)


@dataclass(frozen=True)
class Column:
    """One column group of a form: an indicator's total and, optionally, its split.

    With `breakdown`, the group has one sub-column per breakdown row besides the total
    (合计). `values` limits the sub-columns to these stored values, in this order; without
    it the sub-columns are the field's choices (plus 未填写 when records lack a value) or,
    for other fields, the values the records hold.
    """

    indicator: str  # indicator key
    breakdown: str = ""  # breakdown key of that indicator, "" for the total only
    values: tuple = ()
    label: str = ""  # heading; default: the indicator's label
    # The heading above consecutive columns of one subject, as the official forms group them
    # (e.g. 调解纠纷 over 受理, 调结, 成功, 不成). Only a column without `breakdown` is grouped:
    # the header keeps three rows (group, column, measure).
    group: str = ""

    def __post_init__(self):
        if self.group and self.breakdown:
            raise ValueError(f"{self.indicator}: a column with a breakdown cannot be grouped")

    def heading(self) -> str:
        return str(self.label or registry.get(self.indicator).label)


@dataclass(frozen=True)
class ReportForm:
    key: str  # "<app>.<name>", stable: submissions and URLs keep it
    title: str  # "人民调解工作情况月报表"
    line: str  # the business line (as the indicators' `line`)
    columns: tuple[Column, ...]
    measures: tuple[str, ...] = DEFAULT_MEASURES
    order: int = 0
    declared: bool = True  # False for the default form of a line that declares none

    def indicator_keys(self) -> list[str]:
        return list(dict.fromkeys(c.indicator for c in self.columns))

    def indicators(self) -> list[registry.Indicator]:
        return [registry.get(key) for key in self.indicator_keys()]


_forms: dict[str, ReportForm] = {}


def register_form(form: ReportForm) -> ReportForm:
    unknown = [m for m in form.measures if m not in MEASURE_LABELS]
    if unknown:
        raise ValueError(f"{form.key}: unknown measures {unknown}")
    _forms[form.key] = form
    return form


def unregister_form(key: str) -> None:
    """Remove a form (tests that declare their own put the list back this way)."""
    _forms.pop(key, None)


def problems(form: ReportForm) -> list[str]:
    """What is wrong with a declaration (`manage.py check`, reports.E001)."""
    errors = []
    for column in form.columns:
        try:
            indicator = registry.get(column.indicator)
        except KeyError:
            errors.append(f"unknown indicator {column.indicator!r}")
            continue
        if not indicator.reported:
            errors.append(f"{column.indicator}: a figure of today's records, not of a month")
        if column.breakdown:
            try:
                indicator.breakdown(column.breakdown)
            except KeyError:
                errors.append(f"{column.indicator}: unknown breakdown {column.breakdown!r}")
    return errors


def default_form(line: str, indicators: list[registry.Indicator]) -> ReportForm:
    """The form of a line that declares none: every indicator of the line, totals only."""
    slug = indicators[0].key.partition(".")[0]
    return ReportForm(
        key=f"{slug}.default",
        title=str(_("%(line)s工作情况月报表") % {"line": line}),
        line=str(line),
        columns=tuple(Column(i.key) for i in indicators),
        order=1000,
        declared=False,
    )


def all_forms() -> list[ReportForm]:
    """Every form: the declared ones and a default one for each line without any."""
    forms = list(_forms.values())
    covered = {str(f.line) for f in forms}
    by_line: dict[str, list[registry.Indicator]] = {}
    for indicator in registry.all_indicators():
        if indicator.key.startswith("test.") or not indicator.reported:
            continue
        by_line.setdefault(str(indicator.line), []).append(indicator)
    forms += [default_form(line, items) for line, items in by_line.items() if line not in covered]
    return sorted(forms, key=lambda f: (f.order, f.key))


def get_form(key: str) -> ReportForm:
    for form in all_forms():
        if form.key == key:
            return form
    raise KeyError(key)


@dataclass(frozen=True)
class ReportSet:
    """The forms a monthly submission freezes: all of them (上报 covers every line)."""

    forms: list[ReportForm] = field(default_factory=all_forms)

    def indicator_keys(self) -> list[str]:
        return list(dict.fromkeys(k for f in self.forms for k in f.indicator_keys()))
