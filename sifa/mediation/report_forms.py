"""The people's mediation monthly report form (人民调解工作情况月报表), declared as data.

Columns: the cases accepted split by dispute type (every type that has cases in the periods
read, so the type columns always add up to 受理合计), then the outcomes. The type split alone
is some twenty columns at city level, so the other columns are kept to the essentials.
"""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

register_form(
    ReportForm(
        key="mediation.monthly",
        title=_("人民调解工作情况月报表"),
        line=_("人民调解"),
        columns=(
            Column("mediation.cases_accepted", "type", label=_("受理纠纷")),
            Column("mediation.cases_closed", label=_("调结")),
            Column("mediation.cases_succeeded", label=_("调解成功")),
            Column("mediation.cases_failed", label=_("调解不成")),
            Column("mediation.agreement_amount", label=_("协议涉及金额")),
            Column("mediation.persons_involved", label=_("涉及人数")),
        ),
        order=10,
    )
)
