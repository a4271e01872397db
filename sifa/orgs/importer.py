"""机构批量导入, declared on the import kit (sifa.core.imports; docs/imports.md).

Every row is a new office: kind and sub-type by their Chinese names, the region-code rules of
`Office.clean`, the parent (an office the user manages inside the chosen scope, or a row
earlier in the file), codes unique in the file and in the tree. A row that repeats an office
of the tree exactly (same parent and every column) changes nothing, so the same file imported
again is all unchanged; any other row with a code of the tree is an error — the office file
creates offices, it does not edit them (docs/go-live.md). The write is
`sifa.orgs.actions.office_import_apply`, each new row through `office_create`.

`read_offices()` and `build_template()` are the older entry points (tests, the management of
the tree); the 数据导入 page uses `OFFICES` itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.excel import RowError
from sifa.core.imports import cells, engine, spec
from sifa.core.imports.spec import CREATE, UNCHANGED, ImportContext, ImportSpec
from sifa.core.imports.templates import template_bytes
from sifa.orgs import access, actions
from sifa.orgs.access import Cap
from sifa.orgs.constants import SUBTYPES_BY_KIND, OfficeKind
from sifa.orgs.models import Office

DATA_SHEET = "机构"
TREE_FIELDS = ["path", "depth", "numchild"]
KEY = actions.OFFICE_IMPORT


def _subtype_options() -> cells.Options:
    return cells.Options(
        (value, label) for choices in SUBTYPES_BY_KIND.values() for value, label in choices.choices
    )


FIELDS = (
    spec.text(
        "parent_code",
        "上级机构编码",
        required=True,
        as_text=True,
        note=gettext_lazy("已有机构的编码，或本表中写在前面的机构的编码"),
        example="330102",
    ),
    spec.text(
        "code",
        "机构编码",
        required=True,
        as_text=True,
        note=gettext_lazy("全系统唯一，不可与已有机构重复"),
        example="330102001",
    ),
    spec.text(
        "name",
        "机构名称",
        required=True,
        note=gettext_lazy("如：甲一镇司法所"),
        width=24,
        example="甲一镇司法所",
    ),
    spec.choice("kind", "机构类型", lambda: OfficeKind.choices, required=True, example="司法所"),
    # Read as text: which sub-types are allowed depends on the kind (`_check_row`).
    spec.Field(
        "subtype",
        "类型细分",
        lambda raw, ctx: cells.text(raw),
        note=gettext_lazy("人民调解委员会、法律援助工作站必填，其他类型留空"),
        default="",
        options=_subtype_options,
        width=20,
    ),
    spec.text(
        "region_code",
        "行政区划代码",
        required=True,
        as_text=True,
        note=gettext_lazy("县级6位、乡镇(街道)9位、村(社区)12位数字"),
        example="330102001",
    ),
    spec.text("address", "地址", width=24),
    spec.text("phone", "联系电话", as_text=True),
    spec.date(
        "established_on",
        "成立日期",
        future=True,
        note=gettext_lazy("如 2020-01-31"),
        invalid=gettext_lazy("日期格式不正确，请填写如 2020-01-31 的日期。"),
        example="2015-06-01",
    ),
)
COLUMNS = FIELDS  # the older name: each has `key`, `header`, `required`, `note`
OFFICE_FIELDS = ("code", "name", "kind", "subtype", "region_code", "address", "phone")


def _office(row) -> Office:
    values = {key: row.get(key) or "" for key in OFFICE_FIELDS}
    return Office(**values, established_on=row.get("established_on"))


def _check_row(row, plan) -> None:
    """The sub-type of the kind, and the model's rules (lengths, region code by kind)."""
    kind = row["kind"]
    subtype_text = row["subtype"]
    subtypes = SUBTYPES_BY_KIND.get(kind)
    label = OfficeKind(kind).label
    if subtypes is None:
        if subtype_text:
            plan.error(row, "subtype", _("%(kind)s没有类型细分，请留空。") % {"kind": label})
            return
    elif not subtype_text:
        plan.error(row, "subtype", _("%(kind)s必须填写类型细分。") % {"kind": label})
        return
    else:
        found = cells.Options(subtypes.choices).by_text.get(cells.normalised_label(subtype_text))
        if found is None:
            choices = "、".join(str(lbl) for lbl in subtypes.labels)
            plan.error(
                row,
                "subtype",
                _("“%(text)s”不是%(kind)s的类型细分，可选：%(choices)s。")
                % {"text": subtype_text, "kind": label, "choices": choices},
            )
            return
        row["subtype"] = found
    _check_model_rules(row, plan)


