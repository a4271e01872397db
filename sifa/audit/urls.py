from sifa.audit import views
from sifa.core.url_kit import page

app_name = "audit"
urlpatterns = [
    page("logins/", views.auth_events),
    page("access/", views.access_logs),
    page("changes/", views.changes),
]
