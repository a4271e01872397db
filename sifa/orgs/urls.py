from django.urls import path

from sifa.core import views_imports
from sifa.orgs import views
from sifa.orgs.actions import OFFICE_IMPORT

app_name = "orgs"
urlpatterns = [
    path("", views.office_list, name="office_list"),
    path("<int:pk>/", views.office_detail, name="office_detail"),
    path("<int:pk>/add/", views.office_create, name="office_create"),
    path("<int:pk>/edit/", views.office_edit, name="office_edit"),
    path("<int:pk>/deactivate/", views.office_deactivate, name="office_deactivate"),
    # 批量导入机构: the import kit's pages for this import (sifa.core.views_imports).
    path("import/", views_imports.upload, {"kind": OFFICE_IMPORT}, name="office_import"),
    path(
        "import/template/",
        views_imports.template,
        {"kind": OFFICE_IMPORT},
        name="office_import_template",
    ),
]
