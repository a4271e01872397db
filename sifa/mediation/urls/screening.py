from sifa.core.url_kit import page
from sifa.mediation.views import screening as views

urlpatterns = [
    page("screenings/", views.screening_list),
    page("screenings/export/", views.screening_export),
    page("screenings/new/", views.screening_create),
    page("screenings/<int:pk>/", views.screening_detail),
]
