"""The API's shared machinery: token authentication, purposes, rate limits, size limits,
idempotency, the request log, structured Chinese errors and pagination.

Every endpoint is an `ApiView` (or subclass) that names its `purpose`. The business work is
done by the lines' actions and selectors with the client's service account as the actor, so
office scoping is `sifa.orgs.access`'s as everywhere else: a record outside the client's scope is
a 404, an endpoint outside its purposes a 403.
"""

from __future__ import annotations

import hashlib
import json
import time

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.sifa_settings import sifa_setting
from sifa.accounts.events import client_ip
from sifa.api.base import (  # noqa: F401  (re-exported: the views import them from here)
    ApiJSONEncoder,
    ApiPagination,
    ClientRateThrottle,
    ClientTokenAuthentication,
    HasPurpose,
    IsClient,
    hash_token,
    new_token,
    token_prefix,
)
from sifa.api.models import ApiClient, ApiRequestLog, IdempotencyKey

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY = 100


def max_body_bytes() -> int:
    return sifa_setting("SIFA_API_MAX_BODY_BYTES")


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "sifa.api.base.ClientTokenAuthentication"
    name = "agencyToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _("管理员为每个机关签发的接口令牌（只显示一次，可轮换、吊销）。"),
        }


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class IdempotencyConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_conflict"


# --- errors -----------------------------------------------------------------------------------


def _flatten(detail) -> dict[str, list[str]]:
    """DRF's nested error detail as {"field" / "items.0.field": [messages]}."""
    result: dict[str, list[str]] = {}

    def walk(value, path):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
            for index, inner in enumerate(value):
                if inner:
                    walk(inner, f"{path}.{index}" if path else str(index))
        else:
            messages = value if isinstance(value, list) else [value]
            result.setdefault(path or "non_field_errors", []).extend(str(m) for m in messages)

    walk(detail, "")
    return result


def api_exception_handler(exc, context):
    """Every error as {"error": "<Chinese summary>", "errors": {field: [messages]}}."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("未找到该记录，或该记录不在本客户端的范围内。"))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("无权进行此操作。"))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        response.data = {"error": _("请求数据有误，请按字段说明修改后重试。"), "errors": errors}
    else:
        detail = getattr(exc, "detail", "")
        response.data = {"error": str(detail)}
    return response


ERROR_SCHEMA = inline_serializer(
    "Error",
    {
        "error": serializers.CharField(help_text=_("错误说明（中文）")),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text=_("字段 → 错误说明列表（仅数据校验错误）"),
        ),
    },
)

ERROR_TEXTS = {
    400: _("请求有误（数据错误按字段列出；或查询条件含控制字符）"),
    401: _("缺少或无效的接口令牌"),
    403: _("本客户端无此用途的授权"),
    404: _("记录不存在或不在本客户端范围内"),
    409: _("冲突（如幂等键已用于另一请求，或业务状态不允许）"),
    413: _("请求内容过大"),
    415: _("请求内容类型不是 application/json"),
    429: _("超过本客户端的请求频率上限"),
}


def error_responses(*codes: int) -> dict:
    """OpenAPI responses of the errors an endpoint may answer (400, 401, 403, 413, 429 always:
    a control character in the query is refused with 400 before any view, sifa.core.middleware).
    """
    wanted = sorted({400, 401, 403, 413, 429, *codes})
    return {
        code: OpenApiResponse(ERROR_SCHEMA, description=str(ERROR_TEXTS[code])) for code in wanted
    }


def document_unsupported_media(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation with a request body may answer 415
    (a body that is not JSON), so the schema says so — once here instead of in every view."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation.setdefault("responses", {}).setdefault(
                    "415",
                    {
                        "description": str(ERROR_TEXTS[415]),
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=_("幂等键（≤100 个字符）：同一键重复提交同一请求时返回首次的结果，不重复创建。"),
)


def submission_schema(*, operation_id, summary, description, tags, request, answer, created, again):
    """The schema of a submission registered once: 201 with the new record (`created`), 200 with
    the one registered before (`again`), and the client errors of a write."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        tags=tags,
        request=request,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: OpenApiResponse(answer, description=created),
            200: OpenApiResponse(answer, description=again),
            **error_responses(400, 404, 409),
        },
    )


