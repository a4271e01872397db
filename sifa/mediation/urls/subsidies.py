from django.urls import path

from sifa.mediation.views import subsidies as views

urlpatterns = [
    path("subsidies/", views.subsidy_list, name="subsidy_list"),
    path("subsidies/export/", views.subsidy_export, name="subsidy_export"),
    path("subsidies/claim/<int:case_pk>/", views.subsidy_claim, name="subsidy_claim"),
    path("subsidies/<int:pk>/review/", views.subsidy_review, name="subsidy_review"),
    path("subsidies/<int:pk>/approve/", views.subsidy_approve, name="subsidy_approve"),
    path("subsidies/batches/", views.subsidy_batch_list, name="subsidy_batch_list"),
    path("subsidies/batches/new/", views.subsidy_batch_create, name="subsidy_batch_create"),
    path("subsidies/batches/<int:pk>/", views.subsidy_batch_detail, name="subsidy_batch_detail"),
]
