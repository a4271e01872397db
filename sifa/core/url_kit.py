"""URL patterns: a page named as its view, and the patterns every line's main record repeats
(案件, 矫正对象, 帮教对象 …).

A line's views module for that record names its views `<name>_list`, `<name>_export`,
`<name>_register` and `<name>_detail`, and lists its state-machine actions in `ACTIONS`, each
served by `action_view(key)`; these helpers turn that convention into the URL patterns, so the
URL names and paths stay the same in every line.
"""

from collections.abc import Callable
from types import ModuleType

from django.urls import URLPattern, path


def page(route: str, view: Callable) -> URLPattern:
    """The URL pattern of a page named as its view function (`leave_list` for
    ``views.leave_list``), so that the name is written once."""
    return path(route, view, name=view.__name__)


def register_pages(prefix: str, name: str, views: ModuleType) -> list[URLPattern]:
    """The record's list, Excel export, new-record form and detail page:
    `<prefix>/`, `<prefix>/export/`, `<prefix>/register/` and `<prefix>/<pk>/`."""
    return [
        path(f"{prefix}/", getattr(views, f"{name}_list"), name=f"{name}_list"),
        path(f"{prefix}/export/", getattr(views, f"{name}_export"), name=f"{name}_export"),
        path(f"{prefix}/register/", getattr(views, f"{name}_register"), name=f"{name}_register"),
        path(f"{prefix}/<int:pk>/", getattr(views, f"{name}_detail"), name=f"{name}_detail"),
    ]


def action_pages(
    prefix: str, name: str, views: ModuleType, *, slug: Callable[[str], str] = str
) -> list[URLPattern]:
    """One form page per action of the record's state machine: `<prefix>/<pk>/<slug(key)>/`,
    named `<name>_<key>` (e.g. `case_start`)."""
    return [
        path(
            f"{prefix}/<int:pk>/{slug(action.key)}/",
            views.action_view(action.key),
            name=f"{name}_{action.key}",
        )
        for action in views.ACTIONS
    ]
