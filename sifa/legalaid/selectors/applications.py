"""Reads of legal-aid applications for views, exports and the to-do list (scoped by access),
and the deadlines of each application, computed from its dates (DOMAIN §5.2).

Deadlines (法律援助法 counts calendar days, `sifa/legalaid/deadlines.py`):

* decision — 7 days from receipt (第43条); paused while 待补充材料 and restarted from the day
  the materials were supplied;
* assignment — 3 days from the decision (第43条), or from the notification (第36条);
* agreement — 5 days from the (current) assignment (程序规定 第27条);
* objection — 5 days from the objection (第49条);
* closing materials — 30 days from the end; review — 30 days from their submission (local);
* the applicant's supplement deadline (set in the 一次性告知 notice), and, for a detained
  applicant, the custody place's 24-hour forwarding (第39条; shown, never a to-do: it is the
  custody place's deadline, known only afterwards).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.calendar import WorkingCalendar
from sifa.core.clock import local_day
from sifa.core.deadlines import (
    HISTORIC,
    NEAR,
    OK,
    OVERDUE,
    LabelledDeadline,
    compute,
    deadline_state,
)
from sifa.core.imports.batches import imported_on
from sifa.core.queries import containing, narrowed
from sifa.legalaid import constants as c
from sifa.legalaid.constants import Origin, Status
from sifa.legalaid.models import Application, Consultation, Handler, Upload
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_write

WARN_DAYS = 3
MET = "met"  # done by the due date
LATE = "late"  # done after the due date
PAUSED = "paused"  # not running (decision while 待补充材料)

DECISION = "decision"
SUPPLEMENT = "supplement"
ASSIGNMENT = "assignment"
AGREEMENT = "agreement"
OBJECTION = "objection"
MATERIALS = "materials"
REVIEW = "review"
FORWARDING = "forwarding"

LABELS = {
    DECISION: _("审查决定"),
    SUPPLEMENT: _("申请人补充材料"),
    ASSIGNMENT: _("指派承办人员"),
    AGREEMENT: _("签订委托协议"),
    OBJECTION: _("异议审查决定"),
    MATERIALS: _("提交结案材料"),
    REVIEW: _("结案材料审查"),
    FORWARDING: _("羁押场所转交申请"),
}
ARTICLES = {
    DECISION: "法律援助法 第43条",
    SUPPLEMENT: "法律援助法 第43条",
    ASSIGNMENT: "法律援助法 第43条",
    AGREEMENT: "法律援助法实施程序规定 第27条",
    OBJECTION: "法律援助法 第49条",
    MATERIALS: "地方规定",
    REVIEW: "地方规定",
    FORWARDING: "法律援助法 第39条",
}
STATE_LABELS = {
    OK: _("未到期"),
    NEAR: _("即将到期"),
    OVERDUE: _("已超期"),
    HISTORIC: _("导入前已届满"),
    MET: _("按期完成"),
    LATE: _("逾期完成"),
    PAUSED: _("暂停计算"),
}
# Statuses in which some deadline of the agency is running.
OPEN_STATUSES = (
    Status.RECEIVED,
    Status.AWAITING_SUPPLEMENT,
    Status.GRANTED,
    Status.ASSIGNED,
    Status.OBJECTION,
    Status.ENDED,
    Status.FILED_FOR_REVIEW,
)
# The status in which each deadline is still to be met (a to-do).
PENDING_IN = {
    DECISION: Status.RECEIVED,
    SUPPLEMENT: Status.AWAITING_SUPPLEMENT,
    ASSIGNMENT: Status.GRANTED,
    AGREEMENT: Status.ASSIGNED,
    OBJECTION: Status.OBJECTION,
    MATERIALS: Status.ENDED,
    REVIEW: Status.FILED_FOR_REVIEW,
}


# ---------------------------------------------------------------------------------------------
# Lists and records


def application_list(
    *,
    actor,
    office: Office | None = None,
    status: str | None = None,
    matter_type: str | None = None,
    origin: str | None = None,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    q: str | None = None,
) -> QuerySet[Application]:
    """Applications the actor may see, newest receipt first; each filter narrows when given.

    `office` narrows to its subtree; `q` matches the number, the applicant's name, the
    adverse party or the facts.
    """
    rows = access.scope(actor, Application.objects.select_related("office", "applicant"))
    if office is not None:
        rows = access.within(rows, office)
    rows = narrowed(
        rows,
        status=status,
        matter_type=matter_type,
        origin=origin,
        received_on__gte=received_from,
        received_on__lte=received_to,
    )
    rows = containing(rows, q, "number", "applicant__name", "adverse_party", "facts")
    return rows.order_by("-received_on", "-id")


def application_get(*, actor, pk) -> Application:
    """One application with what its page shows, or 404 outside the actor's scope."""
    return access.get_object_or_404(
        actor,
        Application.objects.select_related(
            "office", "applicant", "consultation", "standard", "created_by"
        ).prefetch_related(
            "groups",
            "materials",
            "events",
            "handling_events",
            "assignments__provider",
            "assignments__handler__person",
            "quality_checks",
            "complaints",
        ),
        pk=pk,
    )


