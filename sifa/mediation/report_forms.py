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
DISPUTES = _("调解纠纷")
AGREEMENTS = _("调解协议")
SCREENING = _("矛盾纠纷排查")

register_form(
    ReportForm(
        key="mediation.monthly",
        title=_("人民调解工作情况月报表"),
        line=LINE,
        # Grouped as the 人民调解 statistical forms group them (DOMAIN §2.5): the disputes
        # mediated, the agreements, the screening; 涉及人数 stands alone.
        columns=(
            Column("mediation.cases_accepted", label=_("受理"), group=DISPUTES),
            Column("mediation.cases_closed", label=_("调结"), group=DISPUTES),
            Column("mediation.cases_succeeded", label=_("成功"), group=DISPUTES),
            Column("mediation.cases_failed", label=_("不成"), group=DISPUTES),
            Column("mediation.agreements", label=_("协议数"), group=AGREEMENTS),
            Column("mediation.agreement_amount", label=_("涉及金额"), group=AGREEMENTS),
            Column("mediation.persons_involved", label=_("涉及人数")),
            Column("mediation.screenings", label=_("排查次数"), group=SCREENING),
            Column("mediation.screening_findings", label=_("发现纠纷"), group=SCREENING),
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
