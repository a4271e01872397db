"""/api/v1/ routes of the statistics exchange (指标数值、月报)."""

from django.urls import path, re_path

from sifa.api import views_stats

# The record's route takes any text, so that a malformed one is this API's JSON 404 rather
# than the site's HTML page (a newline or a slash included).
urlpatterns = [
    path(
        "statistics/indicators/",
        views_stats.IndicatorValuesView.as_view(),
        name="statistics_indicators",
    ),
    path("statistics/reports/", views_stats.ReportListView.as_view(), name="statistics_reports"),
    re_path(
        r"^statistics/reports/(?P<pk>[\s\S]+)/$",
        views_stats.ReportDetailView.as_view(),
        name="statistics_report",
    ),
]
