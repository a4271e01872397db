from django.http import JsonResponse
from django.urls import path


def fixture_view(request):
    return JsonResponse({"line": "fixture_line"})


urlpatterns = [path("fixture-records/", fixture_view, name="fixture_records")]
