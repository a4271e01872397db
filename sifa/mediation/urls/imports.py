from django.urls import path

from sifa.core import views_imports
from sifa.mediation.actions.imports import CASE_IMPORT

# 导入调解案件: the import kit's pages for this import (sifa.core.views_imports).
urlpatterns = [
    path("cases/import/", views_imports.upload, {"kind": CASE_IMPORT}, name="case_import"),
    path(
        "cases/import/template.xlsx",
        views_imports.template,
        {"kind": CASE_IMPORT},
        name="case_import_template",
    ),
]
