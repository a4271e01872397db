"""Public legal-aid pages (namespace "legalaid_portal", mounted at /public/legal-aid/)."""

from django.urls import path

from sifa.legalaid.views import portal as views

urlpatterns = [
    path("", views.check, name="check"),
    path("apply/", views.apply, name="apply"),
    path("status/", views.status, name="status"),
]
