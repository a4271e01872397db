"""The public integrity page (namespace "practice_public", mounted at /public/practice/)."""

from sifa.core.url_kit import page
from sifa.practice.views import public as views

urlpatterns = [
    page("", views.search),
    page("institutions/<int:pk>/", views.institution),
    page("practitioners/<int:pk>/", views.practitioner),
]
