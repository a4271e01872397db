from django.urls import path

from sifa.corrections.views import investigations as views

urlpatterns = [
    path("investigations/", views.investigation_list, name="investigation_list"),
    path("investigations/export/", views.investigation_export, name="investigation_export"),
    path("investigations/register/", views.investigation_register, name="investigation_register"),
    path("investigations/<int:pk>/", views.investigation_detail, name="investigation_detail"),
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
