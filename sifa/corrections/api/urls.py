"""/api/v1/ corrections exchanges (社区矫正): commissions, judgment notices, check-ins.

A path number matches any characters (`ANY`, newlines and encoded slashes included) and is
checked by the view, so a malformed number is the API's JSON 404, not the site's HTML page.
The adoption route comes first: it would otherwise be read as a commission number.
"""

from django.urls import path, re_path

from sifa.corrections.api import views

ANY = r"(?P<number>[\s\S]+)"

urlpatterns = [
    path("investigations/", views.CommissionListView.as_view(), name="investigations"),
    re_path(
        rf"^investigations/{ANY}/adoption/$",
        views.CommissionAdoptionView.as_view(),
        name="investigation_adoption",
    ),
    re_path(
        rf"^investigations/{ANY}/$", views.CommissionDetailView.as_view(), name="investigation"
    ),
    path("judgment-notices/", views.JudgmentNoticeListView.as_view(), name="judgment_notices"),
    re_path(
        rf"^judgment-notices/{ANY}/$",
        views.JudgmentNoticeDetailView.as_view(),
        name="judgment_notice",
    ),
    path("check-ins/", views.CheckInView.as_view(), name="check_ins"),
]
