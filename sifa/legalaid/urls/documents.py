from django.urls import path

from sifa.legalaid.views import documents as views

urlpatterns = [
    path(
        "applications/<int:pk>/documents/<str:kind>.docx",
        views.application_document,
        name="application_document",
    ),
]
