"""Writing the login log (登录日志): one `audit.AuthEvent` row per login, logout, failure …

Every row carries the address the request came from (`client_ip`, the same address axes
uses for its lockout) and the browser's user agent, so an auditor can tell a clerk's typos
from an attack.
"""

from sifa.audit.models import AuthEvent
from sifa.core.proxies import client_ip

USER_AGENT_MAX_LENGTH = AuthEvent._meta.get_field("user_agent").max_length
USERNAME_MAX_LENGTH = AuthEvent._meta.get_field("username").max_length

__all__ = ["client_ip", "client_user_agent", "record_auth_event"]


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
