"""Writes of the annual inspection (年度检查考核) of practice institutions.

The bureau opens the inspection of a year for one category of institution under it; each
institution submits its materials (uploaded files) and its business statistics (counted from
its register, not typed) through its own account (or the bureau enters a paper submission);
the supervising bureau reviews (初审: to the city, or returned for completion with a reason);
the city decides 合格 / 不合格 / 暂缓 with reasons, and a failed institution gets a rectification
period. Every step goes through `FLOW` (sifa.core.workflow): the transition table, a row lock,
and a `SubmissionEvent` naming who and when (docs/practice.md, "Annual inspection").
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core.deadlines import add_months
from sifa.core.workflow import Workflow
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.practice.constants import LINE, Category
from sifa.practice.constants_inspection import (
    DECISIONS,
    REQUIRED_MATERIALS,
    SUBMISSION_TRANSITIONS,
    AssessmentResult,
    MaterialKind,
    SubmissionStatus,
)
from sifa.practice.models import Assessment, Inspection, Material, Submission, SubmissionEvent
from sifa.practice.selectors import inspection as selectors
from sifa.practice.selectors.registers import may_license

FLOW = Workflow(
    Submission,
    SubmissionEvent,
    "submission",
    SUBMISSION_TRANSITIONS,
    SubmissionStatus,
    access.require_edit,
)

# File types accepted as materials: content type → (leading bytes, extensions).
FILE_TYPES = {
    "application/pdf": (b"%PDF-", (".pdf",)),
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",)),
}


def default_due_on(year: int) -> datetime.date:
    """The [M] default due date of the materials of `year`: SIFA_PRACTICE_INSPECTION_DUE
    (MM-DD) of the following year."""
    setting = str(sifa_setting("SIFA_PRACTICE_INSPECTION_DUE"))
    month, day = (int(part) for part in setting.split("-"))
    return datetime.date(year + 1, month, day)


def _check(submission: Submission, to_status: str) -> None:
    """The transition table, with the submission's own words."""
    if to_status not in SUBMISSION_TRANSITIONS.get(submission.status, set()):
        labels = {
            "from": SubmissionStatus(submission.status).label,
            "to": SubmissionStatus(to_status).label,
        }
        raise ValidationError(
            _("年度检查考核不能从「%(from)s」变为「%(to)s」。") % labels, code="transition"
        )


