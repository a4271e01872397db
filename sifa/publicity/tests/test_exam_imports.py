"""The law exam results import (学法考试成绩): the platform's export by unit, person, exam,
score and date; all or nothing, bad rows named by row and column; re-import idempotent;
participation (takers ÷ roster), pass rate against the exam's pass mark, the pre-appointment
exam as its own kind; scoping by the bureau's register."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.publicity.actions import exams as exam_actions
from sifa.publicity.actions import plans as plan_actions
from sifa.publicity.constants import ExamKind, UnitKind
from sifa.publicity.imports.exams import RESULTS
from sifa.publicity.models import ExamResult
from sifa.publicity.selectors import exams as selectors
from sifa.stats import registry
from tests import imports
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
D = datetime.date
HEADER = {f.key: f.header for f in RESULTS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(RESULTS.fields)}
YEAR = 2025


@pytest.fixture
def county(cast):
    """County A's register (two units with their 2025 rosters), its annual exam and its
    pre-appointment exam; county B's unit of the same name as one of them."""
    actor = cast.county_supervisor
    market = plan_actions.unit_save(
        actor=actor, office=cast.county_a, name="市场监管局", kind=UnitKind.LAW_ENFORCEMENT
    )
    tax = plan_actions.unit_save(
        actor=actor, office=cast.county_a, name="税务局", kind=UnitKind.LAW_ENFORCEMENT,
        credit_code="11330102MB0000001X",
    )  # fmt: skip
    plan_actions.unit_year_save(actor=actor, unit=market, year=YEAR, staff=4)
    plan_actions.unit_year_save(actor=actor, unit=tax, year=YEAR, staff=10)
    annual = exam_actions.exam_register(
        actor=actor, office=cast.county_a, title="2025年度学法考试", kind=ExamKind.ANNUAL,
        held_on=D(YEAR, 1, 10),
    )  # fmt: skip
    leaders = exam_actions.exam_register(
        actor=actor, office=cast.county_a, title="2025年任前法律知识考试",
        kind=ExamKind.PRE_APPOINTMENT, held_on=D(YEAR, 2, 22), mark=Decimal(80),
    )  # fmt: skip
    return market, tax, annual, leaders


def row(unit="市场监管局", exam="2025年度学法考试", score="75", sat_on="2025-01-10", **values):
    cells = {"unit": unit, "name": "张三", "id_number": imports.resident_id(), "exam": exam,
             "score": score, "sat_on": sat_on}  # fmt: skip
    cells.update(values)
    return {HEADER[key]: value for key, value in cells.items()}


def run(actor, rows, office):
    file = imports.xlsx(RESULTS, rows)
    batch, _plan, _changes = batches.import_now(
        RESULTS, actor=actor, office=office, content=file.read(), name=file.name
    )
    return batch.created_count, batch.updated_count, batch.unchanged_count


def refused(actor, rows, office) -> list[str]:
    with pytest.raises(ValidationError) as error:
        run(actor, rows, office)
    return error.value.messages


def test_results_give_participation_pass_rate_and_the_leaders_exam(cast, county):
    _market, _tax, annual, leaders = county
    rows = [
        row(score="59.5", name="甲"),
        row(score="60", name="乙"),
        row(score="92", name="丙"),
        row(unit="11330102MB0000001X", score="88", name="丁"),  # by credit code
        row(exam="2025年任前法律知识考试", sat_on="2025-02-22", score="79", name="戊"),
    ]
    assert run(cast.county_supervisor, rows, cast.county_a)[0] >= 5  # results and persons
    assert ExamResult.objects.count() == 5
    by_unit = {p.unit.name: p for p in selectors.participation(actor=cast.city_leader, exam=annual)}
    assert (by_unit["市场监管局"].takers, by_unit["市场监管局"].rate) == (3, Decimal("75.00"))
    assert (by_unit["税务局"].takers, by_unit["税务局"].rate) == (1, Decimal("10.00"))
    # Pass mark 60 (the setting, on the annual exam); 80 on the leaders' exam: 79 fails.
    assert by_unit["市场监管局"].passed == 2
    assert not ExamResult.objects.get(exam=leaders).passed

    scope = registry.Scope(office=cast.city, start=D(YEAR, 1, 1), end=D(YEAR, 6, 30))

    def value(key):
        return registry.value(registry.get(f"publicity.{key}"), scope)

    assert value("exam_takers") == 4
    assert value("exam_passed") == 3
    assert value("leaders_examined") == 1
    assert value("roster_staff") == 14
    participation = registry.get_ratio("publicity.exam_participation_rate")
    assert registry.ratio_value(participation, scope).value == Decimal("28.57")  # 4 ÷ 14

    # The same file again changes nothing; a corrected score updates its result.
    assert run(cast.county_supervisor, rows, cast.county_a) == (0, 0, 5)
    corrected = [*rows[:1], {**rows[1], HEADER["score"]: "58"}, *rows[2:]]
    assert run(cast.county_supervisor, corrected, cast.county_a) == (0, 1, 4)
    assert value("exam_passed") == 2


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_imported(cast, county):
    rows = [
        row(),
        row(unit="不存在的单位"),
        row(exam="没有登记的考试"),
        row(score="120"),
        row(sat_on="2024-12-30"),
        row(score="abc"),
    ]
    messages = refused(cast.county_supervisor, rows, cast.county_a)
    assert any(m.startswith(f"第3行 {LETTER['unit']}列") and "不存在的单位" in m for m in messages)
    assert any(m.startswith(f"第4行 {LETTER['exam']}列") and "尚未登记" in m for m in messages)
    assert any(m.startswith(f"第5行 {LETTER['score']}列") and "0到100" in m for m in messages)
    assert any(m.startswith(f"第6行 {LETTER['sat_on']}列") and "2025年" in m for m in messages)
    assert any(m.startswith(f"第7行 {LETTER['score']}列") for m in messages)
    assert not any(m.startswith("第2行") for m in messages)
    assert ExamResult.objects.count() == 0


def test_a_county_imports_only_into_its_own_register(cast, county):
    """County B's unit of the same name is not county A's; the township clerk may not import."""
    other = UserFactory(username="county_b_section")
    grant(other, cast.county_b, "section")
    plan_actions.unit_save(
        actor=other, office=cast.county_b, name="市场监管局", kind=UnitKind.LAW_ENFORCEMENT
    )
    messages = refused(other, [row()], cast.county_b)  # county A's exam is out of sight
    assert any("尚未登记或不在您的管理范围内" in m for m in messages)
    # A 司法所 clerk edits nothing of the county's: its exams are out of the clerk's reach.
    messages = refused(cast.township_clerk, [row()], cast.township_a1)
    assert any("尚未登记或不在您的管理范围内" in m for m in messages)
    assert ExamResult.objects.count() == 0


def test_the_exam_page_shows_participation(cast, county, login):
    _market, _tax, annual, _leaders = county
    run(cast.county_supervisor, [row(score="90"), row(score="30")], cast.county_a)
    page = login(cast.county_supervisor).get(reverse("publicity:exam_detail", args=[annual.pk]))
    text = page.content.decode()
    assert "各单位参考情况" in text and "50.00%" in text  # 2 of 4 took it, 1 of 2 passed
