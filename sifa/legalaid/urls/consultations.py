from django.urls import path

from sifa.core.url_kit import page
from sifa.legalaid.views import consultations as views

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/export/", views.consultation_export, name="consultation_export"),
    page("consultations/new/", views.consultation_register),
    page("consultations/<int:pk>/", views.consultation_detail),
    page("consultations/<int:pk>/edit/", views.consultation_edit),
    page("consultations/<int:pk>/follow-up/", views.consultation_follow_up),
    page("consultations/<int:pk>/reveal-phone/", views.consultation_reveal_phone),
    page("consultations/<int:pk>/person/", views.consultation_link_person),
    page("consultations/<int:pk>/to-mediation/", views.consultation_to_mediation),
]
