"""The monthly report form of notarisation (公证工作情况月报表), as data (docs/reports.md).

Columns: the notary offices and notaries at the month's end; the notarisations accepted and
issued in the month, the issued ones by 国内/涉外 and 民事/经济; refusals; fee reliefs; free
consultations (人次); certificates issued late."""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

TEAM, CASES = _("机构队伍"), _("公证业务")

register_form(
    ReportForm(
        key="notary.monthly",
        title=_("公证工作情况月报表"),
        line=_("公证"),
        columns=(
            Column("practice.notary_offices", label=_("公证机构（家）"), group=TEAM),
            Column("practice.notaries", label=_("执业公证员（人）"), group=TEAM),
            Column("notary.accepted", label=_("受理（件）"), group=CASES),
            Column("notary.refused", label=_("不予办理（件）"), group=CASES),
            Column("notary.fee_relief", label=_("减免公证费（元）"), group=CASES),
            Column("notary.consultations", label=_("咨询（人次）"), group=CASES),
            Column("notary.overdue", label=_("超期出证（件）"), group=CASES),
            Column("notary.issued", "scope", label=_("办理公证（出证，件）")),
            Column("notary.issued", "branch", label=_("出证按民事/经济")),
        ),
        order=50,
    )
)
