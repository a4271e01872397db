"""Alternatives to measure against the current code without changing it (bench/run.py options).

`--scope-filter range` replaces the subtree filter of `sifa.orgs.access` for the run: instead of
`office__path__startswith=P` (SQL `LIKE 'P%'`) it asks for `P <= office.path < next(P)`, where
next(P) is P with its last step incremented in the tree's base-36 alphabet. Every descendant
path starts with P, so it lies in that interval, and nothing else does.

Why: SQLite's LIKE is case-insensitive, so it cannot use the index on `orgs_office.path`
(only `PRAGMA case_sensitive_like` or a NOCASE index would allow it). Its planner then starts
from the person table in id order and checks each person's office, which is fast for a wide
scope and slow for a narrow one. A range comparison uses the index, so the planner can start
from the few offices of a township. PostgreSQL already uses the `varchar_pattern_ops` index
Django creates beside a unique CharField for LIKE-prefix; a range uses the ordinary index.

`--scope-filter adaptive` uses the range for a narrow scope (at most 5 % of all offices) and
LIKE for a broad one: SQLite (built without STAT4) cannot estimate how selective a range is,
and drives a broad range from the office index into a sort of every person in scope.
"""

from __future__ import annotations

from django.db.models import Q


def next_path(path: str) -> str | None:
    """The smallest path of the same length after every path starting with `path`."""
    from sifa.orgs.models import Office

    alphabet = Office.alphabet
    chars = list(path)
    for index in range(len(chars) - 1, -1, -1):
        position = alphabet.index(chars[index])
        if position + 1 < len(alphabet):
            chars[index] = alphabet[position + 1]
            return "".join(chars[: index + 1])
    return None  # "ZZZZ…": no upper bound needed


def range_subtree_q(paths: list[str], office_field: str) -> Q:
    """Drop-in for sifa.orgs.access._subtree_q using path ranges instead of LIKE."""
    if not paths:
        return Q(pk__in=[])
    field = f"{office_field}__path" if office_field else "path"
    q = Q()
    for path in paths:
        interval = Q(**{f"{field}__gte": path})
        upper = next_path(path)
        if upper is not None:
            interval &= Q(**{f"{field}__lt": upper})
        q |= interval
    return q


# A scope holding at most this share of all offices counts as narrow (adaptive filter).
NARROW_SHARE = 0.05


def adaptive_subtree_q(paths: list[str], office_field: str) -> Q:
    """Range for narrow scopes, LIKE for broad ones: what each engine's planner does best.

    Costs two small index-only counts on orgs_office per call.
    """
    from sifa.orgs.models import Office

    if not paths:
        return Q(pk__in=[])
    in_scope = Office.objects.filter(range_subtree_q(paths, "")).count()
    if in_scope <= NARROW_SHARE * Office.objects.count():
        return range_subtree_q(paths, office_field)
    return ORIGINAL_SUBTREE_Q(paths, office_field)


ORIGINAL_SUBTREE_Q = None


def use_scope_filter(name: str) -> None:
    """Swap sifa.orgs.access's subtree filter for this process ("like" keeps the code as is)."""
    global ORIGINAL_SUBTREE_Q
    from sifa.orgs import access

    ORIGINAL_SUBTREE_Q = access._subtree_q
    if name == "range":
        access._subtree_q = range_subtree_q
    elif name == "adaptive":
        access._subtree_q = adaptive_subtree_q
