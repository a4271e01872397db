"""Global search (全局搜索): each app registers a provider; the search page shows all hits.

A business line declares its providers in its `line.py` (`Line.search`); sifa.core.lines
registers them here at start-up with the line's name, under which the page groups their hits
(按条线分组). A shared app (orgs, people) calls `register()` without a line: its hits are
grouped by their kind (人员, 机构).

A provider is `fn(user, query: str) -> Iterable[SearchHit]` and must only return records the
user may see (through its selectors, which go through sifa.orgs.access: office scope, the
line's grant, the minors rule). A line the user holds no grant in returns nothing, so its group
does not appear.

What a query finds (docs/search.md):
* a record by its number (案件编号, 申请编号, 矫正编号 …), by a number stored on it (通知书文号,
  判决书文号, 证明书编号, 委托编号, 执业证号), or by the 文号 of a document Sifa printed for it
  (〔2026〕青司援决字第0001号: issued once and kept in core.IssuedNumber, whose key names the
  record: `issued_document_keys()`);
* a person by name, full document or phone number (keyed hash), or the masked document number a
  page shows (110105********002X, keyed hash of the masked form: sifa.people).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class SearchHit:
    kind: str  # e.g. "人员", "调解案件"
    title: str  # what is shown as the link text (masked where sensitive)
    url: str
    detail: str = ""  # one line of context (office, date …)
    group: str = ""  # the result group: the line's name, set by `search()` (else the kind)


Provider = Callable[[object, str], Iterable[SearchHit]]
_providers: dict[str, Provider] = {}
_groups: dict[str, str] = {}  # provider key → the line name its hits are grouped under

# A number typed to find a record: at least this many characters, one of them a digit (a
# shorter fragment matches too many records to be useful).
MIN_NUMBER_LENGTH = 4


def register(key: str, provider: Provider, *, group: str = "") -> None:
    _providers[key] = provider
    if group:
        _groups[key] = group
    else:
        _groups.pop(key, None)


def search(user, query: str, limit_per_provider: int = 20) -> list[SearchHit]:
    """Every provider's hits, each with its `group` (the line's name, or the hit's kind): the
    shared apps' first (persons, offices), then the lines' in their order."""
    query = (query or "").strip()
    if not query:
        return []
    hits: list[SearchHit] = []
    for key, provider in sorted(_providers.items(), key=lambda item: item[0] in _groups):
        group = _groups.get(key, "")
        for hit in list(provider(user, query))[:limit_per_provider]:
            hits.append(replace(hit, group=str(group or hit.group or hit.kind)))
    return hits


def grouped(hits: Iterable[SearchHit]) -> dict[str, list[SearchHit]]:
    """Hits by group, in the order the groups are first met (shared apps, then the lines)."""
    groups: dict[str, list[SearchHit]] = {}
    for hit in hits:
        groups.setdefault(hit.group or hit.kind, []).append(hit)
    return groups


def record_numbers(query: str) -> list[str]:
    """The record number a query may name: the query itself, or nothing for a query too short
    or without a digit."""
    query = (query or "").strip()
    if len(query) >= MIN_NUMBER_LENGTH and any(ch.isdigit() for ch in query):
        return [query]
    return []


def issued_document_keys(query: str, record_type: str) -> list[str]:
    """The keys ("<document>:<pk>") of the documents of `record_type` whose issued 文号 is the
    query (sifa.core.numbering.document_number): a printed document finds its record."""
    from sifa.core.models import IssuedNumber

    query = "".join((query or "").split())
    if not record_numbers(query):
        return []
    rows = IssuedNumber.objects.filter(record_type=record_type, number=query)
    return list(rows.values_list("key", flat=True))


def key_pks(keys: Iterable[str], *, prefix: str = "") -> list[int]:
    """The record ids at the end of issued-number keys ("给予法律援助决定书:12" → 12), of the
    keys starting with `prefix` when given."""
    return [int(key.rsplit(":", 1)[1]) for key in keys if key.startswith(prefix)]


def number_q(query: str, *fields: str):
    """A filter matching `query` as a record number in any of `fields` (contains, ignoring
    case), or None when the query names no number (`record_numbers`)."""
    from django.db.models import Q

    condition = Q()
    for number in record_numbers(query):
        for field in fields:
            condition |= Q(**{f"{field}__icontains": number})
    return condition or None


# Every provider's records by number: at most this many hits of one kind.
NUMBER_HITS_LIMIT = 20


def number_hits(
    query: str,
    fields: Sequence[str],
    rows,
    *,
    kind: str,
    title: Callable,
    detail: Callable,
    url: Callable | None = None,
    also: Callable | None = None,
    order: Sequence[str] = ("-id",),
) -> list[SearchHit]:
    """A provider's hits of one kind: the records of `rows` (a queryset already scoped to the
    reader, through the line's selectors) whose `fields` hold a number named in `query`
    (`number_q`) or that `also()` names (a Q: a printed 文号's records), in `order`, at most
    `NUMBER_HITS_LIMIT`. Each hit is titled `title(record)`, opens `url(record)` (the record's
    own page by default) and shows `detail(record)` (a list of words) joined by " · "."""
    condition = number_q(query, *fields)
    if condition is None:
        return []
    if also is not None:
        condition |= also()
    found = rows.filter(condition)
    found = found.order_by(*order) if order else found
    return [
        SearchHit(
            kind=kind,
            title=title(record),
            url=url(record) if url else record.get_absolute_url(),
            detail=" · ".join(detail(record)),
        )
        for record in found[:NUMBER_HITS_LIMIT]
    ]
