"""URLs of the practice line, under the "practice" namespace."""

from django.urls import path

from sifa.practice.views import matters
from sifa.practice.views import registers as views

app_name = "practice"

urlpatterns = [
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/register/", views.institution_register, name="institution_register"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/matters/add/", views.matter_add, name="matter_add"),
    path("institutions/<int:pk>/status/", views.institution_status, name="institution_status"),
    path("matters/", matters.matter_list, name="matter_list"),
    path("matters/export/", matters.matter_export, name="matter_export"),
    path("matters/<int:pk>/edit/", views.matter_edit, name="matter_edit"),
    path(
        "institutions/<int:pk>/practitioners/add/",
        views.practitioner_register,
        name="practitioner_register",
    ),
    path("practitioners/", views.practitioner_list, name="practitioner_list"),
    path("practitioners/<int:pk>/", views.practitioner_detail, name="practitioner_detail"),
    path(
        "practitioners/<int:pk>/transfer/",
        views.practitioner_transfer,
        name="practitioner_transfer",
    ),
    path("practitioners/<int:pk>/cancel/", views.practitioner_cancel, name="practitioner_cancel"),
]

# Annual inspection (年度检查考核) — sifa/practice/views/inspection.py
from sifa.practice.views import inspection  # noqa: E402

urlpatterns += [
    path("inspections/", inspection.inspection_list, name="inspection_list"),
    path("inspections/open/", inspection.inspection_open, name="inspection_open"),
    path("inspections/<int:pk>/", inspection.inspection_detail, name="inspection_detail"),
    path(
        "inspection-submissions/<int:pk>/", inspection.submission_detail, name="submission_detail"
    ),
    path(
        "inspection-submissions/<int:pk>/submit/",
        inspection.submission_submit,
        name="submission_submit",
    ),
    path(
        "inspection-submissions/<int:pk>/review/",
        inspection.submission_review,
        name="submission_review",
    ),
    path(
        "inspection-submissions/<int:pk>/decide/",
        inspection.submission_decide,
        name="submission_decide",
    ),
    path(
        "inspection-submissions/<int:pk>/materials/<int:material_pk>/",
        inspection.material_download,
        name="submission_material",
    ),
]
