"""How the corrections list selectors narrow their rows: by the filters given, by office
subtree and by a text searched in several fields."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sifa.orgs import access


def narrowed(rows: QuerySet, *, within=None, **lookups) -> QuerySet:
    """`rows` within the office subtree `within` (when given) and matching every lookup whose
    value is given: an empty filter (None, "", False) does not narrow."""
    if within is not None:
        rows = access.within(rows, within)
    given = {lookup: value for lookup, value in lookups.items() if value}
    return rows.filter(**given) if given else rows


def containing(rows: QuerySet, q: str | None, *fields: str) -> QuerySet:
    """`rows` where any of `fields` contains the text `q`; all of them when `q` is empty."""
    q = (q or "").strip()
    if not q:
        return rows
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__contains": q})
    return rows.filter(condition)
