"""复查 (公证法 第39条) and the free legal consultations (义务解答公证法律咨询)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core.deadlines import compute
from sifa.core.records import save_checked
from sifa.core.validation import check_not_future, collect_error
from sifa.notary.actions.notarisations import check_day, require_notary_office, require_text
from sifa.notary.constants import (
    REVIEW_RULE,
    ConsultationWay,
    ReviewOutcome,
    ReviewStatus,
    Status,
)
from sifa.notary.models import Consultation, Notarisation, Review
from sifa.orgs import access


@transaction.atomic
def review_receive(
    *,
    actor,
    notarisation: Notarisation,
    requested_by: str,
    received_on: datetime.date,
    request: str,
) -> Review:
    """收到复查申请: a party thinks an issued certificate wrong (公证法 第39条)."""
    access.require_edit(actor, notarisation)
    errors: dict[str, list[str]] = {}
    if notarisation.status != Status.ISSUED:
        raise ValidationError(_("只能对已出具的公证书申请复查。"))
    require_text(errors, "requested_by", requested_by, _("请填写复查申请人。"))
    require_text(errors, "request", request, _("请填写复查请求及理由。"))
    check_day(
        errors, "received_on", received_on, not_before=notarisation.issued_on,
        message=_("收到复查申请日期不能早于出证日期。"),
    )  # fmt: skip
    if notarisation.reviews.filter(status=ReviewStatus.RECEIVED).exists():
        errors.setdefault("request", []).append(_("该公证书已有一件复查正在办理。"))
    if errors:
        raise ValidationError(errors)
    review = Review(
        office=notarisation.office,
        created_by=actor,
        notarisation=notarisation,
        requested_by=requested_by.strip(),
        received_on=received_on,
        request=request.strip(),
        due_on=compute(REVIEW_RULE, received_on),
    )
    return save_checked(review, actor, _("收到复查申请"))


@transaction.atomic
def review_decide(
    *,
    actor,
    review: Review,
    decided_on: datetime.date,
    outcome: str,
    reasons: str,
) -> Review:
    """复查决定: 维持, 更正 or 撤销 the certificate; a revoked certificate is marked so."""
    access.require_edit(actor, review)
    Review.objects.select_for_update().only("pk").get(pk=review.pk)
    review.refresh_from_db()
    errors: dict[str, list[str]] = {}
    if review.status != ReviewStatus.RECEIVED:
        raise ValidationError(_("该复查已作出决定。"))
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = [_("请选择复查结果。")]
    require_text(errors, "reasons", reasons, _("请填写复查决定理由。"))
    check_day(
        errors, "decided_on", decided_on, not_before=review.received_on,
        message=_("复查决定日期不能早于收到申请日期。"),
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    review.decided_on = decided_on
    review.outcome = outcome
    review.reasons = reasons.strip()
    review.status = ReviewStatus.DECIDED
    save_checked(review, actor, _("作出复查决定"))
    if outcome == ReviewOutcome.REVOKED:
        notarisation = review.notarisation
        notarisation.certificate_revoked_on = decided_on
        save_checked(notarisation, actor, _("复查撤销公证书"))
    return review


@transaction.atomic
def consultation_record(
    *,
    actor,
    institution,
    held_on: datetime.date,
    way: str,
    persons: int,
    topic: str,
    answered_by: str = "",
) -> Consultation:
    """登记义务解答公证法律咨询 (人次) of a notary office."""
    require_notary_office(actor, institution)
    errors: dict[str, list[str]] = {}
    collect_error(errors, "held_on", lambda: check_not_future(held_on))
    if way not in ConsultationWay.values:
        errors["way"] = [_("请选择咨询方式。")]
    if not persons or persons < 1:
        errors["persons"] = [_("人次至少为1。")]
    require_text(errors, "topic", topic, _("请填写咨询内容。"))
    if errors:
        raise ValidationError(errors)
    consultation = Consultation(
        office=institution.office,
        created_by=actor,
        institution=institution,
        held_on=held_on,
        way=way,
        persons=persons,
        topic=topic.strip(),
        answered_by=(answered_by or "").strip(),
    )
    consultation.full_clean()
    consultation.save()
    return consultation
