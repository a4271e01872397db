"""The legal aid monthly report form (法律援助工作情况月报表), declared as data.

Columns: applications, the cases accepted split by matter type (刑事 / 民事 / 行政 …),
notifications from the courts and procuratorates, refusals, cases ended, consultations and the
money recovered for the aided.
"""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

register_form(
    ReportForm(
        key="legalaid.monthly",
        title=_("法律援助工作情况月报表"),
        line=_("法律援助"),
        columns=(
            Column("legalaid.applications_received", label=_("收到申请")),
            Column("legalaid.cases_accepted", "matter_type", label=_("受理法律援助案件")),
            Column("legalaid.notifications", label=_("通知辩护/代理")),
            Column("legalaid.applications_refused", label=_("不予援助")),
            Column("legalaid.cases_ended", label=_("办结案件")),
            Column("legalaid.consultations", label=_("法律咨询")),
            Column("legalaid.money_recovered", label=_("挽回经济损失")),
        ),
        order=20,
    )
)
