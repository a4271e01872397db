from sifa.core.url_kit import page
from sifa.stats import views, views_quality

app_name = "stats"
urlpatterns = [
    page("", views.catalogue),
    page("indicators/<str:key>/", views.indicator),
    page("indicators/<str:key>/records/", views.records),
    # The data-quality monitor (docs/data-quality.md).
    page("quality/", views_quality.quality),
    page("quality/<str:code>/", views_quality.quality_records),
    page("quality/<str:code>/export/", views_quality.quality_export),
]
