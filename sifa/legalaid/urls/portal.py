"""Public legal-aid pages (namespace "legalaid_portal", mounted at /public/legal-aid/)."""

from sifa.core.url_kit import page
from sifa.legalaid.views import portal as views

urlpatterns = [
    page("", views.check),
    page("apply/", views.apply),
    page("status/", views.status),
]
