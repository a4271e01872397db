"""The 律师和基层法律服务 line's declaration (sifa.core.lines; docs/lines.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Line, Pages
from sifa.core.navigation import NavItem
from sifa.orgs.access import Cap
from sifa.practice.imports.discipline import COMPLAINTS
from sifa.practice.imports.inspection import ASSESSMENTS
from sifa.practice.imports.matters import MATTERS
from sifa.practice.imports.registers import INSTITUTIONS, PRACTITIONERS
from sifa.practice.selectors.advisers import adviser_todos
from sifa.practice.selectors.registers import practice_search_hits
from sifa.practice.todos_discipline import complaint_todos
from sifa.practice.todos_inspection import inspection_todos

LINE = Line(
    key="practice",
    name=_("律师和基层法律服务"),
    menu=(
        NavItem(_("执业机构"), "practice:institution_list", Cap.VIEW, icon="building"),
        NavItem(_("执业人员"), "practice:practitioner_list", Cap.VIEW, icon="person-badge"),
        NavItem(_("业务登记台账"), "practice:matter_list", Cap.VIEW, icon="journal-text"),
        NavItem(_("年度检查考核"), "practice:inspection_list", Cap.VIEW, icon="clipboard-check"),
        NavItem(_("投诉"), "practice:complaint_list", Cap.VIEW, icon="chat-left-text"),
        NavItem(_("处罚处分"), "practice:sanction_list", Cap.VIEW, icon="exclamation-octagon"),
        NavItem(_("村(社区)法律顾问"), "practice:adviser_contract_list", Cap.VIEW, icon="house"),
    ),
    menu_icon="briefcase",
    pages=(
        Pages("practice/", "sifa.practice.urls"),
        Pages("public/practice/", "sifa.practice.urls_public", "practice_public"),
    ),
    order=48,  # after 安置帮教 (45)
    tiles=(
        "practice.law_firms",
        "practice.lawyers",
        "practice.firm_matters",
        "practice.service_offices",
        "practice.workers",
        "practice.office_matters",
        "practice.inspected",
        "practice.complaints_received",
        "practice.villages_with_adviser",
        "practice.adviser_consultations",
    ),
    search=(("practice", practice_search_hits),),
    todos=(
        ("practice.inspection", inspection_todos),
        ("practice.complaints", complaint_todos),
        ("practice.advisers", adviser_todos),
    ),
    imports=(INSTITUTIONS, PRACTITIONERS, MATTERS, ASSESSMENTS, COMPLAINTS),
)
