"""Reads of 社区矫正对象 for views, exports and the to-do list.

Every read goes through `access.scope()`, whose Subject policy carries the minors rule:
a minor's record is not found (404) and not listed for a user without `Cap.MINORS` over its
office (社区矫正法 第54条), even inside the user's VIEW scope.

Deadlines of a subject (DOMAIN §3.4): 报到 (10 days of the judgment's effect, CC-2), 回执
(5 days of the documents, CC-6), and the end of the period (个人总结 and 解矫 preparation in
the last 30 days, CC-29 practice).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.calendar import WorkingCalendar
from sifa.core.codes import code_labels
from sifa.core.deadlines import HISTORIC, NEAR, OK, OVERDUE, LabelledDeadline, deadline_state
from sifa.core.imports.batches import imported_on
from sifa.core.todos import Todo
from sifa.corrections import rules
from sifa.corrections.actions.subjects import OPEN_STATUSES, receipt_due_on
from sifa.corrections.constants import CATEGORY_CODE_LIST, Status
from sifa.corrections.models import Subject, TeamMember
from sifa.corrections.selectors.common import containing, narrowed
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.orgs.selectors import offices_to_filter, offices_to_write

WARN_DAYS = 3
MET = "met"


def release_warn_days() -> int:
    """期满前N日 (CC-29 practice: 30): from then the coming release is a to-do (a setting)."""
    return rules.value("SIFA_CC_RELEASE_WARN_DAYS")


LATE = "late"

REPORT = "report"
RECEIPT = "receipt"
RELEASE = "release"

LABELS = {
    REPORT: gettext_lazy("报到"),
    RECEIPT: gettext_lazy("送达回执"),
    RELEASE: gettext_lazy("矫正期满"),
}
ARTICLES = {
    REPORT: "社区矫正法 第21条",
    RECEIPT: "社区矫正法实施办法 第16条",
    RELEASE: "社区矫正法 第44条",
}
STATE_LABELS = {
    OK: gettext_lazy("未到期"),
    NEAR: gettext_lazy("即将到期"),
    OVERDUE: gettext_lazy("已超期"),
    HISTORIC: gettext_lazy("导入前已届满"),
    MET: gettext_lazy("按期完成"),
    LATE: gettext_lazy("逾期完成"),
}
MINORS_ONLY = "only"
MINORS_EXCLUDED = "exclude"
LINE = gettext_lazy("社区矫正")


# ---------------------------------------------------------------------------------------------
# Scope


def subjects_visible(actor, queryset: QuerySet | None = None) -> QuerySet[Subject]:
    """The subjects `actor` may see: VIEW scope, minors only with Cap.MINORS."""
    rows = queryset if queryset is not None else Subject.objects.all()
    return access.scope(actor, rows)


def can_see_minors(actor) -> bool:
    return access.has_capability_anywhere(actor, Cap.MINORS, line="corrections")


def subject_get(*, actor, pk) -> Subject:
    """One subject the actor may see; anything else (a minor without Cap.MINORS) is 404."""
    try:
        return subjects_visible(actor, Subject.objects.select_related("office", "person")).get(
            pk=pk
        )
    except Subject.DoesNotExist:
        raise Http404(_("未找到该记录。")) from None


def team_member_get(*, actor, subject: Subject, pk) -> TeamMember:
    """A member of the subject's team (the subject already read through `subject_get`)."""
    member = subject.team.filter(pk=pk).first()
    if member is None:
        raise Http404(_("未找到该记录。"))
    return member


def subject_list(
    *,
    actor,
    office: Office | None = None,
    status: str | None = None,
    sentence_type: str | None = None,
    category: str | None = None,
    minors: str | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    q: str | None = None,
) -> QuerySet[Subject]:
    """Subjects the actor may see, newest first; each filter narrows when given.

    `minors`: "only" or "exclude" (ignored for a user who sees no minors anyway); the period
    filter keeps subjects whose correction period overlaps [period_from, period_to]; `q`
    matches the number, the person's name or the judgment number (the crime is encrypted, so
    the database cannot search it; the coded 犯罪类型 stays in clear for statistics).
    """
    rows = _narrowed_subjects(
        subjects_visible(actor, Subject.objects.select_related("office", "person")),
        office=office,
        status=status,
        sentence_type=sentence_type,
        category=category,
        period_from=period_from,
        period_to=period_to,
    )
    if minors in (MINORS_ONLY, MINORS_EXCLUDED):
        rows = rows.filter(is_minor=minors == MINORS_ONLY)
    rows = containing(rows, q, "number", "person__name", "judgment_number")
    return rows.order_by("-notified_on", "-id")


def _narrowed_subjects(
    rows, *, office, status, sentence_type, category, period_from, period_to
) -> QuerySet[Subject]:
    return narrowed(
        rows,
        within=office,
        status=status,
        sentence_type=sentence_type,
        category=category,
        correction_end__gte=period_from,
        correction_start__lte=period_to,
    )


def offices_for_filter(*, actor) -> QuerySet[Office]:
    return offices_to_filter(actor)


