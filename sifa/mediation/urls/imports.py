from django.urls import path

from sifa.mediation.views import imports as views

urlpatterns = [
    path("cases/import/", views.case_import, name="case_import"),
    path("cases/import/template.xlsx", views.case_import_template, name="case_import_template"),
]
