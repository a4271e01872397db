"""律师执业年度考核 — the bar association's results (称职 / 基本称职 / 不称职), one row per lawyer
and year, declared on the import kit and written through
`sifa.practice.actions.inspection.assessment_save` (docs/imports.md, docs/practice.md).

A row names its lawyer by 执业证号 and its year by 考核年度: a result filed already for that
lawyer and year is updated (or left alone when equal, so the same file imported again changes
nothing); the preview is a dry run of the action, all or nothing, refusals by row and column.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import rows, spec
from sifa.core.imports.spec import CREATE, UNCHANGED, UPDATE, Change, ImportContext, ImportSpec
from sifa.core.imports.writing import snapshot
from sifa.practice.actions.inspection import assessment_save
from sifa.practice.constants import LINE
from sifa.practice.constants_inspection import AssessmentResult
from sifa.practice.selectors.inspection import assessments_by_key, lawyers_by_licence
from sifa.practice.selectors.registers import may_license

FIELDS = (
    spec.text(
        "licence_number",
        "执业证号",
        required=True,
        as_text=True,
        note=gettext_lazy("律师执业证号（17位数字）"),
        example="13390201510012345",
    ),
    spec.integer("year", "考核年度", required=True, minimum=1979, example="2025"),
    spec.choice(
        "result", "考核结果", lambda: AssessmentResult.choices, required=True, example="称职"
    ),
    spec.text("note", "备注", max_length=200, width=24, example=""),
)
# The action's field names → the import's field keys (its refusals land in their columns).
COLUMNS = {
    "practitioner": "licence_number",
    "year": "year",
    "result": "result",
    "note": "note",
    "__all__": "licence_number",
}


def _resolve(plan, ctx: ImportContext) -> None:
    good = list(plan.good_rows())
    lawyers = lawyers_by_licence(actor=ctx.actor, numbers=[row["licence_number"] for row in good])
    existing = assessments_by_key(practitioners=lawyers.values())
    seen: set[tuple[str, int]] = set()
    for row in good:
        number = row["licence_number"].strip()
        lawyer = lawyers.get(number)
        if lawyer is None or not ctx.within(lawyer.office):
            plan.error(row, "licence_number", _("没有找到该执业证号的律师（或不在您的范围内）。"))
            continue
        if not may_license(actor=ctx.actor, institution=lawyer.institution):
            plan.error(row, "licence_number", _("律师执业年度考核结果由主管司法局归档。"))
            continue
        if (number, row["year"]) in seen:
            plan.error(row, "licence_number", _("同一律师同一年度在文件中出现了两次。"))
            continue
        seen.add((number, row["year"]))
        row.found["practitioner"] = lawyer
        record = existing.get((lawyer.pk, row["year"]))
        row.target = record
        if record is None:
            row.action = CREATE
            continue
        changes = {}
        for name in ("result", "note"):
            before, after = getattr(record, name), row[name] or ""
            if before != after:
                label = str(record._meta.get_field(name).verbose_name)
                changes[label] = (before, after)
        row.changes = changes
        row.action = UPDATE if changes else UNCHANGED
    rows.dry_run(plan, ctx, _write, COLUMNS)


def _write(row, ctx: ImportContext) -> list[Change]:
    record = row.target
    before = snapshot(record, ("result", "note")) if record is not None else None
    saved = assessment_save(
        actor=ctx.actor,
        practitioner=row.found["practitioner"],
        year=row["year"],
        result=row["result"],
        note=row["note"] or "",
    )
    return [Change(saved, created=record is None, before=before)]


ASSESSMENTS = ImportSpec(
    key="practice.assessments",
    title=gettext_lazy("律师执业年度考核结果"),
    sheet="年度考核",
    fields=FIELDS,
    capability="edit",
    line=LINE,
    resolve=_resolve,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write, COLUMNS),
    natural_key=("licence_number", "year"),
    rules=(
        gettext_lazy("每行一名律师一个年度的考核结果：称职、基本称职或不称职（律师协会考核）。"),
        gettext_lazy("同一律师同一年度已有结果的，再次导入时更新，内容相同的不作改动。"),
        gettext_lazy("由主管司法局导入；执业机构管理员不能导入。"),
    ),
    examples=({"licence_number": "13390201510012345", "year": "2025", "result": "称职"},),
    order=73,
    list_url="practice:practitioner_list",
    description=gettext_lazy("律师协会的律师执业年度考核结果，按执业证号和年度归档到每名律师。"),
)
