"""Reads the data-sharing API needs for the corrections exchanges (sifa/corrections/api/views.py).

An agency client acts through its service account (`actor`), so every read here is scoped by
`sifa.orgs.access` like a clerk's (the minors rule included, through the line's selectors). On
top of the scope, a client reads back only what it sent itself: its own commissions and its
own judgment notices (`created_by` = its service account). Another body's commission, or a
subject a clerk registered from a paper notice, is not found (404) through the API.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sifa.corrections.constants import ReleaseType, Status
from sifa.corrections.models import Investigation, Subject
from sifa.corrections.selectors import investigations as investigation_selectors
from sifa.corrections.selectors.subjects import subjects_visible
from sifa.orgs import access
from sifa.orgs.models import Office

# The API's status filter of commissions → the progress filter of `investigation_list`.
COMMISSION_FILTERS = {
    "open": investigation_selectors.OPEN,
    "overdue": investigation_selectors.OVERDUE_OPEN,
    "completed": investigation_selectors.DONE,
    "awaiting_adoption": investigation_selectors.AWAITING_ADOPTION,
}


def released_at_term_end_within(office: Office) -> QuerySet[Subject]:
    """Subjects of `office`'s subtree released at the end of their term (期满解除), in the order
    they were registered: the people the resettlement line takes over (its demo reads them)."""
    return access.within(
        Subject.objects.filter(
            status=Status.RELEASED, release_type=ReleaseType.EXPIRY
        ).select_related("person", "office"),
        office,
    ).order_by("pk")


def office_by_code(*, actor, code: str) -> Office:
    """The office with this code in the actor's scope, or 404."""
    return access.get_office_or_404(actor, code=(code or "").strip())


# --- 调查评估 --------------------------------------------------------------------------------


def client_commissions(*, actor, status: str | None = None) -> QuerySet[Investigation]:
    """The commissions this client sent, newest receipt first; `status` one of
    COMMISSION_FILTERS (unknown values are refused by the caller)."""
    rows = investigation_selectors.investigation_list(
        actor=actor, progress=COMMISSION_FILTERS.get(status or "")
    )
    return rows.filter(created_by=actor)


def client_commission_get(*, actor, pk: int) -> Investigation:
    """One commission this client sent (404 for anything else)."""
    investigation = client_commissions(actor=actor).filter(pk=pk).first()
    if investigation is None:
        raise Http404(_("未找到该记录。"))
    return investigation


def commission_by_number(*, actor, office: Office, commission_number: str) -> Investigation | None:
    """The commission already registered at `office` under this number (by anyone), if the
    actor may see it: the natural key of a commission letter."""
    rows = investigation_selectors.investigation_list(actor=actor, office=office)
    return (
        rows.filter(office=office, commission_number=(commission_number or "").strip())
        .select_related("created_by")
        .first()
    )


def investigation_for_link(*, actor, pk: int) -> Investigation | None:
    """An assessment in the actor's scope a judgment notice may refer to (None otherwise)."""
    return investigation_selectors.investigation_list(actor=actor).filter(pk=pk).first()


# --- 社区矫正对象 ------------------------------------------------------------------------------


def client_subject_get(*, actor, number: str) -> Subject:
    """One subject whose judgment notice this client sent (404 for anything else)."""
    subject = (
        subjects_visible(actor, Subject.objects.select_related("office", "person"))
        .filter(number=number, created_by=actor)
        .first()
    )
    if subject is None:
        raise Http404(_("未找到该记录。"))
    return subject


def subject_by_judgment(*, actor, office: Office, person, judgment_number: str) -> Subject | None:
    """The subject already registered at `office` for this person and judgment, if the actor
    may see it: the natural key of a judgment notice."""
    if person is None:
        return None
    return (
        subjects_visible(actor, Subject.objects.select_related("office", "person", "created_by"))
        .filter(office=office, person=person, judgment_number=(judgment_number or "").strip())
        .order_by("id")
        .first()
    )


def checkin_subjects(*, actor) -> QuerySet[Subject]:
    """The subjects an API client's check-ins may name: those its service account sees."""
    return subjects_visible(actor, Subject.objects.all())


def gateway_subjects(*, reach: Office | None) -> QuerySet[Subject]:
    """The subjects the shared-token gateway's check-ins may name: those of `reach`'s subtree
    (`SIFA_CHECKIN_TOKEN_OFFICE`; None: every office)."""
    rows = Subject.objects.all()
    return rows if reach is None else access.within(rows, reach)
