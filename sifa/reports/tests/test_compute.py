"""compute_set: every cell equals the registry's figure for its office, bucket and period."""

from datetime import date

import pytest

from sifa.reports import compute
from sifa.reports.definitions import MOM, PERIOD, YOY, YTD, Column, ReportForm
from sifa.reports.periods import Periods, change_percent
from sifa.stats import registry
from sifa.stats.registry import Scope
from sifa.stats.tests.helpers import APPOINTED, SERVING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_indicators")]

FORM = ReportForm(
    key="test.form",
    title="测试月报表",
    line="测试业务",
    columns=(Column(APPOINTED.key, "post"), Column(SERVING.key)),
)


def figure(indicator, office, period, **narrow):
    scope = Scope(office, *period)
    if narrow:
        rows = registry.breakdown_values(indicator, scope, narrow["breakdown"])
        return next((v for s, _l, v in rows if s == narrow["stored"]), 0)
    return registry.value(indicator, scope)


def test_cells_equal_the_registry(cast, roster):
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    table = compute.compute_form(FORM, cast.city, start, end)
    spans = Periods.of(start, end)
    assert [r.kind for r in table.rows] == ["total", "own", "child", "child"]
    for row in table.rows:
        office = row.office
        for n, sub in enumerate(table.subcolumns):
            narrow = {} if sub.is_total else {"breakdown": sub.breakdown.key, "stored": sub.stored}
            for measure in table.measures:
                cell = table.cell(row, n, measure)
                shown, compared = spans.for_measure(measure)
                if measure == YTD and sub.indicator.kind == registry.STOCK:
                    assert cell.value is None and cell.link is None
                    continue
                if row.kind == "own":  # 本级: the city's own records only
                    expected = len(
                        [
                            s
                            for s in registry.records(sub.indicator, Scope(office, *shown))
                            if s.office_id == office.pk
                            and (sub.is_total or getattr(s, sub.breakdown.field) == sub.stored)
                        ]
                    )
                    if compared is None:
                        assert cell.value == expected
                    continue
                current = figure(sub.indicator, office, shown, **narrow)
                if compared is None:
                    assert cell.value == current, (row.label, sub.label, measure)
                else:
                    base = figure(sub.indicator, office, compared, **narrow)
                    assert cell.value == change_percent(current, base)
                    assert cell.base == base
                assert cell.link is not None


def test_buckets_add_up_to_the_total_and_links_lead_to_the_records(cast, roster, client):
    table = compute.compute_form(FORM, cast.city, date(2026, 1, 1), date(2026, 6, 30))
    total = table.value(APPOINTED.key)
    buckets = [s for s in table.subcolumns if s.indicator == APPOINTED and not s.is_total]
    assert {s.stored for s in buckets} >= {"mediator", "head", ""}
    assert sum(table.value(APPOINTED.key, stored=s.stored) for s in buckets) == total
    child_sum = sum(table.value(APPOINTED.key, row=r) for r in table.rows[1:])
    assert child_sum == total
    link = table.cell(table.total_row(), 0, PERIOD).link
    assert link.url().startswith("/stats/indicators/test.staff_appointed/records/?office=")


def test_previous_and_last_year_periods():
    spans = Periods.of(date(2026, 3, 1), date(2026, 3, 31))
    assert spans.previous == (date(2026, 2, 1), date(2026, 2, 28))
    assert spans.last_year == (date(2025, 3, 1), date(2025, 3, 31))
    assert spans.ytd == (date(2026, 1, 1), date(2026, 3, 31))
    jan = Periods.of(date(2026, 1, 1), date(2026, 1, 31))
    assert jan.previous == (date(2025, 12, 1), date(2025, 12, 31))
    feb = Periods.of(date(2025, 2, 1), date(2025, 2, 28))
    assert feb.last_year == (date(2024, 2, 1), date(2024, 2, 29))
    half = Periods.of(date(2026, 1, 1), date(2026, 6, 30))
    assert half.previous == (date(2025, 7, 1), date(2025, 12, 31))
    odd = Periods.of(date(2026, 3, 5), date(2026, 3, 14))
    assert odd.previous == (date(2026, 2, 23), date(2026, 3, 4))
    assert spans.needed([PERIOD, YOY, MOM]) == [spans.period, spans.last_year, spans.previous]
    assert change_percent(12, 10) == 20 and change_percent(5, 0) is None
