"""The location check-in endpoint for devices (定位签到): `POST /corrections/api/check-ins/`.

Request (JSON, UTF-8), one check-in or a batch (a JSON array of at most 500, all or nothing):

    {"subject": "<矫正编号>", "at": "2026-03-01T08:30:00+08:00",
     "latitude": 30.27, "longitude": 120.15, "accuracy_m": 15}

Authentication: the header `X-Sifa-Token` must equal the setting `SIFA_CHECKIN_TOKEN`
(compared in constant time). While that setting is unset or empty the endpoint is switched off
and answers 503. No session, no CSRF token (the device is not a browser).

Answers (JSON, errors in Chinese under "error"):
    201  {"id", "outside", "alert"} — or a list of them, in order, for a batch
    400  invalid JSON or field (range: latitude −90…90, longitude −180…180, accuracy_m ≥ 0,
         `at` with a time-zone offset and not more than 5 minutes ahead); "index" = batch item
    401  missing or wrong token          404  unknown subject number, or one outside the
                                             token's reach (SIFA_CHECKIN_TOKEN_OFFICE)
    405  not a POST                      409  subject not 已接收/在矫
    503  SIFA_CHECKIN_TOKEN not configured

The work is done by `sifa.corrections.actions.supervision` (parse_check_ins, check_ins_receive).
"""

from __future__ import annotations

import hmac
import json

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.sifa_settings import sifa_setting
from sifa.corrections.actions.supervision import (
    CheckInRejected,
    check_ins_receive,
    parse_check_ins,
)
from sifa.corrections.selectors import exchange
from sifa.orgs.selectors import token_reach

TOKEN_HEADER = "X-Sifa-Token"  # noqa: S105 (a header name, not a secret)
MAX_BODY_BYTES = 512 * 1024  # 500 check-ins of ~200 bytes, with room


def _error(status: int, message: str, index: int | None = None) -> JsonResponse:
    body = {"error": message}
    if index is not None:
        body["index"] = index
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _token_ok(request, expected: str) -> bool:
    given = request.headers.get(TOKEN_HEADER, "")
    return hmac.compare_digest(given.encode(), expected.encode())


@csrf_exempt
@require_POST
def check_in(request):
    """Receive one check-in or a batch (see the module docstring)."""
    expected = sifa_setting("SIFA_CHECKIN_TOKEN") or ""
    if not expected:
        return _error(503, _("定位签到接口未启用（未配置 SIFA_CHECKIN_TOKEN）。"))
    if not _token_ok(request, expected):
        return _error(401, _("签到令牌无效。"))
    if len(request.body) > MAX_BODY_BYTES:
        return _error(400, _("请求内容过大。"))
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _error(400, _("请求内容不是有效的 JSON。"))
    reach = token_reach(sifa_setting("SIFA_CHECKIN_TOKEN_OFFICE"))
    if reach is None:
        return _error(503, _("定位签到接口的机构范围配置有误（SIFA_CHECKIN_TOKEN_OFFICE）。"))
    try:
        items, batch = parse_check_ins(body)
        results = check_ins_receive(items, subjects=exchange.gateway_subjects(reach=reach or None))
    except CheckInRejected as error:
        return _error(error.status, error.message, error.index)
    payload = [r.as_dict() for r in results] if batch else results[0].as_dict()
    return JsonResponse(payload, status=201, safe=False)
