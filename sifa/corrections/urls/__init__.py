"""URLs of the corrections line: one module per subject, all under the "corrections" namespace.

The location check-in endpoint for devices is `api` (token-authenticated, no session).
"""

from sifa.corrections.urls import api, investigations, measures, movement, subjects, supervision

app_name = "corrections"

urlpatterns = [
    *investigations.urlpatterns,
    *subjects.urlpatterns,
    *supervision.urlpatterns,
    *movement.urlpatterns,
    *measures.urlpatterns,
    *api.urlpatterns,
]
