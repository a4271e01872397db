"""The API for prisons: 刑满释放人员通知书 sent electronically (RA-2, RA-3).

    POST /resettlement/api/release-notices/
    X-Sifa-Token: <settings.SIFA_RELEASE_NOTICE_TOKEN>
    Content-Type: application/json

    {"name": "张三", "id_number": "11010519491231002X", "released_on": "2026-05-01",
     "prison": "某某监狱", "crime": "盗窃罪", "original_sentence": "有期徒刑三年",
     "certificate_number": "(2026)释字第1号", "key_person": false, "key_reason": "",
     "office_code": "330102001"}

201 with {"id": …, "status": "notified", "created": true} for a new notice, 200 with the same
body (`created: false`) when the same release of the same person was already received; 400
with {"errors": {field: [Chinese messages]}} for bad input; 401 for a missing or wrong token;
503 when the token is not configured (the API is then switched off).

The token reaches the offices under `SIFA_RELEASE_NOTICE_TOKEN_OFFICE` (empty: every office):
a 司法所 outside is refused as an unknown code, and the person is looked up by ID number in the
addressed 司法所 only — a registration elsewhere is neither used nor mentioned (issue 14).
"""

from __future__ import annotations

import datetime
import hmac
import json

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.sifa_settings import sifa_setting
from sifa.orgs.selectors import token_reach
from sifa.resettlement.actions.persons import ReleaseOutOfSight, release_notice_receive

TOKEN_HEADER = "X-Sifa-Token"  # noqa: S105 (a header name, not a secret)
MAX_BODY_BYTES = 64 * 1024
TEXT_FIELDS = (
    "office_code",
    "name",
    "id_number",
    "prison",
    "crime",
    "original_sentence",
    "certificate_number",
    "key_reason",
)


def _error(status: int, message: str, errors: dict | None = None) -> JsonResponse:
    body = {"error": message}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _token_ok(request) -> bool | None:
    """None when no token is configured; else whether the header matches (constant time)."""
    expected = sifa_setting("SIFA_RELEASE_NOTICE_TOKEN") or ""
    if not expected:
        return None
    given = request.headers.get(TOKEN_HEADER, "") or ""
    return hmac.compare_digest(given.encode(), str(expected).encode())


def _parse(payload: dict) -> tuple[dict, dict]:
    """The action's keywords from the JSON body, and the errors of types and formats."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    for name in TEXT_FIELDS:
        raw = payload.get(name, "")
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            errors[name] = [_("应为文本。")]
            continue
        values[name] = raw
    raw_date = payload.get("released_on")
    values["released_on"] = None
    if raw_date not in (None, ""):
        try:
            values["released_on"] = datetime.date.fromisoformat(str(raw_date))
        except ValueError:
            errors["released_on"] = [_("释放日期格式应为 YYYY-MM-DD。")]
    key_person = payload.get("key_person", False)
    if key_person is None:
        key_person = False
    if not isinstance(key_person, bool):
        errors["key_person"] = [_("应为 true 或 false。")]
    values["key_person"] = key_person is True
    return values, errors


@csrf_exempt
@never_cache
@require_POST
def release_notice(request):
    """接收监狱的刑满释放人员通知."""
    token = _token_ok(request)
    if token is None:
        return _error(503, _("释放通知接口未启用。"))
    if not token:
        return _error(401, _("接口令牌无效。"))
    if len(request.body) > MAX_BODY_BYTES:
        return _error(400, _("请求内容过大。"))
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error(400, _("请求内容不是有效的 JSON。"))
    if not isinstance(payload, dict):
        return _error(400, _("请求内容应为 JSON 对象。"))
    values, errors = _parse(payload)
    if errors:
        return _error(400, _("通知内容有误。"), errors)
    reach = token_reach(sifa_setting("SIFA_RELEASE_NOTICE_TOKEN_OFFICE"))
    if reach is None:
        return _error(503, _("释放通知接口的机构范围配置有误。"))
    try:
        result = release_notice_receive(reach=reach or None, **values)
    except ValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        return _error(400, _("通知内容有误。"), detail)
    except ReleaseOutOfSight as error:
        return _error(409, str(error))
    released = result.released
    body = {
        "id": released.pk,
        "status": released.status,
        "created": result.created,
        "assistance_end": released.assistance_end.isoformat(),
    }
    if result.warnings:
        body["warnings"] = result.warnings
    return JsonResponse(
        body, status=201 if result.created else 200, json_dumps_params={"ensure_ascii": False}
    )
