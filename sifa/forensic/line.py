"""The 司法鉴定 line's declaration (sifa.core.lines; docs/forensic.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Line, Pages
from sifa.core.navigation import NavItem
from sifa.forensic.todos import forensic_todos
from sifa.orgs.access import Cap

LINE = Line(
    key="forensic",
    name=_("司法鉴定"),
    menu=(
        NavItem(_("司法鉴定案件"), "forensic:case_list", Cap.VIEW, icon="clipboard2-pulse"),
        NavItem(_("司法鉴定机构"), "forensic:institution_list", Cap.VIEW, icon="building"),
        NavItem(_("登记鉴定委托"), "forensic:case_register", Cap.EDIT, icon="plus-square"),
    ),
    menu_icon="eyedropper",
    pages=(Pages("forensic/", "sifa.forensic.urls"),),
    order=52,
    tiles=(
        "forensic.received",
        "forensic.completed",
        "forensic.in_progress",
        "practice.forensic_institutions",
        "practice.appraisers",
    ),
    warnings=("forensic.overdue",),
    todos=(("forensic", forensic_todos),),
)
