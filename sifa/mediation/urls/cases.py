from sifa.core.url_kit import action_pages, page, register_pages
from sifa.mediation.views import cases as views

urlpatterns = [
    *register_pages("cases", "case", views),
    page("cases/<int:pk>/agreement.docx", views.case_agreement_docx),
    page("cases/<int:pk>/registration.docx", views.case_registration_docx),
    page("cases/confirmations/<int:pk>/application.docx", views.case_confirmation_application_docx),
    # One form page per action of the state machine: mediation:case_start, case_session, …
    *action_pages("cases", "case", views),
]
