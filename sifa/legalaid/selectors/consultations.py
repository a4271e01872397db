"""Reads of consultations (法律咨询, 12348) for views and exports, scoped through access."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from sifa.core.queries import narrowed, text_condition
from sifa.legalaid.actions.consultations import CONSULTATION_OFFICE_KINDS
from sifa.legalaid.models import Application, Consultation
from sifa.mediation.selectors import cases as mediation_cases
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_filter, offices_to_write

# Filter values of "回访".
FOLLOW_UP_PENDING = "pending"
FOLLOW_UP_DONE = "done"


def consultation_list(
    *,
    actor,
    office: Office | None = None,
    channel: str = "",
    category: str = "",
    satisfaction: str = "",
    follow_up: str = "",
    consulted_from: datetime.date | None = None,
    consulted_to: datetime.date | None = None,
    q: str = "",
) -> QuerySet[Consultation]:
    """Consultations the actor may see, newest first; each filter narrows when given.

    The period is by the local date of 咨询时间, both ends included; `q` matches the
    caller's name, the question or the 话务流水号.
    """
    rows = access.scope(actor, Consultation.objects.select_related("office", "person"))
    if office is not None:
        rows = access.within(rows, office)
    rows = narrowed(rows, channel=channel, category=category, satisfaction=satisfaction)
    if follow_up == FOLLOW_UP_PENDING:
        rows = rows.filter(follow_up_required=True, followed_up_on__isnull=True)
    elif follow_up == FOLLOW_UP_DONE:
        rows = rows.filter(followed_up_on__isnull=False)
    if consulted_from:
        rows = rows.filter(consulted_at__gte=_start_of(consulted_from))
    if consulted_to:
        rows = rows.filter(consulted_at__lt=_start_of(consulted_to + datetime.timedelta(days=1)))
    q = (q or "").strip()
    if q:
        rows = rows.filter(
            text_condition(q, "caller_name", "person__name", "question") | Q(call_id=q)
        )
    return rows.order_by("-consulted_at", "-id")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def consultation_get(*, actor, pk) -> Consultation:
    """One consultation, or 404 when outside the actor's scope."""
    return access.get_object_or_404(
        actor,
        Consultation.objects.select_related("office", "person", "created_by", "mediation_case"),
        pk=pk,
    )


def consultation_applications(*, actor, consultation: Consultation) -> QuerySet[Application]:
    """The legal-aid applications that came from this consultation, as far as visible."""
    return access.scope(actor, consultation.applications.select_related("office")).order_by(
        "received_on", "id"
    )


def consultation_mediation_case(*, actor, consultation: Consultation):
    """The mediation case the consultation became, if the actor may see it."""
    if not consultation.mediation_case_id:
        return None
    return mediation_cases.case_visible(actor=actor, pk=consultation.mediation_case_id)


def offices_for_filter(*, actor) -> QuerySet[Office]:
    """Offices offered in the list filter: every office the actor sees, in tree order."""
    return offices_to_filter(actor)


def offices_for_recording(*, actor) -> QuerySet[Office]:
    """Offices where the actor may record consultations (`edit`), in tree order."""
    return offices_to_write(actor, CONSULTATION_OFFICE_KINDS)


def committees_for_referral(*, actor) -> QuerySet[Office]:
    """Mediation committees where the actor may register a case (`edit`)."""
    return mediation_cases.committees_for_registration(actor)
