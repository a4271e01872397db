"""URLs of the mediation line: one module per subject, all under the "mediation" namespace."""

from sifa.mediation.urls import analysis, cases, centre, committees, imports, screening, subsidies

app_name = "mediation"

urlpatterns = [
    *cases.urlpatterns,
    *committees.urlpatterns,
    *screening.urlpatterns,
    *centre.urlpatterns,
    *imports.urlpatterns,
    *analysis.urlpatterns,
    *subsidies.urlpatterns,
]
