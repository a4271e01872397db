"""业务登记台账 — an institution's business register, declared on the import kit and written
row by row through `sifa.practice.actions.matters.matter_save`, so the register's rules apply as
when the institution's administrator enters a row by hand (docs/imports.md, docs/practice.md).

Each row names its institution by 机构编码 (the institution's office code) and its matter by
登记编号: a row whose institution and number are registered already updates that row (or
changes nothing, so importing the same file again is harmless); the preview is a dry run of the
action. An institution's own account imports into its own register only (its scope).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import rows, spec
from sifa.core.imports.spec import CREATE, UNCHANGED, UPDATE, Change, ImportContext, ImportSpec
from sifa.core.imports.writing import snapshot
from sifa.practice.actions.matters import MATTER_FIELDS, matter_save
from sifa.practice.constants import LINE, ClientKind, LitigationType, MatterCategory
from sifa.practice.selectors.registers import (
    institutions_by_office_code,
    matters_by_number,
    practitioners_by_licence,
)

FIELDS = (
    spec.text(
        "office_code",
        "机构编码",
        required=True,
        as_text=True,
        note=gettext_lazy("律师事务所或基层法律服务所在机构树中的机构编码"),
        example="339081LF01",
    ),
    spec.text(
        "number", "登记编号", required=True, max_length=40, as_text=True, example="2026民001"
    ),
    spec.choice(
        "category", "业务类别", lambda: MatterCategory.choices, required=True, example="诉讼"
    ),
    spec.choice(
        "litigation_type",
        "诉讼类别",
        lambda: LitigationType.choices,
        note=gettext_lazy("诉讼业务必填：民事、刑事或行政；其他业务留空"),
        example="民事",
    ),
    spec.text("client", "委托人", required=True, max_length=100, example="青川市某纺织有限公司"),
    spec.choice(
        "client_kind", "委托人类别", lambda: ClientKind.choices, required=True, example="企业"
    ),
    spec.text("cause", "案由/事项", max_length=200, width=24, example="买卖合同纠纷"),
    spec.text(
        "handler_licence",
        "承办人执业证号",
        as_text=True,
        note=gettext_lazy("本机构执业人员的执业证号，可留空"),
        example="",
    ),
    spec.amount("subject_amount", "标的额（元）", example="150000"),
    spec.amount("recovered_amount", "索回/挽回金额（元）", example="80000"),
    spec.amount("fee", "收费（元）", example="6000"),
    spec.date("accepted_on", "收案日期", required=True, example="2026-03-02"),
    spec.date(
        "closed_on",
        "结案/期满日期",
        future=True,
        note=gettext_lazy("常年法律顾问填聘期届满日期；未结案留空"),
        example="",
    ),
)
# The action's field names → the import's field keys (its refusals land in their columns).
COLUMNS = {
    **{name: name for name in MATTER_FIELDS if name != "handler"},
    "handler": "handler_licence",
    "institution": "office_code",
    "__all__": "number",
}
COMPARED = [name for name in MATTER_FIELDS if name != "number"]


def _values(row) -> dict:
    values = {name: row[name] for name in MATTER_FIELDS if name != "handler"}
    values["litigation_type"] = values["litigation_type"] or ""
    values["cause"] = values["cause"] or ""
    values["handler"] = row.found.get("handler")
    return values


def _resolve(plan, ctx: ImportContext) -> None:
    codes = {row["office_code"] for row in plan.good_rows()}
    institutions = institutions_by_office_code(actor=ctx.actor, codes=codes)
    existing = matters_by_number(institutions=institutions.values())
    handlers = practitioners_by_licence(institutions=institutions.values())
    for row in plan.good_rows():
        institution = institutions.get(row["office_code"])
        if institution is None or not ctx.within(institution.office):
            plan.error(
                row, "office_code", _("机构编码不是您所选机构范围内的律师事务所或基层法律服务所。")
            )
            continue
        row.found["institution"] = institution
        if row["handler_licence"]:
            handler = handlers.get((institution.pk, row["handler_licence"].strip()))
            if handler is None:
                plan.error(row, "handler_licence", _("该执业证号不是本机构的执业人员。"))
                continue
            row.found["handler"] = handler
        matter = existing.get((institution.pk, row["number"].strip()))
        row.target = matter
        if matter is None:
            row.action = CREATE
            continue
        values = _values(row)
        changes = {}
        for name in COMPARED:
            before, after = getattr(matter, name), values[name]
            if before != after:
                label = str(matter._meta.get_field(name).verbose_name)
                changes[label] = (before if before is not None else "", after or "")
        row.changes = changes
        row.action = UPDATE if changes else UNCHANGED
    rows.dry_run(plan, ctx, _write, COLUMNS)


def _write(row, ctx: ImportContext) -> list[Change]:
    matter = row.target
    before = snapshot(matter, MATTER_FIELDS) if matter is not None else None
    saved = matter_save(
        actor=ctx.actor, institution=row.found["institution"], matter=matter, **_values(row)
    )
    return [Change(saved, created=matter is None, before=before)]


MATTERS = ImportSpec(
    key="practice.matters",
    title=gettext_lazy("业务登记台账"),
    sheet="业务登记",
    fields=FIELDS,
    capability="edit",
    line=LINE,
    resolve=_resolve,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write, COLUMNS),
    natural_key=("office_code", "number"),
    rules=(
        gettext_lazy(
            "每行一件业务：诉讼（民事、刑事、行政）、非诉讼或常年法律顾问（一个委托单位一行）。"
        ),
        gettext_lazy(
            "同一机构的登记编号不能重复；已登记的编号再次导入时更新该行，内容相同的不作改动。"
        ),
        gettext_lazy("执业机构管理员只能导入本机构的台账。"),
    ),
    examples=(
        {
            "office_code": "339081LF01",
            "number": "2026民001",
            "category": "诉讼",
            "litigation_type": "民事",
            "client": "青川市某纺织有限公司",
            "client_kind": "企业",
            "cause": "买卖合同纠纷",
            "subject_amount": "150000",
            "recovered_amount": "80000",
            "fee": "6000",
            "accepted_on": "2026-03-02",
        },
    ),
    order=72,
    list_url="practice:matter_list",
    description=gettext_lazy("律师事务所和基层法律服务所的业务登记台账（业务数、标的额、收费）。"),
)
