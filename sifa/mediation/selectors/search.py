"""The 人民调解 line's global-search provider (sifa.core.search; declared in line.py).

A case by its 案件编号, or by the 调确字案号 of a court's judicial confirmation of its
agreement. Only cases the user sees (sifa.orgs.access: office subtree, mediation line).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.search import SearchHit, number_q
from sifa.mediation.models import MediationCase
from sifa.orgs import access

SEARCH_LIMIT = 20


def mediation_search_hits(user, query: str) -> list[SearchHit]:
    condition = number_q(query, "number", "agreement__confirmations__court_case_number")
    if condition is None:
        return []
    cases = access.scope(user, MediationCase.objects.select_related("office"))
    rows = cases.filter(condition).distinct().order_by("-received_on", "-id")[:SEARCH_LIMIT]
    return [
        SearchHit(
            kind=_("调解案件"),
            title=case.number,
            url=case.get_absolute_url(),
            detail=" · ".join(
                [case.office.name, case.received_on.isoformat(), case.get_status_display()]
            ),
        )
        for case in rows
    ]
