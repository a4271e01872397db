from django.urls import path

from sifa.core.url_kit import page
from sifa.shell import views

app_name = "shell"
urlpatterns = [
    page("", views.home),
    page("search/", views.search),
    path("favicon.ico", views.no_favicon, name="favicon"),
]
