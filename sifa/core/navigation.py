"""Navigation by business line (左侧菜单); each app registers its entries from AppConfig.ready().

    navigation.register(
        "mediation", _("人民调解"), 20,
        NavItem(_("调解案件"), "mediation:case_list", Cap.VIEW, icon="chat-square-text"),
        icon="people",
    )

An item is shown only when the user holds its capability on some office, and only when its URL
name reverses without arguments (so a menu entry for a page still being built is skipped, not a
crash). The active item is the one whose URL is the longest prefix of the current path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass
class NavItem:
    label: str
    url_name: str
    # Shown only when the user holds this capability (or any one of a tuple) somewhere.
    capability: str | tuple[str, ...] | None = None
    icon: str = ""  # a Bootstrap Icons name without the "bi-" prefix, e.g. "list-check"


@dataclass
class NavSection:
    key: str
    label: str
    order: int
    items: list[NavItem] = field(default_factory=list)
    icon: str = ""


_sections: dict[str, NavSection] = {}


def register(
    section_key: str, section_label: str, order: int, *items: NavItem, icon: str = ""
) -> None:
    """Add items to a section (created on first use); registering an item twice is harmless."""
    section = _sections.setdefault(section_key, NavSection(section_key, section_label, order))
    if icon:
        section.icon = icon
    for item in items:
        if all(existing.url_name != item.url_name for existing in section.items):
            section.items.append(item)


def sections() -> list[NavSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def matches(path: str, url: str) -> bool:
    """Is `path` the page at `url` or below it? The site root matches only itself."""
    if path == url:
        return True
    if url == "/":
        return False
    prefix = url if url.endswith("/") else url + "/"
    return path.startswith(prefix)


def _holds_any(access, user, capability: str | tuple[str, ...] | None) -> bool:
    """An item names no capability, one, or a tuple of which any one will do."""
    if not capability:
        return True
    wanted = (capability,) if isinstance(capability, str) else capability
    return any(access.has_capability_anywhere(user, c) for c in wanted)


def navigation_for(request) -> list[dict]:
    """The sections and items this user may see, with the current page's item marked active."""
    from sifa.orgs import access

    result = []
    for section in sections():
        visible = []
        for item in section.items:
            if not _holds_any(access, request.user, item.capability):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
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
