from django.urls import path

from sifa.mediation.views import screening as views

urlpatterns = [
    path("screenings/", views.screening_list, name="screening_list"),
    path("screenings/export/", views.screening_export, name="screening_export"),
    path("screenings/new/", views.screening_create, name="screening_create"),
    path("screenings/<int:pk>/", views.screening_detail, name="screening_detail"),
]
