from django.urls import path

from sifa.audit import views

app_name = "audit"
urlpatterns = [
    path("logins/", views.auth_events, name="auth_events"),
    path("access/", views.access_logs, name="access_logs"),
    path("changes/", views.changes, name="changes"),
]
