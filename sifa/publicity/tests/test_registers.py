"""Plans and responsibility lists: a bureau keeps its plans and its register of units; each
unit's year carries its list and roster, its self-report and the bureau's graded evaluation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sifa.publicity.actions import plans as actions
from sifa.publicity.constants import Grade, PlanKind, UnitKind
from sifa.publicity.selectors import registers as selectors
from sifa.stats import registry

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_yearly_plan_sits_inside_its_five_year_plan(cast):
    five = actions.plan_save(
        actor=cast.county_supervisor, office=cast.county_a, kind=PlanKind.FIVE_YEAR,
        title="甲县八五普法规划", start_year=2021, end_year=2025,
    )  # fmt: skip
    yearly = actions.plan_save(
        actor=cast.county_supervisor, office=cast.county_a, kind=PlanKind.YEARLY,
        title="2024年普法工作要点", start_year=2024, end_year=2024, parent=five,
    )  # fmt: skip
    assert list(selectors.yearly_plans(cast.county_supervisor)) == [yearly]
    with pytest.raises(ValidationError) as error:
        actions.plan_save(
            actor=cast.county_supervisor, office=cast.county_a, kind=PlanKind.YEARLY,
            title="2026年普法工作要点", start_year=2026, end_year=2026, parent=five,
        )  # fmt: skip
    assert error.value.message_dict["parent"] == ["年度不在所属五年规划的期间内。"]
    # A 司法所 keeps no plan: the county is out of the township clerk's sight (404).
    with pytest.raises(Http404):
        actions.plan_save(
            actor=cast.township_clerk, office=cast.county_a, kind=PlanKind.FIVE_YEAR,
            title="x", start_year=2021, end_year=2025,
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        actions.plan_save(
            actor=cast.township_clerk, office=cast.township_a1, kind=PlanKind.FIVE_YEAR,
            title="x", start_year=2021, end_year=2025,
        )  # fmt: skip
    assert error.value.message_dict["office"] == ["普法规划和责任单位名册由司法局登记。"]


def test_a_units_year_is_reported_then_evaluated_and_counted(cast):
    unit = actions.unit_save(
        actor=cast.county_supervisor, office=cast.county_a, name="甲县市场监督管理局",
        kind=UnitKind.LAW_ENFORCEMENT, enforces_law=True,
    )  # fmt: skip
    year = actions.unit_year_save(
        actor=cast.county_supervisor, unit=unit, year=2025, staff=120, duties="执法普法"
    )
    # Saved again, the same year is updated, not doubled.
    year = actions.unit_year_save(actor=cast.county_supervisor, unit=unit, year=2025, staff=125)
    assert unit.years.count() == 1 and year.staff == 125 and year.year_start == D(2025, 1, 1)
    last_year = actions.plan_save(
        actor=cast.county_supervisor, office=cast.county_a,
        kind=PlanKind.YEARLY, title="2024年普法工作要点", start_year=2024, end_year=2024,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:  # a plan of another year
        actions.unit_year_save(
            actor=cast.county_supervisor, unit=unit, year=2025, staff=125, plan=last_year
        )
    assert error.value.message_dict["plan"] == ["请选择本局本年度的年度普法工作要点。"]
    with pytest.raises(ValidationError) as error:
        actions.unit_evaluate(
            actor=cast.county_supervisor, unit_year=year, grade=Grade.GOOD, evaluation="",
            evaluated_on=D(2025, 12, 20),
        )  # fmt: skip
    assert error.value.message_dict["grade"] == ["该单位尚未报送本年度的履职自查报告。"]
    actions.self_report_submit(
        actor=cast.county_supervisor, unit_year=year, report="全年开展活动12场",
        reported_on=D(2025, 12, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        actions.unit_evaluate(
            actor=cast.county_supervisor, unit_year=year, grade=Grade.GOOD, evaluation="",
            evaluated_on=D(2025, 11, 30),
        )  # fmt: skip
    assert error.value.message_dict["evaluated_on"] == ["评议日期不能早于自查报告日期。"]
    evaluated = actions.unit_evaluate(
        actor=cast.county_supervisor, unit_year=year, grade=Grade.EXCELLENT,
        evaluation="履职到位", evaluated_on=D(2025, 12, 20),
    )  # fmt: skip
    assert evaluated.get_grade_display() == "优秀"
    with pytest.raises(ValidationError) as error:  # the report is closed once evaluated
        actions.self_report_submit(
            actor=cast.county_supervisor, unit_year=year, report="补充", reported_on=D(2025, 12, 2)
        )
    assert error.value.message_dict == {"report": ["该年度已评议，不能再修改自查报告。"]}
    scope = registry.Scope(office=cast.city, start=D(2025, 1, 1), end=D(2025, 12, 31))
    figures = registry.figures(registry.get("publicity.evaluations"), scope)
    assert figures.value == 1
    assert [(label, value) for _key, label, value in figures.breakdowns["grade"]] == [("优秀", 1)]
    assert registry.value(registry.get("publicity.roster_staff"), scope) == 125
    # Scope: the other county's view holds none of it.
    other = registry.Scope(office=cast.county_b, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert registry.value(registry.get("publicity.roster_staff"), other) == 0
    # A 司法所 does not see the register of the bureau above it (records above its subtree).
    assert list(selectors.units(cast.sibling_clerk)) == []
    assert list(selectors.units(cast.city_leader)) == [unit]
