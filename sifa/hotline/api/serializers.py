"""Request and response bodies of the 12345 platform's push (工单推送).

The request is checked field by field with Chinese messages; the order's rules (a known
category, a valid phone, the receiving bureau …) are the action's
(`sifa.hotline.actions.orders.order_receive`). The answer names the order and its status."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from sifa.hotline.actions.orders import MAX_BATCH
from sifa.hotline.constants import Channel, Urgency


class OrderIn(serializers.Serializer):
    """一张12345工单。"""

    bureau_code = serializers.CharField(
        max_length=32, help_text=_("接收工单的司法局的机构编码，须在本客户端范围内。")
    )
    number = serializers.CharField(
        max_length=40, help_text=_("平台工单编号；同一编号只登记一次，重复推送返回已有工单。")
    )
    channel = serializers.ChoiceField(
        choices=Channel.choices, default=Channel.PHONE, help_text=_("来源渠道")
    )
    category = serializers.CharField(
        max_length=32,
        help_text=_(
            "诉求类别代码（字典 hotline_category）：consult 咨询，help 求助，complaint 投诉举报，"
            "suggestion 建议，criticism 批评"
        ),
    )
    urgency = serializers.ChoiceField(
        choices=Urgency.choices, default=Urgency.NORMAL, help_text=_("紧急程度")
    )
    received_at = serializers.DateTimeField(help_text=_("派单时间（带时区，ISO 8601）"))
    title = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True, help_text=_("工单标题")
    )
    content = serializers.CharField(help_text=_("诉求内容"))
    citizen_name = serializers.CharField(
        max_length=50, required=False, default="", allow_blank=True, help_text=_("诉求人姓名")
    )
    citizen_phone = serializers.CharField(
        max_length=30,
        required=False,
        default="",
        allow_blank=True,
        help_text=_("诉求人联系电话（加密保存，页面脱敏显示）"),
    )
    address = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True, help_text=_("诉求地址")
    )
    sign_due = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text=_("平台签收时限（可选）")
    )
    reply_due = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text=_("平台办结时限（可选）")
    )


class OrderOut(serializers.Serializer):
    """The order a push registered (or found), and its status."""

    id = serializers.IntegerField(help_text=_("Sifa 工单记录号"))
    number = serializers.CharField(help_text=_("平台工单编号"))
    status = serializers.CharField(help_text=_("状态代码"))
    status_label = serializers.CharField(source="get_status_display", help_text=_("状态名称"))


class OrderReceivedOut(OrderOut):
    created = serializers.BooleanField(
        help_text=_("true：本次新登记；false：该编号的工单已登记过（返回已有工单，内容不变）")
    )


ORDER_REQUEST = PolymorphicProxySerializer(
    component_name="HotlineOrderSubmission",
    serializers=[OrderIn, OrderIn(many=True, max_length=MAX_BATCH)],
    resource_type_field_name=None,
    many=False,
)
ORDER_RESPONSE = PolymorphicProxySerializer(
    component_name="HotlineOrderReceipt",
    serializers=[OrderReceivedOut, OrderReceivedOut(many=True)],
    resource_type_field_name=None,
    many=False,
)
