"""The offices and staff monthly report form (机构队伍情况月报表), declared as data.

Every figure of this line is a stock (what exists at the month's end), so nothing accumulates
over the year: the form shows the month's value and its change against a year before.
"""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import PERIOD, YOY, Column, ReportForm, register_form

register_form(
    ReportForm(
        key="orgs.monthly",
        title=_("机构队伍情况月报表"),
        line=_("机构队伍"),
        columns=(
            Column("orgs.judicial_offices", label=_("司法所")),
            Column("orgs.service_stations", label=_("村(社区)服务站")),
            Column("orgs.mediation_organisations", label=_("人民调解组织")),
            Column("orgs.legal_aid_centres", label=_("法律援助中心")),
            Column("orgs.legal_aid_workstations", label=_("法律援助工作站")),
            Column("orgs.legal_aid_liaison_points", label=_("法律援助联络点")),
            Column("orgs.staff", label=_("工作人员")),
            Column("orgs.mediators", "full_time", label=_("人民调解员")),
        ),
        measures=(PERIOD, YOY),
        order=50,
    )
)
