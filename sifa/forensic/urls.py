"""URLs of the forensic line, under the "forensic" namespace."""

from django.urls import path

from sifa.core.url_kit import action_pages, page, register_pages
from sifa.forensic import views

app_name = "forensic"

urlpatterns = [
    *register_pages("cases", "case", views),
    *action_pages("cases", "case", views),
    page("institutions/", views.institution_list),
    path("institutions/<int:pk>/", views.institution_detail, name="institution_detail"),
]
