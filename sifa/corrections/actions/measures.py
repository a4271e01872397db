"""Writes of 考核奖惩 (社区矫正法 第28、46–49条; CC-16…CC-23, CC-27) and 教育帮扶 (第36–43条).

Who decides (DOMAIN §3.1, 社区矫正法 第9条): the county 社区矫正机构 decides 警告 and makes every
proposal to another organ (提请治安管理处罚, 提请撤销缓刑/假释, 提请收监执行, 提请逮捕), so those
need EDIT on the subject's county bureau (the nearest justice bureau above its 司法所). 表扬 and
训诫 are recorded with EDIT on the subject's office: the 司法所 investigates and records them
(`decided_by` names who decided), as the entrusted work lets it (S-SH Art 3, S-WZ).

A proposal starts `pending`; its outcome is recorded by `measure_outcome`. 提请减刑 (减刑建议,
社区矫正法 第33条, CC-26) is a proposal like the others: made by the county to the 中级人民法院
with the date and the court (`addressee`), its ruling (已采纳/未采纳) and date recorded the same
way; a granted one ends nothing — the new term is set with `subject_period_adjust`.
A granted revocation or commitment ends the episode through `subject_terminate` (CC-30); a
rejected one leaves the subject in correction (CC-23).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.records import create_checked
from sifa.corrections.constants import (
    PROPOSAL_KINDS,
    EducationKind,
    MeasureKind,
    ProposalOutcome,
    TerminationType,
)
from sifa.corrections.models import Education, Measure, Subject
from sifa.corrections.selectors import measures as selectors
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office

# The termination a granted proposal brings about (社区矫正法 第45条, CC-30).
TERMINATION_BY_KIND = {
    MeasureKind.REVOKE_PROBATION: TerminationType.REVOKED_PROBATION,
    MeasureKind.REVOKE_PAROLE: TerminationType.REVOKED_PAROLE,
    MeasureKind.COMMITMENT: TerminationType.COMMITTED,
}
# Activities with exactly one subject.
INDIVIDUAL_KINDS = {EducationKind.INDIVIDUAL}


def _today() -> datetime.date:
    return timezone.localdate()


def _require_sees(actor, subject: Subject) -> None:
    """404 when the subject is out of sight, or a minor and the actor lacks Cap.MINORS."""
    access.require_for(actor, Cap.VIEW, subject)
    if subject.is_minor and not access.can(actor, Cap.MINORS, subject.office, line="corrections"):
        raise Http404(_("未找到该记录。"))


def _require_county(actor, subject: Subject, kind: str) -> None:
    """警告 and proposals: EDIT on the county bureau (403 with the reason; 404 if unseen)."""
    _require_sees(actor, subject)
    if not selectors.may_decide_county_measures(actor, subject):
        raise PermissionDenied(
            _("“%(kind)s”由县级社区矫正机构决定，您没有该机构的办理权限。")
            % {"kind": MeasureKind(kind).label}
        )


@transaction.atomic
def measure_record(
    *,
    actor,
    subject: Subject,
    kind: str,
    facts: str,
    evidence: str = "",
    decided_on: datetime.date,
    decided_by: str,
    addressee: str = "",
) -> Measure:
    """Record a 表扬/训诫/警告 or a proposal (pending) for `subject`."""
    if kind not in MeasureKind.values:
        raise ValidationError({"kind": _("请选择考核奖惩类型。")})
    if kind in selectors.COUNTY_KINDS:
        _require_county(actor, subject, kind)
    else:
        _require_sees(actor, subject)
        access.require_for(actor, Cap.EDIT, subject)
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    errors: dict[str, list[str]] = {}

    allowed = (
        selectors.COMMENDATION_STATUSES
        if kind in selectors.REWARD_KINDS
        else selectors.SANCTION_STATUSES
    )
    if subject.status not in allowed:
        errors.setdefault("kind", []).append(
            _("矫正对象当前状态为“%(status)s”，不能登记“%(kind)s”。")
            % {"status": subject.get_status_display(), "kind": MeasureKind(kind).label}
        )
    if kind in selectors.REVOCATION_KINDS:
        fitting = selectors.REVOCATION_BY_SENTENCE.get(subject.sentence_type)
        if fitting != kind:
            errors.setdefault("kind", []).append(
                _("矫正类别为“%(sentence)s”的矫正对象不能%(kind)s。")
                % {"sentence": subject.get_sentence_type_display(), "kind": MeasureKind(kind).label}
            )
        elif selectors.pending_proposals(subject, {kind}).exists():
            errors.setdefault("kind", []).append(
                _("该矫正对象已有待决定的“%(kind)s”，请先登记其处理结果。")
                % {"kind": MeasureKind(kind).label}
            )
    if kind == MeasureKind.COMMUTATION and selectors.pending_proposals(subject, {kind}).exists():
        # 社区矫正法 第33条: one 减刑建议 at a time; the court rules within 30 days (CC-26).
        errors.setdefault("kind", []).append(_("该矫正对象已有待裁定的提请减刑，请先登记其结果。"))
    if kind == MeasureKind.ARREST:
        # 社区矫正法 第47条: only together with a proposal to revoke 缓刑 or 假释.
        if not selectors.pending_proposals(subject, selectors.ARREST_WITH).exists():
            errors.setdefault("kind", []).append(
                _("提请逮捕只能在提请撤销缓刑或撤销假释的同时提出（社区矫正法第四十七条）。")
            )
        elif selectors.pending_proposals(subject, {MeasureKind.ARREST}).exists():
            errors.setdefault("kind", []).append(_("该矫正对象已有待决定的提请逮捕。"))
    facts = (facts or "").strip()
    if not facts:
        errors["facts"] = [_("请填写事实。")]
    decided_by = (decided_by or "").strip()
    if not decided_by:
        errors["decided_by"] = [_("请填写决定人。")]
    addressee = (addressee or "").strip()
    if kind in PROPOSAL_KINDS and not addressee:
        errors["addressee"] = [_("提请事项须填写提请机关（人民法院、公安机关等）。")]
    if kind not in PROPOSAL_KINDS:
        addressee = ""
    if decided_on is None:
        errors["decided_on"] = [_("请填写决定/提请日期。")]
    elif decided_on > _today():
        errors["decided_on"] = [_("决定/提请日期不能晚于今天。")]
    elif decided_on < subject.judgment_effective_on:
        errors["decided_on"] = [_("决定/提请日期不能早于判决/裁定/决定生效日期。")]
    if errors:
        raise ValidationError(errors)

    measure = create_checked(
        Measure,
        office=subject.office,
        subject=subject,
        kind=kind,
        facts=facts,
        evidence=(evidence or "").strip(),
        decided_on=decided_on,
        decided_by=decided_by,
        addressee=addressee,
        outcome=ProposalOutcome.PENDING if kind in PROPOSAL_KINDS else "",
        created_by=actor,
    )
    return measure


@transaction.atomic
def measure_outcome(
    *, actor, measure: Measure, outcome: str, outcome_on: datetime.date, note: str = ""
) -> Measure:
    """The organ's answer to a proposal (CC-18…CC-23). A granted revocation or commitment
    terminates the correction (CC-30); a rejected one leaves the subject in correction."""
    measure = Measure.objects.select_for_update().select_related("subject").get(pk=measure.pk)
    subject = measure.subject
    _require_county(actor, subject, measure.kind)
    errors: dict[str, list[str]] = {}
    if measure.kind not in PROPOSAL_KINDS:
        raise ValidationError(_("只有提请事项需要登记处理结果。"))
    if measure.outcome != ProposalOutcome.PENDING:
        raise ValidationError(_("该提请事项的处理结果已经登记。"))
    if outcome not in (ProposalOutcome.GRANTED, ProposalOutcome.REJECTED):
        errors["outcome"] = [_("请选择处理结果：已采纳或未采纳。")]
    if outcome_on is None:
        errors["outcome_on"] = [_("请填写结果日期。")]
    elif outcome_on > _today():
        errors["outcome_on"] = [_("结果日期不能晚于今天。")]
    elif outcome_on < measure.decided_on:
        errors["outcome_on"] = [_("结果日期不能早于提请日期。")]
    if errors:
        raise ValidationError(errors)

    measure.outcome = outcome
    measure.outcome_on = outcome_on
    measure.outcome_note = (note or "").strip()
    measure.full_clean()
    measure.save(update_fields=["outcome", "outcome_on", "outcome_note", "updated_at"])

    termination = TERMINATION_BY_KIND.get(measure.kind)
    if outcome == ProposalOutcome.GRANTED and termination is not None:
        from sifa.corrections.actions.subjects import subject_terminate

        label = MeasureKind(measure.kind).label
        text = _("%(organ)s%(on)s采纳%(kind)s（%(decided_on)s提请）。") % {
            "organ": measure.addressee,
            "on": outcome_on.isoformat(),
            "kind": label,
            "decided_on": measure.decided_on.isoformat(),
        }
        if measure.outcome_note:
            text = f"{text}{measure.outcome_note}"
        subject_terminate(
            actor=actor,
            subject=subject,
            terminated_on=outcome_on,
            termination_type=termination,
            note=text,
        )
    return measure


# ---------------------------------------------------------------------------------------------
# 教育帮扶


@transaction.atomic
def education_record(
    *,
    actor,
    office: Office,
    kind: str,
    held_on: datetime.date,
    topic: str,
    hours,
    staff_count: int = 0,
    subjects,
) -> Education:
    """Record an education or assistance activity of `office` with the subjects who took part.

    Every subject must be in the actor's sight (a minor only with Cap.MINORS), under `office`,
    and 已接收 or 在矫; an 个别教育 has exactly one subject, other activities at least one."""
    access.require(actor, Cap.EDIT, office, line="corrections")
    subjects = list(subjects or [])
    errors: dict[str, list[str]] = {}
    if kind not in EducationKind.values:
        errors["kind"] = [_("请选择活动类型。")]
    topic = (topic or "").strip()
    if not topic:
        errors["topic"] = [_("请填写活动内容。")]
    try:
        hours = Decimal(str(hours))
    except (ArithmeticError, ValueError, TypeError):
        hours = None
    if hours is None or not hours.is_finite() or hours <= 0 or hours > 24:
        errors["hours"] = [_("时长应大于0且不超过24小时。")]
    if staff_count is None or staff_count < 0:
        errors["staff_count"] = [_("参加工作人员数不能为负数。")]
    if held_on is None:
        errors["held_on"] = [_("请填写活动日期。")]
    elif held_on > _today():
        errors["held_on"] = [_("活动日期不能晚于今天。")]

    ids = {s.pk for s in subjects}
    if not ids:
        errors["subjects"] = [_("请至少选择一名参加的矫正对象。")]
    elif kind in INDIVIDUAL_KINDS and len(ids) != 1:
        errors["subjects"] = [_("个别教育只能选择一名矫正对象。")]
    else:
        visible = {
            s.pk: s for s in selectors.subjects_for_education(actor=actor).filter(pk__in=ids)
        }
        under = set(
            selectors.subjects_for_education(actor=actor, office=office)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        problems = []
        for subject in subjects:
            if subject.pk not in visible:
                problems.append(
                    _("矫正对象 %(number)s 不在您的管辖范围内，或不处于已接收/在矫状态。")
                    % {"number": subject.number}
                )
            elif subject.pk not in under:
                problems.append(
                    _("矫正对象 %(number)s 不属于%(office)s。")
                    % {"number": subject.number, "office": office.name}
                )
            elif held_on and subject.registered_on and held_on < subject.registered_on:
                problems.append(
                    _("活动日期早于矫正对象 %(number)s 的接收登记日期。")
                    % {"number": subject.number}
                )
        if problems:
            errors["subjects"] = problems
    if errors:
        raise ValidationError(errors)

    education = create_checked(
        Education,
        office=office,
        kind=kind,
        held_on=held_on,
        topic=topic,
        hours=hours,
        staff_count=staff_count,
        created_by=actor,
    )
    education.subjects.set(sorted(ids))
    return education