@transaction.atomic
def inspection_open(
    *,
    actor,
    office,
    category: str,
    year: int,
    due_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Inspection:
    """启动年度检查考核: one submission awaited from each institution of `category` under the
    bureau `office` that existed in `year` (those in another bureau's inspection of the year
    already are left to it)."""
    access.require(actor, Cap.EDIT, office, line=LINE)
    on = on or timezone.localdate()
    due_on = due_on or default_due_on(year)
    errors: dict[str, list[str]] = {}
    if office.kind != OfficeKind.JUSTICE_BUREAU:
        errors.setdefault("office", []).append(_("年度检查考核由司法局启动。"))
    if year >= on.year:
        errors.setdefault("year", []).append(_("只能对已经结束的年度进行检查考核。"))
    if due_on < on:
        errors.setdefault("due_on", []).append(_("材料报送截止日期不能早于启动日期。"))
    if Inspection.objects.filter(office=office, category=category, year=year).exists():
        errors.setdefault("year", []).append(_("本单位已启动该年度的检查考核。"))
    if errors:
        raise ValidationError(errors)
    found = selectors.institutions_to_inspect(office=office, category=category, year=year)
    institutions = list(found)
    if not institutions:
        raise ValidationError(
            {"category": [_("本单位范围内没有需要参加该年度检查考核的执业机构。")]}
        )
    inspection = Inspection(
        office=office, category=category, year=year, opened_on=on, due_on=due_on, created_by=actor
    )
    inspection._history_user = actor
    inspection.full_clean()
    inspection.save()
    for institution in institutions:
        submission = Submission.objects.create(
            office=institution.office,
            inspection=inspection,
            institution=institution,
            year=year,
            due_on=due_on,
            late_from=due_on + datetime.timedelta(days=1),
            created_by=actor,
        )
        FLOW.record_event(
            submission, "", SubmissionStatus.PENDING, actor=actor, on=on,
            reason=_("启动年度检查考核，材料报送截止日期%(day)s") % {"day": due_on.isoformat()},
        )  # fmt: skip
    return inspection


@dataclass(frozen=True)
class Upload:
    """One file to attach: its kind, its name and its bytes."""

    kind: str
    name: str
    content: bytes


def _content_type(upload: Upload) -> str:
    """The content type of an acceptable file, or ValidationError on `materials` saying why."""
    name = PurePath((upload.name or "").replace("\\", "/")).name or _("未命名文件")
    limit = int(sifa_setting("SIFA_PRACTICE_MATERIAL_MAX_BYTES"))
    if not upload.content:
        raise ValidationError({"materials": [_("文件“%(name)s”是空文件。") % {"name": name}]})
    if len(upload.content) > limit:
        message = _("文件“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": limit // (1024 * 1024)}
        raise ValidationError({"materials": [message]})
    extension = PurePath(name).suffix.lower()
    for content_type, (magic, extensions) in FILE_TYPES.items():
        if extension in extensions and upload.content.startswith(magic):
            return content_type
    message = _("文件“%(name)s”不是有效的 PDF、JPEG 或 PNG 文件。") % {"name": name}
    raise ValidationError({"materials": [message]})


def _file_name(name: str) -> str:
    name = PurePath((name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "file"
    return name[-200:]


@transaction.atomic
def submission_submit(
    *,
    actor,
    submission: Submission,
    uploads: list[Upload] = (),
    summary: str = "",
    on: datetime.date | None = None,
) -> Submission:
    """报送年度检查考核材料 (again after a return): the files, a short account, and the year's
    business statistics counted from the register at this moment."""
    FLOW.begin(actor, submission)
    _check(submission, SubmissionStatus.SUBMITTED)
    on = on or timezone.localdate()
    checked = [(upload, _content_type(upload)) for upload in uploads]
    for upload, _type in checked:
        if upload.kind not in MaterialKind.values:
            raise ValidationError({"materials": [_("请选择材料类别。")]})
    present = set(submission.materials.values_list("kind", flat=True))
    present |= {upload.kind for upload, _type in checked}
    missing = [MaterialKind(kind).label for kind in REQUIRED_MATERIALS if kind not in present]
    if missing:
        message = _("请上传：%(kinds)s。") % {"kinds": "、".join(str(m) for m in missing)}
        raise ValidationError({"materials": [message]})
    for upload, content_type in checked:
        Material.objects.create(
            office=submission.office,
            submission=submission,
            kind=upload.kind,
            filename=_file_name(upload.name),
            content_type=content_type,
            size=len(upload.content),
            content=base64.b64encode(upload.content).decode("ascii"),
            created_by=actor,
        )
    figures = selectors.year_statistics(institution=submission.institution, year=submission.year)
    for name, value in vars(figures).items():
        setattr(submission, name, value)
    submission.summary = (summary or "").strip()
    submission.submitted_on = on
    submission._history_user = actor
    late = on > submission.due_on
    reason = _("逾期报送年度检查考核材料") if late else _("报送年度检查考核材料")
    return FLOW.move(submission, SubmissionStatus.SUBMITTED, actor=actor, on=on, reason=reason)


@transaction.atomic
def submission_review(
    *,
    actor,
    submission: Submission,
    passed: bool,
    opinion: str = "",
    on: datetime.date | None = None,
) -> Submission:
    """初审: pass the submission to the city (待考核决定) or return it for completion with the
    reason (退回补正). The supervising bureau (or one above it) reviews."""
    FLOW.begin(actor, submission)
    if not selectors.may_review(actor=actor, submission=submission):
        raise PermissionDenied(_("年度检查考核材料由主管司法局初审。"))
    to_status = SubmissionStatus.REVIEWED if passed else SubmissionStatus.RETURNED
    _check(submission, to_status)
    opinion = (opinion or "").strip()
    if not passed and not opinion:
        raise ValidationError({"opinion": [_("退回补正须写明需要补正的内容。")]})
    on = on or timezone.localdate()
    if submission.submitted_on and on < submission.submitted_on:
        raise ValidationError({"on": [_("初审日期不能早于报送日期。")]})
    submission.reviewed_on = on
    submission.review_opinion = opinion
    submission._history_user = actor
    reason = opinion or _("初审通过")
    return FLOW.move(submission, to_status, actor=actor, on=on, reason=reason)


@transaction.atomic
def submission_decide(
    *,
    actor,
    submission: Submission,
    result: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> Submission:
    """考核决定 of the city bureau: 合格, 不合格 (with a rectification period of
    SIFA_PRACTICE_RECTIFICATION_MONTHS from the decision) or 暂缓 (decided later)."""
    FLOW.begin(actor, submission)
    if not selectors.may_decide(actor=actor, submission=submission):
        raise PermissionDenied(_("年度检查考核结果由设区的市司法局决定。"))
    if result not in DECISIONS:
        raise ValidationError({"result": [_("请选择考核结果：合格、不合格或暂缓。")]})
    _check(submission, result)
    reason = (reason or "").strip()
    if result != SubmissionStatus.PASSED and not reason:
        raise ValidationError({"reason": [_("考核结果为不合格或暂缓的，须写明理由。")]})
    on = on or timezone.localdate()
    if submission.reviewed_on and on < submission.reviewed_on:
        raise ValidationError({"on": [_("考核决定日期不能早于初审日期。")]})
    submission.decided_on = on
    submission.decision_reason = reason
    submission.rectification_until = None
    if result == SubmissionStatus.FAILED:
        months = int(sifa_setting("SIFA_PRACTICE_RECTIFICATION_MONTHS"))
        submission.rectification_until = add_months(on, months)
    submission._history_user = actor
    label = SubmissionStatus(result).label
    note = f"{label}：{reason}" if reason else str(label)
    return FLOW.move(submission, result, actor=actor, on=on, reason=note)


@transaction.atomic
def assessment_save(*, actor, practitioner, year: int, result: str, note: str = "") -> Assessment:
    """律师执业年度考核: file the bar association's result for one lawyer and one year (the
    supervising bureau files it); a result filed already for that year is replaced."""
    if not may_license(actor=actor, institution=practitioner.institution):
        raise PermissionDenied(_("律师执业年度考核结果由主管司法局归档。"))
    errors: dict[str, list[str]] = {}
    if practitioner.category != Category.LAW_FIRM:
        errors.setdefault("practitioner", []).append(_("年度考核结果只登记律师。"))
    if year < practitioner.licensed_on.year:
        errors.setdefault("year", []).append(_("考核年度早于该律师的执业年度。"))
    if year >= timezone.localdate().year:
        errors.setdefault("year", []).append(_("只能登记已经结束的年度的考核结果。"))
    if result not in AssessmentResult.values:
        errors.setdefault("result", []).append(_("考核结果应为称职、基本称职或不称职。"))
    if errors:
        raise ValidationError(errors)
    record = Assessment.objects.filter(practitioner=practitioner, year=year).first()
    record = record or Assessment(
        office=practitioner.office, practitioner=practitioner, year=year, created_by=actor
    )
    record.result = result
    record.note = (note or "").strip()
    record._history_user = actor
    record.full_clean()
    record.save()
    return record
