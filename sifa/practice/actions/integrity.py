"""Writes of the integrity file (诚信档案, issue 18 item 5; docs/practice.md "Integrity file and
public page"): rewards (表彰奖励), public-interest legal service (公益法律服务), and the decision
to publish a substantiated complaint on the public page.

Rewards and service records are the supervising bureau's (`edit` in the line on the office
above the institution, as licensing): an institution's account reads its file but does not
write it. Publishing a complaint needs `edit` on the complaint's office (the bureau that
handled it). Every write keeps its history with the actor and a reason.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.records import create_checked
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.actions.registers import require_supervisor
from sifa.practice.constants import LINE
from sifa.practice.constants_discipline import ComplaintStatus
from sifa.practice.models import (
    Complaint,
    ComplaintPublication,
    Institution,
    Practitioner,
    PublicService,
    Reward,
)


def _subject_errors(
    institution: Institution, practitioner: Practitioner | None, day: datetime.date, field: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if practitioner is not None and practitioner.institution_id != institution.pk:
        errors["practitioner"] = [
            _("%(name)s不在%(institution)s执业。")
            % {"name": practitioner.person.name, "institution": institution}
        ]
    if day and day > timezone.localdate():
        errors[field] = [_("日期不能晚于今天。")]
    elif day and day < institution.founded_on and practitioner is None:
        errors[field] = [_("日期不能早于执业机构的设立日期。")]
    elif day and practitioner is not None and day < practitioner.licensed_on:
        errors[field] = [_("日期不能早于该人员的执业日期。")]
    return errors


@transaction.atomic
def reward_record(
    *,
    actor,
    institution: Institution,
    title: str,
    level: str,
    awarded_by: str,
    awarded_on: datetime.date,
    practitioner: Practitioner | None = None,
    document_number: str = "",
) -> Reward:
    """登记表彰奖励 of the institution, or of one of its practitioners."""
    require_supervisor(actor, institution.office)
    errors = _subject_errors(institution, practitioner, awarded_on, "awarded_on")
    if not (title or "").strip():
        errors["title"] = [_("请填写表彰奖励名称。")]
    if not (awarded_by or "").strip():
        errors["awarded_by"] = [_("请填写授予机关。")]
    if errors:
        raise ValidationError(errors)
    return create_checked(
        Reward,
        office=institution.office,
        created_by=actor,
        institution=institution,
        practitioner=practitioner,
        title=title.strip(),
        level=level,
        awarded_by=awarded_by.strip(),
        awarded_on=awarded_on,
        document_number=(document_number or "").strip(),
    )


@transaction.atomic
def public_service_record(
    *,
    actor,
    institution: Institution,
    kind: str,
    served_on: datetime.date,
    hours: Decimal,
    description: str,
    practitioner: Practitioner | None = None,
    persons: int = 0,
) -> PublicService:
    """登记公益法律服务 of the institution, or of one of its practitioners."""
    require_supervisor(actor, institution.office)
    errors = _subject_errors(institution, practitioner, served_on, "served_on")
    if hours is None or hours <= 0:
        errors["hours"] = [_("服务时长应大于0小时。")]
    if persons is not None and persons < 0:
        errors["persons"] = [_("服务人次不能为负数。")]
    if not (description or "").strip():
        errors["description"] = [_("请填写服务内容。")]
    if errors:
        raise ValidationError(errors)
    return create_checked(
        PublicService,
        office=institution.office,
        created_by=actor,
        institution=institution,
        practitioner=practitioner,
        kind=kind,
        served_on=served_on,
        hours=hours,
        persons=persons or 0,
        description=description.strip(),
    )


@transaction.atomic
def complaint_publish(
    *, actor, complaint: Complaint, summary: str, published_on: datetime.date | None = None
) -> ComplaintPublication:
    """公开投诉: a substantiated complaint is shown on the public page with `summary` (the
    complaint's own text, the complainant and the findings never are)."""
    access.require(actor, Cap.EDIT, complaint.office, line=LINE)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    published_on = published_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if complaint.status != ComplaintStatus.SUBSTANTIATED:
        errors["summary"] = [
            _("只有查实（投诉成立）的投诉才能公开，该投诉当前为「%(status)s」。")
            % {"status": complaint.get_status_display()}
        ]
    elif ComplaintPublication.objects.filter(complaint=complaint).exists():
        errors["summary"] = [_("该投诉已公开。")]
    if not (summary or "").strip():
        errors.setdefault("summary", []).append(_("请填写向社会公开的摘要。"))
    if published_on > timezone.localdate():
        errors["published_on"] = [_("公开日期不能晚于今天。")]
    elif complaint.concluded_on and published_on < complaint.concluded_on:
        errors["published_on"] = [_("公开日期不能早于办结日期。")]
    if errors:
        raise ValidationError(errors)
    return create_checked(
        ComplaintPublication,
        office=complaint.office,
        created_by=actor,
        complaint=complaint,
        published_on=published_on,
        summary=summary.strip(),
    )


@transaction.atomic
def complaint_unpublish(*, actor, complaint: Complaint, reason: str) -> None:
    """撤回公开: the complaint leaves the public page (the publication's history is kept)."""
    access.require(actor, Cap.EDIT, complaint.office, line=LINE)
    publication = ComplaintPublication.objects.filter(complaint=complaint).first()
    if publication is None:
        raise ValidationError({"reason": [_("该投诉未公开。")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写撤回公开的原因。")]})
    publication._history_user = actor
    publication._change_reason = reason.strip()
    publication.delete()
