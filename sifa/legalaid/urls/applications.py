from sifa.core.url_kit import action_pages, page, register_pages
from sifa.legalaid.views import applications as views

urlpatterns = [
    *register_pages("applications", "application", views),
    page("applications/notification/", views.notification_register),
    page("applications/<int:pk>/uploads/<int:upload_pk>/", views.application_upload),
    # One form page per action: legalaid:application_decide, application_assign, …
    *action_pages("applications", "application", views),
]
