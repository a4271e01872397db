"""Reads of resettlement and assistance (安置帮教) for views, exports and to-dos.

Everything goes through `sifa.orgs.access`. A record handed over from community correction
carries the corrections episode; when that subject was a minor, the record is restricted like
the minor's corrections records (社区矫正法 第54条): visible only with `Cap.MINORS`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from config.sifa_settings import sifa_setting
from sifa.core.deadlines import add_months
from sifa.core.queries import containing, narrowed
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_filter
from sifa.resettlement.constants import Status
from sifa.resettlement.models import HelpTeamMember, ReleasedPerson

GATE_WINDOW_DAYS = 7  # 必接必送: key persons released within a week without a gate record
EXPIRY_WARN_DAYS = 3

# List filter values of `state`
ACTIVE = "active"  # 在册: not ended
KEY = "key"


def _visible(actor, queryset: QuerySet, capability: str = Cap.VIEW) -> QuerySet:
    """Rows of the actor's subtrees; records of a minor's correction only with Cap.MINORS
    (the ReleasedPerson access policy; a person released from prison has no such record)."""
    return access.scope(actor, queryset, capability)


def released_scope(*, actor) -> QuerySet[ReleasedPerson]:
    return _visible(actor, ReleasedPerson.objects.select_related("office", "person", "subject"))


def released_list(
    *,
    actor,
    office: Office | None = None,
    status: str = "",
    source: str = "",
    key_person: str = "",
    released_from: datetime.date | None = None,
    released_to: datetime.date | None = None,
    q: str = "",
) -> QuerySet[ReleasedPerson]:
    """安置帮教对象 the actor sees, latest release first.

    `key_person`: "yes" / "no" / "" (all); released_from/to bound the release date.
    """
    rows = released_scope(actor=actor)
    if office is not None:
        rows = access.within(rows, office)
    rows = narrowed(
        rows,
        status=status,
        source=source,
        released_on__gte=released_from,
        released_on__lte=released_to,
    )
    if key_person == "yes":
        rows = rows.filter(key_person=True)
    elif key_person == "no":
        rows = rows.filter(key_person=False)
    rows = containing(rows, q, "person__name", "prison", "certificate_number")  # crime: encrypted
    return rows.order_by("-released_on", "-pk")


def pre_release_months() -> int:
    """SIFA_RS_PRE_RELEASE_MONTHS (default 6, [I] local practice: no statute sets the window)."""
    return int(sifa_setting("SIFA_RS_PRE_RELEASE_MONTHS"))


def pre_release_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """(today, the same day N months later): release dates the pre-release list covers."""
    today = today or timezone.localdate()
    return today, add_months(today, pre_release_months())


def pre_release_list(
    *, actor, today: datetime.date | None = None, **filters
) -> QuerySet[ReleasedPerson]:
    """待释放衔接名单 (RA-2/RA-3, DOMAIN §4 PRE_RELEASE): prisoners the 司法所 was notified of
    (状态 释放通知已收到) whose release falls from today to SIFA_RS_PRE_RELEASE_MONTHS months
    ahead, soonest first — the 司法所 verifies them and prepares the 衔接 (必接必送 for key
    persons). The filters of `released_list` narrow it; `status` is always 释放通知已收到."""
    first, last = pre_release_window(today)
    rows = released_list(actor=actor, **{**filters, "status": Status.NOTIFIED})
    return rows.filter(released_on__gte=first, released_on__lte=last).order_by("released_on", "pk")


def released_get(*, actor, pk) -> ReleasedPerson:
    """One record, or 404 outside the actor's sight (and for a minor's without Cap.MINORS)."""
    return access.get_object_or_404(actor, released_scope(actor=actor), pk=pk)


def released_related(released: ReleasedPerson) -> dict:
    """Team, visits, placements, re-offences and the change history of one visible record."""
    return {
        "team": list(released.team.order_by("pk")),
        "visits": list(released.visits.order_by("-visited_on", "-pk")),
        "placements": list(released.placements.order_by("-placed_on", "-pk")),
        "reoffences": list(released.reoffences.order_by("-occurred_on", "-pk")),
        "history": list(
            released.history.select_related("history_user").order_by("-history_date")[:50]
        ),
    }


def team_member_get(*, actor, released: ReleasedPerson, pk) -> HelpTeamMember:
    """A member of a record the actor already sees (404 otherwise)."""
    return access.get_object_or_404(actor, HelpTeamMember.objects.filter(released=released), pk=pk)


def offices_for_filter(*, actor) -> QuerySet[Office]:
    return offices_to_filter(actor)


def offices_for_registration(*, actor) -> QuerySet[Office]:
    """司法所 where the actor may register (the office of the person's residence): `edit` in
    the resettlement line, as `released_person_register` requires — the register page's gate
    and its menu entry follow it (a mediator's `edit` in mediation does not count)."""
    return (
        access.visible_offices(actor, Cap.EDIT, line="resettlement")
        .filter(kind=OfficeKind.JUDICIAL_OFFICE, is_active=True)
        .order_by("path")
    )


# ---------------------------------------------------------------------------------------------
# To-dos (待办)

NOT_CONNECTED_DUE = "not_connected"  # released, notice not yet connected (未衔接)
GATE_DUE = "gate"  # key person released within a week without a gate record (必接必送)
EXPIRY_DUE = "expiry"  # five-year window ends or ended: end the assistance


@dataclass(frozen=True)
class Due:
    released: ReleasedPerson
    kind: str
    due: datetime.date
    overdue: bool


def resettlement_due(*, actor, today: datetime.date | None = None) -> list[Due]:
    today = today or timezone.localdate()
    rows = released_scope(actor=actor)
    window = datetime.timedelta(days=GATE_WINDOW_DAYS)
    items: list[Due] = []
    notified = rows.filter(status=Status.NOTIFIED, released_on__lte=today + window)
    for released in notified:
        gate = (
            released.key_person
            and not released.met_at_gate
            and released.released_on >= today - window
        )
        if gate:
            passed = released.released_on < today
            items.append(Due(released, GATE_DUE, released.released_on, passed))
        elif released.released_on < today:
            items.append(Due(released, NOT_CONNECTED_DUE, released.released_on, True))
    expiring = rows.filter(
        status__in=(Status.CONNECTED, Status.NOT_CONNECTED),
        assistance_end__lte=today + datetime.timedelta(days=EXPIRY_WARN_DAYS),
    )
    for released in expiring:
        end = released.assistance_end
        items.append(Due(released, EXPIRY_DUE, end, end < today))
    return items
