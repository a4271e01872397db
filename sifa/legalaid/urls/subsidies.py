from django.urls import path

from sifa.legalaid.views import subsidies as views

urlpatterns = [
    path("subsidies/batches/", views.subsidy_batch_list, name="subsidy_batch_list"),
    path("subsidies/batches/new/", views.subsidy_batch_create, name="subsidy_batch_create"),
    path("subsidies/batches/<int:pk>/", views.subsidy_batch_detail, name="subsidy_batch_detail"),
    path("subsidies/batches/<int:pk>/pay/", views.subsidy_batch_pay, name="subsidy_batch_pay"),
]
