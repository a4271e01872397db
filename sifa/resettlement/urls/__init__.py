"""URLs of the resettlement line, under the "resettlement" namespace."""

from sifa.resettlement.urls import persons

app_name = "resettlement"

urlpatterns = [*persons.urlpatterns]
