from django.urls import path

from sifa.corrections.views import subjects as views

urlpatterns = [
    path("subjects/", views.subject_list, name="subject_list"),
    path("subjects/export/", views.subject_export, name="subject_export"),
    path("subjects/register/", views.subject_register, name="subject_register"),
    path("subjects/<int:pk>/", views.subject_detail, name="subject_detail"),
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
    *[
        path(
            f"subjects/<int:pk>/{action.key}/",
            views.action_view(action.key),
            name=f"subject_{action.key}",
        )
        for action in views.ACTIONS
    ],
]
