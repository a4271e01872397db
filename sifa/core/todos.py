"""The to-do framework (待办): each app registers a provider of "near due / overdue" items.

A business line declares its providers in its `line.py` (`Line.todos`); sifa.core.lines
registers them here at start-up. A shared app (core's holiday table, reports' returned
submissions) calls `register()`.

A provider is `fn(user) -> Iterable[Todo]` and must only yield records the user may see
(selectors go through sifa.orgs.access). Each to-do carries its legal deadline (`due`, with the
rule in `basis`) and the path of its office, so that the to-do page (sifa.shell) can filter by
line and office and page the list. `for_user(user)` is the whole list, most urgent first:
overdue first (the longest overdue at the top), then the nearest deadline.

A provider's key names its line before the first dot ("corrections", "corrections.medical",
"core.holiday_table"); a filter by line asks only that line's providers, so the other lines'
records are not even read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Todo:
    line: str  # business line shown as a badge, e.g. "人民调解"
    title: str  # what to do, e.g. "案件 TJ-2026-001 调解期限将至"
    due: date  # the legal deadline
    url: str
    overdue: bool  # False: near due (within the warning window) or simply waiting
    office: str = ""  # office name, for bureau users who see many offices
    office_path: str = ""  # the office's tree path: the office filter keeps a subtree
    basis: str = ""  # the rule the deadline comes from, e.g. "法律援助法 第43条"

    @classmethod
    def about(cls, record, *, url: str | None = None, **fields) -> Todo:
        """A to-do about an office's `record` (a case, a subject, a leave …): listed under the
        record's office, opening `url` (the record's own page by default)."""
        return cls(
            url=url if url is not None else record.get_absolute_url(),
            office=record.office.name,
            office_path=record.office.path,
            **fields,
        )


Provider = Callable[[object], Iterable[Todo]]
_providers: dict[str, Provider] = {}
_line_names: dict[str, str] = {}


def register(key: str, provider: Provider, *, line_name: str | None = None) -> None:
    """Register `provider` under `key` ("<line>" or "<line>.<what>"); `line_name` is the
    line's label in the to-do page's line filter (default: the line key)."""
    _providers[key] = provider
    if line_name is not None:
        _line_names[line_of(key)] = line_name


def providers() -> dict[str, Provider]:
    return dict(_providers)


def line_of(key: str) -> str:
    """The line a provider key belongs to: its part before the first dot."""
    return key.split(".", 1)[0]


def line_choices() -> list[tuple[str, str]]:
    """(line key, label) of every line with a registered provider, in registration order."""
    keys = dict.fromkeys(line_of(key) for key in _providers)
    return [(key, str(_line_names.get(key, key))) for key in keys]


def urgency(todo: Todo) -> tuple:
    """The to-do list's order: overdue first, then by deadline (oldest first), then title."""
    return (not todo.overdue, todo.due, str(todo.title))


def for_user(user, *, line: str = "", office_path: str = "") -> list[Todo]:
    """The user's to-dos, most urgent first; only `line`'s providers when given, and only
    the to-dos of the office subtree at `office_path` when given."""
    items: list[Todo] = []
    for key, provider in list(_providers.items()):
        if line and line_of(key) != line:
            continue
        found = provider(user)
        if office_path:
            found = (t for t in found if t.office_path.startswith(office_path))
        items.extend(found)
    return sorted(items, key=urgency)
