from django.urls import path

from sifa.mediation.views import cases as views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/export/", views.case_export, name="case_export"),
    path("cases/register/", views.case_register, name="case_register"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/agreement.docx", views.case_agreement_docx, name="case_agreement_docx"),
    path(
        "cases/<int:pk>/registration.docx",
        views.case_registration_docx,
        name="case_registration_docx",
    ),
    # One form page per action of the state machine: mediation:case_start, case_session, …
    *[
        path(
            f"cases/<int:pk>/{action.key}/",
            views.action_view(action.key),
            name=f"case_{action.key}",
        )
        for action in views.ACTIONS
    ],
]
