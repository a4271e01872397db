from django.urls import path

from sifa.legalaid.views import standards as views

urlpatterns = [
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/hardship/new/", views.standard_add, name="standard_add"),
    path("standards/hardship/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
    path("standards/subsidy-rates/new/", views.subsidy_rate_add, name="subsidy_rate_add"),
    path(
        "standards/subsidy-rates/<int:pk>/edit/", views.subsidy_rate_edit, name="subsidy_rate_edit"
    ),
    path("standards/trial/", views.eligibility_trial, name="eligibility_trial"),
]
