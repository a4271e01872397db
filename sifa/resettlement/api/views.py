"""/api/v1/release-notices/: a prison's release notice opens a resettlement record (安置帮教).

POST goes through `release_notice_receive`, which receives the same release of the same person
once: 201 for a new record, 200 with the existing one. The target 司法所 must be in the client's
scope (404 otherwise). GET answers the record's status only. The older endpoint
/resettlement/api/release-notices/ (shared token) keeps working beside this one.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sifa.api.framework import (
    ApiView,
    IdempotencyConflict,
    error_responses,
    registered,
    submission_schema,
    validated,
)
from sifa.resettlement.actions.persons import ReleaseOutOfSight, release_notice_receive
from sifa.resettlement.api.serializers import (
    ReleaseNoticeIn,
    ReleaseNoticeOut,
    ReleaseNoticeReceivedOut,
)
from sifa.resettlement.constants import API_NOTIFY_RELEASE
from sifa.resettlement.selectors import exchange

TAG = "安置帮教"

# The route takes any text (a non-number is a JSON 404 of this API, not a page of the site).
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="安置帮教记录编号")


def record_id_or_404(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise Http404(_("未找到该记录。"))
    return int(text)


class ReleaseNoticeCreateView(ApiView):
    """刑满释放人员通知。"""

    purpose = API_NOTIFY_RELEASE

    @submission_schema(
        operation_id="release_notice_create",
        summary="发送刑满释放人员通知",
        description=(
            "监狱向释放人员居住地司法所发送刑满释放人员通知，登记为安置帮教对象（已收到释放通知）。"
            "人员按身份证号码在人员信息库中查找，没有的在该司法所登记。"
            "同一人员同一释放日期的通知只登记一次：重复发送返回已有记录（200）。"
        ),
        tags=[TAG],
        request=ReleaseNoticeIn,
        answer=ReleaseNoticeReceivedOut,
        created=_("已登记"),
        again=_("该人员的本次释放已登记过，返回已有记录"),
    )
    def post(self, request):
        return self.idempotent(request, lambda: self._receive(request))

    def _receive(self, request) -> Response:
        data = validated(ReleaseNoticeIn, request.data)
        office = exchange.receiving_office_or_404(actor=self.actor, code=data["office_code"])
        try:
            result = release_notice_receive(
                actor=self.actor, **{**data, "office_code": office.code}
            )
        except ReleaseOutOfSight as error:
            raise IdempotencyConflict(str(error)) from None
        released = result.released
        self.touch(released, released.person)
        body = {
            **ReleaseNoticeOut(released).data,
            "created": result.created,
            "warnings": [str(w) for w in result.warnings],
        }
        return registered(body, created=result.created)


class ReleaseNoticeDetailView(ApiView):
    """一条释放通知的衔接状态。"""

    purpose = API_NOTIFY_RELEASE

    @extend_schema(
        operation_id="release_notice_get",
        summary="查询释放通知的衔接状态",
        description="按记录编号查询本客户端范围内一条释放通知登记的安置帮教记录的状态，不含其他内容。",
        tags=[TAG],
        parameters=[ID_PARAMETER],
        responses={200: ReleaseNoticeOut, **error_responses(404)},
    )
    def get(self, request, pk: str):
        pk = record_id_or_404(pk)
        released = exchange.release_notice_get(actor=self.actor, pk=pk)
        self.touch(released)
        return Response(ReleaseNoticeOut(released).data)