def objection_authority(office: Office) -> Office | None:
    """The 司法行政部门 that set up the legal-aid agency `office` (法律援助法 第49条: objections
    are filed with it and decided by it): the nearest 司法局 above the centre or workstation."""
    for ancestor in reversed(list(Office.objects.get_ancestors(office))):
        if ancestor.kind == OfficeKind.JUSTICE_BUREAU:
            return ancestor
    return None


def can_handle_objection(user, application: Application) -> bool:
    """Whether `user` may register and decide the objection (第49条): edit rights, in the
    legal-aid line, on the 司法行政部门 itself — a user of the centre alone has none there."""
    authority = application.objection_authority or objection_authority(application.office)
    return authority is not None and access.can(user, Cap.EDIT, authority, line="legalaid")


def application_uploads(application: Application) -> list[Upload]:
    """The files uploaded with an online application, without their (encrypted) content."""
    return list(application.uploads.defer("content").order_by("id"))


def upload_get(*, actor, application_pk, pk) -> Upload:
    """One uploaded file of an application the actor may see, or 404."""
    return access.get_object_or_404(
        actor,
        Upload.objects.select_related("application", "office"),
        pk=pk,
        application=application_pk,
    )


def consultation_for_application(*, actor, pk) -> Consultation:
    """The consultation an application is registered from (`?consultation=`), or 404."""
    return access.get_object_or_404(
        actor, Consultation.objects.select_related("person", "office"), pk=pk
    )


def offices_for_filter(*, actor) -> QuerySet[Office]:
    """Offices the actor sees, for the list's 所属机构 filter."""
    return (
        access.visible_offices(actor, Cap.VIEW, line="legalaid")
        .filter(is_active=True)
        .order_by("path")
    )


def offices_for_registration(*, actor) -> QuerySet[Office]:
    """Legal-aid centres and workstations where the actor may register applications."""
    return offices_to_write(actor, [OfficeKind.LEGAL_AID_CENTER, OfficeKind.LEGAL_AID_WORKSTATION])


def handlers_for_assignment(*, actor) -> QuerySet[Handler]:
    """Active handlers of active providers the actor may see (the action checks the rest)."""
    return (
        access.scope(actor, Handler.objects.select_related("provider", "person"))
        .filter(active=True, provider__active=True)
        .order_by("provider__name", "person__name", "id")
    )


# ---------------------------------------------------------------------------------------------
# Deadlines


@dataclass(frozen=True)
class Deadline(LabelledDeadline):
    kind_labels = LABELS
    kind_articles = ARTICLES
    state_labels = STATE_LABELS

    kind: str
    due: datetime.date | datetime.datetime
    done_on: datetime.date | datetime.datetime | None
    state: str  # OK / NEAR / OVERDUE while pending; MET / LATE when done; PAUSED

    @property
    def alarming(self) -> bool:
        return self.state in (NEAR, OVERDUE)


