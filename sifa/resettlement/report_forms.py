"""The resettlement and assistance monthly report form (安置帮教工作情况月报表), as data.

Columns: those on the register at the month's end split by source (刑满释放 / 解除社区矫正),
the key persons and the not-connected among them, then the month's intake, connections,
pick-ups at the gate, placements, visits and re-offences.
"""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

register_form(
    ReportForm(
        key="resettlement.monthly",
        title=_("安置帮教工作情况月报表"),
        line=_("安置帮教"),
        columns=(
            Column("resettlement.in_assistance", "source", label=_("在册帮教对象")),
            Column("resettlement.key_persons", label=_("在册重点帮教对象")),
            Column("resettlement.not_connected", label=_("未衔接（下落不明）")),
            Column("resettlement.released", label=_("新接收")),
            Column("resettlement.connected", label=_("已衔接")),
            Column("resettlement.key_met_at_gate", label=_("必接必送")),
            Column("resettlement.placements", label=_("安置")),
            Column("resettlement.visits", label=_("帮教走访")),
            Column("resettlement.reoffences", label=_("重新违法犯罪")),
        ),
        order=40,
    )
)
