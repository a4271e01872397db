"""The 安置帮教 line's declaration (sifa.core.lines; docs/lines.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Line, Pages
from sifa.core.navigation import NavItem
from sifa.orgs.access import Cap
from sifa.resettlement.constants import API_NOTIFY_RELEASE
from sifa.resettlement.data_quality import RULES as DATA_QUALITY_RULES
from sifa.resettlement.imports.persons import PERSONS
from sifa.resettlement.selectors.search import resettlement_search_hits
from sifa.resettlement.todos import resettlement_todos

LINE = Line(
    key="resettlement",
    name=_("安置帮教"),
    menu=(
        NavItem(_("安置帮教对象"), "resettlement:person_list", Cap.VIEW, icon="door-open"),
        NavItem(_("登记释放人员"), "resettlement:person_register", Cap.EDIT, icon="plus-square"),
    ),
    menu_icon="house-heart",
    pages=(Pages("resettlement/", "sifa.resettlement.urls"),),
    order=45,
    tiles=(
        "resettlement.in_assistance",
        "resettlement.released",
        "resettlement.key_persons",
    ),
    trend=("resettlement.released",),
    charts=(),
    ranking=(),
    warnings=("resettlement.not_connected",),
    todos=(("resettlement", resettlement_todos),),
    search=(("resettlement", resettlement_search_hits),),
    data_quality=DATA_QUALITY_RULES,
    imports=(PERSONS,),
    api_urls="sifa.resettlement.api.urls",
    api_purposes=((API_NOTIFY_RELEASE, _("刑满释放通知")),),
)
