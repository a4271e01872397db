"""Reads of leave, 经常性跨市县活动, 执行地变更 and 电子定位 for views and to-dos.

Everything goes through `sifa.orgs.access`; a minor's records are visible only with
Cap.MINORS (the models' access policies, applied by `access.scope()`). A 执行地变更 is also seen
by the new place (users who see its `to_office`), which verifies the residence and replies.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.deadlines import NEAR, OVERDUE, deadline_state
from sifa.core.todos import Todo
from sifa.corrections.actions import movement as rules_of
from sifa.corrections.constants import LeaveStatus
from sifa.corrections.models import FrequentCrossing, Leave, Monitoring, PlaceChange, Subject
from sifa.orgs import access
from sifa.orgs.access import Cap

MONITORING_WARN_DAYS = 7  # 电子定位 expiring within a week: decide to extend or release
STEP_WARN_DAYS = 3
PENDING, APPROVED, OVERDUE_RETURN, CLOSED = "pending", "approved", "overdue", "closed"


def _restricted(actor, qs: QuerySet) -> QuerySet:
    """The models' access policies carry the minors rule (社区矫正法 第54条)."""
    return access.scope(actor, qs)


def _get(qs: QuerySet, **lookup):
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404(_("未找到该记录。")) from None


def subject_url(subject_id: int) -> str:
    try:
        return reverse("corrections:subject_detail", args=[subject_id])
    except NoReverseMatch:
        return f"/corrections/subjects/{subject_id}/"


# ---------------------------------------------------------------------------------------------
# Subjects


def subject_get(*, actor, pk: int) -> Subject:
    """A subject the actor sees (a minor only with Cap.MINORS), else 404."""
    qs = Subject.objects.select_related("office", "person")
    return _get(_restricted(actor, qs), pk=pk)


# ---------------------------------------------------------------------------------------------
# 外出


