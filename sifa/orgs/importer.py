"""Reading and checking an office import file (机构批量导入), and its Excel template.

`read_offices()` parses every row of the sheet and checks everything — required cells, office
kind and sub-type by their Chinese names, region-code rules, the parent (in the database within
the user's manage scope, or earlier in the same file), duplicate codes, dates — and returns the
rows with every error found, each naming its row and column. It writes nothing; the write is
`sifa.orgs.actions.office_import`, which imports all rows or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font

from sifa.core.excel import Column, cell_date, cell_text, checked
from sifa.core.importing import ImportPlan, TemplateSheets, read_sheet, template_bytes
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import SUBTYPES_BY_KIND, OfficeKind
from sifa.orgs.models import Office

DATA_SHEET = "机构"
TREE_FIELDS = ["path", "depth", "numchild"]


COLUMNS = (
    Column(
        "parent_code",
        "上级机构编码",
        True,
        gettext_lazy("已有机构的编码，或本表中写在前面的机构的编码"),
    ),
    Column("code", "机构编码", True, gettext_lazy("全系统唯一，不可与已有机构重复")),
    Column("name", "机构名称", True, gettext_lazy("如：甲一镇司法所")),
    Column("kind", "机构类型", True, gettext_lazy("从下拉列表中选择")),
    Column(
        "subtype",
        "类型细分",
        False,
        gettext_lazy("人民调解委员会、法律援助工作站必填，其他类型留空"),
    ),
    Column(
        "region_code",
        "行政区划代码",
        True,
        gettext_lazy("县级6位、乡镇(街道)9位、村(社区)12位数字"),
    ),
    Column("address", "地址"),
    Column("phone", "联系电话"),
    Column("established_on", "成立日期", False, gettext_lazy("如 2020-01-31")),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


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

    def office_fields(self) -> dict:
        """Keyword arguments for `actions.office_create` (everything but the parent)."""
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "subtype": self.subtype,
            "region_code": self.region_code,
            "address": self.address,
            "phone": self.phone,
            "established_on": self.established_on,
        }

    def as_office(self) -> Office:
        return Office(**self.office_fields())


def _normalise_name(text: str) -> str:
    """Full-width brackets and spaces are typed as often as half-width ones."""
    return text.replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "")


def _kind_by_label() -> dict[str, str]:
    # Built per call: labels are lazy translations, read in the language of the request.
    return {_normalise_name(str(label)): value for value, label in OfficeKind.choices}


def _subtype_by_label(kind: str) -> dict[str, str] | None:
    subtypes = SUBTYPES_BY_KIND.get(kind)
    if subtypes is None:
        return None
    return {_normalise_name(str(label)): value for value, label in subtypes.choices}


class _RowReader:
    """Parses one sheet row into an OfficeRow, collecting cell errors."""

    def __init__(self, plan: ImportPlan, number: int, cells: dict[str, object]):
        self.plan = plan
        self.row = OfficeRow(number=number)
        self.cells = cells
        self.bad_fields: set[str] = set()

    def error(self, key: str, message: str) -> None:
        self.plan.add(self.row.number, key, message)
        self.bad_fields.add(key)

    def read(self) -> OfficeRow:
        for column in COLUMNS:
            if column.required and not cell_text(self.cells.get(column.key)):
                self.error(column.key, _("不能为空。"))
        for key in ("parent_code", "code", "name", "region_code", "address", "phone"):
            setattr(self.row, key, cell_text(self.cells.get(key)))
        self._read_kind()
        self._read_date()
        self._check_model_rules()
        return self.row

    def _read_kind(self) -> None:
        kind_text = cell_text(self.cells.get("kind"))
        subtype_text = cell_text(self.cells.get("subtype"))
        if not kind_text:
            return
        kind = _kind_by_label().get(_normalise_name(kind_text))
        if kind is None:
            self.error(
                "kind", _("未知的机构类型“%(text)s”，请从下拉列表中选择。") % {"text": kind_text}
            )
            return
        self.row.kind = kind
        subtypes = _subtype_by_label(kind)
        label = OfficeKind(kind).label
        if subtypes is None:
            if subtype_text:
                self.error("subtype", _("%(kind)s没有类型细分，请留空。") % {"kind": label})
        elif not subtype_text:
            self.error("subtype", _("%(kind)s必须填写类型细分。") % {"kind": label})
        elif _normalise_name(subtype_text) not in subtypes:
            choices = "、".join(str(lbl) for lbl in SUBTYPES_BY_KIND[kind].labels)
            self.error(
                "subtype",
                _("“%(text)s”不是%(kind)s的类型细分，可选：%(choices)s。")
                % {"text": subtype_text, "kind": label, "choices": choices},
            )
        else:
            self.row.subtype = subtypes[_normalise_name(subtype_text)]

    def _read_date(self) -> None:
        value = self.cells.get("established_on")
        if value is None or cell_text(value) == "":
            return
        try:
            self.row.established_on = cell_date(value)
        except ValueError:
            self.error("established_on", _("日期格式不正确，请填写如 2020-01-31 的日期。"))

    def _check_model_rules(self) -> None:
        """Field lengths and the kind rules of Office.clean() (region-code length, sub-type)."""
        office = self.row.as_office()
        exclude = [*TREE_FIELDS, *self.bad_fields]
        found: dict[str, list[str]] = {}
        try:
            office.clean_fields(exclude=exclude)
        except ValidationError as exc:
            found = exc.message_dict
        if "kind" not in self.bad_fields and self.row.kind:
            try:
                office.clean()
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    found.setdefault(key, []).extend(messages)
        for key, messages in found.items():
            if key in COLUMN_BY_KEY and key not in self.bad_fields:
                for message in messages:
                    self.error(key, message)


def parse_rows(file) -> ImportPlan:
    """Read the data sheet: every row parsed, every cell-level error collected."""

    def read_row(plan, number, cells):
        return _RowReader(plan, number, cells).read()

    return read_sheet(file, sheet_name=DATA_SHEET, columns=COLUMNS, read_row=read_row)


def check_rows(plan: ImportPlan, *, actor) -> None:
    """Checks across rows and against the database: codes, parents, region-code nesting."""
    codes = [r.code for r in plan.rows if r.code]
    taken = set(Office.objects.filter(code__in=codes).values_list("code", flat=True))
    parent_codes = {r.parent_code for r in plan.rows if r.parent_code}
    managed = {
        o.code: o
        for o in access.visible_offices(actor, Cap.ORGS_MANAGE).filter(code__in=parent_codes)
    }
    first_row_of: dict[str, OfficeRow] = {}
    in_file = set(codes)
    for row in plan.rows:
        if row.code in first_row_of:
            earlier = first_row_of[row.code].number
            plan.add(
                row.number,
                "code",
                _("机构编码“%(code)s”与第%(n)d行重复。") % {"code": row.code, "n": earlier},
            )
        elif row.code in taken:
            plan.add(row.number, "code", _("机构编码“%(code)s”已存在。") % {"code": row.code})
        _check_parent(plan, row, first_row_of, managed, in_file)
        if row.code:
            first_row_of.setdefault(row.code, row)


def _check_parent(plan, row, earlier_rows: dict, managed: dict, in_file: set) -> None:
    """The parent: an earlier row of the file, or an active office the user manages."""
    if not row.parent_code:
        return
    if row.parent_code == row.code:
        plan.add(row.number, "parent_code", _("上级机构编码不能与本机构编码相同。"))
        return
    if row.parent_code in earlier_rows:
        parent = earlier_rows[row.parent_code].as_office()
    elif row.parent_code in managed:
        parent = managed[row.parent_code]
        if not parent.is_active:
            plan.add(
                row.number, "parent_code", _("上级机构“%(name)s”已撤销。") % {"name": parent.name}
            )
            return
    elif row.parent_code in in_file:
        plan.add(row.number, "parent_code", _("上级机构须写在其下级机构之前的行中。"))
        return
    else:
        plan.add(
            row.number,
            "parent_code",
            _("上级机构编码“%(code)s”不存在或不在您的管理范围内。") % {"code": row.parent_code},
        )
        return
    for message in row.as_office().parent_errors(parent).values():
        plan.add(row.number, "region_code", message)


def read_offices(file, *, actor) -> ImportPlan:
    """Parse and check an import file; the plan's errors are sorted by row and column."""
    return checked(parse_rows(file), check_rows, actor=actor)