def application_deadlines(
    application: Application,
    *,
    today: datetime.date | None = None,
    calendar: WorkingCalendar | None = None,
    entered_on: datetime.date | None = None,
) -> list[Deadline]:
    """Every deadline that applies to `application`, met or running, in the order of the steps.

    A running deadline's state is OK/NEAR/OVERDUE (`deadline_state`), only in the status
    where it is still owed (PENDING_IN); a done one is MET or LATE. For a case imported on
    `entered_on` (`imported_days`), a running deadline already past that day is HISTORIC: the
    register came in late, nobody is late now (docs/go-live.md).
    """
    today = today or timezone.localdate()
    calendar = calendar or WorkingCalendar()
    rows: list[Deadline] = []

    def add(kind, due, done_on, running=True):
        if done_on is not None:
            state = MET if _on_or_before(done_on, due) else LATE
        elif not running:
            state = PAUSED
        elif application.status == PENDING_IN.get(kind):
            state = deadline_state(due, today=today, warn_days=WARN_DAYS, entered_on=entered_on)
        else:
            return
        rows.append(Deadline(kind, due, done_on, state))

    app = application
    if app.detained and app.custody_received_at:
        due = compute(c.FORWARDING_RULE, app.custody_received_at, calendar=calendar)
        if app.forwarded_at:
            rows.append(
                Deadline(
                    FORWARDING, due, app.forwarded_at, MET if app.forwarded_at <= due else LATE
                )
            )
    if app.origin != Origin.NOTIFICATION and not app.pre_aid:
        base = app.supplied_on or app.received_on
        # The due date the action stored when the period started; computed for older records.
        due = app.decision_due_on or compute(c.DECISION_RULE, base, calendar=calendar)
        if app.status == Status.AWAITING_SUPPLEMENT:
            add(DECISION, due, None, running=False)
        elif app.status != Status.WITHDRAWN:
            decided = app.decided_on if app.decided_on and app.decided_on >= base else None
            add(DECISION, due, decided)
    if app.supplement_requested_on and app.supplement_due_on:
        add(SUPPLEMENT, app.supplement_due_on, app.supplied_on)
    assignments = sorted(app.assignments.all(), key=lambda a: (a.assigned_on, a.id))
    if not app.pre_aid and app.decided_on and app.status in c.ACCEPTED_STATUSES:
        if app.origin == Origin.NOTIFICATION and app.accepted_on:
            rule, base = c.NOTIFICATION_ASSIGNMENT_RULE, app.accepted_on
        else:
            rule, base = c.ASSIGNMENT_RULE, app.decided_on
        first = next((a for a in assignments if a.assigned_on >= base), None)
        due = app.assignment_due_on or compute(rule, base, calendar=calendar)
        add(ASSIGNMENT, due, first.assigned_on if first else None)
    current = next((a for a in reversed(assignments) if a.ended_on is None), None)
    if current is not None:
        due = compute(c.AGREEMENT_RULE, current.assigned_on, calendar=calendar)
        add(AGREEMENT, due, current.agreement_signed_on)
    if app.objection_filed_on:
        due = compute(c.OBJECTION_RULE, app.objection_filed_on, calendar=calendar)
        add(OBJECTION, due, app.objection_decided_on)
    if app.ended_on:
        due = compute(c.MATERIALS_RULE, app.ended_on, calendar=calendar)
        add(MATERIALS, due, app.materials_submitted_on)
    if app.materials_submitted_on:
        due = compute(c.REVIEW_RULE, app.materials_submitted_on, calendar=calendar)
        done = app.reviewed_on if app.status == Status.ARCHIVED else None
        add(REVIEW, due, done)
    return rows


def _on_or_before(done, due) -> bool:
    if isinstance(due, datetime.datetime) and not isinstance(done, datetime.datetime):
        return done <= local_day(due)  # the bureau's day, not UTC's
    return done <= due


