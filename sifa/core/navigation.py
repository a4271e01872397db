"""Navigation by business line (左侧菜单); each app registers its entries from AppConfig.ready().

    navigation.register(
        "mediation", _("人民调解"), 20,
        NavItem(_("调解案件"), "mediation:case_list", Cap.VIEW, icon="chat-square-text"),
        icon="people",
    )

The menu a user sees is built from this registry by `sifa.shell.menu`: an item is shown only
when the user holds its capability on some office, and only when its URL name reverses without
arguments (so a menu entry for a page still being built is skipped, not a crash). The active item
is the one whose URL is the longest prefix of the current path.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
