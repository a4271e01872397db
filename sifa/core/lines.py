"""The line registry (业务条线登记): what each business line contributes to the shared pages.

A line declares itself once, in `sifa/<line>/line.py`, as `LINE = Line(...)`: its pages and menu,
its dashboard parts, its to-do and search providers, its API routes and purposes, its
data-quality rules. The collectors
(config.urls, sifa.core.todos, sifa.core.search, sifa.api, sifa.reports) read `lines()`, so
adding a line touches no file outside its app but INSTALLED_APPS. Core imports no line: the
modules are found through `django.apps` (see docs/lines.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule

from sifa.core.navigation import NavItem

LINE_MODULE = "line"  # sifa/<line>/line.py


@dataclass(frozen=True)
class Chart:
    """A dashboard breakdown chart: one indicator split by one breakdown ("pie" or "bar")."""

    indicator: str
    breakdown: str
    kind: str = "pie"
    title: str = ""


@dataclass(frozen=True)
class Pages:
    """A URL module of the line's pages, mounted at `prefix` (e.g. "mediation/"). `namespace`
    mounts a second module under a name of its own (legal aid's public portal)."""

    prefix: str
    module: str
    namespace: str = ""


@dataclass(frozen=True)
class Line:
    """One business line's declaration (see docs/lines.md for each field).

    `order` places the line's tiles, trend, charts and ranking among the other lines on the
    dashboard, and its menu section (`menu`, titled `name`) among the others; `warning_order`
    places its early warnings (default: `order`).
    """

    key: str  # the app label, e.g. "corrections"
    name: str  # shown as the dashboard panel title and to-do badge, e.g. "社区矫正"
    order: int = 100
    tiles: tuple[str, ...] = ()  # indicator keys of the KPI tiles
    ratios: tuple[str, ...] | None = None  # None: every ratio registered for the line
    trend: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    ranking: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    warning_order: int | None = None
    todos: tuple[tuple[str, Callable], ...] = ()  # (key, fn(user) -> Iterable[Todo])
    search: tuple[tuple[str, Callable], ...] = ()  # (key, fn(user, query) -> Iterable[SearchHit])
    pages: tuple[Pages, ...] = ()
    menu: tuple[NavItem, ...] = ()  # the line's section of the left-hand menu
    menu_icon: str = ""
    api_urls: str = ""  # dotted module with `urlpatterns`, mounted under /api/v1/
    # (code, label) of the exchanges the line's API serves; a client is granted them (用途).
    api_purposes: tuple[tuple[str, str], ...] = ()
    # The line's data-quality rules (sifa.core.data_quality.QualityRule, declared in the line's
    # data_quality.py): the monitor counts and lists the records that break them.
    data_quality: tuple = ()
    # The line's imports on the 数据导入 page (sifa.core.imports.spec.ImportSpec; docs/imports.md).
    imports: tuple = ()
    # (key, function) pairs the line offers to lines that may not import it because it imports
    # them (the import graph has no cycle between apps): `offered(key)` finds one.
    offers: tuple[tuple[str, Callable], ...] = ()
    # 关联记录 providers `fn(user, record) -> Iterable[RecordLink]` (sifa.core.record_links): the
    # records of this line linked to a record of another line, shown by `{% record_links %}`.
    links: tuple[Callable, ...] = ()


def line_of(app_config: AppConfig) -> Line | None:
    """The app's `line.LINE`, or None for an app that is not a line."""
    if not module_has_submodule(app_config.module, LINE_MODULE):
        return None
    return import_module(f"{app_config.name}.{LINE_MODULE}").LINE


def collect(app_configs: Iterable[AppConfig]) -> tuple[Line, ...]:
    """The lines declared by these apps, in the order of their `order` (stable)."""
    declared = [line for line in map(line_of, app_configs) if line is not None]
    return tuple(sorted(declared, key=lambda line: line.order))


@cache
def lines() -> tuple[Line, ...]:
    """The installed lines (cached once the app registry is ready)."""
    apps.check_apps_ready()
    return collect(apps.get_app_configs())


def offered(key: str) -> Callable | None:
    """The function an installed line offers under `key` (`Line.offers`), or None."""
    for line in lines():
        for name, function in line.offers:
            if name == key:
                return function
    return None


def page_urlpatterns(declared: Iterable[Line]) -> list:
    """The lines' pages for the root URLconf, in the lines' order."""
    from django.urls import include, path

    patterns = []
    for line in declared:
        for pages in line.pages:
            target = (pages.module, pages.namespace) if pages.namespace else pages.module
            patterns.append(path(pages.prefix, include(target, namespace=pages.namespace or None)))
    return patterns


def install(declared: Iterable[Line]) -> None:
    """Register the lines' menu sections, to-do, search and record-link providers with
    sifa.core.navigation, .todos, .search and .record_links."""
    from sifa.core import navigation, record_links, search, todos

    for line in declared:
        if line.menu:
            navigation.register(line.key, line.name, line.order, *line.menu, icon=line.menu_icon)
        for key, provider in line.todos:
            todos.register(key, provider, line_name=line.name)
        for key, provider in line.search:
            search.register(key, provider, group=line.name)
        for provider in line.links:
            record_links.register(provider)


def clear_cache() -> None:
    """Forget the installed lines (after INSTALLED_APPS changed, in tests)."""
    lines.cache_clear()


def _reset_on_settings_change(*, setting, **kwargs):
    if setting == "INSTALLED_APPS":
        clear_cache()


def connect_signals() -> None:
    from django.test.signals import setting_changed

    setting_changed.connect(_reset_on_settings_change, dispatch_uid="sifa.core.lines")


def business_lines() -> tuple[Line, ...]:
    """The installed business lines, the ones a role is granted (Role.lines): every declared
    line but the panels of shared apps (orgs' 机构队伍)."""
    from sifa.core.import_rules import SHARED_ORDER

    return tuple(line for line in lines() if line.key not in SHARED_ORDER)
