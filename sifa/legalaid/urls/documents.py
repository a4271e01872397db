from sifa.core.url_kit import page
from sifa.legalaid.views import documents as views

urlpatterns = [
    page("applications/<int:pk>/documents/<str:kind>.docx", views.application_document),
]
