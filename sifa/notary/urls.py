"""URLs of the 公证 line, under the "notary" namespace."""

from django.urls import path

from sifa.core.url_kit import action_pages, page, register_pages
from sifa.notary.views import notarisations as views
from sifa.notary.views import others

app_name = "notary"


def _dashed(key: str) -> str:
    return key.replace("_", "-")


urlpatterns = [
    page("notarisations/overdue/", views.overdue_list),
    *register_pages("notarisations", "notarisation", views),
    *action_pages("notarisations", "notarisation", views, slug=_dashed),
    page("reviews/", others.review_list),
    path("reviews/<int:pk>/", others.review_detail, name="review_detail"),
    path("reviews/<int:pk>/decide/", others.review_decide, name="review_decide"),
    page("consultations/", others.consultation_list),
    page("consultations/record/", others.consultation_record),
]
