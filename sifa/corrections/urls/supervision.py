"""Daily supervision, alerts and lost contact."""

from django.urls import path

from sifa.corrections.views import supervision as views

urlpatterns = [
    path("subjects/<int:pk>/supervision/new/", views.supervision_add, name="supervision_add"),
    path(
        "subjects/<int:pk>/supervision/",
        views.subject_supervision,
        name="subject_supervision",
    ),
    path(
        "subjects/<int:pk>/lost-contact/new/",
        views.lost_contact_open,
        name="lost_contact_open",
    ),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<int:pk>/handle/", views.alert_handle, name="alert_handle"),
    path("lost-contacts/", views.lost_contact_list, name="lost_contact_list"),
    path("lost-contacts/<int:pk>/found/", views.lost_contact_close, name="lost_contact_close"),
]
