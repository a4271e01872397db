from django.urls import path

from sifa.core.url_kit import action_pages, register_pages
from sifa.mediation.views import cases as views

urlpatterns = [
    *register_pages("cases", "case", views),
    path("cases/<int:pk>/agreement.docx", views.case_agreement_docx, name="case_agreement_docx"),
    path(
        "cases/<int:pk>/registration.docx",
        views.case_registration_docx,
        name="case_registration_docx",
    ),
    path(
        "cases/confirmations/<int:pk>/application.docx",
        views.case_confirmation_application_docx,
        name="case_confirmation_application_docx",
    ),
    # One form page per action of the state machine: mediation:case_start, case_session, …
    *action_pages("cases", "case", views),
]
