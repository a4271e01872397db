from django.urls import path

from sifa.shell import views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("favicon.ico", views.no_favicon, name="favicon"),
]
