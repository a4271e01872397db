from django.urls import path

from sifa.core.url_kit import page
from sifa.legalaid.views import standards as views

urlpatterns = [
    page("standards/", views.standard_list),
    path("standards/hardship/new/", views.standard_add, name="standard_add"),
    path("standards/hardship/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
    path("standards/subsidy-rates/new/", views.subsidy_rate_add, name="subsidy_rate_add"),
    path(
        "standards/subsidy-rates/<int:pk>/edit/", views.subsidy_rate_edit, name="subsidy_rate_edit"
    ),
    page("standards/trial/", views.eligibility_trial),
]
