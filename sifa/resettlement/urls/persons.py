"""URLs of 安置帮教对象 and the prisons' release-notice API (resettlement namespace)."""

from django.urls import path

from sifa.resettlement.views import api
from sifa.resettlement.views import persons as views

urlpatterns = [
    path("persons/", views.person_list, name="person_list"),
    path("persons/export/", views.person_export, name="person_export"),
    path("persons/register/", views.person_register, name="person_register"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path(
        "persons/<int:pk>/team/<int:member_pk>/remove/",
        views.team_member_remove,
        name="person_team_remove",
    ),
    # One form page per action: resettlement:person_connect, person_end, …
    *[
        path(
            f"persons/<int:pk>/{action.key.replace('_', '-')}/",
            views.action_view(action.key),
            name=f"person_{action.key}",
        )
        for action in views.ACTIONS
    ],
    path("api/release-notices/", api.release_notice, name="api_release_notice"),
]
