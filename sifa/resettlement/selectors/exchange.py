"""Reads of the resettlement exchange with prisons (刑满释放通知 through the API).

A prison's client sees the release notices received for offices in its scope: the records
that came from a prison (source 监狱), read through `sifa.orgs.access`; its answer names the
record's status only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.resettlement.constants import Source
from sifa.resettlement.models import ReleasedPerson
from sifa.resettlement.selectors.persons import released_scope


def receiving_office_or_404(*, actor, code: str) -> Office:
    """The 司法所 a notice is addressed to, by code: 404 outside the actor's scope.

    Whether it is an active 司法所 is the action's rule (`office_code`)."""
    return access.get_office_or_404(actor, code=code)


def release_notices(*, actor) -> QuerySet[ReleasedPerson]:
    """Records received from prisons in the actor's scope, latest release first."""
    return released_scope(actor=actor).filter(source=Source.PRISON).order_by("-released_on", "-pk")


def release_notice_get(*, actor, pk) -> ReleasedPerson:
    """One record received from a prison, or 404 outside the actor's scope."""
    return access.get_object_or_404(actor, release_notices(actor=actor), pk=pk)


__all__ = [
    "receiving_office_or_404",
    "release_notice_get",
    "release_notices",
]
