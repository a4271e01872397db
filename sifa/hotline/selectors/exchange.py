"""Reads of the 12345 platform's exchange (工单推送 through the API)."""

from __future__ import annotations

from sifa.hotline.constants import LINE
from sifa.orgs import access
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office


def receiving_bureaus_or_404(*, actor, codes: set[str]) -> dict[str, Office]:
    """The bureaus among `codes` the client may write to (`edit` in the line), by code; a code
    missing from the answer is outside the client's scope (the view answers 404)."""
    offices = access.visible_offices(actor, access.Cap.EDIT, line=LINE).filter(
        code__in=codes, kind=OfficeKind.JUSTICE_BUREAU
    )
    return {office.code: office for office in offices}
