"""The front desk's monthly report form (公共法律服务中心（工作站）工作情况月报表), as data: duty,
visits by service, visits turned into the lines' records, satisfaction, events held outside."""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

register_form(
    ReportForm(
        key="frontdesk.monthly",
        title=_("公共法律服务中心（工作站）工作情况月报表"),
        line=_("公共法律服务中心"),
        columns=(
            Column("frontdesk.duty_shifts", "kind", label=_("值班人次")),
            Column("frontdesk.visits", label=_("接待来访人次")),
            Column("frontdesk.visits_answered", label=_("当场解答")),
            Column("frontdesk.visits_referred", label=_("转办转介")),
            Column("frontdesk.visits_accepted", label=_("受理申请")),
            Column("frontdesk.conversions", "target", label=_("转各业务件数")),
            Column("frontdesk.rated", label=_("评价人次")),
            Column("frontdesk.satisfied", label=_("满意人次")),
            Column("frontdesk.event_sessions", label=_("法律咨询活动场次")),
            Column("frontdesk.event_persons", label=_("法律咨询活动人次")),
        ),
        order=54,
    )
)