# The template ----------------------------------------------------------------------------


def build_template() -> bytes:
    """The import template: a header row with drop-down lists, the lists, and instructions."""
    return template_bytes(TEMPLATE)


def _write_options_sheet(sheet) -> dict[str, tuple[str, int]]:
    """Kinds in A, sub-types in B (with their kind in C); returns where the drop-downs read."""
    sheet.append([_("机构类型"), _("类型细分"), _("类型细分所属机构类型")])
    kinds = [str(label) for label in OfficeKind.labels]
    subtypes = [
        (str(label), str(OfficeKind(kind).label))
        for kind, choices in SUBTYPES_BY_KIND.items()
        for label in choices.labels
    ]
    for i in range(max(len(kinds), len(subtypes))):
        kind = kinds[i] if i < len(kinds) else None
        subtype, owner = subtypes[i] if i < len(subtypes) else (None, None)
        sheet.append([kind, subtype, owner])
    for letter in "ABC":
        sheet.column_dimensions[letter].width = 28
    sheet.cell(row=1, column=1).font = Font(bold=True)
    sheet.cell(row=1, column=2).font = Font(bold=True)
    sheet.cell(row=1, column=3).font = Font(bold=True)
    return {"kind": ("A", len(kinds) + 1), "subtype": ("B", len(subtypes) + 1)}


