"""Administration of the agency clients (web pages for the system administrator)."""

from django.urls import path

from sifa.api import views_admin as views

app_name = "api_admin"
urlpatterns = [
    path("", views.client_list, name="client_list"),
    path("new/", views.client_create, name="client_create"),
    path("<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("<int:pk>/rotate/", views.client_rotate, name="client_rotate"),
    path("<int:pk>/revoke/", views.client_revoke, name="client_revoke"),
    path("log/", views.request_log, name="request_log"),
]
