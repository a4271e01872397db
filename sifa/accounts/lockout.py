"""Lockout by client address (按来源地址锁定), beside axes' lockout by account.

axes locks an **account** after `SIFA_LOCKOUT_FAILURES` failures. That alone lets one address
try a few passwords on each of many accounts (password spraying) without locking anything.
So an **address** from which `SIFA_LOCKOUT_ADDRESS_FAILURES` logins failed — on any accounts,
within the last `SIFA_LOCKOUT_MINUTES` — may not log in again until the window has passed.

The address limit is much higher than the account limit on purpose: a township office (司法所)
reaches the county through one NAT address shared by all its clerks, so a low limit would let
one person's typos, or an attacker, lock a whole office out (docs/security.md). The address is
the one the login log records (`events.client_ip`: behind a trusted proxy only is
X-Forwarded-For believed), and the failures are counted from that log (`audit.AuthEvent`), so
there is no second store to keep in step. A refused attempt is logged as 来源地址锁定 and not as
a failure, so trying on while locked does not prolong the lock.
"""

from datetime import timedelta

from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from config.sifa_settings import sifa_setting
from sifa.accounts.events import client_ip
from sifa.audit.models import AuthEvent

# Set on the request when this backend refused it, for the login log and the login form.
ADDRESS_LOCKED_ATTRIBUTE = "sifa_address_locked"
COUNTED = (AuthEvent.Kind.FAILURE, AuthEvent.Kind.OTP_FAILURE)


def recent_failures(address: str, *, now=None) -> int:
    """Failed logins (passwords and two-factor codes) from `address` in the window before `now`."""
    now = now or timezone.now()
    since = now - timedelta(minutes=sifa_setting("SIFA_LOCKOUT_MINUTES"))
    rows = AuthEvent.objects.filter(ip_address=address, kind__in=COUNTED)
    return rows.filter(at__gt=since, at__lte=now).count()


def address_locked(address: str | None, *, now=None) -> bool:
    limit = sifa_setting("SIFA_LOCKOUT_ADDRESS_FAILURES")
    if not limit or not address:
        return False
    return recent_failures(address, now=now) >= limit


def refused_for_address(request) -> bool:
    return bool(getattr(request, ADDRESS_LOCKED_ATTRIBUTE, False))


class AddressLockoutBackend(BaseBackend):
    """First in AUTHENTICATION_BACKENDS: every login path (the login page, the admin's) asks
    `authenticate()`, which stops at the PermissionDenied raised here."""

    def authenticate(self, request, **credentials):
        if request is not None and address_locked(client_ip(request)):
            setattr(request, ADDRESS_LOCKED_ATTRIBUTE, True)
            raise PermissionDenied
        return None
