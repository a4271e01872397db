"""The 安置帮教 line's global-search provider (sifa.core.search; declared in line.py).

A released person (安置帮教对象) by the number of the 释放证明书 / 解矫证明书. Only records the
user sees (`released_scope`: office subtree, resettlement line, minors rule).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.search import SearchHit, number_q
from sifa.resettlement.selectors.persons import released_scope

SEARCH_LIMIT = 20


def resettlement_search_hits(user, query: str) -> list[SearchHit]:
    condition = number_q(query, "certificate_number")
    if condition is None:
        return []
    rows = released_scope(actor=user).filter(condition).order_by("-id")[:SEARCH_LIMIT]
    return [
        SearchHit(
            kind=_("安置帮教对象"),
            title=f"{released.certificate_number} {released.person.name}",
            url=released.get_absolute_url(),
            detail=" · ".join([released.office.name, released.get_status_display()]),
        )
        for released in rows
    ]
