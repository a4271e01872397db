"""The device endpoint of the corrections line (token-authenticated, no session)."""

from django.urls import path

from sifa.corrections.views import api as views

urlpatterns = [
    path("api/check-ins/", views.check_in, name="api_check_in"),
]
