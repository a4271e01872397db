"""The 公共法律服务中心 line's declaration (sifa.core.lines; docs/lines.md, docs/frontdesk.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Line, Pages
from sifa.core.navigation import NavItem
from sifa.frontdesk.selectors.visits import record_links
from sifa.frontdesk.todos import frontdesk_todos
from sifa.orgs.access import Cap

LINE = Line(
    key="frontdesk",
    name=_("公共法律服务中心"),
    order=54,
    menu=(
        NavItem(_("来访登记"), "frontdesk:visit_list", Cap.VIEW, icon="person-lines-fill"),
        NavItem(_("值班表"), "frontdesk:roster", Cap.VIEW, icon="calendar-week"),
        NavItem(_("法律咨询活动"), "frontdesk:event_list", Cap.VIEW, icon="megaphone"),
    ),
    menu_icon="building",
    pages=(Pages("frontdesk/", "sifa.frontdesk.urls"),),
    tiles=(
        "frontdesk.visits",
        "frontdesk.duty_shifts",
        "frontdesk.conversions",
        "frontdesk.event_persons",
    ),
    todos=(("frontdesk", frontdesk_todos),),
    links=(record_links,),
)
