"""The 司法所考核 line's declaration (sifa.core.lines; docs/lines.md, docs/assessment.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.assessment.todos import assessment_todos
from sifa.core.lines import Line, Pages
from sifa.core.navigation import NavItem
from sifa.orgs.access import Cap

LINE = Line(
    key="assessment",
    name=_("司法所考核"),
    menu=(
        NavItem(_("考核与排名"), "assessment:run_list", Cap.VIEW, icon="trophy"),
        NavItem(_("考核方案"), "assessment:scheme_list", Cap.VIEW, icon="list-check"),
    ),
    menu_icon="award",
    pages=(Pages("assessment/", "sifa.assessment.urls"),),
    order=80,
    todos=(("assessment", assessment_todos),),
)
