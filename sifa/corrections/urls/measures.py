"""考核奖惩 and 教育帮扶 pages (namespace "corrections")."""

from sifa.core.url_kit import page
from sifa.corrections.views import measures as views

urlpatterns = [
    page("measures/", views.measure_list),
    page("subjects/<int:pk>/measures/", views.measure_add),
    page("measures/<int:pk>/outcome/", views.measure_outcome),
    page("measures/<int:pk>/warning.docx", views.measure_document),
    page("education/", views.education_list),
    page("education/new/", views.education_add),
]
