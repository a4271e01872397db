"""The publicity monthly report form (普法依法治理工作情况月报表), as data: the month's events,
participants and materials by kind, the law exams' takers and passes, the pre-appointment
exams, the units' self-reports and evaluations."""

from django.utils.translation import gettext_lazy as _

from sifa.reports.definitions import Column, ReportForm, register_form

register_form(
    ReportForm(
        key="publicity.monthly",
        title=_("普法依法治理工作情况月报表"),
        line=_("普法与依法治理"),
        columns=(
            Column("publicity.events", label=_("普法活动场次")),
            Column("publicity.participants", label=_("参加人数")),
            Column("publicity.materials", "kind", label=_("发放资料")),
            Column("publicity.exam_takers", label=_("年度学法考试参考人数")),
            Column("publicity.exam_passed", label=_("合格人数")),
            Column("publicity.leaders_examined", label=_("任前法律知识考试人数")),
            Column("publicity.self_reports", label=_("报送履职自查报告")),
            Column("publicity.evaluations", label=_("履职评议")),
            Column("publicity.media_articles", label=_("媒体用稿")),
        ),
        order=60,
    )
)