def _check_model_rules(row, plan) -> None:
    office = _office(row)
    found: dict[str, list[str]] = {}
    try:
        office.clean_fields(exclude=TREE_FIELDS)
    except ValidationError as exc:
        found = exc.message_dict
    try:
        office.clean()
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            found.setdefault(key, []).extend(messages)
    keys = {f.key for f in FIELDS}
    for key, messages in found.items():
        for message in messages:
            plan.error(row, key if key in keys else None, message)


def _resolve(plan, ctx: ImportContext) -> None:
    """Codes against the tree, parents (earlier rows, or managed offices in the scope)."""
    rows = plan.good_rows()
    codes = [r["code"] for r in rows]
    existing = {o.code: o for o in Office.objects.filter(code__in=codes)}
    parent_codes = {r["parent_code"] for r in rows}
    visible = access.visible_offices(ctx.actor, Cap.ORGS_MANAGE)
    managed = {
        o.code: o for o in visible.filter(code__in=parent_codes | set(existing)) if ctx.within(o)
    }
    parents = _parent_codes(existing.values())
    in_file = {r["code"]: r for r in plan.rows if r.get("code")}
    earlier: dict[str, object] = {}
    for row in rows:
        office = existing.get(row["code"])
        if office is not None:
            # The same office again (a re-import of the file) changes nothing; anything else
            # with a code of the tree is refused: the office file does not edit offices.
            earlier.setdefault(row["code"], row)
            if row["code"] in managed and not _differences(row, office, parents):
                row.action = UNCHANGED
                row.target = office
                continue
            plan.error(row, "code", _existing_message(row, office, parents, managed))
            continue
        _check_parent(plan, row, earlier, managed, in_file)
        earlier.setdefault(row["code"], row)
        row.action = CREATE


def _parent_codes(offices) -> dict[int, str]:
    """office pk → its parent's code (one query for all)."""
    paths = {o.pk: o.path[: -Office.steplen] for o in offices if o.depth > 1}
    codes = dict(Office.objects.filter(path__in=set(paths.values())).values_list("path", "code"))
    return {pk: codes.get(path, "") for pk, path in paths.items()}


def _differences(row, office: Office, parents: dict[int, str]) -> list[str]:
    """The headers of the row's cells that differ from the office in the tree."""
    headers = {f.key: f.header for f in FIELDS}
    found = []
    if row["parent_code"] != parents.get(office.pk, ""):
        found.append(headers["parent_code"])
    for key in OFFICE_FIELDS:
        if (row.get(key) or "") != (getattr(office, key) or ""):
            found.append(headers[key])
    if row["established_on"] != office.established_on:
        found.append(headers["established_on"])
    return found


def _existing_message(row, office: Office, parents: dict[int, str], managed: dict) -> str:
    message = _("机构编码“%(code)s”已存在。") % {"code": row["code"]}
    if row["code"] not in managed:  # outside the user's scope: nothing more is told
        return message
    return message + _("与已有机构不同的列：%(columns)s；已有机构请在机构管理中修改。") % {
        "columns": "、".join(_differences(row, office, parents))
    }


def _check_parent(plan, row, earlier: dict, managed: dict, in_file: dict) -> None:
    parent_code = row["parent_code"]
    if parent_code == row["code"]:
        plan.error(row, "parent_code", _("上级机构编码不能与本机构编码相同。"))
        return
    if parent_code in earlier:
        parent = _office(earlier[parent_code])
    elif parent_code in managed:
        parent = managed[parent_code]
        if not parent.is_active:
            message = _("上级机构“%(name)s”已撤销。") % {"name": parent.name}
            plan.error(row, "parent_code", message)
            return
    elif parent_code in in_file:
        plan.error(row, "parent_code", _("上级机构须写在其下级机构之前的行中。"))
        return
    else:
        message = _("上级机构编码“%(code)s”不存在或不在您的管理范围内。")
        plan.error(row, "parent_code", message % {"code": parent_code})
        return
    for message in _office(row).parent_errors(parent).values():
        plan.error(row, "region_code", message)