def offices_for_registration(*, actor) -> QuerySet[Office]:
    """司法所 where the actor may register a subject."""
    return offices_to_write(actor, [OfficeKind.JUDICIAL_OFFICE])


def category_labels() -> dict[str, str]:
    return code_labels(CATEGORY_CODE_LIST)


# ---------------------------------------------------------------------------------------------
# Deadlines


@dataclass(frozen=True)
class Deadline(LabelledDeadline):
    kind_labels = LABELS
    kind_articles = ARTICLES
    state_labels = STATE_LABELS

    kind: str
    due: datetime.date
    state: str  # OK / NEAR / OVERDUE while running; MET / LATE once done
    done_on: datetime.date | None = None

    @property
    def running(self) -> bool:
        return self.done_on is None


def _state(due, done_on, today, warn_days=WARN_DAYS, entered_on=None) -> str:
    if done_on is not None:
        return MET if done_on <= due else LATE
    return deadline_state(due, today=today, warn_days=warn_days, entered_on=entered_on)


def imported_subjects(subjects) -> dict[int, datetime.date]:
    """{pk: the day it was imported} of those of `subjects` an import created (go-live): their
    intake deadlines already past then are history (HISTORIC), not overdue (docs/go-live.md)."""
    return imported_on(Subject, [subject.pk for subject in subjects])


def subject_deadlines(
    subject: Subject,
    *,
    today: datetime.date | None = None,
    calendar=None,
    entered_on: datetime.date | None = None,
) -> list[Deadline]:
    """报到, 回执 and 期满 of one subject, each with its state (`calendar`: see receipt_due_on).

    `entered_on`: the day an import created the subject (`imported_subjects`); a 报到 or 回执
    deadline already past then is HISTORIC. The end of the period is not: it is still work."""
    today = today or timezone.localdate()
    rows = []
    report_done = subject.reported_on
    if subject.status in (Status.AWAITING_REPORT, Status.NOT_REPORTED) or report_done:
        rows.append(
            Deadline(
                REPORT,
                subject.report_due_on,
                _state(subject.report_due_on, report_done, today, entered_on=entered_on),
                report_done,
            )
        )
    receipt_due = receipt_due_on(subject, calendar=calendar)
    if receipt_due is not None:
        done = subject.receipt_sent_on
        state = _state(receipt_due, done, today, entered_on=entered_on)
        rows.append(Deadline(RECEIPT, receipt_due, state, done))
    if subject.correction_end and subject.status in (Status.RECEIVED, Status.UNDER_CORRECTION):
        rows.append(
            Deadline(
                RELEASE,
                subject.correction_end,
                deadline_state(subject.correction_end, today=today, warn_days=release_warn_days()),
            )
        )
    return rows


def subjects_due(*, actor, today: datetime.date | None = None) -> list[Todo]:
    """To-dos of the subjects the actor may see: 报到 near or overdue, 回执 near or overdue,
    and the period ending within 30 days (个人总结、鉴定 and 解矫 preparation) or past."""
    today = today or timezone.localdate()
    rows = subjects_visible(
        actor,
        Subject.objects.select_related("office").filter(
            Q(status__in=(Status.AWAITING_REPORT, Status.NOT_REPORTED))
            | Q(
                status__in=OPEN_STATUSES,
                documents_received_on__isnull=False,
                receipt_sent_on__isnull=True,
            )
            | Q(
                status__in=(Status.RECEIVED, Status.UNDER_CORRECTION),
                correction_end__lte=today + datetime.timedelta(days=release_warn_days()),
            )
        ),
    )
    todos: list[Todo] = []
    calendar = WorkingCalendar()  # the holiday table read once for the whole list
    rows = list(rows)
    entered = imported_subjects(rows)
    for subject in rows:
        deadlines = subject_deadlines(
            subject, today=today, calendar=calendar, entered_on=entered.get(subject.pk)
        )
        for deadline in deadlines:
            if not deadline.running or deadline.state in (OK, HISTORIC):
                continue
            todos.append(_todo(subject, deadline))
    return todos


def _todo(subject: Subject, deadline: Deadline) -> Todo:
    overdue = deadline.state == OVERDUE
    number = subject.number
    if deadline.kind == REPORT:
        title = (
            _("矫正对象 %(number)s 逾期未报到，应组织查找并通知决定机关")
            if overdue
            else _("矫正对象 %(number)s 报到期限将至")
        )
    elif deadline.kind == RECEIPT:
        title = (
            _("矫正对象 %(number)s 回执发送已超期")
            if overdue
            else _("矫正对象 %(number)s 应于期限内向决定机关送达回执")
        )
    else:
        title = (
            _("矫正对象 %(number)s 矫正期已满，请办理解除矫正")
            if overdue
            else _("矫正对象 %(number)s 矫正期将满：组织个人总结、鉴定，准备解除矫正")
        )
    return Todo.about(
        subject,
        line=str(LINE),
        title=title % {"number": number},
        due=deadline.due,
        overdue=overdue,
    )
