"""The 公证 line's declaration (sifa.core.lines; docs/adding-a-line.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Line, Pages
from sifa.core.navigation import NavItem
from sifa.notary.todos import notary_todos
from sifa.orgs.access import Cap

LINE = Line(
    key="notary",
    name=_("公证"),
    menu=(
        NavItem(_("公证事项"), "notary:notarisation_list", Cap.VIEW, icon="patch-check"),
        NavItem(_("超期公证事项"), "notary:overdue_list", Cap.VIEW, icon="alarm"),
        NavItem(_("公证复查"), "notary:review_list", Cap.VIEW, icon="arrow-repeat"),
        NavItem(_("公证法律咨询"), "notary:consultation_list", Cap.VIEW, icon="chat-dots"),
    ),
    menu_icon="patch-check",
    pages=(Pages("notary/", "sifa.notary.urls"),),
    order=50,  # after 律师和基层法律服务 (48)
    tiles=(
        "practice.notary_offices",
        "practice.notaries",
        "notary.issued",
        "notary.consultations",
        "notary.fee_relief",
        "notary.overdue",
    ),
    trend=("notary.issued",),
    warnings=("notary.overdue",),
    todos=(("notary", notary_todos),),
)
