"""The forensic appraisal monthly report form (司法鉴定工作情况月报表), as data: the month's
commissions by category, acceptances, refusals, completions, the overdue and the fees."""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

register_form(
    ReportForm(
        key="forensic.monthly",
        title=_("司法鉴定工作情况月报表"),
        line=_("司法鉴定"),
        columns=(
            Column("forensic.received", "category", label=_("收案")),
            Column("forensic.accepted", label=_("受理")),
            Column("forensic.refused", label=_("不予受理")),
            Column("forensic.completed", label=_("办结")),
            Column("forensic.overdue", label=_("超期办结")),
            Column("forensic.decision_overdue", label=_("受理决定超期")),
            Column("forensic.in_progress", label=_("在办")),
            Column("forensic.fees", label=_("鉴定收费（元）")),
        ),
        order=52,
    )
)
