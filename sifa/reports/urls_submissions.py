"""/reports/submissions/ (月报上报与审核) and /reports/consistency/ (数据一致性核查)."""

from django.urls import path

from sifa.reports import views_submissions as views

urlpatterns = [
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/submit/", views.submission_submit, name="submission_submit"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("submissions/<int:pk>/check/", views.submission_check, name="submission_check"),
    path("consistency/", views.consistency_page, name="consistency"),
    path("consistency/check/", views.consistency_check_all, name="consistency_check_all"),
]
