"""Reads of daily supervision, check-ins, alerts and lost contact, for views and to-dos.

Every read goes through `sifa.orgs.access`: rows of the user's subtrees, and a minor's rows only
for users holding `Cap.MINORS` over the office (社区矫正法 第54条); anything else is not found.
"""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, ExpressionWrapper, Max, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import NEAR, OK, Unit, add_months, deadline_state, due_date
from sifa.core.todos import Todo
from sifa.corrections import rules
from sifa.corrections.actions.supervision import lost_days
from sifa.corrections.constants import (
    AlertKind,
    OutsidePrisonGround,
    SentenceType,
    Status,
    SupervisionKind,
)
from sifa.corrections.models import Alert, CheckIn, LostContact, Subject, Supervision
from sifa.orgs import access
from sifa.orgs.constants import OfficeKind

OPEN = "open"
HANDLED = "handled"


def _restricted(user, qs: QuerySet) -> QuerySet:
    """The models' access policies carry the minors rule (社区矫正法 第54条)."""
    return access.scope(user, qs)


def _get(qs: QuerySet, **lookup):
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404(_("未找到该记录。")) from None


def subject_for_supervision(*, actor, pk: int) -> Subject:
    """The subject (404 outside the user's sight, or a minor's without Cap.MINORS)."""
    qs = access.scope(actor, Subject.objects.select_related("office", "person"))
    return _get(qs, pk=pk)


def supervisions(*, actor, subject: Subject | None = None) -> QuerySet[Supervision]:
    qs = _restricted(actor, Supervision.objects.select_related("office", "subject"))
    if subject is not None:
        qs = qs.filter(subject=subject)
    return qs.order_by("-happened_on", "-pk")


def check_ins(*, actor, subject: Subject | None = None) -> QuerySet[CheckIn]:
    qs = _restricted(actor, CheckIn.objects.select_related("office", "subject"))
    if subject is not None:
        qs = qs.filter(subject=subject)
    return qs.order_by("-at", "-pk")


