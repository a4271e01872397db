"""What every all-or-nothing Excel import shares beyond `sifa.core.excel`: the plan a file is read
into, the template workbook (data sheet, drop-down lists, instructions) and the upload page's round
trip. Kept apart from `excel.py` so that module stays the reader and checker only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sifa.core import tasks
from sifa.core.excel import (
    IMPORT_MAX_ROWS,
    Column,
    RowError,
    read_data_sheet,
    workbook_to_bytes,
    write_template_header,
)
from sifa.core.forms import ImportForm

OPTIONS_SHEET = "选项"
HELP_SHEET = "填写说明"
TEMPLATE_ROWS = 1000  # rows of the template that carry the drop-down lists


@dataclass
class ImportPlan:
    """A file read for import: its rows, every error found, and each column's Excel letter."""

    columns: Sequence[Column]
    rows: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column key -> Excel letter

    def add(self, line: int, key: str | None, message: str) -> None:
        """An error of the row at `line`, in column `key` (None: the row as a whole)."""
        if key is None:
            self.errors.append(RowError(message, line))
            return
        header = next(c.header for c in self.columns if c.key == key)
        self.errors.append(RowError(message, line, self.letters.get(key, ""), header))


def read_sheet(file, *, sheet_name: str, columns: Sequence[Column], read_row) -> ImportPlan:
    """Read the data sheet into a new plan; `read_row(plan, line, cells)` parses one row (filing
    its own cell errors in the plan) and returns it."""
    plan = ImportPlan(columns)
    read_data_sheet(
        file,
        plan,
        sheet_name=sheet_name,
        columns=columns,
        read_row=lambda line, cells: read_row(plan, line, cells),
        max_rows=IMPORT_MAX_ROWS,
    )
    return plan


@dataclass(frozen=True)
class TemplateSheets:
    """What a line's import template holds beyond its columns. `write_options(sheet)` fills the
    options sheet and returns {column key: (options column letter, last row)} for the drop-downs;
    `help_title` and `help_rules` head the instructions; `examples` are sample data rows."""

    data_sheet: str
    columns: Sequence[Column]
    widths: dict[str, int]
    text_keys: tuple[str, ...]
    write_options: Callable[[object], dict[str, tuple[str, int]]]
    help_title: str
    help_rules: Sequence[str]
    examples: Sequence[Sequence] = ()


def template_bytes(template: TemplateSheets) -> bytes:
    """The import template: the header row with drop-down lists, the lists, instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = template.data_sheet
    write_template_header(
        sheet, template.columns, widths=template.widths, text_keys=template.text_keys
    )
    lists = template.write_options(workbook.create_sheet(OPTIONS_SHEET))
    _write_help_sheet(workbook.create_sheet(HELP_SHEET), template)
    keys = [c.key for c in template.columns]
    for key, (source, last_row) in lists.items():
        letter = get_column_letter(keys.index(key) + 1)
        options = (OPTIONS_SHEET, source, last_row)
        add_list_validation(sheet, letter, options=options, rows=TEMPLATE_ROWS)
    return workbook_to_bytes(workbook)


def _write_help_sheet(sheet, template: TemplateSheets) -> None:
    """The title, the rules, one line per column (required or not, its note), the examples."""
    for line in [template.help_title, "", *template.help_rules, "", _("各列说明：")]:
        sheet.append([str(line)])  # lazy translations, read in the language of the request
    for column in template.columns:
        required = _("必填") if column.required else _("选填")
        note = f"：{column.note}" if column.note else ""
        sheet.append([f"{column.header}（{required}）{note}"])
    if template.examples:
        sheet.append([""])
        sheet.append([_("示例（请勿填在本工作表）：")])
        sheet.append([c.header for c in template.columns])
        for example in template.examples:
            sheet.append(list(example))
    sheet.column_dimensions["A"].width = 100
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for row in sheet.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True)


def add_list_validation(sheet, column: str, *, options: tuple[str, str, int], rows: int) -> None:
    """Make the template's `column` (a letter) a drop-down for its first `rows` data rows.
    `options` says where the values stand: (sheet name, column letter, last row); from row 2."""
    options_sheet, letter, last_row = options
    validation = DataValidation(
        type="list",
        formula1=f"'{options_sheet}'!${letter}$2:${letter}${last_row}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("无效的值"),
        error=_("请从下拉列表中选择。"),
    )
    validation.add(f"{column}2:{column}{rows + 1}")
    sheet.add_data_validation(validation)


def import_upload(request, run: Callable[[object], object]):
    """The upload page's round trip: on a valid POST call `run(file)`. Returns the form to show,
    the errors (every one, by row and column, when nothing was imported) and what `run` returned
    (None unless it imported; the form is then empty again). In a background job (a large file,
    sifa.core.tasks) the errors are raised instead, and the job fails with them."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return form, [], None
    try:
        result = run(form.cleaned_data["file"])
    except ValidationError as error:
        if tasks.in_job():  # a background import fails with every error; nothing was written
            raise
        return form, error.messages, None
    tasks.note(_("导入完成：文件中的数据已全部导入。"))
    return ImportForm(), [], result
