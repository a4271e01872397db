"""The lawyers' annual assessment import (律师执业年度考核): keyed by 执业证号 and 考核年度,
through `assessment_save`, all or nothing, bad rows named by row and column, re-import
idempotent, filed per lawyer and shown on his page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.practice.constants import Category
from sifa.practice.constants_inspection import AssessmentResult
from sifa.practice.imports.inspection import ASSESSMENTS
from sifa.practice.models import Assessment
from sifa.practice.tests.conftest import make_institution, register_lawyer
from tests import imports

D = datetime.date
HEADER = {f.key: f.header for f in ASSESSMENTS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(ASSESSMENTS.fields)}


def row(lawyer, **values) -> dict:
    cells = {"licence_number": lawyer.licence_number, "year": "2025", "result": "称职"}
    cells.update(values)
    return {HEADER[key]: value for key, value in cells.items()}


def run(actor, rows, office=None):
    file = imports.xlsx(ASSESSMENTS, rows)
    batch, _plan, _changes = batches.import_now(
        ASSESSMENTS, actor=actor, office=office, content=file.read(), name=file.name
    )
    return batch.created_count, batch.updated_count, batch.unchanged_count


def refused(actor, rows, office=None) -> list[str]:
    with pytest.raises(ValidationError) as error:
        run(actor, rows, office)
    return error.value.messages


def test_results_are_filed_per_lawyer_and_the_same_file_again_changes_nothing(
    login, practice, cast
):
    one = register_lawyer(practice.section, practice.firm_a, name="赵一")
    two = register_lawyer(practice.section, practice.firm_b, name="钱二")
    rows = [row(one), row(two, result="基本称职"), row(one, year="2024", result="不称职")]
    assert run(practice.section, rows, cast.city) == (3, 0, 0)
    assert Assessment.objects.get(practitioner=two, year=2025).result == (
        AssessmentResult.BASICALLY_COMPETENT
    )
    assert Assessment.objects.get(practitioner=one, year=2025).office == practice.firm_a.office
    assert run(practice.section, rows, cast.city) == (0, 0, 3)
    corrected = [row(one), row(two, result="称职"), rows[2]]
    assert run(practice.section, corrected, cast.city) == (0, 1, 2)
    assert Assessment.objects.count() == 3
    page = login(practice.firm_a_admin).get(reverse("practice:practitioner_detail", args=[one.pk]))
    text = page.content.decode()
    assert "2025年度：<strong>称职</strong>" in text
    assert "2024年度：<strong>不称职</strong>" in text


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_imported(practice, cast):
    lawyer = register_lawyer(practice.section, practice.firm_a, licensed_on=D(2020, 3, 1))
    worker = register_lawyer(
        practice.section, practice.service_office, name="孙三", licence_number="33010012345"
    )
    rows = [
        row(lawyer),
        row(lawyer, year="2019"),
        row(lawyer, year="2023", result="优秀"),
        {HEADER["licence_number"]: "13301201510199999", HEADER["year"]: "2025",
         HEADER["result"]: "称职"},
        row(worker),
        row(lawyer),
    ]  # fmt: skip
    messages = refused(practice.section, rows, cast.city)
    assert f"第3行 {LETTER['year']}列（考核年度）：考核年度早于该律师的执业年度。" in messages
    assert any(m.startswith(f"第4行 {LETTER['result']}列（考核结果）") for m in messages)
    assert (
        f"第5行 {LETTER['licence_number']}列（执业证号）："
        "没有找到该执业证号的律师（或不在您的范围内）。" in messages
    )
    assert f"第6行 {LETTER['licence_number']}列（执业证号）：年度考核结果只登记律师。" in messages
    assert any(m.startswith("第7行") and "与第2行重复" in m for m in messages)
    assert not Assessment.objects.exists()


def test_the_current_year_and_an_institution_s_account_are_refused(practice, cast):
    lawyer = register_lawyer(practice.section, practice.firm_a)
    this_year = str(timezone.localdate().year)
    messages = refused(practice.section, [row(lawyer, year=this_year)], cast.city)
    assert messages == [f"第2行 {LETTER['year']}列（考核年度）：只能登记已经结束的年度的考核结果。"]
    messages = refused(practice.firm_a_admin, [row(lawyer)], practice.firm_a.office)
    assert messages == [
        f"第2行 {LETTER['licence_number']}列（执业证号）：律师执业年度考核结果由主管司法局归档。"
    ]
    other = make_institution(practice.section, cast.county_b, 9, Category.LAW_FIRM)
    stranger = register_lawyer(practice.section, other, name="李四")
    messages = refused(cast.county_supervisor, [row(stranger)], cast.county_a)
    assert messages == [
        f"第2行 {LETTER['licence_number']}列（执业证号）："
        "没有找到该执业证号的律师（或不在您的范围内）。"
    ]
    assert not Assessment.objects.exists()
