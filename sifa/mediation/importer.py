"""Reading and checking a historical case import file (历史案件导入), and its Excel template.

`read_cases()` parses every row and checks everything that can be checked without writing:
required cells, code-list items by their Chinese names, dates, amounts, the committee (a
mediation committee the actor may edit), ID numbers, the result columns, case numbers (unique
in the file; an existing number with the same committee and 受理日期 is marked to be skipped,
with different data it is an error). It writes nothing: `sifa.mediation.actions.imports`
writes the rows through the case actions, all of them or none.

The row/column error type, the cell readers and the file opener are the office import's
(`sifa.orgs.importer`), so both imports report errors the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sifa.core.codes import code_choices, code_labels, validate_code
from sifa.core.excel import Column, cell_date, cell_text, checked
from sifa.core.idnumber import parse_resident_id
from sifa.core.importing import (
    ImportPlan,
    TemplateSheets,
    read_sheet,
    template_bytes,
)
from sifa.mediation.constants import (
    DISPUTE_TYPE_CODE_LIST,
    SOURCE_CODE_LIST,
    AgreementForm,
    PartyRole,
)
from sifa.mediation.models import MediationCase
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people.selectors import person_find_by_id_number

DATA_SHEET = "案件"
MAX_AMOUNT = Decimal("999999999999.99")

# 结果 column: empty means the case is still in mediation.
RESULT_AGREED = "调解成功"
RESULT_FAILED = "调解不成"
RESULTS = (RESULT_AGREED, RESULT_FAILED)
# 协议形式 column: the words of the paper register.
AGREEMENT_FORMS = {"书面": AgreementForm.WRITTEN, "口头": AgreementForm.ORAL}


COLUMNS = (
    Column("number", "案件编号", False, gettext_lazy("原案件编号，全系统唯一；留空则自动编号")),
    Column("office_code", "调解组织编码", True, gettext_lazy("受理案件的人民调解委员会的机构编码")),
    Column("received_on", "受理日期", True, gettext_lazy("如 2024-03-15")),
    Column("source", "纠纷来源", True, gettext_lazy("从下拉列表中选择")),
    Column("dispute_type", "纠纷类型", True, gettext_lazy("从下拉列表中选择")),
    Column("facts", "纠纷简要情况", True),
    Column("claims", "当事人请求"),
    Column("amount", "涉及金额", False, gettext_lazy("单位：元，留空为0")),
    Column("persons_involved", "涉及人数", False, gettext_lazy("整数，留空为2")),
    Column("applicant", "申请人", True, gettext_lazy("申请人姓名")),
    Column("applicant_id", "申请人证件号码", True, gettext_lazy("居民身份证号码")),
    Column("respondent", "被申请人", True, gettext_lazy("姓名，或法人、其他组织的名称")),
    Column(
        "respondent_id",
        "被申请人证件号码",
        False,
        gettext_lazy("自然人填居民身份证号码；法人或其他组织留空"),
    ),
    Column("result", "结果", False, gettext_lazy("调解成功、调解不成；留空表示仍在调解")),
    Column("closed_on", "调结日期", False, gettext_lazy("有结果时必填，不早于受理日期")),
    Column("agreement_form", "协议形式", False, gettext_lazy("调解成功时必填：书面或口头")),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


@dataclass
class CaseRow:
    """One parsed data row; `line` is the Excel row number."""

    line: int
    number: str = ""
    office_code: str = ""
    office: Office | None = None
    received_on: date | None = None
    source: str = ""
    dispute_type: str = ""
    facts: str = ""
    claims: str = ""
    amount: Decimal = Decimal(0)
    persons_involved: int = 2
    applicant: str = ""
    applicant_id: str = ""
    respondent: str = ""
    respondent_id: str = ""
    result: str = ""
    closed_on: date | None = None
    agreement_form: str = ""
    skip: bool = False  # already imported (see `_check_numbers`, `_already_imported`)


def _names_to_codes(list_key: str) -> dict[str, str]:
    return {name.strip(): code for code, name in code_labels(list_key).items()}


class _RowReader:
    """Parses one sheet row into a CaseRow, collecting cell errors (no database lookups
    beyond the code lists)."""

    def __init__(self, plan: ImportPlan, line: int, cells: dict, codes: dict[str, dict]):
        self.plan = plan
        self.row = CaseRow(line=line)
        self.cells = cells
        self.codes = codes
        self.bad: set[str] = set()

    def error(self, key: str, message: str) -> None:
        self.plan.add(self.row.line, key, message)
        self.bad.add(key)

    def text(self, key: str) -> str:
        return cell_text(self.cells.get(key))

    def read(self) -> CaseRow:
        for column in COLUMNS:
            if column.required and not self.text(column.key):
                self.error(column.key, _("不能为空。"))
        for key in ("number", "office_code", "facts", "claims", "applicant", "respondent"):
            setattr(self.row, key, self.text(key))
        self.row.received_on = self.cell_date("received_on")
        self.row.closed_on = self.cell_date("closed_on")
        self._code("source", SOURCE_CODE_LIST)
        self._code("dispute_type", DISPUTE_TYPE_CODE_LIST)
        self._amount()
        self._persons()
        self.row.applicant_id = self._id_number("applicant_id")
        self.row.respondent_id = self._id_number("respondent_id")
        self._result()
        self._lengths()
        return self.row

    def cell_date(self, key: str) -> date | None:
        if not self.text(key):
            return None
        try:
            return cell_date(self.cells.get(key))
        except ValueError:
            self.error(key, _("日期格式应为 年-月-日。"))
            return None

    def _code(self, key: str, list_key: str) -> None:
        name = self.text(key)
        if not name:
            return
        code = self.codes[list_key].get(name)
        if code is None:
            self.error(
                key,
                _("未知的%(header)s“%(name)s”，请从下拉列表中选择。")
                % {"header": COLUMN_BY_KEY[key].header, "name": name},
            )
            return
        if self.row.received_on:
            try:
                validate_code(list_key, code, self.row.received_on)
            except ValidationError as exc:
                for message in exc.messages:
                    self.error(key, message)
                return
        setattr(self.row, key, code)

    def _amount(self) -> None:
        text = self.text("amount").replace(",", "").replace("，", "")
        if not text:
            return
        try:
            amount = Decimal(text)
        except InvalidOperation:
            self.error("amount", _("应为数字（单位：元）。"))
            return
        if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
            self.error("amount", _("应为不小于0的金额。"))
        elif amount != amount.quantize(Decimal("0.01")):
            self.error("amount", _("最多保留两位小数。"))
        else:
            self.row.amount = amount

    def _persons(self) -> None:
        text = self.text("persons_involved")
        if not text:
            return
        if not text.isdigit() or int(text) < 1:
            self.error("persons_involved", _("应为不小于1的整数。"))
        else:
            self.row.persons_involved = int(text)

    def _id_number(self, key: str) -> str:
        text = self.text(key)
        if not text:
            return ""
        try:
            return parse_resident_id(text).number
        except ValidationError as exc:
            for message in exc.messages:
                self.error(key, message)
            return ""

    def _result(self) -> None:
        row = self.row
        row.result = self.text("result")
        form_text = self.text("agreement_form")
        if row.result and row.result not in RESULTS:
            self.error("result", _("应为“调解成功”“调解不成”或留空（仍在调解）。"))
            return
        if row.result and not self.text("closed_on"):
            self.error("closed_on", _("有调解结果时必须填写调结日期。"))
        if not row.result and self.text("closed_on"):
            self.error("closed_on", _("仍在调解的案件不填调结日期。"))
        if row.closed_on and row.received_on and row.closed_on < row.received_on:
            self.error("closed_on", _("调结日期不能早于受理日期。"))
        if row.result == RESULT_AGREED:
            form = AGREEMENT_FORMS.get(form_text.replace("协议", ""))
            if form is None:
                self.error("agreement_form", _("调解成功的案件应填写“书面”或“口头”。"))
            row.agreement_form = form or ""
        elif form_text:
            self.error("agreement_form", _("只有调解成功的案件填写协议形式。"))
        if row.applicant_id and row.applicant_id == row.respondent_id:
            self.error("respondent_id", _("被申请人与申请人的证件号码相同。"))

    def _lengths(self) -> None:
        limits = {"number": 40, "applicant": 50, "respondent": 100}
        for key, limit in limits.items():
            if len(getattr(self.row, key)) > limit:
                self.error(key, _("不能超过%(n)d个字。") % {"n": limit})


def parse_rows(file) -> ImportPlan:
    """Read the data sheet: every row parsed, every cell-level error collected."""
    codes = {}

    def read_row(plan, line, cells):
        if not codes:  # the code lists are read once, and only for a readable sheet
            codes.update(
                {key: _names_to_codes(key) for key in (SOURCE_CODE_LIST, DISPUTE_TYPE_CODE_LIST)}
            )
        return _RowReader(plan, line, cells, codes).read()

    return read_sheet(file, sheet_name=DATA_SHEET, columns=COLUMNS, read_row=read_row)


def check_rows(plan: ImportPlan, *, actor) -> None:
    """Checks against the database and across rows: committees and case numbers."""
    codes = {r.office_code for r in plan.rows if r.office_code}
    # Only committees the actor may edit are found: an office outside that scope gets the
    # same answer as a code that does not exist, so the import discloses nothing.
    editable = {
        o.code: o
        for o in access.visible_offices(actor, Cap.EDIT, line="mediation").filter(code__in=codes)
    }
    for row in plan.rows:
        _check_office(plan, row, editable)
    _check_numbers(plan)
    for row in plan.rows:
        if not row.number and row.office and _already_imported(actor, row):
            row.skip = True


def _check_office(plan: ImportPlan, row: CaseRow, editable: dict[str, Office]) -> None:
    if not row.office_code:
        return
    office = editable.get(row.office_code)
    if office is None:
        message = _("调解组织编码“%(code)s”不存在或不在您的管理范围内。")
        plan.add(row.line, "office_code", message % {"code": row.office_code})
    elif office.kind != OfficeKind.MEDIATION_COMMITTEE:
        message = _("“%(name)s”不是人民调解委员会。")
        plan.add(row.line, "office_code", message % {"name": office.name})
    elif not office.is_active:
        plan.add(row.line, "office_code", _("“%(name)s”已撤销。") % {"name": office.name})
    else:
        row.office = office


def _check_numbers(plan: ImportPlan) -> None:
    """A number appears once in the file; an existing one is skipped only if it is the same
    case (committee and 受理日期), otherwise it is an error."""
    numbers = {r.number for r in plan.rows if r.number}
    existing = {
        case.number: case
        for case in MediationCase.objects.filter(number__in=numbers).select_related("office")
    }
    first_line: dict[str, int] = {}
    for row in plan.rows:
        if not row.number:
            continue
        if row.number in first_line:
            message = _("案件编号“%(number)s”与第%(n)d行重复。")
            plan.add(
                row.line, "number", message % {"number": row.number, "n": first_line[row.number]}
            )
            continue
        first_line[row.number] = row.line
        case = existing.get(row.number)
        if case is None:
            continue
        if case.office.code == row.office_code and case.received_on == row.received_on:
            row.skip = True
        else:
            message = _("案件编号“%(number)s”已被另一案件使用（调解组织或受理日期不同）。")
            plan.add(row.line, "number", message % {"number": row.number})


def _already_imported(actor, row: CaseRow) -> bool:
    """A row without a 案件编号 is the same case when the committee, 受理日期, 纠纷简要情况
    and the applicant (by ID number) all match: so a re-import adds no duplicate."""
    applicant = person_find_by_id_number(actor=actor, id_number=row.applicant_id)
    if applicant is None:
        return False
    return MediationCase.objects.filter(
        office=row.office,
        received_on=row.received_on,
        facts=row.facts,
        parties__role=PartyRole.APPLICANT,
        parties__person=applicant,
    ).exists()


def read_cases(file, *, actor) -> ImportPlan:
    """Parse and check an import file; the plan's errors are sorted by row and column."""
    return checked(parse_rows(file), check_rows, actor=actor)


