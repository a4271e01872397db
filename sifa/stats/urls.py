from django.urls import path

from sifa.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("indicators/<str:key>/", views.indicator, name="indicator"),
    path("indicators/<str:key>/records/", views.records, name="records"),
]
