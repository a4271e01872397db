"""/reports/: each part has its own URL module (forms, submissions, dashboard, summaries)."""

from sifa.reports import urls_dashboard, urls_forms, urls_submissions, urls_summary

app_name = "reports"
urlpatterns = [
    *urls_forms.urlpatterns,
    *urls_submissions.urlpatterns,
    *urls_dashboard.urlpatterns,
    *urls_summary.urlpatterns,
]
