"""Reads for the public online application (网上申请法律援助): no login, no actor.

The portal is public, so nothing here goes through `sifa.orgs.access`: what a citizen may see
is limited by the selectors themselves. The office lists hold only what a public service
directory shows (names and region codes of bureaus, judicial offices and legal-aid centres);
an application is found only by its number *and* the query code given to the applicant
(`application_for_query`), and its progress (`application_progress`) carries no personal data
beyond the assigned provider's and handler's names.
"""

from __future__ import annotations

import datetime
import hmac
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sifa.core.crypto import blind_index, blind_indexes
from sifa.legalaid.constants import Status, TerminationGround
from sifa.legalaid.models import Application, ApplicationEvent, Assignment
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.regions import place_name

QUERY_CODE_PURPOSE = "legalaid.query_code"
# The query code's alphabet: no 0/O, 1/I/L, so that it can be read out over the phone.
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REGION_OFFICE_KINDS = (OfficeKind.JUSTICE_BUREAU, OfficeKind.JUDICIAL_OFFICE)


def _active_offices(*kinds) -> QuerySet:
    return Office.objects.filter(kind__in=kinds, is_active=True, closed_on__isnull=True)


def region_choices() -> list[tuple[str, str]]:
    """(region code, place name) of the counties and townships, in tree order.

    Read from the bureaus' and judicial offices' region codes: a township is shown under its
    county ("甲县 · 某镇"), so that the citizen picks where they live, not an office.
    """
    offices = list(_active_offices(*REGION_OFFICE_KINDS).order_by("path"))
    by_path = {office.path: office for office in offices}
    steplen = Office.steplen
    choices, seen = [], set()
    for office in offices:
        if office.region_code in seen:
            continue
        seen.add(office.region_code)
        parent = by_path.get(office.path[:-steplen]) if office.depth > 1 else None
        name = place_name(office)
        if parent is not None and office.kind == OfficeKind.JUDICIAL_OFFICE:
            name = f"{place_name(parent)} · {name}"
        choices.append((office.region_code, name))
    return choices


def centres() -> QuerySet:
    """法律援助中心 a citizen may apply to, in tree order."""
    return _active_offices(OfficeKind.LEGAL_AID_CENTER).order_by("path")


def query_code_hash(code: str) -> str:
    """The keyed hash stored for a query code (the code itself is never stored)."""
    return blind_index(normalize_query_code(code), purpose=QUERY_CODE_PURPOSE)


def normalize_query_code(code: str) -> str:
    """Upper case, without the spaces and dashes a person may type between the groups."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def application_for_query(*, number: str, code: str) -> Application | None:
    """The online application with this number whose query code is `code`, else None.

    Whether the number or the code was wrong is not told apart. The hashes are compared in
    constant time, and a hash is computed even when the number is unknown, so the answer time
    does not say which one was wrong.
    """
    number = (number or "").strip()
    # The code itself is not kept, so `rotate_data_key` cannot re-hash it: a code is accepted
    # under the current key and, while a rotation is under way, the previous one.
    given = blind_indexes(normalize_query_code(code), purpose=QUERY_CODE_PURPOSE)
    application = (
        Application.objects.filter(number=number).exclude(query_code_hash="").first()
        if number
        else None
    )
    stored = application.query_code_hash if application is not None else "0" * len(given[0])
    matched = False
    for candidate in given:  # every candidate is compared: the time does not tell which matched
        matched |= hmac.compare_digest(candidate.encode(), stored.encode())
    if not matched or application is None:
        return None
    return application


@dataclass
class Step:
    """One step of an application's progress as the applicant sees it."""

    key: str
    label: str
    happened_on: datetime.date | None = None
    details: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    done: bool = True
    negative: bool = False  # refused, withdrawn, terminated


