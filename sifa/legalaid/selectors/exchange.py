"""Reads of the legal-aid exchange with handling organs (通知辩护/代理 through the API).

A police station, procuratorate or court notifies the legal-aid centre through its API client;
the notification is an `Application` of origin 通知 registered by the client's service account
(`created_by`), so "the client's own notifications" are the ones that account registered, in
the account's office scope (`sifa.orgs.access`).

A repeated notice (same organ, same 通知书文号 `notice_number`) is the same case: the action
refuses a second one, and the API answers the client's own earlier notification instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sifa.legalaid.constants import Origin
from sifa.legalaid.models import Application, Assignment
from sifa.orgs import access
from sifa.orgs.models import Office


def receiving_office_or_404(*, actor, code: str) -> Office:
    """The office a notification is addressed to, by code: 404 outside the actor's scope.

    Whether it is a legal-aid centre or workstation is the action's rule (`office`)."""
    return access.get_office_or_404(actor, code=code)


def notifications_of(*, actor) -> QuerySet[Application]:
    """The notifications the actor (a client's service account) registered, newest first."""
    rows = Application.objects.select_related("office").filter(
        origin=Origin.NOTIFICATION, created_by=actor
    )
    return access.scope(actor, rows).order_by("-received_on", "-id")


def notification_get(*, actor, number: str) -> Application:
    """One of the actor's notifications by its number (申请编号), or 404."""
    if "\x00" in number:  # a URL may carry one; the database refuses it in a query
        raise Http404(_("未找到该记录。"))
    return access.get_object_or_404(actor, notifications_of(actor=actor), number=number)


def notification_by_notice(*, actor, organ_name: str, notice_number: str) -> Application | None:
    """The actor's notification of the same organ and notice number, if already registered."""
    return (
        notifications_of(actor=actor)
        .filter(notifying_organ_name=organ_name.strip(), notice_number=notice_number.strip())
        .order_by("id")
        .first()
    )


def current_assignments(applications: Iterable[Application]) -> dict[int, Assignment]:
    """{application pk: its current assignment (not ended)} with provider and handler, one query.

    Only for applications already read through the actor's scope."""
    ids = [a.pk for a in applications]
    rows = (
        Assignment.objects.filter(application_id__in=ids, ended_on__isnull=True)
        .select_related("provider", "handler__person")
        .order_by("application_id", "id")
    )
    return {row.application_id: row for row in rows}  # the latest wins (ordered by id)


__all__ = [
    "current_assignments",
    "notification_by_notice",
    "notification_get",
    "notifications_of",
    "receiving_office_or_404",
]
