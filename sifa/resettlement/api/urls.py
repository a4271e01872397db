"""/api/v1/ routes of the resettlement exchange (刑满释放通知)."""

from django.urls import path, re_path

from sifa.resettlement.api import views as views_resettlement

# The record's route takes any text, so that a malformed one is this API's JSON 404 rather
# than the site's HTML page (a newline or a slash included).
urlpatterns = [
    path(
        "release-notices/",
        views_resettlement.ReleaseNoticeCreateView.as_view(),
        name="release_notices",
    ),
    re_path(
        r"^release-notices/(?P<pk>[\s\S]+)/$",
        views_resettlement.ReleaseNoticeDetailView.as_view(),
        name="release_notice",
    ),
]
