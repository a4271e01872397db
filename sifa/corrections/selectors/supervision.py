"""Reads of daily supervision, check-ins, alerts and lost contact, for views and to-dos.

Every read goes through `sifa.orgs.access`: rows of the user's subtrees, and a minor's rows only
for users holding `Cap.MINORS` over the office (社区矫正法 第54条); anything else is not found.
"""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.todos import Todo
from sifa.corrections.actions.supervision import lost_days
from sifa.corrections.constants import AlertKind
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
    if state == OPEN:
        qs = qs.filter(handled_on__isnull=True)
    elif state == HANDLED:
        qs = qs.filter(handled_on__isnull=False)
    if subject is not None:
        qs = qs.filter(subject=subject)
    is_open = ExpressionWrapper(Q(handled_on__isnull=True), output_field=BooleanField())
    return qs.annotate(is_open=is_open).order_by("-is_open", "-raised_at", "-pk")


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
    if state == OPEN:
        qs = qs.filter(found_on__isnull=True)
    elif state == HANDLED:
        qs = qs.filter(found_on__isnull=False)
    if subject is not None:
        qs = qs.filter(subject=subject)
    is_open = ExpressionWrapper(Q(found_on__isnull=True), output_field=BooleanField())
    return qs.annotate(is_open=is_open).order_by("-is_open", "-lost_on", "-pk")


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
            Todo(
                line=_("社区矫正"),
                title=title,
                due=raised,
                url=reverse("corrections:alert_handle", args=[alert.pk]),
                overdue=raised < today,
                office=alert.office.name,
                office_path=alert.office.path,
            )
        )
    return items
