"""外出, 经常性跨市县活动, 执行地变更 and 电子定位 pages (namespace "corrections")."""

from django.urls import path

from sifa.corrections.views import movement as views

urlpatterns = [
    path("leaves/", views.leave_list, name="leave_list"),
    path("subjects/<int:pk>/leaves/new/", views.leave_add, name="leave_add"),
    path("leaves/<int:pk>/decide/", views.leave_decide, name="leave_decide"),
    path("leaves/<int:pk>/return/", views.leave_return, name="leave_return"),
    path("subjects/<int:pk>/crossings/new/", views.crossing_add, name="crossing_add"),
    path("place-changes/", views.place_change_list, name="place_change_list"),
    path("subjects/<int:pk>/place-changes/new/", views.place_change_add, name="place_change_add"),
    path("place-changes/<int:pk>/", views.place_change_detail, name="place_change_detail"),
    path(
        "place-changes/<int:pk>/request/",
        views.place_change_request,
        name="place_change_request",
    ),
    path("place-changes/<int:pk>/reply/", views.place_change_reply, name="place_change_reply"),
    path("place-changes/<int:pk>/decide/", views.place_change_decide, name="place_change_decide"),
    path("place-changes/<int:pk>/report/", views.place_change_report, name="place_change_report"),
    path("subjects/<int:pk>/monitoring/new/", views.monitoring_add, name="monitoring_add"),
    path("monitoring/<int:pk>/extend/", views.monitoring_extend, name="monitoring_extend"),
    path("monitoring/<int:pk>/release/", views.monitoring_release, name="monitoring_release"),
]
