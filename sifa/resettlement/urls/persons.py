"""URLs of 安置帮教对象 and the prisons' release-notice API (resettlement namespace)."""

from django.urls import path

from sifa.core.url_kit import action_pages, page, register_pages
from sifa.resettlement.views import api
from sifa.resettlement.views import persons as views


def _dashed(key: str) -> str:
    return key.replace("_", "-")


urlpatterns = [
    page("persons/pre-release/", views.person_pre_release),
    *register_pages("persons", "person", views),
    path(
        "persons/<int:pk>/team/<int:member_pk>/remove/",
        views.team_member_remove,
        name="person_team_remove",
    ),
    # One form page per action: resettlement:person_connect, person_end, …
    *action_pages("persons", "person", views, slug=_dashed),
    path("api/release-notices/", api.release_notice, name="api_release_notice"),
]
