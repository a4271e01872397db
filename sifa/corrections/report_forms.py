"""The community corrections monthly report form (社区矫正工作情况月报表), declared as data.

Columns: the subjects under correction at the month's end split by sentence type (管制 / 缓刑 /
假释 / 暂予监外执行), then the month's movements (接收, 迁入, 迁出, 解除, 终止), the
investigations commissioned and the new crimes.
"""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

register_form(
    ReportForm(
        key="corrections.monthly",
        title=_("社区矫正工作情况月报表"),
        line=_("社区矫正"),
        columns=(
            Column("corrections.under_correction", "sentence_type", label=_("在矫人数")),
            Column("corrections.received", label=_("新接收")),
            Column("corrections.transfers_in", label=_("迁入")),
            Column("corrections.transfers_out", label=_("迁出")),
            Column("corrections.released", label=_("解除矫正")),
            Column("corrections.terminated", label=_("终止矫正")),
            Column("corrections.investigations_received", label=_("受托调查评估")),
            Column("corrections.new_crimes", label=_("再犯罪")),
        ),
        order=30,
    )
)
