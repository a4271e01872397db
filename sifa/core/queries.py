"""How every line's list selectors narrow their rows: by the filters given and by a text searched
in several fields.

The rows come in already scoped to what the actor may see (and to an office subtree): that goes
through ``sifa.orgs.access``, which sits above core.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet


def narrowed(rows: QuerySet, **lookups) -> QuerySet:
    """`rows` matching every lookup whose value is given: an empty filter (None, "", False)
    does not narrow, so a list page passes its filter form's values as they are."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return rows.filter(**given) if given else rows


def text_condition(q: str, *fields: str) -> Q:
    """Any of `fields` contains `q` (a condition to combine with others, e.g. an Exists)."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__contains": q})
    return condition


def containing(rows: QuerySet, q: str | None, *fields: str) -> QuerySet:
    """`rows` where any of `fields` contains the text `q`; all of them when `q` is empty."""
    q = (q or "").strip()
    return rows.filter(text_condition(q, *fields)) if q else rows
