from django.urls import path

from sifa.core.url_kit import register_pages
from sifa.corrections.views import investigations as views

urlpatterns = [
    *register_pages("investigations", "investigation", views),
    path(
        "investigations/<int:pk>/complete/",
        views.investigation_complete,
        name="investigation_complete",
    ),
    path(
        "investigations/<int:pk>/adoption/",
        views.investigation_adoption,
        name="investigation_adoption",
    ),
]
