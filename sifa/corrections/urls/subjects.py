from django.urls import path

from sifa.core.url_kit import action_pages, register_pages
from sifa.corrections.views import subjects as views

urlpatterns = [
    *register_pages("subjects", "subject", views),
    path(
        "subjects/<int:pk>/team/<int:member_pk>/remove/",
        views.subject_team_remove,
        name="subject_team_remove",
    ),
    path(
        "subjects/<int:pk>/documents/<str:kind>.docx",
        views.subject_document,
        name="subject_document",
    ),
    # One form page per action: corrections:subject_report, subject_announce, …
    *action_pages("subjects", "subject", views),
]
