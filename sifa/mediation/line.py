"""The 人民调解 line's declaration (sifa.core.lines; docs/lines.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Chart, Line, Pages
from sifa.core.navigation import NavItem
from sifa.mediation.data_quality import RULES as DATA_QUALITY_RULES
from sifa.mediation.imports.cases import CASES
from sifa.mediation.imports.committees import MEDIATORS, MEMBERS, PROFILES, TRAININGS
from sifa.mediation.imports.screenings import SCREENINGS
from sifa.mediation.selectors.search import mediation_search_hits
from sifa.mediation.todos import mediation_todos
from sifa.orgs.access import Cap

LINE = Line(
    key="mediation",
    name=_("人民调解"),
    menu=(
        NavItem(_("调解案件"), "mediation:case_list", Cap.VIEW, icon="chat-square-text"),
        NavItem(_("登记纠纷"), "mediation:case_register", Cap.EDIT, icon="plus-square"),
        NavItem(_("导入历史案件"), "mediation:case_import", Cap.EDIT, icon="upload"),
        NavItem(_("调委会"), "mediation:committee_list", Cap.VIEW, icon="diagram-3"),
        NavItem(_("人民调解员"), "mediation:mediator_list", Cap.VIEW, icon="person-badge"),
        NavItem(_("矛盾纠纷排查"), "mediation:screening_list", Cap.VIEW, icon="search"),
        NavItem(_("来访接待"), "mediation:reception_list", Cap.VIEW, icon="door-open"),
        NavItem(_("劝阻群体性上访"), "mediation:petition_list", Cap.VIEW, icon="people"),
        NavItem(_("防止纠纷激化"), "mediation:escalation_list", Cap.VIEW, icon="shield-check"),
        NavItem(_("个案补贴"), "mediation:subsidy_list", Cap.VIEW, icon="cash-coin"),
        NavItem(_("纠纷研判"), "mediation:analysis", Cap.STATS, icon="graph-up-arrow"),
    ),
    pages=(Pages("mediation/", "sifa.mediation.urls"),),
    order=20,
    tiles=(
        "mediation.cases_accepted",
        "mediation.cases_succeeded",
        "mediation.agreement_amount",
    ),
    trend=("mediation.cases_accepted",),
    charts=(Chart("mediation.cases_accepted", "type", "bar"),),
    ranking=(
        "mediation.cases_accepted",
        "mediation.cases_succeeded",
    ),
    warnings=(),
    todos=(("mediation", mediation_todos),),
    search=(("mediation", mediation_search_hits),),
    data_quality=DATA_QUALITY_RULES,
    imports=(PROFILES, MEMBERS, MEDIATORS, TRAININGS, SCREENINGS, CASES),
)
