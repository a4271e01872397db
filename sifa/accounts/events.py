"""Writing the login log (登录日志): one `audit.AuthEvent` row per login, logout, failure …

Every row carries the address the request came from (`client_ip`, the same address axes
uses for its lockout) and the browser's user agent, so an auditor can tell a clerk's typos
from an attack.
"""

import ipaddress

from config.sifa_settings import sifa_setting
from sifa.audit.models import AuthEvent

USER_AGENT_MAX_LENGTH = AuthEvent._meta.get_field("user_agent").max_length
USERNAME_MAX_LENGTH = AuthEvent._meta.get_field("username").max_length


def client_ip(request) -> str | None:
    """The address of the client that sent the request.

    The peer (`REMOTE_ADDR`) is the client unless it is one of the reverse proxies of
    `SIFA_TRUSTED_PROXIES`; then X-Forwarded-For is read from the right, past every trusted
    proxy, and the first other address is the client. A header that any client can write is
    never believed from a peer that is not a trusted proxy, so a forged X-Forwarded-For neither
    hides an attacker nor moves a lockout onto someone else's address.

    Anything that is not an IP address (a unix socket name, say) is stored as unknown: the
    column is an address column on PostgreSQL and must never make a login fail.
    """
    if request is None:
        return None
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = _trusted_proxies()
    if peer is None or not _is_trusted(peer, proxies):
        return str(peer) if peer is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").strip()
    if not forwarded:
        return str(peer)  # the proxy itself sent the request
    for hop in reversed([part.strip() for part in forwarded.split(",")]):
        address = _address(hop)
        if address is None:
            return None  # a malformed chain: the client is unknown
        if not _is_trusted(address, proxies):
            return str(address)
    return str(peer)  # only proxies: the request started at the last one


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted_proxies() -> list:
    return [ipaddress.ip_network(p, strict=False) for p in sifa_setting("SIFA_TRUSTED_PROXIES")]


def _is_trusted(address, proxies) -> bool:
    return any(address in network for network in proxies)


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
