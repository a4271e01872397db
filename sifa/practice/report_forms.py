"""The monthly report form of lawyers and grassroots legal services
(律师和基层法律服务工作情况月报表), as data (docs/reports.md).

Columns, grouped as the reference summary states them: the law firms and their lawyers at the
month's end, the matters the firms accepted in the month (by 业务类别), their subject matter,
amounts recovered and fees; then the legal service offices, their workers, their litigation and
non-litigation matters, the retained-adviser clients at the month's end and their fees.
"""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

FIRMS, OFFICES = _("律师事务所"), _("基层法律服务所")

register_form(
    ReportForm(
        key="practice.monthly",
        title=_("律师和基层法律服务工作情况月报表"),
        line=_("律师和基层法律服务"),
        columns=(
            Column("practice.law_firms", label=_("律师事务所"), group=FIRMS),
            Column("practice.lawyers", label=_("执业律师"), group=FIRMS),
            Column("practice.firm_subject_amount", label=_("标的额（元）"), group=FIRMS),
            Column("practice.firm_recovered_amount", label=_("索回/挽回（元）"), group=FIRMS),
            Column("practice.firm_fees", label=_("收费（元）"), group=FIRMS),
            Column("practice.firm_matters", "category", label=_("律师事务所代理业务")),
            Column("practice.service_offices", label=_("法律服务所"), group=OFFICES),
            Column("practice.workers", label=_("法律服务工作者"), group=OFFICES),
            Column("practice.office_litigation", label=_("诉讼事务"), group=OFFICES),
            Column("practice.office_non_litigation", label=_("非诉讼事务"), group=OFFICES),
            Column("practice.office_adviser_clients", label=_("担任法律顾问（家）"), group=OFFICES),
            Column("practice.office_fees", label=_("业务收费（元）"), group=OFFICES),
        ),
        order=45,
    )
)
