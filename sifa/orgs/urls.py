from sifa.core.url_kit import page
from sifa.orgs import views

app_name = "orgs"
urlpatterns = [
    page("", views.office_list),
    page("<int:pk>/", views.office_detail),
    page("<int:pk>/add/", views.office_create),
    page("<int:pk>/edit/", views.office_edit),
    page("<int:pk>/deactivate/", views.office_deactivate),
    page("import/", views.office_import),
    page("import/template/", views.office_import_template),
]
