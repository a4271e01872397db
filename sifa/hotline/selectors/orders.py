"""Reads of 12345 work orders for pages, exports, the API and to-dos, always through
`sifa.orgs.access.scope()`: a 司法所 sees the orders assigned to it, the bureau (its hotline
desk and sections) every order of its bureau."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core import clock
from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import working_time_between
from sifa.core.queries import containing, narrowed
from sifa.core.record_links import RecordLink
from sifa.hotline import deadlines
from sifa.hotline.constants import AWAITING_REPLY, LINE, Decision, Status
from sifa.hotline.models import ExtensionRequest, ReturnRequest, WorkOrder
from sifa.hotline.selectors.routing import ASSIGNABLE_KINDS, Suggestion, suggest_office
from sifa.legalaid.selectors.consultations import offices_for_recording
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_filter

CONSULTATION_LABEL = "legalaid.consultation"

# List filter values of `due`
OVERDUE = "overdue"
NEAR = "near"


def order_scope(*, actor, capability: str = Cap.VIEW) -> QuerySet[WorkOrder]:
    return access.scope(actor, WorkOrder.objects.select_related("office", "bureau"), capability)


def order_list(
    *,
    actor,
    office: Office | None = None,
    status: str = "",
    category: str = "",
    urgency: str = "",
    channel: str = "",
    due: str = "",
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    q: str = "",
) -> QuerySet[WorkOrder]:
    """Work orders the actor sees, latest first. `due`: "overdue" — open and past its
    signing or reply deadline; "" for all."""
    rows = order_scope(actor=actor)
    if office is not None:
        rows = access.within(rows, office)
    rows = narrowed(
        rows,
        status=status,
        category=category,
        urgency=urgency,
        channel=channel,
        received_at__date__gte=received_from,
        received_at__date__lte=received_to,
    )
    if due == OVERDUE:
        now = timezone.now()
        rows = rows.filter(
            status__in=(Status.RECEIVED, Status.ASSIGNED), sign_due__lt=now
        ) | rows.filter(status__in=AWAITING_REPLY, reply_due__lt=now)
    rows = containing(rows, q, "number", "title", "citizen_name", "content")
    return rows.order_by("-received_at", "-pk")


def order_get(*, actor, pk) -> WorkOrder:
    return access.get_object_or_404(actor, order_scope(actor=actor), pk=pk)


def order_by_number(*, actor, number: str) -> WorkOrder | None:
    return order_scope(actor=actor).filter(number=number).first()


def order_related(order: WorkOrder) -> dict:
    """Events, extension and return requests and the change history of one visible order."""
    return {
        "events": list(order.events.select_related("created_by").order_by("created_at", "pk")),
        "extensions": list(order.extensions.select_related("decided_by")),
        "returns": list(order.returns.select_related("decided_by")),
        "history": list(
            order.history.select_related("history_user").order_by("-history_date")[:50]
        ),
    }


def pending_extension(order: WorkOrder) -> ExtensionRequest | None:
    return order.extensions.filter(decision=Decision.PENDING).first()


def pending_return(order: WorkOrder) -> ReturnRequest | None:
    return order.returns.filter(decision=Decision.PENDING).first()


def suggestion_for(order: WorkOrder) -> Suggestion | None:
    """Sifa's suggestion for the desk (recomputed: the tree may have changed since intake)."""
    return suggest_office(bureau=order.bureau, address=order.address, category=order.category)


def offices_for_filter(*, actor) -> QuerySet[Office]:
    return offices_to_filter(actor)


def offices_to_assign(*, actor, order: WorkOrder) -> QuerySet[Office]:
    """Offices of the order's bureau the desk may hand it to, in tree order."""
    offices = access.within(access.visible_offices(actor, line=LINE), order.bureau)
    return offices.filter(kind__in=ASSIGNABLE_KINDS, is_active=True).order_by("path")


def bureaus_to_receive(*, actor) -> QuerySet[Office]:
    """Bureaus where the actor may receive orders (the desk: `edit` in the line)."""
    return (
        access.visible_offices(actor, Cap.EDIT, line=LINE)
        .filter(kind=OfficeKind.JUSTICE_BUREAU, is_active=True)
        .order_by("path")
    )


