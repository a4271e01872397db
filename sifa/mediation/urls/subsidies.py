from sifa.core.url_kit import page
from sifa.mediation.views import subsidies as views

urlpatterns = [
    page("subsidies/", views.subsidy_list),
    page("subsidies/export/", views.subsidy_export),
    page("subsidies/claim/<int:case_pk>/", views.subsidy_claim),
    page("subsidies/<int:pk>/review/", views.subsidy_review),
    page("subsidies/<int:pk>/approve/", views.subsidy_approve),
    page("subsidies/batches/", views.subsidy_batch_list),
    page("subsidies/batches/new/", views.subsidy_batch_create),
    page("subsidies/batches/<int:pk>/", views.subsidy_batch_detail),
]
