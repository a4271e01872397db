"""Sifa's URLs plus one view that fails, for the 500 page and Sentry tests
(tests/test_observability.py)."""

from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as sifa_urlpatterns


class Boom(Exception):
    pass


def boom(request):
    raise Boom("boom for the 500 page")


urlpatterns = [path("test-boom/", boom), *sifa_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
