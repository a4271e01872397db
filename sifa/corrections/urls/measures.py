"""考核奖惩 and 教育帮扶 pages (namespace "corrections")."""

from django.urls import path

from sifa.corrections.views import measures as views

urlpatterns = [
    path("measures/", views.measure_list, name="measure_list"),
    path("subjects/<int:pk>/measures/", views.measure_add, name="measure_add"),
    path("measures/<int:pk>/outcome/", views.measure_outcome, name="measure_outcome"),
    path("measures/<int:pk>/warning.docx", views.measure_document, name="measure_document"),
    path("education/", views.education_list, name="education_list"),
    path("education/new/", views.education_add, name="education_add"),
]
