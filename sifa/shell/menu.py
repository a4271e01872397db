"""The menu (左侧菜单) a user sees, built from the apps' registrations in `sifa.core.navigation`."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)

from sifa.core.lines import business_lines
from sifa.core.navigation import gate_of, matches, sections
from sifa.orgs import access


def _holds_any(user, capability: str | tuple[str, ...] | None, line: str) -> bool:
    """An item names no capability, one, or a tuple of which any one will do, held in `line`
    (a business line's statistics, too: its section is for the roles of that line)."""
    if not capability:
        return True
    wanted = (capability,) if isinstance(capability, str) else capability
    return any(
        access.has_capability_anywhere(user, c, line=line)
        and (line == access.ANY_LINE or line in access.lines_of(user, c))
        for c in wanted
    )


@lru_cache(maxsize=512)
def _target(url_name: str, _prefix: str, _urlconf: str | None) -> tuple[str, object] | None:
    """The item's URL and its page's gate (`sifa.core.navigation.page_gate`), or None when the
    name does not resolve. Resolving every item on every page took about 8 % of a page's time
    (profile of the menu tests); the answer depends only on the URLconf and the script prefix,
    hence the key."""
    try:
        url = reverse(url_name)
        gate = gate_of(resolve(url).func)
    except (NoReverseMatch, Resolver404):
        return None
    return url, gate


def navigation_for(request) -> list[dict]:
    """The sections and items this user may see, with the current page's item marked active."""
    result = []
    line_keys = {line.key for line in business_lines()}
    for section in sections():
        # A business line's section shows only to roles with that line (按业务条线授权).
        line = section.key if section.key in line_keys else access.ANY_LINE
        visible = []
        for item in section.items:
            if not _holds_any(request.user, item.capability, line):
                continue
            target = _target(
                item.url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
            )
            if target is None:
                continue
            url, gate = target
            if gate is not None and not gate(request.user):
                continue
            visible.append({"label": item.label, "url": url, "icon": item.icon, "active": False})
        if visible:
            result.append(
                {
                    "key": section.key,
                    "label": section.label,
                    "icon": section.icon,
                    "items": visible,
                    "active": False,
                }
            )
    _mark_active(result, request.path)
    return result


def _mark_active(result: list[dict], path: str) -> None:
    """Only one item is active: the deepest match (/people/new/ beats /people/)."""
    candidates = [
        (len(item["url"]), item, section)
        for section in result
        for item in section["items"]
        if matches(path, item["url"])
    ]
    if candidates:
        _, item, section = max(candidates, key=lambda c: c[0])
        item["active"] = True
        section["active"] = True