def alerts(
    *, actor, kind: str = "", office=None, state: str = "", subject: Subject | None = None
) -> QuerySet[Alert]:
    """The alerts the user sees, open ones first, newest first; filtered by kind, office (its
    subtree), state (OPEN / HANDLED) and subject."""
    qs = _restricted(
        actor, Alert.objects.select_related("office", "subject", "subject__person", "check_in")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if office is not None:
        qs = access.within(qs, office)
    return _open_first(qs, closed="handled_on", newest="raised_at", state=state, subject=subject)


def alert_get(*, actor, pk: int) -> Alert:
    return _get(_restricted(actor, Alert.objects.select_related("office", "subject")), pk=pk)


def alert_offices(user):
    """The 司法所 the user sees, for the alert list's office filter."""
    return (
        access.visible_offices(user, line="corrections")
        .filter(kind__in=[OfficeKind.JUDICIAL_OFFICE, OfficeKind.JUSTICE_BUREAU])
        .order_by("path")
    )


def lost_contacts(
    *, actor, state: str = "", subject: Subject | None = None
) -> QuerySet[LostContact]:
    """Lost-contact records, open ones first (each with `days` set by `with_days`)."""
    qs = _restricted(
        actor, LostContact.objects.select_related("office", "subject", "subject__person")
    )
    return _open_first(qs, closed="found_on", newest="lost_on", state=state, subject=subject)


def _open_first(qs, *, closed: str, newest: str, state: str, subject: Subject | None):
    """`qs` narrowed to a `state` (OPEN: the date `closed` is empty; HANDLED: it is set) and a
    `subject`, the open rows first, then the latest `newest` date first."""
    if state == OPEN:
        qs = qs.filter(**{f"{closed}__isnull": True})
    elif state == HANDLED:
        qs = qs.filter(**{f"{closed}__isnull": False})
    if subject is not None:
        qs = qs.filter(subject=subject)
    is_open = ExpressionWrapper(Q(**{f"{closed}__isnull": True}), output_field=BooleanField())
    return qs.annotate(is_open=is_open).order_by("-is_open", f"-{newest}", "-pk")


def with_days(rows, today=None):
    """Set `days` (脱管 duration) on each lost-contact row."""
    today = today or timezone.localdate()
    rows = list(rows)
    for row in rows:
        row.days = lost_days(row, today)
    return rows


def lost_contact_get(*, actor, pk: int) -> LostContact:
    return _get(_restricted(actor, LostContact.objects.select_related("office", "subject")), pk=pk)


def open_lost_contact(subject: Subject) -> LostContact | None:
    """The subject's lost contact still running (for the measures ladder, C4), or None.
    The caller has already checked the subject is visible."""
    return (
        LostContact.objects.filter(subject=subject, found_on__isnull=True)
        .order_by("-lost_on")
        .first()
    )


def supervision_due(*, actor) -> list[Todo]:
    """Open alerts as to-dos (待办): raised before today → overdue; a lost contact's title says
    how long the subject has been lost."""
    today = timezone.localdate()
    rows = list(alerts(actor=actor, state=OPEN))
    lost = {}
    if any(a.kind == AlertKind.LOST_CONTACT for a in rows):
        for record in _restricted(
            actor,
            LostContact.objects.filter(
                found_on__isnull=True, subject_id__in={a.subject_id for a in rows}
            ),
        ):
            lost[record.subject_id] = lost_days(record, today)
    items = []
    for alert in rows:
        raised = timezone.localtime(alert.raised_at).date()
        if alert.kind == AlertKind.LOST_CONTACT and alert.subject_id in lost:
            title = _("矫正对象 %(number)s 失去联系已%(days)d天，请查找") % {
                "number": alert.subject.number,
                "days": lost[alert.subject_id],
            }
        else:
            title = _("矫正对象 %(number)s %(kind)s，请处置") % {
                "number": alert.subject.number,
                "kind": alert.get_kind_display(),
            }
        items.append(
            Todo.about(
                alert,
                line=_("社区矫正"),
                title=title,
                due=raised,
                url=reverse("corrections:alert_handle", args=[alert.pk]),
                overdue=raised < today,
            )
        )
    return items


# --- CC-11: 暂外 身体状况报告 (monthly), 保外就医 病情复查 (every three months) ---------------

HEALTH_STATUSES = (Status.RECEIVED, Status.UNDER_CORRECTION)


def health_due_dates(subject, *, last_report=None, last_reexam=None) -> list[tuple[str, object]]:
    """(kind, due date) of the reports a 暂予监外执行 subject owes (CC-11, [M] settings): the
    身体状况报告 SIFA_CC_HEALTH_REPORT_MONTHS (1) month after the last one — or after the 接收
    登记 when there is none —, and for 保外就医 the 病情复查 SIFA_CC_MEDICAL_REEXAM_MONTHS (3)
    months after the last one (民法典 第202条: the corresponding day, or the month's last day)."""
    if subject.sentence_type != SentenceType.OUTSIDE_PRISON or subject.registered_on is None:
        return []
    out = [
        (
            SupervisionKind.HEALTH_REPORT,
            add_months(
                last_report or subject.registered_on,
                rules.value("SIFA_CC_HEALTH_REPORT_MONTHS"),
            ),
        )
    ]
    if subject.outside_prison_ground == OutsidePrisonGround.MEDICAL_PAROLE:
        out.append(
            (
                SupervisionKind.MEDICAL_REEXAM,
                add_months(
                    last_reexam or subject.registered_on,
                    rules.value("SIFA_CC_MEDICAL_REEXAM_MONTHS"),
                ),
            )
        )
    return out


def health_reminders_due(*, actor, today: datetime.date | None = None) -> list[Todo]:
    """To-dos of CC-11 for the 暂予监外执行 subjects the actor may see (minors only with
    Cap.MINORS): the monthly 身体状况报告 and, for 保外就医, the three-monthly 病情复查, each
    near (within 3 days) or past its due date; recording the report (日常管理, its kind) clears
    it. A due date on a holiday moves to the next working day (民法典 第203条, the policy
    setting)."""
    today = today or timezone.localdate()
    subjects = access.scope(
        actor,
        Subject.objects.select_related("office").filter(
            sentence_type=SentenceType.OUTSIDE_PRISON,
            status__in=HEALTH_STATUSES,
            registered_on__isnull=False,
        ),
    ).annotate(
        last_report=Max(
            "supervisions__happened_on",
            filter=Q(supervisions__kind=SupervisionKind.HEALTH_REPORT),
        ),
        last_reexam=Max(
            "supervisions__happened_on",
            filter=Q(supervisions__kind=SupervisionKind.MEDICAL_REEXAM),
        ),
    )
    titles = {
        SupervisionKind.HEALTH_REPORT: (
            _("暂予监外执行对象 %(number)s 应按月报告身体状况"),
            _("暂予监外执行对象 %(number)s 逾期未报告身体状况"),
        ),
        SupervisionKind.MEDICAL_REEXAM: (
            _("保外就医对象 %(number)s 应提交病情复查情况（每三个月）"),
            _("保外就医对象 %(number)s 逾期未提交病情复查情况"),
        ),
    }
    calendar = WorkingCalendar()
    items = []
    for subject in subjects:
        for kind, last_day in health_due_dates(
            subject, last_report=subject.last_report, last_reexam=subject.last_reexam
        ):
            # The last day as computed; a holiday moves it like any other date deadline.
            due = due_date(last_day, 0, Unit.DAY, calendar=calendar)
            state = deadline_state(due, today=today)
            if state == OK:
                continue
            near, overdue = titles[kind]
            items.append(
                Todo.about(
                    subject,
                    line=_("社区矫正"),
                    title=(near if state == NEAR else overdue) % {"number": subject.number},
                    due=due,
                    url=reverse("corrections:supervision_add", args=[subject.pk]),
                    overdue=state != NEAR,
                    basis=_("社区矫正实施办法（2012） 第11条"),
                )
            )
    return items
