from django.urls import path

from sifa.legalaid.views import consultations as views

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/export/", views.consultation_export, name="consultation_export"),
    path("consultations/new/", views.consultation_register, name="consultation_register"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path(
        "consultations/<int:pk>/follow-up/",
        views.consultation_follow_up,
        name="consultation_follow_up",
    ),
    path(
        "consultations/<int:pk>/reveal-phone/",
        views.consultation_reveal_phone,
        name="consultation_reveal_phone",
    ),
    path(
        "consultations/<int:pk>/person/",
        views.consultation_link_person,
        name="consultation_link_person",
    ),
    path(
        "consultations/<int:pk>/to-mediation/",
        views.consultation_to_mediation,
        name="consultation_to_mediation",
    ),
]