# Two sample rows for the instructions sheet (a township office, a village committee under it).
EXAMPLES = (
    ("330102", "330102001", "甲一镇司法所", "司法所", "", "330102001", "", "", "2015-06-01"),
    (
        "330102001",
        "330102001201",
        "甲一村人民调解委员会",
        "人民调解委员会",
        "村调委会",
        "330102001201",
        "",
        "",
        "",
    ),
)


HELP_RULES = (
    gettext_lazy("1. 在“机构”工作表中每行填写一个机构，第一行表头不要修改；红色表头为必填列。"),
    gettext_lazy(
        "2. 上级机构编码：填写已有机构的编码（须在您的管理范围内），"
        "或本表中写在前面行的机构的编码。"
    ),
    gettext_lazy("3. 机构编码全系统唯一，不能与已有机构或本表其他行重复。"),
    gettext_lazy("4. 机构类型、类型细分请从下拉列表中选择；可选值见“选项”工作表。"),
    gettext_lazy("5. 人民调解委员会、法律援助工作站必须填写类型细分，其他机构类型留空。"),
    gettext_lazy(
        "6. 行政区划代码：司法局、法律援助中心、社区矫正机构、公共法律服务中心填6位县级代码；"
        "司法所填9位乡镇(街道)代码；村(社区)司法行政服务站填12位村(社区)代码；"
        "矛盾纠纷调处中心填6位或9位；其他类型填6、9或12位。"
    ),
    gettext_lazy(
        "7. 乡镇、村级代码须以上级机构的行政区划代码开头；两个6位代码须属同一省份（前两位相同）。"
    ),
    gettext_lazy("8. 成立日期填写如 2020-01-31 的日期，可留空。"),
    gettext_lazy("9. 导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
)

TEMPLATE = TemplateSheets(
    data_sheet=DATA_SHEET,
    columns=COLUMNS,
    widths={"name": 24, "address": 24},
    text_keys=("parent_code", "code", "region_code", "phone"),
    write_options=_write_options_sheet,
    help_title=gettext_lazy("机构批量导入填写说明"),
    help_rules=HELP_RULES,
    examples=EXAMPLES,
)
