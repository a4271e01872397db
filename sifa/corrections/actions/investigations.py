"""Writes to 调查评估 (investigation assessments, DOMAIN §3.3, CC-5).

A court, procuratorate, police organ or prison commissions the county's 社区矫正机构 (which may
entrust the 司法所) to assess whether community correction suits a person. Three steps:

* `investigation_register` — the commission is received; the deadline is stored at once:
  10 working days from receipt, 5 in a 速裁 case (社区矫正法实施办法 第14条; the amounts are the
  settings SIFA_CC_INVESTIGATION_WORKDAYS / _SUMMARY_WORKDAYS, read when the app starts);
* `investigation_complete` — the assessment opinion (适宜 / 不适宜) with its reasons, the items
  investigated and the investigators;
* `investigation_record_adoption` — whether the commissioning body adopted the opinion (采信),
  from which the adoption rate (采信率) is counted.

Every action checks `edit` on the record's office (404 out of sight, 403 seen but not
allowed), validates with Chinese messages and runs in one transaction. An assessment of a person
under 18 on the day the commission was received is a minor's record (社区矫正法 第54条): only a
user holding `Cap.MINORS` over its office may register or change it (others do not see it: 404).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.deadlines import compute
from sifa.core.records import create_checked
from sifa.corrections.constants import (
    INVESTIGATION_RULE,
    INVESTIGATION_SUMMARY_RULE,
    CommissioningBody,
    InvestigationResult,
    InvestigationStage,
)
from sifa.corrections.models import Investigation
from sifa.corrections.selectors.investigations import REGISTRATION_OFFICE_KINDS, was_minor_on
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.people.actions import PersonIdentity, person_obtain

# Offices that receive commissions: the county bureau or its 社区矫正机构, or the 司法所 it
# entrusts with the assessment (DOMAIN §3.1).
INVESTIGATION_OFFICE_KINDS = REGISTRATION_OFFICE_KINDS

# Which bodies commission an assessment at which stage (社区矫正法 第18条; 实施办法 第13条):
# the court before its judgment or its decision on parole / 暂予监外执行, the procuratorate while
# reviewing for prosecution, the police while investigating or approving 暂予监外执行 (看守所),
# the prison before proposing parole or 暂予监外执行.
STAGE_BODIES: dict[str, set[str]] = {
    InvestigationStage.PRE_TRIAL: {CommissioningBody.COURT},
    InvestigationStage.PRE_PROSECUTION: {CommissioningBody.PROCURATORATE},
    InvestigationStage.INVESTIGATION: {CommissioningBody.POLICE},
    InvestigationStage.PRE_PAROLE: {CommissioningBody.COURT, CommissioningBody.PRISON},
    InvestigationStage.PRE_OUTSIDE: {
        CommissioningBody.COURT,
        CommissioningBody.PRISON,
        CommissioningBody.POLICE,
    },
}
# 速裁程序 is a procedure of prosecution and trial (刑事诉讼法 第222条): only these stages.
SUMMARY_STAGES = {InvestigationStage.PRE_TRIAL, InvestigationStage.PRE_PROSECUTION}


# --- the rules as functions of the values (the forms' path and an import's bulk path) ---------


def investigation_due_on(received_on: datetime.date, summary_procedure: bool, *, calendar=None):
    """完成期限 (社区矫正法实施办法 第14条): 10 working days, 5 in 速裁 cases (CC-5)."""
    rule = INVESTIGATION_SUMMARY_RULE if summary_procedure else INVESTIGATION_RULE
    return compute(rule, received_on, calendar=calendar)


def register_errors(
    *,
    office: Office,
    commission_number: str,
    commissioning_body: str,
    commissioning_name: str,
    stage: str,
    person,
    crime: str,
    received_on: datetime.date | None,
    summary_procedure: bool = False,
) -> dict[str, list[str]]:
    """The rules of 收到委托 (`investigation_register`) but the commission number's uniqueness
    in the office and the minors right, by field; {} when they hold."""
    errors: dict[str, list[str]] = {}
    if office.kind not in INVESTIGATION_OFFICE_KINDS:
        _add(errors, "office", _("只有司法局、社区矫正机构或司法所可以登记调查评估委托。"))
    if not (commission_number or "").strip():
        _add(errors, "commission_number", _("请填写委托编号。"))
    if commissioning_body not in CommissioningBody.values:
        _add(errors, "commissioning_body", _("请选择委托机关类别。"))
    if not (commissioning_name or "").strip():
        _add(errors, "commissioning_name", _("请填写委托机关名称。"))
    if stage not in InvestigationStage.values:
        _add(errors, "stage", _("请选择委托阶段。"))
    elif (
        commissioning_body in CommissioningBody.values
        and commissioning_body not in STAGE_BODIES[stage]
    ):
        _add(
            errors,
            "commissioning_body",
            _("%(body)s不在“%(stage)s”阶段委托调查评估，请核对委托机关类别和委托阶段。")
            % {
                "body": CommissioningBody(commissioning_body).label,
                "stage": InvestigationStage(stage).label,
            },
        )
    if summary_procedure and stage in InvestigationStage.values and stage not in SUMMARY_STAGES:
        _add(errors, "summary_procedure", _("速裁程序只适用于审查起诉和审判阶段的委托。"))
    if person is None:
        _add(errors, "person", _("请选择或登记被调查评估对象。"))
    if not (crime or "").strip():
        _add(errors, "crime", _("请填写涉嫌罪名。"))
    _check_date(errors, "received_on", received_on)
    return errors


MINOR_REFUSED = gettext_lazy(
    "被调查评估对象收到委托时未满十八周岁，须由具有未成年人社区矫正权限的工作人员登记。"
)


def complete_errors(
    investigation: Investigation,
    *,
    completed_on: datetime.date | None,
    result: str,
    reasons: str,
    items: str,
    investigators: str,
) -> dict[str, list[str]]:
    """The rules of 出具调查评估意见 (`investigation_complete`) on a commission not yet done."""
    errors: dict[str, list[str]] = {}
    if result not in InvestigationResult.values:
        _add(errors, "result", _("请选择评估意见（适宜或不适宜）。"))
    if not (reasons or "").strip():
        if result == InvestigationResult.UNSUITABLE:
            message = _("评估意见为不适宜社区矫正的，必须写明理由。")
        else:
            message = _("请填写评估理由。")
        _add(errors, "reasons", message)
    if not (items or "").strip():
        _add(errors, "items", _("请填写调查事项及情况。"))
    if not (investigators or "").strip():
        _add(errors, "investigators", _("请填写调查人员。"))
    _check_date(
        errors,
        "completed_on",
        completed_on,
        not_before=investigation.received_on,
        too_early=_("完成日期不能早于收到委托日期（%(date)s）。"),
    )
    return errors


def adoption_errors(
    investigation: Investigation, *, adopted: bool | None, recorded_on: datetime.date | None
) -> dict[str, list[str]]:
    """The rules of 登记采信情况 (`investigation_record_adoption`) on a completed assessment."""
    errors: dict[str, list[str]] = {}
    if adopted not in (True, False):
        _add(errors, "adopted", _("请选择委托机关是否采信评估意见。"))
    _check_date(
        errors,
        "recorded_on",
        recorded_on,
        not_before=investigation.completed_on,
        too_early=_("登记日期不能早于调查评估完成日期（%(date)s）。"),
    )
    return errors


# --- the actions -----------------------------------------------------------------------------


@transaction.atomic
def investigation_register(
    *,
    actor,
    office: Office,
    commission_number: str,
    commissioning_body: str,
    commissioning_name: str,
    stage: str,
    person=None,
    identity: PersonIdentity | None = None,
    crime: str,
    received_on: datetime.date,
    summary_procedure: bool = False,
    proposed_sentence: str = "",
    investigators: str = "",
) -> Investigation:
    """收到调查评估委托: store the commission and its deadline (CC-5).

    The commission number is unique within the receiving office (checked under a lock on the
    office, so two clerks registering the same letter at once cannot both succeed). The person
    assessed is `person`, or the one `identity` names (registered here first when new, so a
    refused commission leaves nobody behind).
    """
    access.require(actor, Cap.EDIT, office, line="corrections")
    if identity is not None:
        person = person_obtain(actor=actor, office=office, identity=identity)
    commission_number = (commission_number or "").strip()
    errors = register_errors(
        office=office,
        commission_number=commission_number,
        commissioning_body=commissioning_body,
        commissioning_name=commissioning_name,
        stage=stage,
        person=person,
        crime=crime,
        received_on=received_on,
        summary_procedure=summary_procedure,
    )
    if errors:
        raise ValidationError(errors)

    Office.objects.select_for_update().filter(pk=office.pk).first()  # serialise numbering
    if Investigation.objects.filter(office=office, commission_number=commission_number).exists():
        raise ValidationError(
            {
                "commission_number": [
                    _("本机构已登记委托编号为 %(number)s 的调查评估。")
                    % {"number": commission_number}
                ]
            }
        )
    if was_minor_on(person, received_on) and not access.can(
        actor, Cap.MINORS, office, line="corrections"
    ):
        raise ValidationError({"person": [str(MINOR_REFUSED)]})
    investigation = create_checked(
        Investigation,
        office=office,
        created_by=actor,
        commission_number=commission_number,
        commissioning_body=commissioning_body,
        commissioning_name=commissioning_name.strip(),
        stage=stage,
        person=person,
        crime=crime.strip(),
        proposed_sentence=(proposed_sentence or "").strip(),
        received_on=received_on,
        summary_procedure=bool(summary_procedure),
        due_on=investigation_due_on(received_on, summary_procedure),
        investigators=(investigators or "").strip(),
    )
    return investigation


@transaction.atomic
def investigation_complete(
    *,
    actor,
    investigation: Investigation,
    completed_on: datetime.date,
    result: str,
    reasons: str,
    items: str,
    investigators: str,
) -> Investigation:
    """出具调查评估意见: the result (适宜 / 不适宜), its reasons, the items and investigators."""
    investigation = _locked(actor, investigation)
    if investigation.completed_on is not None:
        raise ValidationError(
            _("该调查评估已于 %(date)s 完成，不能重复出具意见。")
            % {"date": investigation.completed_on.isoformat()}
        )
    reasons = (reasons or "").strip()
    items = (items or "").strip()
    investigators = (investigators or "").strip()
    errors = complete_errors(
        investigation,
        completed_on=completed_on,
        result=result,
        reasons=reasons,
        items=items,
        investigators=investigators,
    )
    if errors:
        raise ValidationError(errors)
    investigation.completed_on = completed_on
    investigation.result = result
    investigation.reasons = reasons
    investigation.items = items
    investigation.investigators = investigators
    investigation.full_clean()
    investigation.save()
    return investigation


@transaction.atomic
def investigation_record_adoption(
    *, actor, investigation: Investigation, adopted: bool, recorded_on: datetime.date
) -> Investigation:
    """登记采信情况: did the commissioning body adopt the opinion? A later entry corrects an
    earlier one (the change history keeps both)."""
    investigation = _locked(actor, investigation)
    if investigation.completed_on is None:
        raise ValidationError(_("调查评估尚未完成，不能登记委托机关的采信情况。"))
    errors = adoption_errors(investigation, adopted=adopted, recorded_on=recorded_on)
    if errors:
        raise ValidationError(errors)
    investigation.adopted = adopted
    investigation.adoption_recorded_on = recorded_on
    investigation.save(update_fields=["adopted", "adoption_recorded_on", "updated_at"])
    return investigation


# ---------------------------------------------------------------------------------------------


def _locked(actor, investigation: Investigation) -> Investigation:
    """The row, locked, after the access checks (edit on its office; a minor's needs MINORS)."""
    access.require_for(actor, Cap.EDIT, investigation)
    row = (
        Investigation.objects.select_for_update()
        .select_related("office", "person")
        .get(pk=investigation.pk)
    )
    if was_minor_on(row.person, row.received_on) and not access.can(
        actor, Cap.MINORS, row.office, line="corrections"
    ):
        raise Http404(_("未找到该记录。"))
    return row


def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_date(
    errors: dict,
    field: str,
    day: datetime.date | None,
    *,
    not_before: datetime.date | None = None,
    too_early: str = "",
) -> None:
    """A date on record, not after today and, when `not_before` is given, not before it
    (`too_early` names the date it may not precede: "%(date)s")."""
    if day is None:
        _add(errors, field, _("请填写日期。"))
    elif day > timezone.localdate():
        _add(errors, field, _("日期不能晚于今天。"))
    if day is not None and not_before is not None and day < not_before:
        _add(errors, field, too_early % {"date": not_before.isoformat()})
