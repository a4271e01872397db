from django.urls import path

from sifa.mediation.views import analysis as views

urlpatterns = [
    path("analysis/", views.analysis_page, name="analysis"),
]
