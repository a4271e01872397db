"""/api/v1/: the versioned data-sharing API, its OpenAPI schema and its documentation.

The framework (clients, tokens, schema, docs) and the cross-line statistics exchange live here;
each business line's exchanges live in its own app (`sifa/<line>/api/`) and are collected from
the line registry (`Line.api_urls`, sifa.core.lines), in the lines' order.
"""

from importlib import import_module

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sifa.api import urls_stats, views
from sifa.core.lines import lines


def line_urlpatterns(declared) -> list:
    """The API routes the lines declare (`Line.api_urls`), by line key as they always were."""
    return [
        pattern
        for line in sorted(declared, key=lambda line: line.key)
        if line.api_urls
        for pattern in import_module(line.api_urls).urlpatterns
    ]


app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from its own URL: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("client/", views.ClientInfoView.as_view(), name="client"),
    *line_urlpatterns(lines()),
    *urls_stats.urlpatterns,
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view(), name="not_found"),  # last: JSON 404
]
