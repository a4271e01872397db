"""/api/v1/client/: who the caller is (onboarding check): name, scope, purposes, limits."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from sifa.api.framework import ApiView, IsClient, error_responses

ClientInfo = inline_serializer(
    "ClientInfo",
    {
        "name": serializers.CharField(),
        "agency_kind": serializers.CharField(),
        "office_code": serializers.CharField(),
        "office_name": serializers.CharField(),
        "purposes": serializers.ListField(child=serializers.CharField()),
        "rate_per_minute": serializers.IntegerField(),
    },
)


class ClientInfoView(ApiView):
    """本客户端的信息：名称、范围机构、已授权用途、频率上限（对接自检用）。"""

    permission_classes = [IsClient]

    @extend_schema(
        operation_id="client_info",
        summary="本客户端信息",
        tags=["客户端"],
        responses={200: ClientInfo, **error_responses()},
    )
    def get(self, request):
        client = self.client
        self.touch(client)
        return Response(
            {
                "name": client.name,
                "agency_kind": client.agency_kind,
                "office_code": client.office.code,
                "office_name": client.office.name,
                "purposes": client.purposes,
                "rate_per_minute": client.rate_per_minute,
            }
        )


class NotFoundView(ApiView):
    """Any /api/v1/ address that names no endpoint: a JSON 404, as every API answer is JSON."""

    schema = None  # not an operation
    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    def dispatch_unknown(self, request, *args, **kwargs):
        raise exceptions.NotFound(_("没有这个接口地址，请查阅 /api/v1/docs/。"))

    get = post = put = patch = delete = dispatch_unknown
