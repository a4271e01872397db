"""The people's mediation monthly report forms (人民调解月报表), declared as data.

Two forms, so that each prints legibly on A4 landscape:
* 人民调解工作情况月报表 — the line's totals (受理, 调结, 成功, 不成, 协议, 排查 …) with 本月,
  本年累计, 同比 and 环比;
* 人民调解纠纷类型月报表 — the cases accepted and succeeded split by dispute type (every type
  with cases in the periods read, so the type columns add up to 合计), 本月 and 本年累计 only:
  the type split alone is some twenty columns at city level.
"""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import PERIOD, YTD, Column, ReportForm, register_form

LINE = _("人民调解")

register_form(
    ReportForm(
        key="mediation.monthly",
        title=_("人民调解工作情况月报表"),
        line=LINE,
        columns=(
            Column("mediation.cases_accepted", label=_("受理纠纷")),
            Column("mediation.cases_closed", label=_("调结")),
            Column("mediation.cases_succeeded", label=_("调解成功")),
            Column("mediation.cases_failed", label=_("调解不成")),
            Column("mediation.agreements", label=_("调解协议")),
            Column("mediation.agreement_amount", label=_("协议涉及金额")),
            Column("mediation.persons_involved", label=_("涉及人数")),
            Column("mediation.screenings", label=_("排查次数")),
            Column("mediation.screening_findings", label=_("排查发现纠纷")),
        ),
        order=10,
    )
)

register_form(
    ReportForm(
        key="mediation.by_type",
        title=_("人民调解纠纷类型月报表"),
        line=LINE,
        columns=(
            Column("mediation.cases_accepted", "type", label=_("受理纠纷")),
            Column("mediation.cases_succeeded", "type", label=_("调解成功")),
        ),
        measures=(PERIOD, YTD),
        order=11,
    )
)
