"""/reports/summaries/: work-summary templates, drafts and their export (工作总结)."""

from django.urls import path

from sifa.reports import views_summary as views

urlpatterns = [
    path("summaries/", views.summary_index, name="summary_index"),
    path("summaries/templates/new/", views.summary_template_edit, name="summary_template_edit"),
    path(
        "summaries/templates/<int:pk>/", views.summary_template_edit, name="summary_template_edit"
    ),
    path(
        "summaries/templates/copy/<str:kind>/",
        views.summary_template_copy,
        name="summary_template_copy",
    ),
    path("summaries/drafts/new/", views.summary_draft_create, name="summary_draft_create"),
    path("summaries/drafts/<int:pk>/", views.summary_draft, name="summary_draft"),
    path("summaries/drafts/<int:pk>/export/", views.summary_export, name="summary_export"),
]
