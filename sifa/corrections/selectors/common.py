"""How the corrections list selectors narrow their rows: by office subtree (through
sifa.orgs.access), then by the filters given and a searched text (the kit in sifa.core.queries)."""

from __future__ import annotations

from django.db.models import QuerySet

from sifa.core import queries
from sifa.core.queries import containing
from sifa.orgs import access

__all__ = ["containing", "narrowed"]


def narrowed(rows: QuerySet, *, within=None, **lookups) -> QuerySet:
    """`rows` within the office subtree `within` (when given) and matching every lookup whose
    value is given: an empty filter (None, "", False) does not narrow."""
    if within is not None:
        rows = access.within(rows, within)
    return queries.narrowed(rows, **lookups)
