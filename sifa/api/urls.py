"""/api/v1/: the versioned data-sharing API, its OpenAPI schema and its documentation.

Each exchange has its own URL module (corrections, legal aid, resettlement, statistics).
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from sifa.api import urls_corrections, urls_legalaid, urls_resettlement, urls_stats, views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("client/", views.ClientInfoView.as_view(), name="client"),
    *urls_corrections.urlpatterns,
    *urls_legalaid.urlpatterns,
    *urls_resettlement.urlpatterns,
    *urls_stats.urlpatterns,
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view(), name="not_found"),  # last: JSON 404
]