# The ordinary path: shown as the steps still ahead after the current one.
_AHEAD = [
    Status.RECEIVED,
    Status.GRANTED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.ENDED,
    Status.ARCHIVED,
]
_STEP_LABELS = {
    Status.RECEIVED: lambda: _("已收到申请"),
    Status.AWAITING_SUPPLEMENT: lambda: _("需要补充材料"),
    Status.WITHDRAWN: lambda: _("未按期补充材料，视为撤回申请"),
    Status.GRANTED: lambda: _("审查决定：给予法律援助"),
    Status.REFUSED: lambda: _("审查决定：不予法律援助"),
    Status.OBJECTION: lambda: _("异议审查中"),
    Status.ASSIGNED: lambda: _("已指派承办"),
    Status.IN_PROGRESS: lambda: _("承办中"),
    Status.TERMINATED: lambda: _("终止法律援助"),
    Status.ENDED: lambda: _("已办结"),
    Status.ARCHIVED: lambda: _("已归档"),
}
_PENDING_LABELS = {
    Status.RECEIVED: lambda: _("收到申请"),
    Status.GRANTED: lambda: _("审查决定"),
    Status.ASSIGNED: lambda: _("指派承办"),
    Status.IN_PROGRESS: lambda: _("承办"),
    Status.ENDED: lambda: _("办结"),
    Status.ARCHIVED: lambda: _("归档"),
}
# Internal steps the applicant is not shown separately (结案材料审查 is the centre's own work).
_HIDDEN = {Status.FILED_FOR_REVIEW}
_NEGATIVE = {Status.REFUSED, Status.WITHDRAWN, Status.TERMINATED}


def application_progress(application: Application) -> list[Step]:
    """The steps the application went through, dated by its ApplicationEvent rows.

    Event reasons are the staff's notes and are not shown; what the applicant is told comes
    from the fields meant for them: the missing materials (一次性告知), the refusal reasons
    (第43条: 书面告知理由), the termination ground, the assigned provider's and handler's
    names. The ordinary steps still ahead are listed as pending.
    """
    events = list(
        ApplicationEvent.objects.filter(application=application).order_by("created_at", "id")
    )
    assignments = list(
        Assignment.objects.filter(application=application)
        .select_related("provider", "handler__person")
        .order_by("assigned_on", "id")
    )
    steps: list[Step] = []
    if not events or events[0].to_status != Status.RECEIVED:
        label = _STEP_LABELS[Status.RECEIVED]()
        steps.append(Step(Status.RECEIVED, label, application.received_on))
    previous = ""
    for event in events:
        status = event.to_status
        if status in _HIDDEN or status not in _STEP_LABELS:
            previous = status
            continue
        step = Step(status, _STEP_LABELS[status](), event.happened_on, negative=status in _NEGATIVE)
        if status == Status.RECEIVED and previous == Status.AWAITING_SUPPLEMENT:
            step.label = _("已补齐材料，继续审查")
        elif status == Status.ENDED and previous == Status.FILED_FOR_REVIEW:
            previous = status
            continue  # returned for correction: still 已办结 for the applicant
        _add_details(step, application, assignments, event)
        steps.append(step)
        previous = status
    steps.extend(_pending_steps(application.status))
    return steps


def _add_details(step: Step, application: Application, assignments, event) -> None:
    status = step.key
    if status == Status.AWAITING_SUPPLEMENT:
        if application.supplement_items:
            step.details.append((_("需补充的材料"), application.supplement_items))
        if application.supplement_due_on:
            step.details.append((_("补充期限"), application.supplement_due_on.isoformat()))
    elif status == Status.REFUSED and application.refusal_reasons:
        step.details.append((_("不予法律援助的理由"), application.refusal_reasons))
    elif status == Status.TERMINATED and application.termination_ground:
        label = TerminationGround(application.termination_ground).label
        step.details.append((_("终止理由"), str(label)))
    elif status == Status.ASSIGNED:
        assignment = _assignment_on(assignments, event.happened_on)
        if assignment is not None:
            step.details.append((_("承办机构"), assignment.provider.name))
            step.details.append((_("承办人员"), assignment.handler.person.name))


def _assignment_on(assignments, day) -> Assignment | None:
    """The assignment made on the event's day, else the latest one made up to it."""
    made = [a for a in assignments if a.assigned_on <= day] or assignments
    same_day = [a for a in made if a.assigned_on == day]
    return (same_day or made)[-1] if made else None


def _pending_steps(status: str) -> list[Step]:
    order = _AHEAD
    if status == Status.AWAITING_SUPPLEMENT:
        current = 0
    elif status == Status.FILED_FOR_REVIEW:
        current = order.index(Status.ENDED)
    elif status in order:
        current = order.index(status)
    else:
        return []  # refused, withdrawn, terminated, under objection: no ordinary path ahead
    return [Step(key, _PENDING_LABELS[key](), done=False) for key in order[current + 1 :]]
