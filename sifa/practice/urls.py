"""URLs of the practice line, under the "practice" namespace."""

from django.urls import path

from sifa.practice.views import registers as views

app_name = "practice"

urlpatterns = [
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/matters/add/", views.matter_add, name="matter_add"),
    path("practitioners/", views.practitioner_list, name="practitioner_list"),
    path("practitioners/<int:pk>/", views.practitioner_detail, name="practitioner_detail"),
]
