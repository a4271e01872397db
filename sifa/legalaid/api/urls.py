"""/api/v1/ routes of the legal-aid exchange (通知辩护/代理)."""

from django.urls import path, re_path

from sifa.legalaid.api import views as views_legalaid

# The record's route takes any text, so that a malformed one is this API's JSON 404 rather
# than the site's HTML page (a newline or a slash included).
urlpatterns = [
    path(
        "defence-notifications/",
        views_legalaid.DefenceNotificationListView.as_view(),
        name="defence_notifications",
    ),
    re_path(
        r"^defence-notifications/(?P<number>[\s\S]+)/$",
        views_legalaid.DefenceNotificationDetailView.as_view(),
        name="defence_notification",
    ),
]
