"""/reports/summaries/: work-summary templates, drafts and their export (工作总结)."""

from sifa.core.url_kit import page
from sifa.reports import views_summary as views

urlpatterns = [
    page("summaries/", views.summary_index),
    page("summaries/templates/new/", views.summary_template_edit),
    page("summaries/templates/<int:pk>/", views.summary_template_edit),
    page("summaries/templates/copy/<str:kind>/", views.summary_template_copy),
    page("summaries/drafts/new/", views.summary_draft_create),
    page("summaries/drafts/<int:pk>/", views.summary_draft),
    page("summaries/drafts/<int:pk>/export/", views.summary_export),
]
