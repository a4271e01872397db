"""The 人民调解 line's global-search provider (sifa.core.search; declared in line.py).

A case by its 案件编号, or by the 调确字案号 of a court's judicial confirmation of its
agreement. Only cases the user sees (sifa.orgs.access: office subtree, mediation line).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.search import SearchHit, number_hits
from sifa.mediation.models import MediationCase
from sifa.orgs import access


def mediation_search_hits(user, query: str) -> list[SearchHit]:
    return number_hits(
        query,
        ("number", "agreement__confirmations__court_case_number"),
        access.scope(user, MediationCase.objects.select_related("office")).distinct(),
        kind=_("调解案件"),
        title=lambda case: case.number,
        detail=lambda case: [
            case.office.name,
            case.received_on.isoformat(),
            case.get_status_display(),
        ],
        order=("-received_on", "-id"),
    )
