"""Navigation by business line (左侧菜单): a line declares its section in line.py (`Line.menu`,
registered by `sifa.core.lines.install`), a shared app registers its own from AppConfig.ready().

    navigation.register(
        "mediation", _("人民调解"), 20,
        NavItem(_("调解案件"), "mediation:case_list", Cap.VIEW, icon="chat-square-text"),
        icon="people",
    )

The menu a user sees is built from this registry by `sifa.shell.menu`: an item is shown only
when the user holds its capability on some office, only when its URL name reverses without
arguments (so a menu entry for a page still being built is skipped, not a crash), and only when
the page's own gate lets the user in. The active item is the one whose URL is the longest prefix
of the current path.

**One rule for the page and its menu entry (no link leads to a 403).** A page that refuses some
users who hold the item's capability (登记释放人员 needs a 司法所 in the user's scope, not just
`edit`) declares its check with `@page_gate(check, message)`: the view refuses with 403 when
`check(user)` is false, and the menu reads the same `check` from the resolved view
(`gate_of`), so the entry is hidden from exactly the users the page would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied

GATE_ATTRIBUTE = "sifa_page_gate"


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


def page_gate(check: Callable[[object], bool], message: str = "") -> Callable:
    """Decorate a view: 403 with `message` unless `check(request.user)`; the menu hides its
    entry from the same users (`gate_of`). Put it under `@login_required`, whose `wraps` carries
    the gate up to the outermost view."""

    def decorate(view):
        @wraps(view)
        def gated(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied(str(message) if message else None)
            return view(request, *args, **kwargs)

        setattr(gated, GATE_ATTRIBUTE, check)
        return gated

    return decorate


def gate_of(view) -> Callable[[object], bool] | None:
    """The check a view declared with `page_gate`, or None."""
    return getattr(view, GATE_ATTRIBUTE, None)
