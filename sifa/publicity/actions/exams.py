"""Writes of the law exams (学法考试, 任前法律知识考试) and their results.

An exam is registered by a justice bureau, with the pass mark of the day (SIFA_PUBLICITY_EXAM_
PASS_MARK, [M] 60) copied onto it. Its results come from the exam platform's Excel export
(`sifa.publicity.imports.exams`): `result_errors` are the rules of one result as values,
`results_record_many` checks every result with them and writes them in bulk
(`sifa.core.bulk`), `result_update` corrects one result. Whether a result passed is decided
when it is written, against its exam's pass mark.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core import bulk
from sifa.core.imports.steps import refuse_records
from sifa.core.records import save_checked
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.publicity.constants import LINE, ExamKind
from sifa.publicity.models import Exam, ExamResult, Unit

MAX_SCORE = Decimal(100)


def pass_mark() -> Decimal:
    return Decimal(sifa_setting("SIFA_PUBLICITY_EXAM_PASS_MARK"))


@transaction.atomic
def exam_register(
    *,
    actor,
    office: Office,
    title: str,
    kind: str,
    held_on: datetime.date,
    mark: Decimal | None = None,
) -> Exam:
    """登记学法考试 (a bureau's): its pass mark is the setting's unless given."""
    access.require(actor, Cap.EDIT, office, line=LINE)
    errors: dict[str, list[str]] = {}
    if office.kind != OfficeKind.JUSTICE_BUREAU:
        errors["office"] = [_("学法考试由司法局登记。")]
    if kind not in ExamKind.values:
        errors["kind"] = [_("请选择考试类别。")]
    if held_on is None:
        errors["held_on"] = [_("请填写考试日期。")]
    mark = pass_mark() if mark is None else Decimal(mark)
    if not Decimal(0) < mark <= MAX_SCORE:
        errors["pass_mark"] = [_("合格分数线应在0到100分之间。")]
    if errors:
        raise ValidationError(errors)
    exam = Exam(
        office=office,
        title=(title or "").strip(),
        kind=kind,
        year=held_on.year,
        held_on=held_on,
        pass_mark=mark,
        created_by=actor,
    )
    return save_checked(exam, actor, _("登记学法考试"))


@dataclass
class ResultRecord:
    """One result as a row of the platform's export says it (the person already registered)."""

    exam: Exam
    unit: Unit
    person: object
    score: Decimal
    sat_on: datetime.date


def result_errors(record: ResultRecord) -> dict[str, list[str]]:
    """The rules of one result, as values (the import's preview and the bulk write use them)."""
    errors: dict[str, list[str]] = {}
    if record.score is None or not Decimal(0) <= record.score <= MAX_SCORE:
        errors["score"] = [_("成绩应在0到100分之间。")]
    if record.sat_on is None:
        errors["sat_on"] = [_("请填写考试日期。")]
    elif record.sat_on > timezone.localdate():
        errors["sat_on"] = [_("考试日期不能晚于今天。")]
    elif record.sat_on.year != record.exam.year:
        errors["sat_on"] = [
            _("考试日期不在该考试的年度（%(year)s年）内。") % {"year": record.exam.year}
        ]
    if not record.unit.office.path.startswith(record.exam.office.path):
        errors["unit"] = [_("该单位不在组织考试的司法局的名册中。")]
    return errors


def _passed(exam: Exam, score: Decimal) -> bool:
    return score >= exam.pass_mark


@transaction.atomic
def results_record_many(*, actor, records: list[ResultRecord]) -> list[ExamResult]:
    """Record many results at once (an import): each checked by `result_errors`, the actor's
    edit right checked on each unit's office, written in bulk. Raises RecordsRefused naming
    every refused record ({index: errors})."""
    for office in {record.unit.office for record in records}:
        access.require(actor, Cap.EDIT, office, line=LINE)
    refuse_records(records, result_errors)
    rows = [
        bulk.new(
            ExamResult,
            exam=record.exam,
            unit=record.unit,
            office=record.unit.office,
            person=record.person,
            score=record.score,
            sat_on=record.sat_on,
            passed=_passed(record.exam, record.score),
            created_by=actor,
        )
        for record in records
    ]
    return bulk.insert(rows)


@transaction.atomic
def result_update(
    *, actor, result: ExamResult, unit: Unit, score: Decimal, sat_on: datetime.date
) -> ExamResult:
    """Correct one result (a later export of the platform): unit, score, date."""
    access.require(actor, Cap.EDIT, result.office, line=LINE)
    access.require(actor, Cap.EDIT, unit.office, line=LINE)
    result = ExamResult.objects.select_for_update().get(pk=result.pk)
    record = ResultRecord(result.exam, unit, result.person_id, score, sat_on)
    errors = result_errors(record)
    if errors:
        raise ValidationError(errors)
    result.unit, result.office, result.score, result.sat_on = unit, unit.office, score, sat_on
    result.passed = _passed(result.exam, score)
    result.full_clean(validate_constraints=False)
    result.save()
    return result
