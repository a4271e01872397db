from django.urls import path

from sifa.legalaid.views import quality as views

urlpatterns = [
    path(
        "applications/<int:pk>/quality-checks/new/",
        views.quality_check_add,
        name="quality_check_add",
    ),
    path("applications/<int:pk>/complaints/new/", views.complaint_add, name="complaint_add"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/<int:pk>/close/", views.complaint_close, name="complaint_close"),
]