def is_desk(actor, order: WorkOrder) -> bool:
    return access.can(actor, Cap.EDIT, order.bureau, line=LINE)


# ---------------------------------------------------------------------------------------------
# To-dos (待办): near-due and overdue orders, escalating.

ASSIGN_DUE = "assign"  # received, not yet assigned (the desk)
SIGN_DUE = "sign"
REPLY_DUE = "reply"
DECIDE_DUE = "decide"  # an extension or return request waits for the desk


@dataclass(frozen=True)
class Due:
    order: WorkOrder
    kind: str
    due: datetime.datetime
    overdue: bool
    escalated: bool  # listed above the handling office (its bureau): overdue only


def hotline_due(*, actor, now: datetime.datetime | None = None) -> list[Due]:
    """What the actor must act on. The handling office's own members (head and staff, granted
    on that office) see its orders near due (within SIFA_HOTLINE_NEAR_HOURS working hours)
    and overdue; the bureau's desk and sections (granted above it) see the overdue ones
    (督办) and the orders and requests waiting for the desk."""
    now = now or timezone.now()
    calendar = WorkingCalendar()
    near = datetime.timedelta(hours=deadlines.near_hours())
    own_paths = {
        grant.path
        for grant in access.grants(actor)
        if grant.gives(Cap.EDIT, LINE) and grant.gives(Cap.VIEW, LINE)
    }
    rows = order_scope(actor=actor).filter(
        status__in=(Status.RECEIVED, Status.ASSIGNED, *AWAITING_REPLY)
    )
    items: list[Due] = []
    for order in rows:
        if order.status == Status.RETURN_REQUESTED:
            if is_desk(actor, order):
                items.append(Due(order, DECIDE_DUE, order.reply_due, False, False))
            continue
        if order.status == Status.RECEIVED:
            if order.bureau.path in own_paths:
                overdue = now > order.sign_due
                items.append(Due(order, ASSIGN_DUE, order.sign_due, overdue, False))
            continue
        kind, due = (
            (SIGN_DUE, order.sign_due)
            if order.status == Status.ASSIGNED
            else (REPLY_DUE, order.reply_due)
        )
        overdue = now > due
        own = order.office.path in own_paths
        if overdue:
            items.append(Due(order, kind, due, True, not own))
        elif own and working_time_between(now, due, calendar=calendar) <= near:
            items.append(Due(order, kind, due, False, False))
    pending = access.scope(
        actor, ExtensionRequest.objects.filter(decision=Decision.PENDING).select_related("order")
    )
    for extension in pending:
        order = extension.order
        if is_desk(actor, order):
            items.append(Due(order, DECIDE_DUE, extension.due_before, False, False))
    return items


def record_links(user, record) -> list[RecordLink]:
    """关联记录: an order's legal-aid consultation; a consultation's order — those the user may
    see (`sifa.core.record_links`)."""
    if isinstance(record, WorkOrder):
        if record.consultation_pk is None:
            return []
        model = apps.get_model(CONSULTATION_LABEL)
        found = access.scope(user, model.objects.filter(pk=record.consultation_pk)).first()
        if found is None:
            return []
        return [
            RecordLink(
                kind=_("法律援助咨询"),
                title=f"{clock.local_day(found.consulted_at):%Y-%m-%d}",
                url=found.get_absolute_url(),
                note=found.office.name,
            )
        ]
    if record._meta.label_lower != CONSULTATION_LABEL:
        return []
    orders = access.scope(
        user, WorkOrder.objects.filter(consultation_pk=record.pk).select_related("office")
    )
    return [
        RecordLink(
            kind=_("12345工单"), title=o.number, url=o.get_absolute_url(), note=o.office.name
        )
        for o in orders
    ]


def consultation_offices(*, actor) -> QuerySet[Office]:
    """Offices where the actor may record the legal-aid consultation an order becomes."""
    return offices_for_recording(actor=actor)
