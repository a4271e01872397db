"""What every all-or-nothing Excel import shares beyond `sifa.core.excel`: the drop-down lists of
its template and the upload page's round trip. Kept apart from `excel.py` so that module stays the
reader and checker only."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.worksheet.datavalidation import DataValidation

from sifa.core.forms import ImportForm


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
    (None unless it imported; the form is then empty again)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return form, [], None
    try:
        result = run(form.cleaned_data["file"])
    except ValidationError as error:
        return form, error.messages, None
    return ImportForm(), [], result
