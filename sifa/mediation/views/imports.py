"""历史案件导入 page and its Excel template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.excel import CONTENT_TYPE as XLSX
from sifa.core.importing import import_upload
from sifa.core.tasks import large_upload, runs_in_background
from sifa.core.views import download
from sifa.mediation import importer
from sifa.mediation.actions import imports as actions
from sifa.orgs import access
from sifa.orgs.access import Cap

TEMPLATE_FILENAME = "历史案件导入模板.xlsx"


def _require_edit_anywhere(user) -> None:
    if not access.has_capability_anywhere(user, Cap.EDIT, line="mediation"):
        raise PermissionDenied(_("您没有登记纠纷的权限。"))


@login_required
@require_http_methods(["GET", "POST"])
@runs_in_background(gettext_lazy("导入历史调解案件"), when=large_upload)
def case_import(request):
    """导入历史案件: every row checked first; all rows imported, or none with every error."""
    _require_edit_anywhere(request.user)
    form, errors, result = import_upload(
        request, lambda file: actions.case_import(actor=request.user, file=file)
    )
    context = {
        "form": form,
        "errors": errors,
        "result": result,
        "columns": importer.COLUMNS,
    }
    return render(request, "mediation/imports/case_import.html", context)


@login_required
def case_import_template(request):
    """The Excel template of the import, with drop-down lists and instructions."""
    _require_edit_anywhere(request.user)
    return download(importer.build_template(), TEMPLATE_FILENAME, content_type=XLSX)
