"""/api/v1/hotline-orders/: the 12345 platform pushes work orders (工单推送).

One order (a JSON object) or a batch (a JSON array of at most 500): every order is registered
once by the platform's number — a repeat answers the order already known (`created` false) —
and a batch is stored whole or not at all, so a push cut off midway is simply sent again.
The receiving bureau must be in the client's scope (404 otherwise)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from sifa.api.framework import IDEMPOTENCY_PARAMETER, ApiView, error_responses, validated
from sifa.hotline.actions.orders import MAX_BATCH, OrderRejected, orders_receive
from sifa.hotline.api import serializers as s
from sifa.hotline.constants import API_PUSH_ORDERS
from sifa.hotline.selectors import exchange

TAG = "12345工单"
FIELDS = {
    "number": "number",
    "channel": "channel",
    "category": "category",
    "urgency": "urgency",
    "received_at": "received_at",
    "title": "title",
    "content": "content",
    "citizen_name": "citizen_name",
    "citizen_phone": "citizen_phone",
    "address": "address",
    "sign_due": "platform_sign_due",
    "reply_due": "platform_reply_due",
}


class OrderPushView(ApiView):
    """12345平台推送工单（单条或批量）。"""

    purpose = API_PUSH_ORDERS

    @extend_schema(
        operation_id="hotline_order_push",
        summary="推送12345工单",
        description=(
            "12345平台向司法局推送工单：一条（JSON 对象）或一批（JSON 数组，最多500条，"
            "全部保存或全部不保存）。同一平台工单编号只登记一次，重复推送返回已有工单"
            "（created 为 false，内容不变）。bureau_code 须为本客户端范围内的司法局，否则返回 404"
            "（批量时 errors 的键为从0起的序号，如 3.bureau_code）。"
            "应答：单条为 {id, number, status, status_label, created}，批量为同样对象的数组"
            "（顺序与提交一致）；单条新登记为 201，已登记过为 200；批量中有新登记的为 201。"
        ),
        tags=[TAG],
        request=s.ORDER_REQUEST,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: OpenApiResponse(s.ORDER_RESPONSE, description=_("已登记")),
            200: OpenApiResponse(s.ORDER_RESPONSE, description=_("均已登记过，返回已有工单")),
            **error_responses(400, 404, 409),
        },
    )
    def post(self, request):
        return self.idempotent(request, lambda: self._receive(request.data))

    def _receive(self, body) -> Response:
        if not isinstance(body, dict | list):
            raise exceptions.ValidationError(
                {"non_field_errors": [_("请求内容应为一张工单（JSON 对象）或工单数组。")]}
            )
        batch = isinstance(body, list)
        if batch:
            rows = validated(s.OrderIn, body, many=True, allow_empty=False, max_length=MAX_BATCH)
        else:
            rows = [validated(s.OrderIn, body)]
        bureaus = exchange.receiving_bureaus_or_404(
            actor=self.actor, codes={row["bureau_code"] for row in rows}
        )
        unseen = [i for i, row in enumerate(rows) if row["bureau_code"] not in bureaus]
        if unseen:
            return self._outside_scope(rows, unseen[0], batch)
        items = [
            {
                "bureau": bureaus[row["bureau_code"]],
                **{action: row[field] for field, action in FIELDS.items()},
            }
            for row in rows
        ]
        try:
            results = orders_receive(actor=self.actor, items=items)
        except OrderRejected as error:
            prefix = f"{error.index}." if batch else ""
            raise exceptions.ValidationError(
                {f"{prefix}{field}": messages for field, messages in error.errors.items()}
            ) from None
        self.touch(*(order for order, _created in results))
        answers = [{**s.OrderOut(order).data, "created": created} for order, created in results]
        created = any(created for _order, created in results)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(answers if batch else answers[0], status=code)

    def _outside_scope(self, rows, index: int, batch: bool) -> Response:
        message = _("未找到机构编码为 %(code)s 的司法局，或其不在本客户端的范围内。") % {
            "code": rows[index]["bureau_code"]
        }
        if batch:
            message = _("第%(n)d条：%(message)s") % {"n": index + 1, "message": message}
        field = f"{index}.bureau_code" if batch else "bureau_code"
        return Response(
            {"error": message, "errors": {field: [message]}}, status=status.HTTP_404_NOT_FOUND
        )
