"""The 普法与依法治理 line's declaration (sifa.core.lines; docs/lines.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Line, Pages
from sifa.core.navigation import NavItem
from sifa.orgs.access import Cap
from sifa.publicity.imports.exams import RESULTS
from sifa.publicity.todos import publicity_todos

LINE = Line(
    key="publicity",
    name=_("普法与依法治理"),
    menu=(
        NavItem(_("普法活动"), "publicity:event_list", Cap.VIEW, icon="megaphone"),
        NavItem(_("登记普法活动"), "publicity:event_add", Cap.EDIT, icon="plus-square"),
        NavItem(_("学法考试"), "publicity:exam_list", Cap.VIEW, icon="pencil-square"),
        NavItem(_("普法责任单位"), "publicity:unit_list", Cap.VIEW, icon="buildings"),
        NavItem(_("普法规划"), "publicity:plan_list", Cap.VIEW, icon="journal-bookmark"),
        NavItem(_("普法考核"), "publicity:inspection_list", Cap.VIEW, icon="clipboard-check"),
        NavItem(_("信息宣传"), "publicity:article_list", Cap.VIEW, icon="newspaper"),
        NavItem(_("法治副校长"), "publicity:school_list", Cap.VIEW, icon="mortarboard"),
        NavItem(_("民主法治示范村"), "publicity:village_list", Cap.VIEW, icon="house-check"),
    ),
    menu_icon="megaphone",
    pages=(Pages("publicity/", "sifa.publicity.urls"),),
    order=60,
    tiles=(
        "publicity.events",
        "publicity.participants",
        "publicity.materials",
        "publicity.exam_takers",
        "publicity.leaders_examined",
        "publicity.media_articles",
        "publicity.schools_covered",
        "publicity.vp_hours_short",
        "publicity.model_villages",
        "publicity.law_savvy",
    ),
    todos=(("publicity", publicity_todos),),
    imports=(RESULTS,),
)
