"""Administration of the agency clients (web pages for the system administrator)."""

from django.urls import path  # noqa: F401

app_name = "api_admin"
urlpatterns = []
