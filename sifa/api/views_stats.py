"""/api/v1/statistics/: a higher-level platform reads monthly figures and submitted reports.

* indicators/: the month's values of the registered indicators (指标库) for an office in the
  client's scope (its subtree, every record counted: the system figure a report freezes), with
  each breakdown's rows; one registry call per page of indicators.
* reports/: the monthly reports (月报上报) of offices in the client's scope, with the values
  frozen when they were submitted.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sifa.api.constants import READ_STATISTICS
from sifa.api.framework import ApiView, error_responses
from sifa.api.serializers_stats import (
    IndicatorQuery,
    IndicatorValueOut,
    ReportDetailOut,
    ReportOut,
    ReportQuery,
)
from sifa.reports import selectors_exchange as selectors
from sifa.stats.registry import Figures, Indicator

TAG = "统计数据"

# The route takes any text (a non-number is a JSON 404 of this API, not a page of the site).
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="月报编号")


def record_id_or_404(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise Http404(_("未找到该记录。"))
    return int(text)


MONTH_PARAMETER = OpenApiParameter(
    "month",
    str,
    OpenApiParameter.QUERY,
    required=True,
    pattern=r"^\d{4}-\d{2}$",
    description="统计月份，格式 YYYY-MM，如 2026-03",
)


def _month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


class IndicatorValuesView(ApiView):
    """指标月度数值。"""

    purpose = READ_STATISTICS

    @extend_schema(
        operation_id="statistics_indicators",
        summary="指标月度数值",
        description=(
            "指标库中各指标某月的数值及分组数值，统计口径为所选机构及其下级机构的全部记录"
            "（与月报冻结的口径相同）。机构须在本客户端范围内，不填时为本客户端的范围机构。"
            "按指标分页。"
        ),
        tags=[TAG],
        parameters=[
            MONTH_PARAMETER,
            OpenApiParameter(
                "office",
                str,
                OpenApiParameter.QUERY,
                description="机构编码；不填时为本客户端的范围机构",
            ),
            OpenApiParameter(
                "keys",
                str,
                OpenApiParameter.QUERY,
                description="指标键，多个用英文逗号分隔；不填时为全部指标",
            ),
        ],
        responses={200: IndicatorValueOut(many=True), **error_responses(400, 404)},
    )
    def get(self, request):
        query = IndicatorQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        year, month = params["month"]
        office = self.client.office
        if params.get("office"):
            office = selectors.stats_office_or_404(actor=self.actor, code=params["office"])
        indicators = selectors.indicators_named(params.get("keys"))
        page = self.paginate_queryset(indicators)
        figures = selectors.month_figures(page, office, year, month)
        self.touch(office)
        month_text = _month_text(year, month)
        rows = [_indicator_row(i, figures[i.key], office.code, month_text) for i in page]
        return self.get_paginated_response(IndicatorValueOut(rows, many=True).data)


def _indicator_row(indicator: Indicator, figures: Figures, office_code: str, month: str) -> dict:
    return {
        "key": indicator.key,
        "label": str(indicator.label),
        "unit": str(indicator.unit),
        "kind": indicator.kind,
        "line": str(indicator.line),
        "office_code": office_code,
        "month": month,
        "value": figures.value,
        "breakdowns": [
            {
                "key": b.key,
                "label": str(b.label),
                "rows": [
                    {"code": None if stored is None else str(stored), "label": label, "value": v}
                    for stored, label, v in figures.breakdowns.get(b.key, [])
                ],
            }
            for b in indicator.breakdowns
        ],
    }


def _report_row(report: selectors.FrozenReport, *, with_breakdowns: bool) -> dict:
    submission, snapshot = report.submission, report.snapshot
    values = []
    for frozen in report.indicators:
        row = {
            "indicator": frozen.key,
            "label": frozen.label,
            "unit": frozen.unit,
            "value": frozen.value,
        }
        if with_breakdowns:
            row["breakdowns"] = [
                {
                    "key": key,
                    "label": selectors.breakdown_label(frozen.key, key),
                    "rows": [
                        {"code": v.bucket, "label": v.bucket_label, "value": v.value} for v in rows
                    ],
                }
                for key, rows in frozen.breakdowns.items()
            ]
        values.append(row)
    return {
        "id": submission.pk,
        "office_code": submission.office.code,
        "office_name": submission.office.name,
        "month": _month_text(submission.year, submission.month),
        "status": submission.status,
        "status_label": submission.get_status_display(),
        "version": submission.version,
        "submitted_at": submission.submitted_at,
        "reviewed_at": submission.reviewed_at,
        "snapshot_version": snapshot.version if snapshot else None,
        "values": values,
    }


class ReportListView(ApiView):
    """本客户端范围内各机构某月的月报。"""

    purpose = READ_STATISTICS

    @extend_schema(
        operation_id="statistics_reports",
        summary="月报上报情况及冻结数值",
        description=(
            "本客户端范围内各机构某月的月报：上报机构、状态、上报次数、上报和审核时间，"
            "以及当前冻结快照中各指标的数值（上报时冻结，不随记录更正而变化）。分页。"
        ),
        tags=[TAG],
        parameters=[MONTH_PARAMETER],
        responses={200: ReportOut(many=True), **error_responses(400, 404)},
    )
    def get(self, request):
        query = ReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year, month = query.validated_data["month"]
        page = self.paginate_queryset(
            selectors.submissions_of_month(actor=self.actor, year=year, month=month)
        )
        reports = selectors.frozen_reports(page)
        self.touch(*page)
        rows = [_report_row(r, with_breakdowns=False) for r in reports]
        return self.get_paginated_response(ReportOut(rows, many=True).data)


class ReportDetailView(ApiView):
    """一份月报及其冻结的分组数值。"""

    purpose = READ_STATISTICS

    @extend_schema(
        operation_id="statistics_report_get",
        summary="一份月报的冻结数值（含分组）",
        description="本客户端范围内的一份月报，当前冻结快照中各指标的数值及各分组的数值。",
        tags=[TAG],
        parameters=[ID_PARAMETER],
        responses={200: ReportDetailOut, **error_responses(404)},
    )
    def get(self, request, pk: str):
        pk = record_id_or_404(pk)
        submission = selectors.submission_get(actor=self.actor, pk=pk)
        (report,) = selectors.frozen_reports([submission], with_breakdowns=True)
        self.touch(submission)
        return Response(ReportDetailOut(_report_row(report, with_breakdowns=True)).data)
