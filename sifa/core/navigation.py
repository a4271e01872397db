"""Navigation by business line; each app registers its entries from AppConfig.ready()."""

from dataclasses import dataclass, field


@dataclass
class NavItem:
    label: str
    url_name: str
    capability: str | None = None  # shown only when the user holds it somewhere


@dataclass
class NavSection:
    key: str
    label: str
    order: int
    items: list[NavItem] = field(default_factory=list)


_sections: dict[str, NavSection] = {}


def register(section_key: str, section_label: str, order: int, *items: NavItem) -> None:
    section = _sections.setdefault(section_key, NavSection(section_key, section_label, order))
    for item in items:
        if all(existing.url_name != item.url_name for existing in section.items):
            section.items.append(item)


def navigation_for(request) -> list[NavSection]:
    from django.urls import NoReverseMatch, reverse

    from sifa.orgs import access

    result = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        visible = []
        for item in section.items:
            if item.capability and not access.has_capability_anywhere(
                request.user, item.capability
            ):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            visible.append({"label": item.label, "url": url, "active": request.path == url})
        if visible:
            result.append({"key": section.key, "label": section.label, "items": visible})
    return result
