"""The forensic figures against cases made through the actions around the period bounds, their
breakdowns and drill-down, the 同比 of 收案 and the summary's rounding of it, and the monthly
report form."""

from __future__ import annotations

import pytest

from sifa.forensic import actions
from sifa.forensic.tests.conftest import EVIDENCE, MEDICINE, D, receive
from sifa.reports import summary
from sifa.reports.definitions import get_form
from sifa.stats import registry

pytestmark = pytest.mark.django_db

START, END = D(2026, 3, 1), D(2026, 3, 31)


def scope(office, start=START, end=END):
    return registry.Scope(office=office, start=start, end=end)


def value(key, office, **period):
    return registry.value(registry.get(key), scope(office, **period))


def accepted(cast, received_on, decided_on, appraiser, category=MEDICINE):
    case = receive(cast, received_on=received_on, category=category)
    actions.case_accept(
        actor=cast.admin_a, case=case, decided_on=decided_on, appraisers=[appraiser]
    )
    return case


def test_flows_by_their_own_dates_with_breakdowns_and_drill_down(cast, forensic):
    before = receive(forensic, received_on=D(2026, 2, 27))  # decided in March: counted there
    actions.case_refuse(
        actor=forensic.admin_a, case=before, decided_on=D(2026, 3, 3), reason="材料不足"
    )
    on_time = accepted(forensic, D(2026, 3, 2), D(2026, 3, 4), forensic.doctor)
    late = accepted(forensic, D(2026, 3, 2), D(2026, 3, 20), forensic.chemist, EVIDENCE)
    actions.case_complete(
        actor=forensic.admin_a, case=on_time, completed_on=D(2026, 3, 30), fee=1500,
        opinion_number="青鉴1号",
    )  # fmt: skip
    after = receive(forensic, received_on=D(2026, 4, 1))
    city = cast.city
    assert value("forensic.received", city) == 2
    assert value("forensic.accepted", city) == 2
    assert value("forensic.refused", city) == 1
    assert value("forensic.decision_overdue", city) == 1  # 03-02 + 7 working days = 03-11
    assert value("forensic.completed", city) == 1
    assert value("forensic.fees", city) == 1500
    assert value("forensic.in_progress", city) == 1  # `late`; `before` closed, `after` not yet
    indicator = registry.get("forensic.received")
    figures = registry.figures(indicator, scope(city))
    assert {label: n for _stored, label, n in figures.breakdowns["category"]} == {
        "法医类": 1,
        "物证类": 1,
    }
    drilled = registry.filter_by_breakdown(
        indicator, registry.records(indicator, scope(city)), "category", EVIDENCE
    )
    assert list(drilled) == [late]
    # County B sees none of county A's institution.
    assert value("forensic.received", cast.county_b) == 0
    assert after.received_on > END


def test_overdue_completion_and_its_rate(cast, forensic):
    case = accepted(forensic, D(2026, 1, 5), D(2026, 1, 6), forensic.doctor)
    assert case.completion_due == D(2026, 2, 24)  # 02-14 works, 春节 02-15…02-23 does not
    actions.case_complete(
        actor=forensic.admin_a, case=case, completed_on=D(2026, 3, 2), fee=0,
        opinion_number="青鉴2号",
    )  # fmt: skip
    assert value("forensic.overdue", cast.city) == 1
    ratio = registry.ratio_value(registry.get_ratio("forensic.overdue_rate"), scope(cast.city))
    assert ratio.value == 100


def test_the_summary_rounds_the_growth_of_commissions(cast, forensic):
    for day in (2, 3, 4, 5, 6, 9, 10, 11):  # eight in March 2026
        receive(forensic, received_on=D(2026, 3, day))
    for day in (3, 4, 5, 6, 7, 10, 11):  # seven in March 2025: +14.3 %
        receive(forensic, received_on=D(2025, 3, day))
    text = (
        "标题\n司法鉴定共收案{{ forensic.received }}件，业务总量同比增长"
        "{{ forensic.received.yoy|%:0 }}%（{{ forensic.received.yoy }}%）。"
    )
    rendered = summary.render("标题", text.partition("\n")[2], cast.city, START, END)
    assert "司法鉴定共收案8件，业务总量同比增长14%（14.3%）。" in rendered.text()
    assert summary.validate("{{ forensic.received|%:0 }}") == [
        "第1行：“forensic.received|%:0”：|% 只用于同比（.yoy、.yoy_abs）。"
    ]
    assert summary.validate("{{ forensic.received.yoy|% }}") == [
        "第1行：“forensic.received.yoy|%”：|% 后须写小数位数（0–4），如 |%:0。"
    ]


def test_the_monthly_report_form_lists_the_line(forensic):
    form = get_form("forensic.monthly")
    assert [c.indicator for c in form.columns][:4] == [
        "forensic.received",
        "forensic.accepted",
        "forensic.refused",
        "forensic.completed",
    ]
