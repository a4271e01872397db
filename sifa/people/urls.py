from sifa.core.url_kit import page
from sifa.people import views

app_name = "people"
urlpatterns = [
    page("", views.person_list),
    page("new/", views.person_create),
    page("<int:pk>/", views.person_detail),
    page("<int:pk>/edit/", views.person_edit),
    page("<int:pk>/reveal/<slug:field>/", views.person_reveal),
]
