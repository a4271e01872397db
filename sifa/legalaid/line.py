"""The 法律援助 line's declaration (sifa.core.lines; docs/lines.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Chart, Line, Pages
from sifa.core.navigation import NavItem
from sifa.legalaid.constants import API_NOTIFY_DEFENCE
from sifa.legalaid.data_quality import RULES as DATA_QUALITY_RULES
from sifa.legalaid.imports.applications import APPLICATIONS
from sifa.legalaid.imports.consultations import CONSULTATIONS
from sifa.legalaid.imports.providers import HANDLERS, PROVIDERS
from sifa.legalaid.selectors.providers import handled_case_counts, handled_cases
from sifa.legalaid.selectors.search import legalaid_search_hits
from sifa.legalaid.todos import legalaid_todos
from sifa.orgs.access import Cap

LINE = Line(
    key="legalaid",
    name=_("法律援助"),
    menu=(
        NavItem(_("法律援助案件"), "legalaid:application_list", Cap.VIEW, icon="briefcase"),
        NavItem(_("登记申请"), "legalaid:application_register", Cap.EDIT, icon="plus-square"),
        NavItem(_("登记通知辩护"), "legalaid:notification_register", Cap.EDIT, icon="bell"),
        NavItem(_("法律咨询"), "legalaid:consultation_list", Cap.VIEW, icon="telephone"),
        NavItem(_("承办机构和人员"), "legalaid:provider_list", Cap.VIEW, icon="building"),
        NavItem(_("值班"), "legalaid:duty_list", Cap.VIEW, icon="calendar-week"),
        NavItem(_("投诉"), "legalaid:complaint_list", Cap.VIEW, icon="chat-left-dots"),
        NavItem(_("补贴发放"), "legalaid:subsidy_batch_list", Cap.VIEW, icon="cash-coin"),
        NavItem(
            _("经济困难标准"),
            "legalaid:standard_list",
            (Cap.VIEW, Cap.CODES_MANAGE),
            icon="sliders",
        ),
    ),
    menu_icon="shield-plus",
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
    # Go-live order: the roster before the case book that names it (docs/go-live.md).
    imports=(PROVIDERS, HANDLERS, APPLICATIONS, CONSULTATIONS),
    # The practice line's integrity file counts the cases a lawyer handled; legal aid imports
    # practice (the suspension check), so practice reads these through `core.lines.offered`.
    offers=(
        ("legalaid.handled_case_counts", handled_case_counts),
        ("legalaid.handled_cases", handled_cases),
    ),
)
