"""Query parameters and response bodies of the statistics exchange (统计数据).

Values are JSON numbers: counts as integers, amounts (元) with their decimals.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sifa.stats.registry import FLOW, STOCK

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
MAX_KEYS = 200


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """A count or an amount as a JSON number (an integer when it is whole)."""

    def to_representation(self, value):
        if value is None:
            return None
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)


class MonthField(serializers.CharField):
    """YYYY-MM → (year, month)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", _("统计月份，格式 YYYY-MM，如 2026-03"))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        match = MONTH_PATTERN.match(text)
        if not match or not (1 <= int(match.group(2)) <= 12) or int(match.group(1)) < 1900:
            raise serializers.ValidationError(_("月份格式应为 YYYY-MM，如 2026-03。"))
        return int(match.group(1)), int(match.group(2))


class IndicatorQuery(serializers.Serializer):
    month = MonthField()
    office = serializers.CharField(
        max_length=20,
        required=False,
        help_text=_("机构编码，须在本客户端范围内；不填时为本客户端的范围机构。"),
    )
    keys = serializers.CharField(
        max_length=5000,
        required=False,
        help_text=_("指标键，多个用英文逗号分隔，如 mediation.cases_accepted；不填时为全部指标。"),
    )

    def validate_keys(self, value: str) -> list[str]:
        keys = [k.strip() for k in value.split(",") if k.strip()]
        if len(keys) > MAX_KEYS:
            raise serializers.ValidationError(
                _("一次最多查询 %(count)d 个指标。") % {"count": MAX_KEYS}
            )
        return keys


class ReportQuery(serializers.Serializer):
    month = MonthField()


class BreakdownRowOut(serializers.Serializer):
    code = serializers.CharField(
        allow_null=True, help_text=_("分组值（代码）；未填写的记录为 null")
    )
    label = serializers.CharField(help_text=_("分组名称"))
    value = NumberField(help_text=_("该组的数值"))


class BreakdownOut(serializers.Serializer):
    key = serializers.CharField(help_text=_("分组键"))
    label = serializers.CharField(help_text=_("分组名称，如“按纠纷类型”"))
    rows = BreakdownRowOut(many=True, help_text=_("各组数值，从大到小；各组之和等于指标值"))


class IndicatorValueOut(serializers.Serializer):
    key = serializers.CharField(help_text=_("指标键"))
    label = serializers.CharField(help_text=_("指标名称"))
    unit = serializers.CharField(help_text=_("单位，如件、人、元"))
    kind = serializers.ChoiceField(
        choices=[(FLOW, _("流量")), (STOCK, _("存量"))],
        help_text=_("flow 流量（本月发生数）；stock 存量（月末在册数）"),
    )
    line = serializers.CharField(help_text=_("业务条线"))
    office_code = serializers.CharField(help_text=_("统计机构编码（含下级机构）"))
    month = serializers.CharField(help_text=_("统计月份 YYYY-MM"))
    value = NumberField(help_text=_("指标值"))
    breakdowns = BreakdownOut(many=True, help_text=_("各分组的数值"))


class FrozenBucketOut(serializers.Serializer):
    code = serializers.CharField(help_text=_("分组值（代码）"))
    label = serializers.CharField(help_text=_("分组名称"))
    value = NumberField(help_text=_("上报时冻结的数值"))


class FrozenBreakdownOut(serializers.Serializer):
    key = serializers.CharField(help_text=_("分组键"))
    label = serializers.CharField(help_text=_("分组名称"))
    rows = FrozenBucketOut(many=True)


class FrozenTotalOut(serializers.Serializer):
    indicator = serializers.CharField(help_text=_("指标键"))
    label = serializers.CharField(help_text=_("指标名称"))
    unit = serializers.CharField(help_text=_("单位"))
    value = NumberField(help_text=_("上报时冻结的指标值"))


class FrozenIndicatorOut(FrozenTotalOut):
    breakdowns = FrozenBreakdownOut(many=True, help_text=_("上报时冻结的各分组数值"))


class ReportOut(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("月报编号"))
    office_code = serializers.CharField(help_text=_("上报机构编码"))
    office_name = serializers.CharField(help_text=_("上报机构名称"))
    month = serializers.CharField(help_text=_("月份 YYYY-MM"))
    status = serializers.CharField(
        help_text=_("submitted 已上报，returned 已退回，accepted 审核通过"),
    )
    status_label = serializers.CharField(help_text=_("状态名称"))
    version = serializers.IntegerField(help_text=_("上报次数（退回后重报加一）"))
    submitted_at = serializers.DateTimeField(allow_null=True, help_text=_("上报时间"))
    reviewed_at = serializers.DateTimeField(allow_null=True, help_text=_("审核时间"))
    snapshot_version = serializers.IntegerField(allow_null=True, help_text=_("当前冻结快照的版本"))
    values = FrozenTotalOut(many=True, help_text=_("当前快照冻结的各指标值"))


class ReportDetailOut(ReportOut):
    values = FrozenIndicatorOut(many=True, help_text=_("当前快照冻结的各指标值及分组数值"))
