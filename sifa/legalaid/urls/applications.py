from django.urls import path

from sifa.legalaid.views import applications as views

urlpatterns = [
    path("applications/", views.application_list, name="application_list"),
    path("applications/export/", views.application_export, name="application_export"),
    path("applications/register/", views.application_register, name="application_register"),
    path(
        "applications/notification/",
        views.notification_register,
        name="notification_register",
    ),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/uploads/<int:upload_pk>/",
        views.application_upload,
        name="application_upload",
    ),
    # One form page per action: legalaid:application_decide, application_assign, …
    *[
        path(
            f"applications/<int:pk>/{action.key}/",
            views.action_view(action.key),
            name=f"application_{action.key}",
        )
        for action in views.ACTIONS
    ],
]
