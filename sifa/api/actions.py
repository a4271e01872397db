"""Onboarding agencies: create a client, rotate its token, revoke it (Cap.ACCOUNTS_MANAGE).

A token is shown once, when it is issued; only its SHA-256 hash is stored. Every change is in
the client's change history (django-simple-history), the token hash excepted.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.api.base import hash_token, new_token, token_prefix
from sifa.api.constants import CLIENT_ROLE, AgencyKind
from sifa.api.models import ApiClient
from sifa.api.purposes import purpose_codes
from sifa.orgs import access, duties
from sifa.orgs.access import Cap
from sifa.orgs.models import Membership, Office, Role


def _validate(name: str, agency_kind: str, purposes: list[str], rate_per_minute: int) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("请填写客户端名称。")]
    if agency_kind not in AgencyKind.values:
        errors["agency_kind"] = [_("请选择机关类型。")]
    unknown = set(purposes) - purpose_codes()
    if not purposes or unknown:
        errors["purposes"] = [_("请至少选择一项有效的用途。")]
    if not 1 <= rate_per_minute <= 10_000:
        errors["rate_per_minute"] = [_("每分钟请求上限应在 1 至 10000 之间。")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def client_create(
    *,
    actor,
    office: Office,
    name: str,
    agency_kind: str,
    purposes: list[str],
    rate_per_minute: int = 120,
    contact: str = "",
) -> tuple[ApiClient, str]:
    """A new client and its service account; returns (client, the token to hand over once)."""
    access.require(actor, Cap.ACCOUNTS_MANAGE, office)
    _validate(name, agency_kind, purposes, rate_per_minute)
    if ApiClient.objects.filter(name=name.strip()).exists():
        raise ValidationError({"name": [_("已有同名的接口客户端。")]})
    token = new_token()
    user = get_user_model().objects.create(
        username=f"api-{token_prefix(token)}",
        first_name=name.strip()[:150],
        is_active=True,
    )
    user.set_unusable_password()  # a service account never logs in to the web pages
    user.save(update_fields=["password"])
    role = Role.objects.get(key=CLIENT_ROLE)
    duties.check_grant(actor=actor, user=user, role=role)  # 三权分立: a business role only
    Membership.objects.create(user=user, office=office, role=role)
    client = ApiClient.objects.create(
        office=office,
        name=name.strip(),
        agency_kind=agency_kind,
        purposes=list(dict.fromkeys(purposes)),
        user=user,
        token_prefix=token_prefix(token),
        token_hash=hash_token(token),
        token_issued_at=timezone.now(),
        rate_per_minute=rate_per_minute,
        contact=contact,
        created_by=actor,
    )
    return client, token


@transaction.atomic
def client_update(
    *, actor, client: ApiClient, purposes: list[str], rate_per_minute: int, contact: str = ""
) -> ApiClient:
    access.require(actor, Cap.ACCOUNTS_MANAGE, client.office)
    _validate(client.name, client.agency_kind, purposes, rate_per_minute)
    client.purposes = list(dict.fromkeys(purposes))
    client.rate_per_minute = rate_per_minute
    client.contact = contact
    client.save(update_fields=["purposes", "rate_per_minute", "contact", "updated_at"])
    return client


@transaction.atomic
def client_rotate(*, actor, client: ApiClient) -> str:
    """A new token; the old one stops working at once. Returns the new token (shown once)."""
    access.require(actor, Cap.ACCOUNTS_MANAGE, client.office)
    if client.revoked_at is not None:
        raise ValidationError(_("已吊销的客户端不能轮换令牌。"))
    token = new_token()
    client.token_prefix = token_prefix(token)
    client.token_hash = hash_token(token)
    client.token_issued_at = timezone.now()
    client.save(update_fields=["token_prefix", "token_hash", "token_issued_at", "updated_at"])
    return token


@transaction.atomic
def client_revoke(*, actor, client: ApiClient) -> ApiClient:
    """Switch the client off for good: its token stops working; the log and history stay."""
    access.require(actor, Cap.ACCOUNTS_MANAGE, client.office)
    client.active = False
    client.revoked_at = timezone.now()
    client.save(update_fields=["active", "revoked_at", "updated_at"])
    client.user.is_active = False
    client.user.save(update_fields=["is_active"])
    return client
