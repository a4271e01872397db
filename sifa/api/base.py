"""Authentication, purposes, rate limits and pagination of the API (no DRF views imported here:
the REST framework settings name these classes, and importing its views from this module would
import this module again).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, renderers
from rest_framework.authentication import BaseAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle
from rest_framework.utils import encoders

from sifa.api import client_cache
from sifa.api.models import ApiClient
from sifa.api.purposes import purpose_label
from sifa.core import ratelimit
from sifa.core.amounts import plain_decimal

TOKEN_BYTES = 30  # 40 URL-safe characters
PREFIX_LENGTH = 8


# --- tokens -----------------------------------------------------------------------------------


def new_token() -> str:
    return "sifa_" + secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are long random strings, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_prefix(token: str) -> str:
    return token.removeprefix("sifa_")[:PREFIX_LENGTH]


class ClientTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` → (the client's service account, the ApiClient)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        keyword, _space, token = header.partition(" ")
        if keyword != self.keyword or not token.strip():
            raise exceptions.AuthenticationFailed(_("认证头格式应为“Bearer <令牌>”。"))
        # The client comes with its service account (every request's actor) and the account's
        # grants, from the shared cache while none of their rows changed (client_cache); the
        # client's office is read by the few views that show it, not by every request.
        client = client_cache.authenticated_client(hash_token(token.strip()))
        if client is None or not client.active or client.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("接口令牌无效或已吊销。"))
        return client.user, client

    def authenticate_header(self, request):
        return self.keyword  # 401 (not 403) without credentials, with WWW-Authenticate


class HasPurpose(BasePermission):
    """The client holds the endpoint's purpose (403 otherwise)."""

    def has_permission(self, request, view) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return False
        if client.has_purpose(view.purpose):
            return True
        self.message = _("本客户端未获授权用于“%(purpose)s”。") % {
            "purpose": purpose_label(view.purpose)
        }
        return False


class IsClient(BasePermission):
    message = _("请提供接口令牌（Authorization: Bearer <令牌>）。")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiClient)


class ClientRateThrottle(BaseThrottle):
    """Per-client requests per minute (`ApiClient.rate_per_minute`), counted in the shared
    cache with atomic increments (sifa.core.ratelimit): every server process counts the same
    requests, and two requests at once are both counted."""

    def allow_request(self, request, view):
        client = request.auth
        if not isinstance(client, ApiClient):
            return True
        self.counted = ratelimit.hit(
            "api-client",
            str(client.pk),
            limit=client.rate_per_minute,
            window=60,
            count_refused=False,
        )
        return self.counted.allowed

    def wait(self):
        counted = getattr(self, "counted", None)
        return counted.retry_after if counted is not None else None


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# --- rendering --------------------------------------------------------------------------------


class ApiJSONEncoder(encoders.JSONEncoder):
    """DRF's encoder, with Decimals as plain strings ("2879680.26", `sifa.core.amounts`) and
    aware times in the bureau's zone with their offset (`2026-03-01T08:30:00+08:00`), also
    when a view hands over a bare value instead of going through a serializer field."""

    def default(self, obj):
        if isinstance(obj, Decimal):
            return plain_decimal(obj)
        if isinstance(obj, datetime) and timezone.is_aware(obj):
            return timezone.localtime(obj).isoformat()
        return super().default(obj)


class ApiJSONRenderer(renderers.JSONRenderer):
    encoder_class = ApiJSONEncoder
