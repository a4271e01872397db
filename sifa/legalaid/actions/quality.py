"""质量监管和投诉 (法律援助法 第55–59条): quality checks of a case and complaints about it.

Both records belong to the office that keeps the application (`application.office`).
Quality checks (第59条): 庭审旁听, 案卷检查, 征询司法机关意见, 回访受援人, 同行评估.
Complaints (第55、56条): received, then closed with the result given to the complainant.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.records import create_checked
from sifa.legalaid.constants import QualityGrade, QualityKind, Satisfaction
from sifa.legalaid.models import Application, Complaint, QualityCheck
from sifa.orgs import access
from sifa.orgs.access import Cap


def _not_in_future(field: str, day: datetime.date, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("%(label)s不能晚于今天。") % {"label": label}})


def quality_check_errors(
    application: Application,
    *,
    kind: str,
    checked_on: datetime.date | None,
    grade: str = "",
    satisfaction: str = "",
) -> dict[str, list[str]]:
    """The rules of a quality check (第57–59条) on a case: a method and, if given, a grade and
    a satisfaction from their lists (回访受援人 always records the satisfaction); a day not
    before receipt and not in the future."""
    errors: dict[str, list[str]] = {}
    if kind not in QualityKind.values:
        errors["kind"] = [_("请选择有效的检查方式。")]
    if grade and grade not in QualityGrade.values:
        errors["grade"] = [_("请选择有效的评定结果。")]
    if satisfaction and satisfaction not in Satisfaction.values:
        errors["satisfaction"] = [_("请选择有效的满意度。")]
    elif kind == QualityKind.FOLLOW_UP and not satisfaction:
        errors["satisfaction"] = [_("回访受援人时请填写受援人满意度。")]
    if checked_on is None:
        errors["checked_on"] = [_("请填写检查日期。")]
    elif checked_on < application.received_on:
        errors["checked_on"] = [_("检查日期不能早于收到申请日期。")]
    elif checked_on > timezone.localdate():
        errors["checked_on"] = [_("%(label)s不能晚于今天。") % {"label": _("检查日期")}]
    return errors


@transaction.atomic
def quality_check_add(
    *,
    actor,
    application: Application,
    kind: str,
    checked_on: datetime.date,
    grade: str = "",
    satisfaction: str = "",
    notes: str = "",
) -> QualityCheck:
    """登记质量检查 of a case (第57–59条)."""
    access.require_for(actor, Cap.EDIT, application)
    errors = quality_check_errors(
        application, kind=kind, checked_on=checked_on, grade=grade, satisfaction=satisfaction
    )
    if errors:
        raise ValidationError(errors)
    return _add_to_case(
        QualityCheck,
        actor,
        application,
        kind=kind,
        checked_on=checked_on,
        grade=grade,
        satisfaction=satisfaction,
        notes=(notes or "").strip(),
    )


def _add_to_case(model, actor, application: Application, **values):
    """Store a record of `model` about the case, in the case's office, validated by the model."""
    return create_checked(
        model, office=application.office, application=application, created_by=actor, **values
    )


@transaction.atomic
def complaint_add(
    *,
    actor,
    application: Application,
    received_on: datetime.date,
    complainant: str,
    content: str,
) -> Complaint:
    """登记投诉 about a case or its handler (第55、56条)."""
    access.require_for(actor, Cap.EDIT, application)
    complainant, content = (complainant or "").strip(), (content or "").strip()
    if not complainant:
        raise ValidationError({"complainant": _("请填写投诉人。")})
    if not content:
        raise ValidationError({"content": _("请填写投诉内容。")})
    _not_in_future("received_on", received_on, _("收到投诉日期"))
    return _add_to_case(
        Complaint,
        actor,
        application,
        received_on=received_on,
        complainant=complainant,
        content=content,
    )


@transaction.atomic
def complaint_close(
    *, actor, complaint: Complaint, result: str, closed_on: datetime.date
) -> Complaint:
    """办结投诉 with the result given to the complainant."""
    access.require_for(actor, Cap.EDIT, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.closed_on is not None:
        raise ValidationError(_("该投诉已办结。"))
    result = (result or "").strip()
    if not result:
        raise ValidationError({"result": _("请填写处理结果。")})
    if closed_on < complaint.received_on:
        raise ValidationError({"closed_on": _("办结日期不能早于收到投诉日期。")})
    _not_in_future("closed_on", closed_on, _("办结日期"))
    complaint.result = result
    complaint.closed_on = closed_on
    complaint.full_clean()
    complaint.save(update_fields=["result", "closed_on", "updated_at"])
    return complaint
