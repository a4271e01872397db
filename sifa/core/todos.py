"""The to-do framework (待办): each app registers a provider of "near due / overdue" items.

A business line declares its providers in its `line.py` (`Line.todos`); sifa.core.lines
registers them here at start-up. A shared app (core's holiday table) calls `register()`.

A provider is `fn(user) -> Iterable[Todo]` and must only yield records the user may see
(selectors go through sifa.orgs.access). The home page lists `for_user(user)`, overdue first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Todo:
    line: str  # business line shown as a badge, e.g. "人民调解"
    title: str  # what to do, e.g. "案件 TJ-2026-001 调解期限将至"
    due: date
    url: str
    overdue: bool  # False: near due (within the warning window)
    office: str = ""  # office name, for bureau users who see many offices


Provider = Callable[[object], Iterable[Todo]]
_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    _providers[key] = provider


def providers() -> dict[str, Provider]:
    return dict(_providers)


def for_user(user) -> list[Todo]:
    items: list[Todo] = []
    for provider in _providers.values():
        items.extend(provider(user))
    return sorted(items, key=lambda t: (not t.overdue, t.due, t.title))
