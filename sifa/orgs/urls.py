from django.urls import path

from sifa.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.office_list, name="office_list"),
    path("<int:pk>/", views.office_detail, name="office_detail"),
    path("<int:pk>/add/", views.office_create, name="office_create"),
    path("<int:pk>/edit/", views.office_edit, name="office_edit"),
    path("<int:pk>/deactivate/", views.office_deactivate, name="office_deactivate"),
    path("import/", views.office_import, name="office_import"),
    path("import/template/", views.office_import_template, name="office_import_template"),
]
