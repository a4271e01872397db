"""The client's address behind the reverse proxies of SIFA_TRUSTED_PROXIES.

One rule for every reader of a client address: the login log and lockout (sifa.accounts.events,
axes), the sensitive-read log, the portal's rate limits, and the request id a proxy passes on
(sifa.core.observability). A header that any client can write (X-Forwarded-For, X-Request-ID) is
believed only from a peer that is one of the trusted proxies (deploy/nginx-sifa.conf sets both).
"""

import ipaddress

from config.sifa_settings import sifa_setting


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


def peer_is_trusted_proxy(request) -> bool:
    """Whether the request came straight from one of the reverse proxies of SIFA_TRUSTED_PROXIES."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    return peer is not None and _is_trusted(peer, _trusted_proxies())
