"""URLs of the legal-aid line: one module per subject, all under the "legalaid" namespace.

The public online application (portal) has its own namespace, "legalaid_portal", mounted
outside the staff pages (config/urls.py).
"""

from sifa.legalaid.urls import (
    applications,
    consultations,
    documents,
    providers,
    quality,
    standards,
    subsidies,
)

app_name = "legalaid"

urlpatterns = [
    *applications.urlpatterns,
    *consultations.urlpatterns,
    *documents.urlpatterns,
    *providers.urlpatterns,
    *quality.urlpatterns,
    *standards.urlpatterns,
    *subsidies.urlpatterns,
]
