"""/reports/dashboard/: the leader dashboard (领导驾驶舱)."""

from django.urls import path

from sifa.reports import views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard_view, name="dashboard"),
    path("dashboard/todos/", views_dashboard.dashboard_todos_view, name="dashboard_todos"),
]
