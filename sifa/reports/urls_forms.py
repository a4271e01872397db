"""Monthly report forms (月报表): the list, one form (page, print, Excel) and the whole set."""

from django.urls import path

from sifa.reports import views_forms

urlpatterns = [
    path("forms/", views_forms.form_index, name="form_index"),
    path("forms/export/", views_forms.form_set, name="form_set"),
    path("forms/<str:key>/", views_forms.form, name="form"),
]