def imported_days(applications) -> dict[int, datetime.date]:
    """{pk: the day it was imported} of the applications an import batch created."""
    return imported_on(Application, [application.pk for application in applications])


def forwarding_late(application: Application) -> bool:
    """第39条: forwarded more than 24 hours after the custody place received the request."""
    return any(d.kind == FORWARDING and d.state == LATE for d in application_deadlines(application))


@dataclass(frozen=True)
class ApplicationDue:
    """A visible application with a deadline near or past (`deadline.state` NEAR/OVERDUE)."""

    application: Application
    deadline: Deadline

    @property
    def new_online(self) -> bool:
        """A portal application still awaiting its decision (新网上申请)."""
        return self.deadline.kind == DECISION and self.application.origin == Origin.ONLINE

    @property
    def subsidy_review(self) -> bool:
        """Closing materials awaiting the centre's review, after which the 办案补贴 is paid."""
        return self.deadline.kind == REVIEW


# Owed from the first day, not only near the deadline: a new portal application (nobody at the
# centre may know of it yet; 法律援助法 第43条: decide within 7 days) and the review of closing
# materials, which holds up the lawyer's 办案补贴 (第52条; 30 days, 地方规定 S-NJ).
LISTED_FROM_THE_START = (DECISION, REVIEW)


def _owed(application: Application, deadline: Deadline) -> bool:
    if deadline.done_on is not None or deadline.state not in (OK, NEAR, OVERDUE):
        return False
    if deadline.alarming:
        return True
    if deadline.kind == DECISION:
        return application.origin == Origin.ONLINE
    return deadline.kind in LISTED_FROM_THE_START


def applications_due(*, actor, today: datetime.date | None = None) -> list[ApplicationDue]:
    """Open applications the actor may see with a running deadline near or past, every new
    portal application and every closing review (`LISTED_FROM_THE_START`); most urgent first."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    rows = (
        access.scope(actor, Application.objects.select_related("office"))
        .filter(status__in=OPEN_STATUSES)
        .prefetch_related("assignments")
    )
    rows = list(rows)
    entered = imported_days(rows)
    items = []
    for application in rows:
        for deadline in application_deadlines(
            application, today=today, calendar=calendar, entered_on=entered.get(application.pk)
        ):
            if _owed(application, deadline):
                items.append(ApplicationDue(application, deadline))
    return sorted(items, key=lambda item: (item.deadline.due, item.application.number))


__all__ = [
    "LABELS",
    "OPEN_STATUSES",
    "STATE_LABELS",
    "WARN_DAYS",
    "ApplicationDue",
    "Deadline",
    "application_deadlines",
    "application_get",
    "application_list",
    "applications_due",
    "consultation_for_application",
    "forwarding_late",
    "handlers_for_assignment",
    "imported_days",
    "offices_for_filter",
    "offices_for_registration",
]


# ---------------------------------------------------------------------------------------------
# Another line's check of a legal-aid decision (法律援助法 第53条: a notary office or a forensic
# institution reduces or waives its fee for a legal-aid recipient).

AID_GIVEN = (
    Status.GRANTED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.ENDED,
    Status.FILED_FOR_REVIEW,
    Status.ARCHIVED,
)


@dataclass(frozen=True)
class AidGranted:
    """What another line may know of a decision to give legal aid: its number, day and centre."""

    number: str
    decided_on: datetime.date
    centre: str


def aid_granted(*, person, number: str) -> AidGranted | None:
    """The decision to give legal aid under application `number` to `person`, or None (no such
    application, another applicant, or aid not given). The caller shows both the person and the
    number (the applicant's 给予法律援助决定书), so the answer discloses no record outside the
    caller's scope beyond the decision's day and centre; hence no `access.scope` here."""
    row = (
        Application.objects.filter(
            number=(number or "").strip(),
            applicant=person,
            status__in=AID_GIVEN,
            decided_on__isnull=False,
        )
        .select_related("office")
        .first()
    )
    if row is None:
        return None
    return AidGranted(number=row.number, decided_on=row.decided_on, centre=row.office.name)
