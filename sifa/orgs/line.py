"""The 机构队伍 panel of the dashboard (sifa.core.lines; docs/lines.md).

Orgs is a shared app, not a business line, but it declares its tiles the way a line does; its
search provider stays registered in its AppConfig (people's too).
"""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Line
from sifa.orgs.importer import OFFICES

LINE = Line(
    key="orgs",
    name=_("机构队伍"),
    order=90,  # after the business lines
    tiles=(
        "orgs.judicial_offices",
        "orgs.mediation_organisations",
        "orgs.mediators",
        "orgs.staff",
    ),
    imports=(OFFICES,),
)
