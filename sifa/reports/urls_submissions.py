"""/reports/submissions/ (月报上报与审核) and /reports/consistency/ (数据一致性核查)."""

from django.urls import path

from sifa.core.url_kit import page
from sifa.reports import views_submissions as views

urlpatterns = [
    page("submissions/", views.submission_list),
    page("submissions/submit/", views.submission_submit),
    page("submissions/<int:pk>/", views.submission_detail),
    page("submissions/<int:pk>/review/", views.submission_review),
    page("submissions/<int:pk>/check/", views.submission_check),
    path("consistency/", views.consistency_page, name="consistency"),
    page("consistency/check/", views.consistency_check_all),
]
