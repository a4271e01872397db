"""/assessment/ (司法所考核)."""

from sifa.assessment.views import runs, schemes
from sifa.core.url_kit import page

app_name = "assessment"
urlpatterns = [
    page("schemes/", schemes.scheme_list),
    page("schemes/<int:pk>/", schemes.scheme),
    page("schemes/<int:pk>/rules/", schemes.scheme_rules),
    page("schemes/<int:pk>/periods/new/", schemes.period_edit),
    page("schemes/<int:pk>/periods/<int:period_pk>/", schemes.period_edit),
    page("schemes/<int:pk>/categories/new/", schemes.category_edit),
    page("schemes/<int:pk>/categories/<int:category_pk>/", schemes.category_edit),
    page("schemes/<int:pk>/items/new/", schemes.item_edit),
    page("schemes/<int:pk>/items/<int:item_pk>/", schemes.item_edit),
    page("schemes/<int:pk>/items/<int:item_pk>/delete/", schemes.item_delete),
    page("schemes/<int:pk>/open/", schemes.run_open),
    page("schemes/<int:pk>/year/", runs.year),
    page("schemes/<int:pk>/what-if/<int:run_pk>/", runs.what_if),
    page("runs/", runs.run_list),
    page("runs/<int:pk>/", runs.run),
    page("runs/<int:pk>/step/<str:step>/", runs.run_step),
    page("runs/<int:pk>/offices/<int:office_pk>/", runs.run_office),
    page("runs/<int:pk>/check/", runs.run_check),
    page("scores/<int:pk>/", runs.score),
    page("evidence/<int:pk>/", runs.evidence_download),
]
