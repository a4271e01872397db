"""Monthly report forms (月报表): the list, one form (page, print, Excel) and the whole set."""

from sifa.core.url_kit import page
from sifa.reports import views_forms

urlpatterns = [
    page("forms/", views_forms.form_index),
    page("forms/export/", views_forms.form_set),
    page("forms/<str:key>/", views_forms.form),
]
