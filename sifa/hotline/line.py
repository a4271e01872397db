"""The 12345 work-order line's declaration (sifa.core.lines; docs/lines.md, docs/hotline.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Line, Pages
from sifa.core.navigation import NavItem
from sifa.hotline.constants import API_PUSH_ORDERS
from sifa.hotline.imports.orders import ORDERS
from sifa.hotline.selectors.orders import record_links
from sifa.hotline.todos import hotline_todos
from sifa.orgs.access import Cap

LINE = Line(
    key="hotline",
    name=_("12345工单"),
    menu=(
        NavItem(_("12345工单"), "hotline:order_list", Cap.VIEW, icon="telephone-inbound"),
        NavItem(_("接收工单"), "hotline:order_register", Cap.EDIT, icon="plus-square"),
    ),
    menu_icon="telephone",
    pages=(Pages("hotline/", "sifa.hotline.urls"),),
    order=70,
    tiles=("hotline.received", "hotline.signed_in_time", "hotline.satisfied"),
    trend=(),
    todos=(("hotline", hotline_todos),),
    imports=(ORDERS,),
    links=(record_links,),
    api_urls="sifa.hotline.api.urls",
    api_purposes=((API_PUSH_ORDERS, _("推送12345工单")),),
)