# The template ----------------------------------------------------------------------------


def build_template() -> bytes:
    """The import template: the header row with drop-down lists, the lists, instructions."""
    return template_bytes(TEMPLATE)


def _write_options_sheet(sheet) -> dict[str, tuple[str, int]]:
    """One list per column; returns {column key: (options column letter, last row)}."""
    lists = {
        "source": [name for _code, name in code_choices(SOURCE_CODE_LIST)],
        "dispute_type": [name for _code, name in code_choices(DISPUTE_TYPE_CODE_LIST)],
        "result": list(RESULTS),
        "agreement_form": list(AGREEMENT_FORMS),
    }
    placed = {}
    for index, (key, items) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=COLUMN_BY_KEY[key].header).font = Font(bold=True)
        for offset, item in enumerate(items, start=2):
            sheet.cell(row=offset, column=index, value=item)
        sheet.column_dimensions[letter].width = 24
        placed[key] = (letter, max(len(items), 1) + 1)
    return placed


HELP_RULES = (
    gettext_lazy("1. 在“案件”工作表中每行填写一件纠纷，第一行表头不要修改；红色表头为必填列。"),
    gettext_lazy("2. 调解组织编码：您有权登记案件的人民调解委员会的机构编码。"),
    gettext_lazy("3. 纠纷来源、纠纷类型、结果、协议形式请从下拉列表中选择；可选值见“选项”工作表。"),
    gettext_lazy("4. 日期填写如 2024-03-15 的日期；调结日期不能早于受理日期，也不能晚于今天。"),
    gettext_lazy("5. 申请人须填写居民身份证号码；被申请人为法人或其他组织时，证件号码留空。"),
    gettext_lazy("6. 人员信息库中已有该证件号码的人员时直接使用，否则按姓名和证件号码登记。"),
    gettext_lazy(
        "7. 结果：调解成功须填写调结日期和协议形式（书面协议的当事人签名、调解员签名、"
        "盖章日期均按调结日期记录）；调解不成须填写调结日期；留空表示仍在调解。"
    ),
    gettext_lazy("8. 受理日期当天该调委会须有在任的人民调解员，系统将其指定为承办调解员。"),
    gettext_lazy(
        "9. 重复导入同一文件不会重复登记：案件编号已存在且调解组织、受理日期相同的行"
        "将跳过；案件编号已被其他案件使用的行为错误。"
    ),
    gettext_lazy("10. 导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
)

TEMPLATE = TemplateSheets(
    data_sheet=DATA_SHEET,
    columns=COLUMNS,
    widths={"facts": 30, "claims": 30, "respondent": 30},
    text_keys=("number", "office_code", "applicant_id", "respondent_id"),
    write_options=_write_options_sheet,
    help_title=gettext_lazy("历史案件导入填写说明"),
    help_rules=HELP_RULES,
)
