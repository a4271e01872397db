from sifa.core.url_kit import page
from sifa.stats import views

app_name = "stats"
urlpatterns = [
    page("", views.catalogue),
    page("indicators/<str:key>/", views.indicator),
    page("indicators/<str:key>/records/", views.records),
]
