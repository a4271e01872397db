"""Administration of the agency clients (web pages for the system administrator)."""

from sifa.api import views_admin as views
from sifa.core.url_kit import page

app_name = "api_admin"
urlpatterns = [
    page("", views.client_list),
    page("new/", views.client_create),
    page("<int:pk>/edit/", views.client_edit),
    page("<int:pk>/rotate/", views.client_rotate),
    page("<int:pk>/revoke/", views.client_revoke),
    page("log/", views.request_log),
]
