"""The 法律援助 line's declaration (sifa.core.lines; docs/lines.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Chart, Line, Pages
from sifa.legalaid.constants import API_NOTIFY_DEFENCE
from sifa.legalaid.data_quality import RULES as DATA_QUALITY_RULES
from sifa.legalaid.selectors.search import legalaid_search_hits
from sifa.legalaid.todos import legalaid_todos

LINE = Line(
    key="legalaid",
    name=_("法律援助"),
    pages=(
        Pages("legal-aid/", "sifa.legalaid.urls"),
        Pages("public/legal-aid/", "sifa.legalaid.urls.portal", "legalaid_portal"),
    ),
    order=30,
    tiles=(
        "legalaid.cases_accepted",
        "legalaid.cases_ended",
        "legalaid.consultations",
    ),
    trend=("legalaid.cases_accepted",),
    charts=(Chart("legalaid.cases_accepted", "matter_type", "pie"),),
    ranking=("legalaid.cases_accepted",),
    warnings=(
        "legalaid.decisions_late",
        "legalaid.assignments_late",
    ),
    todos=(("legalaid", legalaid_todos),),
    search=(("legalaid", legalaid_search_hits),),
    data_quality=DATA_QUALITY_RULES,
    api_urls="sifa.legalaid.api.urls",
    api_purposes=((API_NOTIFY_DEFENCE, _("通知法律援助（通知辩护/代理）")),),
)
