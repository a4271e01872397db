"""执业机构 and 执业人员 — the bureau's registers brought in at go-live, declared on the import
kit and written row by row through `sifa.practice.actions.registers` (`institution_register`,
`practitioner_register`), so the licence formats, the office kinds and the one-licence rule
apply as on the pages. The preview is a dry run of those actions (docs/imports.md).

The institutions themselves are offices (机构导入, first of all): the 执业机构 file registers
them by 机构编码; the 执业人员 file names each practitioner's institution by 机构编码 and the
person by 身份证号码 (found in the person registry, or registered there). A row already
registered with the same values changes nothing, so a file imported again is harmless; a row
that would change a registered licence is refused (licences change on their pages).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import rows, spec
from sifa.core.imports.spec import CREATE, UNCHANGED, Change, ImportContext, ImportSpec
from sifa.people.actions import PersonIdentity
from sifa.practice.actions.registers import institution_register, practitioner_register
from sifa.practice.constants import LINE, OFFICE_KIND, FirmKind, PractitionerKind
from sifa.practice.licences import normalised
from sifa.practice.selectors.registers import (
    institutions_by_office_code,
    may_license_at,
    offices_to_register,
    practitioners_by_licence,
)

NOT_THE_SUPERVISOR = gettext_lazy("执业许可由主管司法局登记，您不能为该机构导入。")

CATEGORY_OF_KIND = {kind: category for category, kind in OFFICE_KIND.items()}


def _office_code(note):
    return spec.text(
        "office_code", "机构编码", required=True, as_text=True, note=note, example="339081PF01"
    )


# --- 执业机构 ----------------------------------------------------------------------------------

INSTITUTION_FIELDS = (
    _office_code(gettext_lazy("机构树中律师事务所或基层法律服务所的机构编码")),
    spec.text(
        "licence_number",
        "执业许可证号",
        required=True,
        as_text=True,
        max_length=18,
        note=gettext_lazy("18位统一社会信用代码"),
        example="31339081MD0000001G",
    ),
    spec.choice(
        "firm_kind",
        "组织形式",
        lambda: FirmKind.choices,
        note=gettext_lazy("律师事务所必填；基层法律服务所留空"),
        example="合伙律师事务所",
    ),
    spec.date("founded_on", "设立日期", required=True, example="2008-05-01"),
    spec.text("address", "住所", max_length=200, width=30, example="青川市人民路1号"),
    spec.text("head_name", "负责人", max_length=50, example="王明"),
)
INSTITUTION_COLUMNS = {
    "office": "office_code",
    "firm_kind": "firm_kind",
    "licence_number": "licence_number",
    "founded_on": "founded_on",
    "address": "address",
    "head_name": "head_name",
    "__all__": "office_code",
}


def _resolve_institutions(plan, ctx: ImportContext) -> None:
    codes = {row["office_code"] for row in plan.good_rows()}
    registered = institutions_by_office_code(actor=ctx.actor, codes=codes)
    open_offices = {
        office.code: office
        for office in offices_to_register(actor=ctx.actor).filter(code__in=codes)
    }
    for row in plan.good_rows():
        code = row["office_code"]
        institution = registered.get(code)
        if institution is not None:
            row.target = institution
            same = (
                institution.licence_number == normalised(row["licence_number"])
                and institution.firm_kind == (row["firm_kind"] or "")
                and institution.founded_on == row["founded_on"]
            )
            if same:
                row.action = UNCHANGED
            else:
                plan.error(row, "office_code", _("该机构已登记，登记事项的变更请在机构页面办理。"))
            continue
        office = open_offices.get(code)
        if office is None or not ctx.within(office):
            plan.error(
                row,
                "office_code",
                _("机构编码不是您所选范围内尚未登记的律师事务所或基层法律服务所。"),
            )
            continue
        if not may_license_at(actor=ctx.actor, office=office):
            plan.error(row, "office_code", str(NOT_THE_SUPERVISOR))
            continue
        row.found["office"] = office
        row.action = CREATE
    rows.dry_run(plan, ctx, _write_institution, INSTITUTION_COLUMNS)


def _write_institution(row, ctx: ImportContext) -> list[Change]:
    office = row.found["office"]
    institution = institution_register(
        actor=ctx.actor,
        office=office,
        category=CATEGORY_OF_KIND[office.kind],
        licence_number=row["licence_number"],
        founded_on=row["founded_on"],
        firm_kind=row["firm_kind"] or "",
        address=row["address"],
        head_name=row["head_name"],
    )
    return [Change(institution, created=True)]


INSTITUTIONS = ImportSpec(
    key="practice.institutions",
    title=gettext_lazy("执业机构"),
    sheet="执业机构",
    fields=INSTITUTION_FIELDS,
    capability="edit",
    line=LINE,
    resolve=_resolve_institutions,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write_institution, INSTITUTION_COLUMNS),
    natural_key=("office_code",),
    rules=(
        gettext_lazy(
            "每行一家律师事务所或基层法律服务所；机构须已通过机构导入建立在主管司法局之下。"
        ),
        gettext_lazy("已登记且内容相同的行不作改动；已登记而内容不同的行不予导入。"),
    ),
    examples=(
        {
            "office_code": "339081PF01",
            "licence_number": "31339081MD0000001G",
            "firm_kind": "合伙律师事务所",
            "founded_on": "2008-05-01",
            "address": "青川市人民路1号",
            "head_name": "王明",
        },
    ),
    order=70,
    list_url="practice:institution_list",
    description=gettext_lazy("律师事务所和基层法律服务所的执业许可登记。"),
)


# --- 执业人员 ----------------------------------------------------------------------------------

PRACTITIONER_FIELDS = (
    _office_code(gettext_lazy("执业机构（律师事务所或基层法律服务所）的机构编码")),
    spec.text("name", "姓名", required=True, max_length=50, example="李明"),
    spec.resident_id("id_number", "身份证号码", required=True, example="339081198001010016"),
    spec.text(
        "licence_number",
        "执业证号",
        required=True,
        as_text=True,
        max_length=20,
        note=gettext_lazy("律师为17位数字"),
        example="13390200810123456",
    ),
    spec.choice(
        "kind", "执业类型", lambda: PractitionerKind.choices, required=True, example="专职"
    ),
    spec.date("licensed_on", "执业日期", required=True, example="2008-10-01"),
    spec.yes_no("is_partner", "合伙人", default=False, example="否"),
)
PRACTITIONER_COLUMNS = {
    "licence_number": "licence_number",
    "kind": "kind",
    "licensed_on": "licensed_on",
    "id_number": "id_number",
    "name": "name",
    "institution": "office_code",
    "__all__": "licence_number",
}


def supervised_institution(plan, row, ctx: ImportContext, institutions, not_supervisor):
    """The registered institution a row names by 机构编码 (`institutions`: by office code), in
    the import's scope and supervised by the importer; else None, the refusal filed in the
    机构编码 column (`not_supervisor`: what an importer who does not supervise it is told)."""
    institution = institutions.get(row["office_code"])
    if institution is None or not ctx.within(institution.office):
        plan.error(
            row,
            "office_code",
            _("机构编码不是您所选范围内已登记的律师事务所或基层法律服务所。"),
        )
        return None
    if not may_license_at(actor=ctx.actor, office=institution.office):
        plan.error(row, "office_code", str(not_supervisor))
        return None
    return institution


def _resolve_practitioners(plan, ctx: ImportContext) -> None:
    codes = {row["office_code"] for row in plan.good_rows()}
    institutions = institutions_by_office_code(actor=ctx.actor, codes=codes)
    existing = practitioners_by_licence(institutions=institutions.values())
    for row in plan.good_rows():
        institution = supervised_institution(plan, row, ctx, institutions, NOT_THE_SUPERVISOR)
        if institution is None:
            continue
        row.found["institution"] = institution
        practitioner = existing.get((institution.pk, normalised(row["licence_number"])))
        if practitioner is None:
            row.action = CREATE
        elif practitioner.person.id_number == row["id_number"] and (
            practitioner.kind,
            practitioner.licensed_on,
        ) == (row["kind"], row["licensed_on"]):
            row.target, row.action = practitioner, UNCHANGED
        else:
            plan.error(
                row, "licence_number", _("该执业证号已登记，登记事项的变更请在人员页面办理。")
            )
    rows.dry_run(plan, ctx, _write_practitioner, PRACTITIONER_COLUMNS)


def _write_practitioner(row, ctx: ImportContext) -> list[Change]:
    practitioner = practitioner_register(
        actor=ctx.actor,
        institution=row.found["institution"],
        identity=PersonIdentity(name=row["name"], id_number=row["id_number"]),
        licence_number=row["licence_number"],
        kind=row["kind"],
        licensed_on=row["licensed_on"],
        is_partner=bool(row["is_partner"]),
    )
    return [Change(practitioner, created=True)]


PRACTITIONERS = ImportSpec(
    key="practice.practitioners",
    title=gettext_lazy("执业人员"),
    sheet="执业人员",
    fields=PRACTITIONER_FIELDS,
    capability="edit",
    line=LINE,
    resolve=_resolve_practitioners,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write_practitioner, PRACTITIONER_COLUMNS),
    natural_key=("licence_number",),
    unique_together=(("licence_number",), ("id_number",)),
    rules=(
        gettext_lazy("每行一名律师或基层法律服务工作者；执业机构须已登记（执业机构导入）。"),
        gettext_lazy("一人只能持有一个有效执业证：同一身份证号码在文件中只能出现一次。"),
        gettext_lazy("已登记且内容相同的行不作改动；变更执业机构、注销执业证请在人员页面办理。"),
    ),
    examples=(
        {
            "office_code": "339081PF01",
            "name": "李明",
            "id_number": "339081198001010016",
            "licence_number": "13390200810123456",
            "kind": "专职",
            "licensed_on": "2008-10-01",
            "is_partner": "是",
        },
    ),
    order=71,
    list_url="practice:practitioner_list",
    description=gettext_lazy("律师和基层法律服务工作者的执业证登记。"),
)
