from django.urls import path

from sifa.stats import views, views_quality

app_name = "stats"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("indicators/<str:key>/", views.indicator, name="indicator"),
    path("indicators/<str:key>/records/", views.records, name="records"),
    # The data-quality monitor (docs/data-quality.md).
    path("quality/", views_quality.quality, name="quality"),
    path("quality/<str:code>/", views_quality.quality_records, name="quality_records"),
    path("quality/<str:code>/export/", views_quality.quality_export, name="quality_export"),
]
