"""Writes of monthly report submissions (月报上报): submit, return (退回), accept (审核通过).

A 司法所 (or a county bureau) submits a month that has ended; the office directly above it
reviews the submission. Every submission freezes a new `Snapshot` (sifa.reports.snapshots) in
the same transaction, so a report is never on record without the figures it stated.

An ACCEPTED report is final: it is never frozen again. Records of its month may still be
corrected afterwards; such edits never change the accepted figures silently — the consistency
check (sifa.reports.consistency) lists them as differences against the frozen snapshot.

Every change is saved through the model, so django-simple-history records who did what and
when (the review history shown on the submission page).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.reports import snapshots
from sifa.reports.models import ReportSubmission
from sifa.reports.periods import month_period

Status = ReportSubmission.Status

# The offices that submit a monthly report: 司法所 to their county, county bureaus to the city.
SUBMITTING_KINDS = (OfficeKind.JUDICIAL_OFFICE, OfficeKind.JUSTICE_BUREAU)


def month_has_ended(year: int, month: int, today: date | None = None) -> bool:
    """A month may be submitted once its last day is over (before today)."""
    today = today or timezone.localdate()
    return month_period(year, month)[1] < today


def _check_month(year, month) -> None:
    try:
        year, month = int(year), int(month)
        month_period(year, month)
    except (TypeError, ValueError):
        raise ValidationError(_("请选择正确的年度和月份。")) from None
    if not month_has_ended(year, month):
        raise ValidationError(
            _("%(year)s年%(month)s月尚未结束，月末之后才能上报。") % {"year": year, "month": month}
        )


@transaction.atomic
def submit_month(user, office: Office, year: int, month: int, note: str = "") -> ReportSubmission:
    """上报: freeze the office's month and send it to the office above for review.

    Allowed when the month has ended and the office has not submitted it yet, or its
    submission was returned (退回); each submission increments the version and freezes a new
    snapshot beside the earlier ones.
    """
    access.require(user, Cap.EDIT, office, line=access.ANY_LINE)
    if office.kind not in SUBMITTING_KINDS:
        raise ValidationError(_("只有司法局、司法所上报月报。"))
    _check_month(year, month)
    year, month = int(year), int(month)
    submission = (
        ReportSubmission.objects.select_for_update()
        .filter(office=office, year=year, month=month)
        .first()
    )
    if submission is None:
        submission = ReportSubmission(office=office, year=year, month=month, created_by=user)
    elif submission.status != Status.RETURNED:
        raise ValidationError(
            _("%(office)s%(year)s年%(month)s月月报已上报（%(status)s），不能重复上报。")
            % {
                "office": office.name,
                "year": year,
                "month": month,
                "status": submission.get_status_display(),
            }
        )
    now = timezone.now()
    submission.status = Status.SUBMITTED
    submission.version += 1
    submission.submitted_at = now
    submission.submitted_by = user
    submission.note = (note or "").strip()
    submission.reviewed_at = None
    submission.reviewed_by = None
    submission.review_comment = ""
    _save(submission, user)
    snapshots.freeze(submission, taken_by=user, taken_at=now)
    return submission


def _save(submission: ReportSubmission, user) -> None:
    """Save with the acting user on the history row (no request in commands and tests)."""
    submission._history_user = user
    try:
        with transaction.atomic():  # a concurrent first submission of the same month
            submission.save()
    except IntegrityError:
        raise ValidationError(_("该月月报已由他人上报，请刷新后查看。")) from None


def reviewer_office(submission: ReportSubmission) -> Office | None:
    """The office that reviews a submission: the one directly above the submitting office."""
    return Office.objects.get_parent(submission.office)


def can_review(user, submission: ReportSubmission) -> bool:
    parent = reviewer_office(submission)
    return parent is not None and all(
        access.can(user, cap, parent, line=access.ANY_LINE) for cap in (Cap.EDIT, Cap.STATS)
    )


def require_reviewer(user, submission: ReportSubmission) -> None:
    """404 when the submission is out of the user's sight, 403 unless the user reviews it."""
    office = submission.office
    if not (
        access.can(user, Cap.VIEW, office, line=access.ANY_LINE)
        or access.can(user, Cap.STATS, office)
    ):
        raise Http404(_("未找到该记录。"))
    if not can_review(user, submission):
        raise PermissionDenied(_("只有上级机构的审核人员可以审核本月报。"))


def _review(user, submission: ReportSubmission, status: str, comment: str) -> ReportSubmission:
    require_reviewer(user, submission)
    submission = ReportSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != Status.SUBMITTED:
        raise ValidationError(
            _("只有“已上报”的月报可以审核，本月报当前为“%(status)s”。")
            % {"status": submission.get_status_display()}
        )
    submission.status = status
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = user
    submission.review_comment = (comment or "").strip()
    _save(submission, user)
    return submission


@transaction.atomic
def return_submission(user, submission: ReportSubmission, comment: str) -> ReportSubmission:
    """退回: send a submission back to its office, with the reason; it may then resubmit."""
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("退回月报须填写退回理由。")]})
    return _review(user, submission, Status.RETURNED, comment)


@transaction.atomic
def accept_submission(user, submission: ReportSubmission, comment: str = "") -> ReportSubmission:
    """审核通过: accept a submission. It is final: never frozen again (see the module docstring)."""
    return _review(user, submission, Status.ACCEPTED, comment)