def leave_list(*, actor, state: str = "", office=None) -> QuerySet[Leave]:
    """Leaves the actor sees: awaiting decision first, then overdue returns, then the rest."""
    today = timezone.localdate()
    qs = Leave.objects.select_related("subject__person", "subject__office", "office")
    qs = _restricted(actor, qs)
    if office is not None:
        qs = access.within(qs, office)
    overdue = Q(status=LeaveStatus.APPROVED, end_on__lt=today, returned_on__isnull=True)
    if state == PENDING:
        qs = qs.filter(status=LeaveStatus.APPLIED)
    elif state == APPROVED:
        qs = qs.filter(status=LeaveStatus.APPROVED)
    elif state == OVERDUE_RETURN:
        qs = qs.filter(overdue)
    elif state == CLOSED:
        qs = qs.filter(status__in=[LeaveStatus.RETURNED, LeaveStatus.REFUSED])
    order = Case(
        When(status=LeaveStatus.APPLIED, then=Value(0)),
        When(overdue, then=Value(1)),
        When(status=LeaveStatus.APPROVED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return qs.annotate(pending_order=order).order_by("pending_order", "-start_on", "-pk")


def leave_get(*, actor, pk: int) -> Leave:
    qs = Leave.objects.select_related("subject__person", "subject__office", "office")
    return _get(_restricted(actor, qs), pk=pk)


def leaves_of(*, actor, subject: Subject) -> QuerySet[Leave]:
    return _restricted(actor, Leave.objects.filter(subject=subject)).order_by("-start_on", "-pk")


def crossings_of(*, actor, subject: Subject) -> QuerySet[FrequentCrossing]:
    qs = FrequentCrossing.objects.filter(subject=subject)
    return _restricted(actor, qs).order_by("-valid_from", "-pk")


# ---------------------------------------------------------------------------------------------
# 执行地变更


def _place_changes(actor) -> QuerySet[PlaceChange]:
    """Place changes seen from the old side (scope) or the new side (its `to_office`)."""
    qs = PlaceChange.objects.select_related(
        "subject__person", "subject__office", "office", "to_office", "new_subject"
    )
    own = _restricted(actor, qs)
    incoming = qs.filter(to_office__in=access.visible_offices(actor, line="corrections")).filter(
        Q(subject__is_minor=False)
        | Q(to_office__in=access.visible_offices(actor, Cap.MINORS, line="corrections"))
    )
    return qs.filter(Q(pk__in=own.values("pk")) | Q(pk__in=incoming.values("pk")))


def place_change_get(*, actor, pk: int) -> PlaceChange:
    return _get(_place_changes(actor), pk=pk)


def place_changes_of(*, actor, subject: Subject) -> QuerySet[PlaceChange]:
    return _place_changes(actor).filter(subject=subject).order_by("-applied_on", "-pk")


def place_change_list(*, actor) -> QuerySet[PlaceChange]:
    """Open place changes first (undecided, or approved but not yet reported)."""
    order = Case(
        When(decided_on__isnull=True, then=Value(0)),
        When(approved=True, reported_on__isnull=True, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        _place_changes(actor)
        .annotate(open_order=order)
        .order_by("open_order", "-applied_on", "-pk")
    )


def target_offices(*, actor, subject: Subject):
    """司法所 a subject may move to: every active 司法所 outside the subject's county."""
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.models import Office

    county = rules_of.county_of(subject.office)
    qs = Office.objects.filter(kind=OfficeKind.JUDICIAL_OFFICE, is_active=True)
    if county is not None:
        qs = qs.exclude(pk__in=access.within(Office.objects.all(), county).values("pk"))
    return qs.order_by("path")


def place_change_steps(place_change: PlaceChange, *, today: datetime.date | None = None):
    """The steps of a place change with their due dates and state, for the page."""
    today = today or timezone.localdate()
    steps = [
        _step(_("申请"), None, place_change.applied_on, today),
        _step(
            _("征求新执行地意见"),
            rules_of.opinion_request_due(place_change),
            place_change.opinion_requested_on,
            today,
        ),
        _step(
            _("新执行地回复"),
            rules_of.opinion_reply_due(place_change),
            place_change.opinion_replied_on,
            today,
        ),
        _step(_("作出决定"), None, place_change.decided_on, today),
    ]
    if place_change.approved and place_change.new_subject_id:
        steps.append(
            _step(
                _("到新执行地报到"),
                place_change.new_subject.report_due_on,
                place_change.reported_on,
                today,
            )
        )
    return steps


def _step(label, due, done_on, today):
    if done_on is not None:
        state = "late" if due and done_on > due else "done"
    elif due is None:
        state = "waiting"
    else:
        state = deadline_state(due, today=today, warn_days=STEP_WARN_DAYS)
    return {"label": label, "due": due, "done_on": done_on, "state": state}


# ---------------------------------------------------------------------------------------------
# 电子定位


def monitoring_get(*, actor, pk: int) -> Monitoring:
    qs = Monitoring.objects.select_related("subject__person", "subject__office", "office")
    return _get(_restricted(actor, qs), pk=pk)


def monitorings_of(*, actor, subject: Subject) -> QuerySet[Monitoring]:
    qs = Monitoring.objects.filter(subject=subject).select_related("extends")
    return _restricted(actor, qs).order_by("-start_on", "-pk")


def open_monitorings(*, actor) -> QuerySet[Monitoring]:
    """Monitoring periods not released and not extended (the current ones)."""
    qs = Monitoring.objects.select_related("subject__person", "office")
    return _restricted(actor, qs).filter(released_on__isnull=True, extension__isnull=True)


# ---------------------------------------------------------------------------------------------
# The subject page's section


def subject_movement(*, actor, subject: Subject) -> dict:
    """What the subject page shows of leave, crossings, place changes and monitoring."""
    return {
        "leaves": list(leaves_of(actor=actor, subject=subject)[:20]),
        "crossings": list(crossings_of(actor=actor, subject=subject)[:20]),
        "place_changes": list(place_changes_of(actor=actor, subject=subject)),
        "monitorings": list(monitorings_of(actor=actor, subject=subject)),
        "can_edit": access.can(actor, Cap.EDIT, subject.office, line="corrections"),
        "can_monitor": rules_of.can_approve_monitoring(actor, subject),
    }


# ---------------------------------------------------------------------------------------------
# To-dos (待办)


def movement_due(*, actor, today: datetime.date | None = None) -> list[Todo]:
    """Leaves awaiting a decision, overdue returns (raising their alerts), place-change steps
    due, and monitoring periods expiring within a week — only records the actor sees."""
    today = today or timezone.localdate()
    line = _("社区矫正")
    items: list[Todo] = []
    leaves = _restricted(
        actor, Leave.objects.select_related("subject__person", "subject__office", "office")
    )
    rules_of.raise_overdue_returns(today, queryset=leaves)

    for leave in leaves.filter(status=LeaveStatus.APPLIED).order_by("start_on"):
        items.append(
            Todo.about(
                leave,
                line=line,
                title=_("%(name)s 外出申请待%(level)s审批")
                % {"name": leave.subject.person.name, "level": leave.get_approval_level_display()},
                due=leave.start_on,
                url=(
                    reverse("corrections:leave_decide", args=[leave.pk])
                    if rules_of.can_decide_level(actor, leave.subject, leave.approval_level)
                    else reverse("corrections:leave_list") + "?state=" + PENDING
                ),
                overdue=leave.start_on < today,
            )
        )
    for leave in rules_of.overdue_leaves(today, leaves):
        items.append(
            Todo.about(
                leave,
                line=line,
                title=_("%(name)s 外出逾期未销假") % {"name": leave.subject.person.name},
                due=leave.end_on,
                url=reverse("corrections:leave_return", args=[leave.pk]),
                overdue=True,
            )
        )

    open_changes = _place_changes(actor).filter(
        Q(decided_on__isnull=True) | Q(approved=True, reported_on__isnull=True)
    )
    for change in open_changes:
        step = _due_step(change)
        if step is None:
            continue
        label, due = step
        state = deadline_state(due, today=today, warn_days=STEP_WARN_DAYS)
        if state not in (NEAR, OVERDUE):
            continue
        items.append(
            Todo.about(
                change,
                line=line,
                title=_("%(name)s 执行地变更：%(step)s")
                % {"name": change.subject.person.name, "step": label},
                due=due,
                url=reverse("corrections:place_change_detail", args=[change.pk]),
                overdue=state == OVERDUE,
            )
        )

    horizon = today + datetime.timedelta(days=MONITORING_WARN_DAYS)
    for monitoring in open_monitorings(actor=actor).filter(end_on__lte=horizon):
        items.append(
            Todo.about(
                monitoring,
                line=line,
                title=_("%(name)s 电子定位期限将届满，请评估延长或解除")
                % {"name": monitoring.subject.person.name},
                due=monitoring.end_on,
                url=subject_url(monitoring.subject_id),
                overdue=monitoring.end_on < today,
            )
        )
    return items


def _due_step(change: PlaceChange):
    if change.decided_on is None:
        if change.opinion_requested_on is None:
            return _("征求新执行地意见"), rules_of.opinion_request_due(change)
        if change.opinion_replied_on is None:
            return _("等待新执行地回复"), rules_of.opinion_reply_due(change)
        return None  # the decision has no fixed period
    if change.new_subject_id:
        return _("到新执行地报到"), change.new_subject.report_due_on
    return None
