"""The 社区矫正 line's declaration (sifa.core.lines; docs/lines.md)."""

from django.utils.translation import gettext_lazy as _

from sifa.core.lines import Chart, Line, Pages
from sifa.core.navigation import NavItem
from sifa.corrections.constants import (
    API_COMMISSION_ASSESSMENT,
    API_NOTIFY_JUDGMENT,
    API_SUBMIT_CHECKIN,
)
from sifa.corrections.data_quality import RULES as DATA_QUALITY_RULES
from sifa.corrections.imports.check_ins import CHECK_INS
from sifa.corrections.imports.investigations import INVESTIGATIONS
from sifa.corrections.imports.subjects import SUBJECTS
from sifa.corrections.selectors.search import corrections_search_hits
from sifa.corrections.todos import corrections_todos
from sifa.orgs.access import Cap

LINE = Line(
    key="corrections",
    name=_("社区矫正"),
    menu=(
        NavItem(_("矫正对象"), "corrections:subject_list", Cap.VIEW, icon="person-lock"),
        NavItem(_("接收矫正对象"), "corrections:subject_register", Cap.EDIT, icon="plus-square"),
        NavItem(_("调查评估"), "corrections:investigation_list", Cap.VIEW, icon="search"),
        NavItem(_("预警"), "corrections:alert_list", Cap.VIEW, icon="exclamation-triangle"),
        NavItem(_("外出审批"), "corrections:leave_list", Cap.VIEW, icon="signpost-split"),
        NavItem(_("考核奖惩"), "corrections:measure_list", Cap.VIEW, icon="award"),
        NavItem(_("教育帮扶"), "corrections:education_list", Cap.VIEW, icon="mortarboard"),
    ),
    menu_icon="shield-lock",
    pages=(Pages("corrections/", "sifa.corrections.urls"),),
    order=40,
    tiles=(
        "corrections.under_correction",
        "corrections.received",
        "corrections.released",
    ),
    trend=("corrections.received",),
    charts=(Chart("corrections.under_correction", "sentence_type", "pie"),),
    ranking=("corrections.received",),
    warnings=(
        "corrections.alerts",
        "corrections.lost_contacts",
        "corrections.received_late",
        "corrections.investigations_late",
    ),
    warning_order=25,  # its warnings lead the 预警 list
    todos=(("corrections", corrections_todos),),
    search=(("corrections", corrections_search_hits),),
    data_quality=DATA_QUALITY_RULES,
    imports=(SUBJECTS, INVESTIGATIONS, CHECK_INS),
    api_urls="sifa.corrections.api.urls",
    api_purposes=(
        (API_COMMISSION_ASSESSMENT, _("委托调查评估")),
        (API_NOTIFY_JUDGMENT, _("送达判决、裁定、决定（社区矫正交付）")),
        (API_SUBMIT_CHECKIN, _("提交定位签到")),
    ),
)
