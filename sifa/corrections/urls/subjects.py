from sifa.core.url_kit import action_pages, page, register_pages
from sifa.corrections.views import subjects as views

urlpatterns = [
    *register_pages("subjects", "subject", views),
    page("subjects/<int:pk>/team/<int:member_pk>/remove/", views.subject_team_remove),
    page("subjects/<int:pk>/documents/<str:kind>.docx", views.subject_document),
    # One form page per action: corrections:subject_report, subject_announce, …
    *action_pages("subjects", "subject", views),
]
