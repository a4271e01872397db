"""URLs of the practice line, under the "practice" namespace."""

from django.urls import path

from sifa.practice.views import advisers, discipline, matters
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
    # complaints and discipline (投诉与惩戒)
    path("complaints/", discipline.complaint_list, name="complaint_list"),
    path("complaints/receive/", discipline.complaint_receive, name="complaint_receive"),
    path("complaints/<int:pk>/", discipline.complaint_detail, name="complaint_detail"),
    path(
        "complaints/<int:pk>/investigate/",
        discipline.complaint_investigate,
        name="complaint_investigate",
    ),
    path("complaints/<int:pk>/conclude/", discipline.complaint_conclude, name="complaint_conclude"),
    path("sanctions/", discipline.sanction_list, name="sanction_list"),
    path("sanctions/<int:pk>/", discipline.sanction_detail, name="sanction_detail"),
    path("sanctions/<int:pk>/decide/", discipline.sanction_decide, name="sanction_decide"),
    path("sanctions/<int:pk>/withdraw/", discipline.sanction_withdraw, name="sanction_withdraw"),
    path("sanctions/<int:pk>/annul/", discipline.sanction_annul, name="sanction_annul"),
    path(
        "practitioners/<int:pk>/sanctions/add/",
        discipline.sanction_propose,
        name="sanction_propose",
    ),
    path(
        "institutions/<int:pk>/sanctions/add/",
        discipline.institution_sanction_propose,
        name="institution_sanction_propose",
    ),
    # 村(社区)法律顾问 (docs/practice.md, "Village legal advisers")
    path("advisers/", advisers.contract_list, name="adviser_contract_list"),
    path("advisers/sign/", advisers.contract_sign, name="adviser_contract_sign"),
    path("advisers/<int:pk>/", advisers.contract_detail, name="adviser_contract_detail"),
    path("advisers/<int:pk>/renew/", advisers.contract_renew, name="adviser_contract_renew"),
    path("advisers/<int:pk>/end/", advisers.contract_end, name="adviser_contract_end"),
    path("advisers/<int:pk>/logs/add/", advisers.log_add, name="adviser_log_add"),
    path("advisers/logs/", advisers.log_list, name="adviser_log_list"),
    path("advisers/logs/<int:pk>/edit/", advisers.log_edit, name="adviser_log_edit"),
    path("advisers/coverage/", advisers.coverage, name="adviser_coverage"),
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

# Integrity file (诚信档案) — sifa/practice/views/integrity.py
from sifa.practice.views import integrity  # noqa: E402

urlpatterns += [
    path("institutions/<int:pk>/file/", integrity.institution_file, name="institution_file"),
    path("institutions/<int:pk>/rewards/add/", integrity.reward_add, name="reward_add"),
    path(
        "institutions/<int:pk>/public-service/add/",
        integrity.public_service_add,
        name="public_service_add",
    ),
    path("practitioners/<int:pk>/file/", integrity.practitioner_file, name="practitioner_file"),
    path("complaints/<int:pk>/publish/", integrity.complaint_publish, name="complaint_publish"),
    path(
        "complaints/<int:pk>/unpublish/",
        integrity.complaint_unpublish,
        name="complaint_unpublish",
    ),
]