def validated(serializer_class, data, **kwargs) -> dict:
    """The request's data checked by `serializer_class` (a 400 naming the fields if not)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def picked(data: dict, *names: str) -> dict:
    """The named fields of the validated data, as the keyword arguments of the action they feed
    (the API's field has the action's name)."""
    return {name: data[name] for name in names}


def registered(body, *, created: bool) -> Response:
    """The answer of a submission registered once: 201 when this request registered the record,
    200 when it had been registered before (a repeated submission creates nothing)."""
    return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


# --- the base view ----------------------------------------------------------------------------


class ApiView(GenericAPIView):
    """An endpoint of /api/v1/: authenticated client, its purpose, logged, limited."""

    authentication_classes = [ClientTokenAuthentication]
    permission_classes = [IsClient, HasPurpose]
    throttle_classes = [ClientRateThrottle]
    pagination_class = ApiPagination
    purpose: str = ""

    def initial(self, request, *args, **kwargs):
        self._started = time.perf_counter()
        self.touched: list[str] = []
        self._replayed = False
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > max_body_bytes():
            raise RequestTooLarge(
                _("请求内容过大（上限 %(limit)d 字节）。") % {"limit": max_body_bytes()}
            )
        super().initial(request, *args, **kwargs)

    @property
    def client(self) -> ApiClient:
        return self.request.auth

    @property
    def actor(self):
        return self.client.user

    def touch(self, *records) -> None:
        """Name the records this request read or wrote (the request log keeps them)."""
        for record in records:
            if record is not None:
                self.touched.append(f"{record._meta.label_lower}:{record.pk}")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        self._log(request, response)
        return response

    def _log(self, request, response) -> None:
        client = request.auth if isinstance(getattr(request, "auth", None), ApiClient) else None
        error = ""
        if response.status_code >= 400 and isinstance(getattr(response, "data", None), dict):
            error = str(response.data.get("error", ""))[:500]
        started = getattr(self, "_started", time.perf_counter())
        ApiRequestLog.objects.create(
            client=client,
            purpose=self.purpose,
            method=request.method,
            path=request.get_full_path()[:300],
            status=response.status_code,
            records=getattr(self, "touched", [])[:1000],
            idempotency_key=request.headers.get(IDEMPOTENCY_HEADER, "")[:MAX_IDEMPOTENCY_KEY],
            replayed=getattr(self, "_replayed", False),
            duration_ms=int((time.perf_counter() - started) * 1000),
            ip_address=client_ip(request),
            error=error,
        )

    # -- idempotent writes --

    def idempotent(self, request, handler) -> Response:
        """Run `handler()` once per Idempotency-Key; a retry gets the first answer again.

        Without the header the write simply runs. The same key with a different request body
        is a 409. Answers of 5xx are not kept (the retry runs again).
        """
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if not key:
            return handler()
        if len(key) > MAX_IDEMPOTENCY_KEY:
            raise exceptions.ValidationError(
                {IDEMPOTENCY_HEADER: [_("幂等键不能超过 100 个字符。")]}
            )
        digest = hashlib.sha256(
            json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str).encode()
        ).hexdigest()
        stored = IdempotencyKey.objects.filter(client=self.client, key=key).first()
        if stored is not None:
            return self._replay(stored, digest, request)
        try:
            with transaction.atomic():
                response = handler()
                if response.status_code < 500:
                    IdempotencyKey.objects.create(
                        client=self.client,
                        key=key,
                        method=request.method,
                        path=request.path[:300],
                        request_hash=digest,
                        status=response.status_code,
                        response=json.loads(json.dumps(response.data, cls=ApiJSONEncoder)),
                    )
        except IntegrityError:  # the same key arrived twice at once: answer as the first
            stored = IdempotencyKey.objects.get(client=self.client, key=key)
            return self._replay(stored, digest, request)
        return response

    def _replay(self, stored: IdempotencyKey, digest: str, request) -> Response:
        if stored.request_hash != digest or stored.path != request.path[:300]:
            raise IdempotencyConflict(_("该幂等键已用于另一个请求，请换用新的幂等键。"))
        self._replayed = True
        return Response(
            stored.response, status=stored.status, headers={"Idempotent-Replayed": "true"}
        )
