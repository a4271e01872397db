"""The 12345 work-order monthly report form (12345工单办理情况月报表), as data: the month's
orders by category, their signing, replies, callbacks, re-handling and returns."""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

register_form(
    ReportForm(
        key="hotline.monthly",
        title=_("12345工单办理情况月报表"),
        line=_("12345工单"),
        columns=(
            Column("hotline.received", "category", label=_("收到工单")),
            Column("hotline.signed", label=_("已签收"), group=_("签收")),
            Column("hotline.signed_in_time", label=_("按时签收"), group=_("签收")),
            Column("hotline.replied", label=_("已答复"), group=_("答复")),
            Column("hotline.replied_in_time", label=_("按时答复"), group=_("答复")),
            Column("hotline.called_back", label=_("已回访"), group=_("回访")),
            Column("hotline.satisfied", label=_("满意"), group=_("回访")),
            Column("hotline.reopened", label=_("重办")),
            Column("hotline.returned", label=_("退单")),
        ),
        order=70,
    )
)
