"""学法考试成绩 — the exam platform's Excel export (单位, 姓名, 身份证号码, 考试, 成绩, 考试日期),
declared on the import kit (docs/imports.md, docs/publicity.md).

A row names its exam by 考试名称 (registered beforehand by the bureau: kind, date, pass mark)
and its unit by name or 统一社会信用代码 (the units of the exam's bureau register and below). A
person is found in the registry by 身份证号码, or registered at the unit's bureau. A result
filed already for that exam and person is updated (unit, score, date) or left alone when equal,
so the same file imported twice changes nothing. New results are checked by the action's rules
(`actions.exams.result_errors`) and written in bulk (`results_record_many`); all or nothing,
every error by row and column.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import spec, steps
from sifa.core.imports.spec import Change, ImportContext, ImportSpec
from sifa.core.imports.writing import snapshot
from sifa.people.importing import ImportPersons
from sifa.publicity.actions.exams import (
    ResultRecord,
    result_errors,
    result_update,
    results_record_many,
)
from sifa.publicity.constants import LINE
from sifa.publicity.selectors.exams import exams_titled, results_by_key
from sifa.publicity.selectors.registers import units_named

FIELDS = (
    spec.text(
        "unit",
        "单位",
        required=True,
        max_length=100,
        note=gettext_lazy("普法责任单位名册中的单位名称或统一社会信用代码"),
        example="青川市市场监督管理局",
    ),
    spec.text("name", "姓名", required=True, max_length=50, example="王芳"),
    spec.resident_id("id_number", "身份证号码", required=True),
    spec.text(
        "exam",
        "考试名称",
        required=True,
        max_length=100,
        note=gettext_lazy("已登记的学法考试名称"),
        example="2026年度国家工作人员学法考试",
    ),
    spec.decimal("score", "成绩", required=True, places=1, example="86.5"),
    spec.date("sat_on", "考试日期", required=True, example="2026-01-10"),
)
# The rules' field names → the import's columns.
COLUMNS = {
    "score": "score",
    "sat_on": "sat_on",
    "unit": "unit",
    "exam": "exam",
    "person": "id_number",
    "__all__": "id_number",
}
SNAPSHOT = ("unit", "office", "score", "sat_on", "passed")


def _one(plan, row, key: str, found: list, missing: str, many: str):
    """The single record of `found`, else the row's error in column `key`."""
    if not found:
        plan.error(row, key, missing % {"value": row[key]})
        return None
    if len(found) > 1:
        plan.error(row, key, many % {"value": row[key]})
        return None
    return found[0]


def _resolve(plan, ctx: ImportContext) -> None:
    good = list(plan.good_rows())
    if not good:
        return
    exams = exams_titled(actor=ctx.actor, titles=[row["exam"] for row in good])
    units = units_named(actor=ctx.actor, names=[row["unit"] for row in good])
    persons = ImportPersons(ctx.actor, [row["id_number"] for row in good])
    ctx.cache["persons"] = persons
    records = {}
    for row in good:
        exam = _one(
            plan, row, "exam",
            [e for e in exams.get(row["exam"].strip(), []) if ctx.within(e.office)],
            _("考试“%(value)s”尚未登记或不在您的管理范围内，请先登记考试。"),
            _("考试名称“%(value)s”在多个司法局都有，请在本局或下级司法局中分别导入。"),
        )  # fmt: skip
        if exam is None:
            continue
        in_register = [
            u
            for u in units.get(row["unit"].strip(), [])
            if u.office.path.startswith(exam.office.path) and ctx.within(u.office)
        ]
        unit = _one(
            plan, row, "unit", in_register,
            _("单位“%(value)s”不在组织该考试的司法局的普法责任单位名册中（或不在您的管理范围内）。"),
            _("有多个单位名为“%(value)s”，请填写单位的统一社会信用代码。"),
        )  # fmt: skip
        if unit is None:
            continue
        person = persons.of_row(plan, row, unit.office)
        if person is None:
            continue
        records[row.line] = ResultRecord(exam, unit, person, row["score"], row["sat_on"])
    existing = results_by_key(
        exams={r.exam.pk: r.exam for r in records.values()}.values(),
        person_ids={r.person.pk for r in records.values()},
    )
    for row in plan.good_rows():
        record = records.get(row.line)
        if record is None:
            continue
        steps.judge(
            plan,
            row,
            record,
            existing.get((record.exam.pk, record.person.pk)),
            create_errors=result_errors,
            update_errors=lambda target, new: result_errors(new),
            changes=_changes,
            columns=COLUMNS,
        )


def _changes(target, record: ResultRecord) -> dict:
    labels = {name: str(target._meta.get_field(name).verbose_name) for name in SNAPSHOT}
    found = {}
    if target.unit_id != record.unit.pk:
        found[labels["unit"]] = (str(target.unit), str(record.unit))
    if target.score != record.score:
        found[labels["score"]] = (target.score, record.score)
    if target.sat_on != record.sat_on:
        found[labels["sat_on"]] = (target.sat_on, record.sat_on)
    return found


def _apply(plan, ctx: ImportContext) -> list[Change]:
    """New persons, then the new results in bulk, then the corrections one by one."""
    reason = steps.reason(ctx, _("学法考试成绩导入"))
    persons: ImportPersons = ctx.cache["persons"]
    changes = persons.register_records(steps.rows_doing(plan, spec.CREATE), reason)

    def update(target, record: ResultRecord) -> list[Change]:
        before = snapshot(target, SNAPSHOT)
        saved = result_update(
            actor=ctx.actor, result=target, unit=record.unit, score=record.score,
            sat_on=record.sat_on,
        )  # fmt: skip
        return [Change(saved, created=False, before=before)]

    return changes + steps.write_records(
        plan,
        create=lambda records: results_record_many(actor=ctx.actor, records=records),
        update=update,
        columns=COLUMNS,
    )


RESULTS = ImportSpec(
    key="publicity.exam_results",
    title=gettext_lazy("学法考试成绩"),
    sheet="考试成绩",
    fields=FIELDS,
    capability="edit",
    line=LINE,
    resolve=_resolve,
    apply=_apply,
    natural_key=("exam", "id_number"),
    rules=(
        gettext_lazy(
            "每行一人一场考试的成绩，即考试平台导出的成绩表；先在系统中登记考试（名称、类别、"
            "日期、合格分数线），再导入成绩。"
        ),
        gettext_lazy(
            "单位：组织考试的司法局（或其下级司法局）普法责任单位名册中的单位名称或统一社会信用代码。"
        ),
        gettext_lazy("成绩为0到100分；考试日期须在该考试的年度内，不能晚于今天。"),
        gettext_lazy("同一考试同一人已有成绩的，再次导入时更新，内容相同的不作改动。"),
    ),
    examples=(
        {
            "unit": "青川市市场监督管理局",
            "name": "王芳",
            "id_number": "330102198001010018",
            "exam": "2026年度国家工作人员学法考试",
            "score": "86.5",
            "sat_on": "2026-01-10",
        },
    ),
    order=80,
    list_url="publicity:exam_list",
    description=gettext_lazy(
        "考试平台导出的学法考试成绩（含任前法律知识考试），按单位统计参考率和合格率。"
    ),
)
