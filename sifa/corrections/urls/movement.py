"""外出, 经常性跨市县活动, 执行地变更 and 电子定位 pages (namespace "corrections")."""

from django.urls import path

from sifa.core.url_kit import page
from sifa.corrections.views import movement as views

urlpatterns = [
    page("leaves/", views.leave_list),
    page("subjects/<int:pk>/leaves/new/", views.leave_add),
    page("leaves/<int:pk>/decide/", views.leave_decide),
    page("leaves/<int:pk>/return/", views.leave_return),
    page("subjects/<int:pk>/crossings/new/", views.crossing_add),
    page("place-changes/", views.place_change_list),
    page("subjects/<int:pk>/place-changes/new/", views.place_change_add),
    page("place-changes/<int:pk>/", views.place_change_detail),
    path(
        "place-changes/<int:pk>/request/", views.place_change_request, name="place_change_request"
    ),
    path("place-changes/<int:pk>/reply/", views.place_change_reply, name="place_change_reply"),
    path("place-changes/<int:pk>/decide/", views.place_change_decide, name="place_change_decide"),
    path("place-changes/<int:pk>/report/", views.place_change_report, name="place_change_report"),
    page("subjects/<int:pk>/monitoring/new/", views.monitoring_add),
    page("monitoring/<int:pk>/extend/", views.monitoring_extend),
    page("monitoring/<int:pk>/release/", views.monitoring_release),
]
