from sifa.core.url_kit import page
from sifa.legalaid.views import quality as views

urlpatterns = [
    page("applications/<int:pk>/quality-checks/new/", views.quality_check_add),
    page("applications/<int:pk>/complaints/new/", views.complaint_add),
    page("complaints/", views.complaint_list),
    page("complaints/<int:pk>/close/", views.complaint_close),
]
