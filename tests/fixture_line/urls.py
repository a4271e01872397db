from django.http import HttpResponse
from django.urls import path


def fixture_page(request):
    return HttpResponse("fixture")


app_name = "fixture_line"
urlpatterns = [path("records/", fixture_page, name="records")]
