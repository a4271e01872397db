"""URLs of the mediation line: one module per subject, all under the "mediation" namespace."""

from sifa.mediation.urls import cases, centre, committees, screening

app_name = "mediation"

urlpatterns = [
    *cases.urlpatterns,
    *committees.urlpatterns,
    *screening.urlpatterns,
    *centre.urlpatterns,
]
