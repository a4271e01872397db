"""关联记录: links between records of different lines (a front-desk visit and the legal-aid
application it became …), shown on both records' pages by `{% record_links record %}`.

A line declares link providers in `Line.links`: `fn(user, record) -> Iterable[RecordLink]`, the
records linked to `record` that `user` may see (a provider reads through its own selectors, so
it scopes by `sifa.orgs.access`). `sifa.core.lines.install` registers them; core imports no line.
A provider gives nothing for a record it knows nothing about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordLink:
    """One linked record: what it is (`kind`: 来访登记, 法律援助申请 …), its `title`, its page."""

    kind: str
    title: str
    url: str
    note: str = ""


LinkProvider = Callable[[object, object], Iterable[RecordLink]]

_PROVIDERS: list[LinkProvider] = []


def register(provider: LinkProvider) -> None:
    """Add a provider (once; registering it again is harmless)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def links_for(user, record) -> list[RecordLink]:
    """Every registered provider's links of `record` for `user`, in registration order."""
    if record is None or getattr(record, "pk", None) is None or user is None:
        return []
    found: list[RecordLink] = []
    for provider in _PROVIDERS:
        found.extend(provider(user, record) or ())
    return found
