"""Global search (全局搜索): each app registers a provider; the search page shows all hits.

A business line declares its providers in its `line.py` (`Line.search`); sifa.core.lines
registers them here at start-up. A shared app (orgs, people) calls `register()`.

A provider is `fn(user, query: str) -> Iterable[SearchHit]` and must only return records the
user may see (through its selectors, which go through sifa.orgs.access).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchHit:
    kind: str  # e.g. "人员", "调解案件"
    title: str  # what is shown as the link text (masked where sensitive)
    url: str
    detail: str = ""  # one line of context (office, date …)


Provider = Callable[[object, str], Iterable[SearchHit]]
_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    _providers[key] = provider


def search(user, query: str, limit_per_provider: int = 20) -> list[SearchHit]:
    query = (query or "").strip()
    if not query:
        return []
    hits: list[SearchHit] = []
    for provider in _providers.values():
        hits.extend(list(provider(user, query))[:limit_per_provider])
    return hits
