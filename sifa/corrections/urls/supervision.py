"""Daily supervision, alerts and lost contact."""

from sifa.core.url_kit import page
from sifa.corrections.views import supervision as views

urlpatterns = [
    page("subjects/<int:pk>/supervision/new/", views.supervision_add),
    page("subjects/<int:pk>/supervision/", views.subject_supervision),
    page("subjects/<int:pk>/lost-contact/new/", views.lost_contact_open),
    page("alerts/", views.alert_list),
    page("alerts/<int:pk>/handle/", views.alert_handle),
    page("lost-contacts/", views.lost_contact_list),
    page("lost-contacts/<int:pk>/found/", views.lost_contact_close),
]