def _apply(plan, ctx: ImportContext):
    rows = [_input(row) for row in plan.rows if row.action == CREATE]
    return actions.office_import_apply(actor=ctx.actor, rows=rows)


def _input(row) -> dict:
    return {
        "line": row.line,
        "parent_code": row["parent_code"],
        **{key: row[key] for key in OFFICE_FIELDS},
        "established_on": row["established_on"],
    }


HELP_RULES = (
    gettext_lazy("在“机构”工作表中每行填写一个机构，第一行表头不要修改；红色表头为必填列。"),
    gettext_lazy(
        "上级机构编码：填写已有机构的编码（须在您的管理范围内），或本表中写在前面行的机构的编码。"
    ),
    gettext_lazy(
        "机构编码全系统唯一，不能与本表其他行重复；与已有机构完全相同的行不作改动，"
        "与已有机构编码相同而内容不同的行不能导入（已有机构请在机构管理中修改）。"
    ),
    gettext_lazy("机构类型、类型细分请从下拉列表中选择；可选值见“选项”工作表。"),
    gettext_lazy("人民调解委员会、法律援助工作站必须填写类型细分，其他机构类型留空。"),
    gettext_lazy(
        "行政区划代码：司法局、法律援助中心、社区矫正机构、公共法律服务中心填6位县级代码；"
        "司法所填9位乡镇(街道)代码；村(社区)司法行政服务站填12位村(社区)代码；"
        "矛盾纠纷调处中心填6位或9位；其他类型填6、9或12位。"
    ),
    gettext_lazy(
        "乡镇、村级代码须以上级机构的行政区划代码开头；两个6位代码须属同一省份（前两位相同）。"
    ),
    gettext_lazy("成立日期填写如 2020-01-31 的日期，可留空。"),
    gettext_lazy("导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
)

OFFICES = ImportSpec(
    key=KEY,
    title=gettext_lazy("机构"),
    sheet=DATA_SHEET,
    fields=FIELDS,
    capability=Cap.ORGS_MANAGE,
    line=None,
    resolve=_resolve,
    apply=_apply,
    natural_key=("code",),
    check_row=_check_row,
    rules=HELP_RULES,
    examples=(
        {
            "parent_code": "330102",
            "code": "330102001",
            "name": "甲一镇司法所",
            "kind": "司法所",
            "region_code": "330102001",
            "established_on": "2015-06-01",
        },
        {
            "parent_code": "330102001",
            "code": "330102001201",
            "name": "甲一村人民调解委员会",
            "kind": "人民调解委员会",
            "subtype": "村调委会",
            "region_code": "330102001201",
        },
    ),
    order=10,
    list_url="orgs:office_list",
    description=gettext_lazy("机构树：司法所、调委会、法律援助机构等，最先导入。"),
)


# --- the older entry points --------------------------------------------------------------------


@dataclass
class OfficeRow:
    """One parsed data row; `number` is the Excel row number."""

    number: int
    parent_code: str = ""
    code: str = ""
    name: str = ""
    kind: str = ""
    subtype: str = ""
    region_code: str = ""
    address: str = ""
    phone: str = ""
    established_on: date | None = None


@dataclass
class OfficePlan:
    rows: list[OfficeRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_offices(file, *, actor) -> OfficePlan:
    """Parse and check an import file (no write); the errors sorted by row and column."""
    content = file.read()
    name = getattr(file, "name", "") or ""
    plan = engine.validate(OFFICES, content, name, ImportContext(actor=actor))
    rows = [
        OfficeRow(number=row.line, **{k: v for k, v in row.as_dict().items() if v is not None})
        for row in plan.rows
    ]
    return OfficePlan(rows=rows, errors=plan.errors)


def build_template() -> bytes:
    """The import template: a header row with drop-down lists, the lists, and instructions."""
    return template_bytes(OFFICES)
