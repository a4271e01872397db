from django.urls import path

from sifa.core import views_imports
from sifa.core.url_kit import page
from sifa.orgs import views
from sifa.orgs.actions import OFFICE_IMPORT

app_name = "orgs"
urlpatterns = [
    page("", views.office_list),
    page("<int:pk>/", views.office_detail),
    page("<int:pk>/add/", views.office_create),
    page("<int:pk>/edit/", views.office_edit),
    page("<int:pk>/deactivate/", views.office_deactivate),
    # 批量导入机构: the import kit's pages for this import (sifa.core.views_imports).
    path("import/", views_imports.upload, {"kind": OFFICE_IMPORT}, name="office_import"),
    path(
        "import/template/",
        views_imports.template,
        {"kind": OFFICE_IMPORT},
        name="office_import_template",
    ),
]
