from django.urls import path

from sifa.mediation.views import centre as views

urlpatterns = [
    path("centre/receptions/", views.reception_list, name="reception_list"),
    path("centre/receptions/export/", views.reception_export, name="reception_export"),
    path("centre/receptions/new/", views.reception_create, name="reception_create"),
    path("centre/petitions/", views.petition_list, name="petition_list"),
    path("centre/petitions/export/", views.petition_export, name="petition_export"),
    path("centre/petitions/new/", views.petition_create, name="petition_create"),
    path("centre/escalations/", views.escalation_list, name="escalation_list"),
    path("centre/escalations/export/", views.escalation_export, name="escalation_export"),
    path("centre/escalations/new/", views.escalation_create, name="escalation_create"),
]
