"""Writing the login log (登录日志): one `audit.AuthEvent` row per login, logout, failure …

Every row carries the address the request came from (`REMOTE_ADDR`, the same address axes
uses) and the browser's user agent, so an auditor can tell a clerk's typos from an attack.
"""

import ipaddress

from sifa.audit.models import AuthEvent

USER_AGENT_MAX_LENGTH = AuthEvent._meta.get_field("user_agent").max_length
USERNAME_MAX_LENGTH = AuthEvent._meta.get_field("username").max_length


def client_ip(request) -> str | None:
    """The peer address of the request; behind a reverse proxy, set REMOTE_ADDR there.

    Anything that is not an IP address (a unix socket name, say) is stored as unknown: the
    column is an address column on PostgreSQL and must never make a login fail.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_user_agent(request) -> str:
    if request is None:
        return ""
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH]


def record_auth_event(kind: str, request, *, user=None, username: str = "") -> AuthEvent:
    """Append one row to the login log. `username` is what was typed when there is no user."""
    if user is not None and not username:
        username = user.get_username()
    return AuthEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:USERNAME_MAX_LENGTH],
        ip_address=client_ip(request),
        user_agent=client_user_agent(request),
    )
