from sifa.core.url_kit import page
from sifa.legalaid.views import subsidies as views

urlpatterns = [
    page("subsidies/batches/", views.subsidy_batch_list),
    page("subsidies/batches/new/", views.subsidy_batch_create),
    page("subsidies/batches/<int:pk>/", views.subsidy_batch_detail),
    page("subsidies/batches/<int:pk>/pay/", views.subsidy_batch_pay),
]
