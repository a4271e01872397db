"""The 安置帮教 line's global-search provider (sifa.core.search; declared in line.py).

A released person (安置帮教对象) by the number of the 释放证明书 / 解矫证明书. Only records the
user sees (`released_scope`: office subtree, resettlement line, minors rule).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.search import SearchHit, number_hits
from sifa.resettlement.selectors.persons import released_scope


def resettlement_search_hits(user, query: str) -> list[SearchHit]:
    return number_hits(
        query,
        ("certificate_number",),
        released_scope(actor=user),
        kind=_("安置帮教对象"),
        title=lambda released: f"{released.certificate_number} {released.person.name}",
        detail=lambda released: [released.office.name, released.get_status_display()],
    )
