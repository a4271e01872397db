"""URLs of the public legal service centres' front desk, under the "frontdesk" namespace."""

from django.urls import path

from sifa.core.url_kit import page, register_pages
from sifa.frontdesk.views import conversions, roster, visits

app_name = "frontdesk"

urlpatterns = [
    *register_pages("visits", "visit", visits),
    page("visits/<int:pk>/rate/", visits.visit_rate),
    path(
        "visits/<int:pk>/convert/<slug:target>/",
        conversions.visit_convert,
        name="visit_convert",
    ),
    path("events/", visits.event_list, name="event_list"),
    path("events/export/", visits.event_export, name="event_export"),
    page("events/register/", visits.event_register),
    page("roster/", roster.roster),
    page("roster/add/", roster.shift_add),
    page("roster/<int:pk>/sign-in/", roster.shift_sign_in),
    page("roster/<int:pk>/sign-out/", roster.shift_sign_out),
]
