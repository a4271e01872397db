"""Writes to a 社区矫正对象 from intake to the end of the episode (DOMAIN §3.2–3.5).

* Intake (CC-1…CC-7): `subject_register` (收到执行通知: the 报到 deadline and the correction
  period are computed and stored), `subject_documents_received`, `subject_receipt_sent` (回执,
  CC-6), `subject_report` (报到 on time or late: 接收登记), `subject_not_reported` (逾期未报到:
  an Alert and the notice to the 决定机关, CC-7).
* Individual correction (CC-8, CC-9, CC-32): `team_member_add` / `team_member_remove`,
  `plan_add` (矫正方案, versioned), `category_change` (分类管理), and `subject_announce`
  (入矫宣告: needs a team satisfying CC-8/CC-32, a plan and a 管理类别).
* The correction period (DOMAIN §3.2): `correction_period` and `subject_period_adjust`
  (a manual change needs a reason).
* Custody (社区矫正法 第32条): `custody_record` / `custody_end` — 拘留, 强制隔离戒毒 or a
  刑事强制措施 notified by the deciding organ.
* The end (CC-29…CC-31): `subject_release` (refused while a sanction proposal is pending or the
  subject is in custody) and `subject_terminate`.

Every status change goes through `SUBJECT_FLOW` (sifa/corrections/flow.py). Every action
checks `edit` on the subject's office; a minor's subject is not found (404) for a user without
`Cap.MINORS` (社区矫正法 第54条). Validation errors carry Chinese messages; a refused write
saves nothing (one transaction). Dates may not lie in the future.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sifa.core import numbering
from sifa.core.codes import CodeChecks, CodeTable, code_name, validate_code
from sifa.core.deadlines import compute, term_end
from sifa.core.numbering import save_with_number
from sifa.corrections.constants import (
    CATEGORY_CODE_LIST,
    CRIME_CATEGORY_CODE_LIST,
    RECEIPT_RULE,
    REPORT_RULE,
    SANCTION_PROPOSAL_KINDS,
    AlertKind,
    CustodyKind,
    DecisionOrgan,
    OutsidePrisonGround,
    ProposalOutcome,
    ReleaseType,
    ReportType,
    SentenceType,
    Status,
    TeamRole,
    TerminationType,
)
from sifa.corrections.flow import SUBJECT_FLOW
from sifa.corrections.models import (
    Alert,
    CategoryChange,
    CorrectionPlan,
    Custody,
    Measure,
    Subject,
    TeamMember,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.people.actions import PersonIdentity, person_obtain
from sifa.people.models import Gender

# 转安置帮教 (DOMAIN §4): sent with `actor` and `subject` when a subject is released, inside the
# release's transaction; the resettlement line takes the person over (a receiver that raises
# undoes the release). A signal, because resettlement's models point at corrections' and
# corrections must not import it back.
subject_released = Signal()

# A subject is kept by a 司法所 (the daily work entrusted by the county institution).
SUBJECT_OFFICE_KINDS = (OfficeKind.JUDICIAL_OFFICE,)
# Statuses in which the team and the plan may still be built or adjusted.
OPEN_STATUSES = (
    Status.AWAITING_REPORT,
    Status.NOT_REPORTED,
    Status.RECEIVED,
    Status.UNDER_CORRECTION,
)
FINAL_STATUSES = (Status.TRANSFERRED_OUT, Status.RELEASED, Status.TERMINATED)
# 刑法 第38条 (管制 3 months – 2 years) and 第73条 (缓刑考验期 2 months – 5 years).
MONTH_RANGES = {
    SentenceType.CONTROL: (3, 24),
    SentenceType.PROBATION: (2, 60),
}
# Which terminations fit which sentence (刑法 第77、86条; 刑事诉讼法 第268条).
TERMINATION_SENTENCES = {
    TerminationType.REVOKED_PROBATION: {SentenceType.PROBATION},
    TerminationType.REVOKED_PAROLE: {SentenceType.PAROLE},
    TerminationType.COMMITTED: {SentenceType.OUTSIDE_PRISON},
}
MINOR_AGE = 18


# ---------------------------------------------------------------------------------------------
# Helpers


def _today() -> datetime.date:
    return timezone.localdate()


def _not_future(errors: dict, field: str, value, label: str) -> None:
    if value is None:
        errors.setdefault(field, []).append(_("请填写%(label)s。") % {"label": label})
    elif value > _today():
        errors.setdefault(field, []).append(_("%(label)s不能晚于今天。") % {"label": label})


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _check_minor_access(actor, subject: Subject) -> None:
    """A minor's record is invisible without Cap.MINORS: not found, as a selector would say."""
    if subject.is_minor and not access.can(actor, Cap.MINORS, subject.office, line="corrections"):
        raise Http404(_("未找到该记录。"))


def subject_change_begin(actor, subject: Subject, to_status: str | None = None) -> None:
    """Permission (edit; minors), the row lock, the current state and the transition check."""
    _check_minor_access(actor, subject)
    SUBJECT_FLOW.begin(actor, subject, to_status)


def _require_status(subject: Subject, statuses, message: str) -> None:
    if subject.status not in statuses:
        raise ValidationError(message % {"status": subject.get_status_display()}, code="status")


def age_on(birth_date: datetime.date | None, on: datetime.date) -> int | None:
    """Full years of age on `on` (None when the birth date is unknown)."""
    if birth_date is None:
        return None
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def is_minor_on(person, on: datetime.date) -> bool:
    """Under 18 on `on`, from the registry's birth date (itself read from the ID number)."""
    age = age_on(getattr(person, "birth_date", None), on)
    return age is not None and age < MINOR_AGE


def subject_is_minor(
    person, *, offence_on: datetime.date | None, judgment_effective_on: datetime.date
) -> bool:
    """Is this correction a minor's record? The one rule behind `Subject.is_minor`.

    The age is taken on the day of the offence when it is recorded (刑事诉讼法 第286条: the
    record is sealed when "犯罪的时候不满十八周岁"), else on the day the judgment took effect
    (社区矫正法 第七章: a minor when the correction begins; 第58条: turning 18 during it changes
    nothing). The offence precedes the judgment, so the first never finds fewer minors. Unknown
    birth date: not a minor by this rule. Nobody sets the flag by hand: no form field, no
    parameter; `subject_minor_flags_refresh` follows a changed birth date.
    """
    return is_minor_on(person, offence_on or judgment_effective_on)


@transaction.atomic
def subject_minor_flags_refresh(*, person) -> list[Subject]:
    """Derive `is_minor` again for every correction of `person` (after the birth date changed,
    sent by `people.actions.person_birth_date_changed`); returns the subjects whose flag moved.
    """
    moved = []
    for subject in Subject.objects.select_for_update().filter(person=person).order_by("pk"):
        flag = subject_is_minor(
            person,
            offence_on=subject.offence_on,
            judgment_effective_on=subject.judgment_effective_on,
        )
        if flag != subject.is_minor:
            subject.is_minor = flag
            subject.save(update_fields=["is_minor"])
            moved.append(subject)
    return moved


# ---------------------------------------------------------------------------------------------
# The correction period (DOMAIN §3.2)


def correction_period(
    sentence_type: str,
    judgment_effective_on: datetime.date,
    sentence_months: int | None,
    *,
    start: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of the correction period.

    * 缓刑: the 考验期 from the day the judgment takes effect (刑法 第73条);
    * 管制: the term from the day the judgment takes effect; 羁押 days count against it
      (刑法 第41条: one day for two) — pass the resulting earlier `start`;
    * 假释: the remaining term from the parole date (= the ruling's effect, 刑法 第83条);
    * 暂予监外执行: the remaining term from the decision's effect.

    The first day counts (刑法 第41、44、47、73条: the term runs from that day), so the last day
    is the day before the corresponding day `sentence_months` later, or the last day of that
    month when it has no corresponding day (民法典 第202条; `term_end`): 2024-02-29 + 12 months
    ends on 2025-02-28.
    """
    if sentence_type not in SentenceType.values:
        raise ValidationError(_("请选择矫正类别。"), code="sentence_type")
    if judgment_effective_on is None:
        raise ValidationError(_("请填写判决/裁定/决定生效日期。"), code="judgment_effective_on")
    if not sentence_months or sentence_months < 1:
        raise ValidationError(_("考验期/刑期至少为1个月。"), code="sentence_months")
    first = start or judgment_effective_on
    last = term_end(first, months=sentence_months)
    return first, last


def _period_errors(start, end, reason, computed) -> dict:
    """A period differing from the computed one needs a reason; the end follows the start."""
    errors: dict[str, list[str]] = {}
    if start is None or end is None:
        errors["correction_end"] = [_("请填写矫正起止日期。")]
        return errors
    if end < start:
        errors["correction_end"] = [_("矫正期满日期不能早于矫正起始日期。")]
    if (start, end) != computed and not (reason or "").strip():
        errors["period_override_reason"] = [
            _("矫正期限与按刑期计算的结果（%(start)s至%(end)s）不一致，请填写人工调整理由。")
            % {"start": computed[0].isoformat(), "end": computed[1].isoformat()}
            if computed
            else _("请填写矫正期限人工调整理由。")
        ]
    return errors


# ---------------------------------------------------------------------------------------------
# The rules of intake as functions of the values (the form's path and an import's bulk path)

MINOR_REFUSED = _lazy("该对象为未成年人，您没有办理未成年社区矫正对象的权限（社区矫正法 第54条）。")


class Checks(CodeChecks):
    """What the intake rules consult besides the values they are given.

    An action's `Checks(actor)` asks the database each time (`validate_code`, the access
    module); an import's `Checks(actor, bulk=True)` reads each code table and the holiday table
    once and remembers each office's answer, so checking a register costs no query per row."""

    def __init__(self, actor, *, bulk: bool = False):
        super().__init__(actor, bulk=bulk)
        self._minors: dict[int, bool] = {}

    def code_name(self, list_key: str, code: str) -> str:
        """The item's name (the code itself when unknown)."""
        if not self.bulk:
            return code_name(list_key, code) or code
        if list_key not in self.tables:
            self.tables[list_key] = CodeTable(list_key)
        return self.tables[list_key].names().get(code, code)

    def handles_minors(self, office) -> bool:
        """May the actor handle minors' corrections in `office` (社区矫正法 第54条)?"""
        if office.pk not in self._minors:
            self._minors[office.pk] = access.can(self.actor, Cap.MINORS, office, line="corrections")
        return self._minors[office.pk]


def report_due_on(judgment_effective_on: datetime.date, *, calendar=None) -> datetime.date:
    """报到期限: 10 days from the judgment's effect (CC-2/3, statutory)."""
    return compute(REPORT_RULE, judgment_effective_on, calendar=calendar)


def kept_ground(sentence_type: str, outside_prison_ground: str) -> str:
    """暂予监外执行情形 is kept for 暂予监外执行 only."""
    if sentence_type != SentenceType.OUTSIDE_PRISON:
        return ""
    return outside_prison_ground or ""


def subject_period(
    sentence_type: str,
    judgment_effective_on: datetime.date,
    sentence_months: int | None,
    correction_start: datetime.date | None = None,
    correction_end: datetime.date | None = None,
) -> tuple[datetime.date | None, datetime.date | None, bool]:
    """(first day, last day, set by hand) of a period whose values `register_errors` passed:
    computed from the term unless a start or an end is given."""
    computed = None
    if sentence_months:
        computed = correction_period(sentence_type, judgment_effective_on, sentence_months)
    if correction_start is None and correction_end is None:
        return computed[0], computed[1], False
    start = correction_start or (computed[0] if computed else judgment_effective_on)
    end = correction_end or (computed[1] if computed else None)
    return start, end, True


def register_errors(
    checks: Checks,
    *,
    office,
    person,
    sentence_type: str,
    crime: str,
    original_sentence: str,
    sentence_months: int | None,
    decision_organ: str,
    decision_organ_name: str,
    judgment_number: str,
    judgment_effective_on: datetime.date | None,
    notified_on: datetime.date | None,
    documents_received_on: datetime.date | None = None,
    offence_on: datetime.date | None = None,
    crime_category: str = "",
    outside_prison_ground: str = "",
    correction_start: datetime.date | None = None,
    correction_end: datetime.date | None = None,
    period_override_reason: str = "",
) -> dict[str, list[str]]:
    """The rules of 收到执行通知 (`subject_register`), by field; {} when they hold."""
    errors: dict[str, list[str]] = {}
    if office.kind not in SUBJECT_OFFICE_KINDS:
        errors["office"] = [_("社区矫正对象应由司法所接收（受县级社区矫正机构委托）。")]
    if person is None:
        errors["person"] = [_("请选择或登记矫正对象本人。")]
    if sentence_type not in SentenceType.values:
        errors["sentence_type"] = [_("请选择矫正类别。")]
    if decision_organ not in DecisionOrgan.values:
        errors["decision_organ"] = [_("请选择决定机关类别。")]
    for field, value, label in (
        ("crime", crime, _("罪名")),
        ("original_sentence", original_sentence, _("原判刑罚")),
        ("decision_organ_name", decision_organ_name, _("决定机关")),
        ("judgment_number", judgment_number, _("判决书/裁定书/决定书文号")),
    ):
        if not (value or "").strip():
            errors[field] = [_("请填写%(label)s。") % {"label": label}]
    _not_future(errors, "judgment_effective_on", judgment_effective_on, _("判决/裁定/决定生效日期"))
    _not_future(errors, "notified_on", notified_on, _("收到执行通知日期"))
    if documents_received_on is not None:
        _not_future(errors, "documents_received_on", documents_received_on, _("收到法律文书日期"))
    if offence_on is not None and judgment_effective_on and offence_on > judgment_effective_on:
        errors["offence_on"] = [_("犯罪日期不能晚于判决/裁定/决定生效日期。")]
    if judgment_effective_on and notified_on and notified_on < judgment_effective_on:
        errors.setdefault("notified_on", []).append(
            _("收到执行通知日期不能早于判决/裁定/决定生效日期。")
        )
    if (
        judgment_effective_on
        and documents_received_on
        and documents_received_on < judgment_effective_on
    ):
        errors.setdefault("documents_received_on", []).append(
            _("收到法律文书日期不能早于判决/裁定/决定生效日期。")
        )
    if sentence_months is not None and sentence_months < 1:
        errors["sentence_months"] = [_("考验期/刑期至少为1个月。")]
    elif sentence_months is not None and sentence_type in MONTH_RANGES:
        low, high = MONTH_RANGES[sentence_type]
        if not low <= sentence_months <= high:
            errors["sentence_months"] = [
                _("%(type)s的期限应在%(low)s至%(high)s个月之间。")
                % {"type": SentenceType(sentence_type).label, "low": low, "high": high}
            ]
    manual = correction_start is not None or correction_end is not None
    if sentence_months is None and not manual:
        errors.setdefault("sentence_months", []).append(
            _("请填写考验期/刑期（月），或直接填写矫正起止日期并说明理由。")
        )
    if (
        sentence_type == SentenceType.OUTSIDE_PRISON
        and outside_prison_ground
        and outside_prison_ground not in OutsidePrisonGround.values
    ):
        errors["outside_prison_ground"] = [_("请选择暂予监外执行情形。")]
    if crime_category:
        try:
            checks.code(CRIME_CATEGORY_CODE_LIST, crime_category)
        except ValidationError as error:
            errors["crime_category"] = error.messages
    if errors or not manual:
        return errors
    computed = None
    if sentence_months:
        computed = correction_period(sentence_type, judgment_effective_on, sentence_months)
    start, end, _manual = subject_period(
        sentence_type, judgment_effective_on, sentence_months, correction_start, correction_end
    )
    return _period_errors(start, end, period_override_reason, computed)


def report_errors(subject: Subject, reported_on: datetime.date | None) -> dict[str, list[str]]:
    """The rules of 报到 (`subject_report`) besides the transition."""
    errors: dict[str, list[str]] = {}
    _not_future(errors, "reported_on", reported_on, _("报到日期"))
    if reported_on and reported_on < subject.judgment_effective_on:
        errors.setdefault("reported_on", []).append(_("报到日期不能早于判决/裁定/决定生效日期。"))
    return errors


def reported(subject: Subject, reported_on: datetime.date, handover_organ: str = "") -> str:
    """Set what 报到 records on `subject` (on time or late; 暂予监外执行: the handing-over
    organ's deadline, 社区矫正法 第21条第2–3款); the event's reason."""
    late = reported_on > subject.report_due_on
    subject.reported_on = reported_on
    subject.registered_on = reported_on
    if subject.sentence_type == SentenceType.OUTSIDE_PRISON:
        # 社区矫正法 第21条第2–3款: the handing-over organ's deadline, not the subject's.
        subject.handover_organ = (handover_organ or "").strip() or subject.decision_organ_name
        subject.handover_late = late
        subject.report_type = ReportType.ON_TIME
        reason = (
            _("%(organ)s移交超期（移交期限%(due)s），已接收登记；超期记在移交机关。")
            if late
            else _("%(organ)s按期移交（移交期限%(due)s），已接收登记。")
        ) % {"organ": subject.handover_organ, "due": subject.report_due_on.isoformat()}
    else:
        subject.report_type = ReportType.LATE if late else ReportType.ON_TIME
        reason = (
            _("超期报到（报到期限%(due)s），已接收登记。")
            if late
            else _("按时报到（报到期限%(due)s），已接收登记。")
        ) % {"due": subject.report_due_on.isoformat()}
    if subject.documents_received_on is None:
        reason += _(
            "法律文书尚未送达，应通知决定机关在五日内送达或补齐（社区矫正法实施办法 第17条）。"
        )
    return reason


def announce_errors(
    checks: Checks,
    subject: Subject,
    *,
    announced_on: datetime.date | None,
    category: str,
    plan: str,
    has_plan: bool,
    members,
) -> dict[str, list[str]]:
    """The rules of 入矫宣告 (`subject_announce`) besides the transition: the date, a plan
    (社区矫正法 第24条), a team satisfying CC-8/CC-32 (`members`), a valid 管理类别."""
    errors: dict[str, list[str]] = {}
    _not_future(errors, "announced_on", announced_on, _("入矫宣告日期"))
    if announced_on and subject.registered_on and announced_on < subject.registered_on:
        errors.setdefault("announced_on", []).append(_("入矫宣告日期不能早于接收登记日期。"))
    if not has_plan and not (plan or "").strip():
        errors["plan"] = [_("请制定个别化矫正方案（社区矫正法 第24条）。")]
    problems = team_problems(subject, members)
    if problems:
        errors["__all__"] = problems
    if errors:
        return errors
    if not category:
        return {"category": [_("请选择管理类别。")]}
    try:
        checks.code(CATEGORY_CODE_LIST, category, announced_on)
    except ValidationError as error:
        return {"category": error.messages}
    return {}


def announce_reason(category_name: str) -> str:
    return _("入矫宣告，管理类别：%(category)s。") % {"category": category_name}


ANNOUNCE_CATEGORY_REASON = _lazy("入矫宣告时确定管理类别。")


# ---------------------------------------------------------------------------------------------
# Intake


@transaction.atomic
def subject_register(
    *,
    actor,
    office,
    person=None,
    identity: PersonIdentity | None = None,
    sentence_type: str,
    crime: str,
    original_sentence: str,
    sentence_months: int | None,
    decision_organ: str,
    decision_organ_name: str,
    judgment_number: str,
    judgment_effective_on: datetime.date,
    notified_on: datetime.date,
    documents_received_on: datetime.date | None = None,
    offence_on: datetime.date | None = None,
    crime_category: str = "",
    accessory_penalty: str = "",
    prohibition_order: str = "",
    investigation=None,
    correction_start: datetime.date | None = None,
    correction_end: datetime.date | None = None,
    period_override_reason: str = "",
    outside_prison_ground: str = "",
) -> Subject:
    """收到执行通知 (CC-1): open the episode, awaiting the subject's 报到.

    `outside_prison_ground` (刑事诉讼法 第265条) is kept for 暂予监外执行 only: 保外就医 brings the
    three-monthly re-examination reminder (CC-11).

    The 报到 deadline is 10 days from the judgment's effect (CC-2/3, statutory); the correction
    period is computed (`correction_period`) unless `correction_start`/`correction_end` are
    given, which then need `period_override_reason` when they differ from the computed ones.
    Whether it is a minor's record is derived (`subject_is_minor`: the age on `offence_on` when
    given, else on the judgment's effect), never passed in. The person is `person`,
    or the one `identity` names (registered here first when new, so a refused subject leaves
    nobody behind).
    """
    if office is None:
        raise ValidationError({"office": [_("请选择执行地司法所。")]})
    access.require(actor, Cap.EDIT, office, line="corrections")
    if identity is not None:
        person = person_obtain(actor=actor, office=office, identity=identity)
    _raise(
        register_errors(
            Checks(actor),
            office=office,
            person=person,
            sentence_type=sentence_type,
            crime=crime,
            original_sentence=original_sentence,
            sentence_months=sentence_months,
            decision_organ=decision_organ,
            decision_organ_name=decision_organ_name,
            judgment_number=judgment_number,
            judgment_effective_on=judgment_effective_on,
            notified_on=notified_on,
            documents_received_on=documents_received_on,
            offence_on=offence_on,
            crime_category=crime_category,
            outside_prison_ground=outside_prison_ground,
            correction_start=correction_start,
            correction_end=correction_end,
            period_override_reason=period_override_reason,
        )
    )
    start, end, manual = subject_period(
        sentence_type, judgment_effective_on, sentence_months, correction_start, correction_end
    )
    is_minor = subject_is_minor(
        person, offence_on=offence_on, judgment_effective_on=judgment_effective_on
    )
    if is_minor and not Checks(actor).handles_minors(office):
        raise PermissionDenied(MINOR_REFUSED)

    subject = Subject(
        office=office,
        created_by=actor,
        person=person,
        sentence_type=sentence_type,
        crime=crime.strip(),
        crime_category=crime_category or "",
        original_sentence=original_sentence.strip(),
        sentence_months=sentence_months,
        accessory_penalty=(accessory_penalty or "").strip(),
        prohibition_order=(prohibition_order or "").strip(),
        decision_organ=decision_organ,
        decision_organ_name=decision_organ_name.strip(),
        judgment_number=judgment_number.strip(),
        judgment_effective_on=judgment_effective_on,
        offence_on=offence_on,
        outside_prison_ground=kept_ground(sentence_type, outside_prison_ground),
        is_minor=is_minor,
        investigation=investigation,
        notified_on=notified_on,
        documents_received_on=documents_received_on,
        report_due_on=report_due_on(judgment_effective_on),
        correction_start=start,
        correction_end=end,
        period_override_reason=(period_override_reason or "").strip() if manual else "",
        status=Status.AWAITING_REPORT,
    )
    save_with_number(subject, notified_on.year)
    SUBJECT_FLOW.record_event(
        subject,
        "",
        Status.AWAITING_REPORT,
        actor=actor,
        on=notified_on,
        reason=register_reason(subject),
    )
    return subject


def register_reason(subject: Subject) -> str:
    """The event of 收到执行通知."""
    return _("收到%(organ)s执行通知，应于%(due)s前报到（社区矫正法 第21条）。") % {
        "organ": subject.decision_organ_name,
        "due": subject.report_due_on.isoformat(),
    }


def receipt_due_on(subject: Subject, *, calendar=None) -> datetime.date | None:
    """回执 deadline: 5 days of receiving the documents (CC-6, [M] setting).

    A list of subjects passes one `WorkingCalendar` (`calendar`) to read the holiday table once.
    """
    if subject.documents_received_on is None:
        return None
    return compute(RECEIPT_RULE, subject.documents_received_on, calendar=calendar)


@transaction.atomic
def subject_documents_received(*, actor, subject: Subject, received_on: datetime.date) -> Subject:
    """收到法律文书 (CC-1): starts the 5-day 回执 deadline."""
    subject_change_begin(actor, subject)
    _require_status(subject, OPEN_STATUSES, _("对象当前状态为“%(status)s”，不能登记收到法律文书。"))
    errors: dict[str, list[str]] = {}
    _not_future(errors, "received_on", received_on, _("收到法律文书日期"))
    if received_on and received_on < subject.judgment_effective_on:
        errors.setdefault("received_on", []).append(
            _("收到法律文书日期不能早于判决/裁定/决定生效日期。")
        )
    _raise(errors)
    subject.documents_received_on = received_on
    subject.save()
    return subject


@transaction.atomic
def subject_receipt_sent(*, actor, subject: Subject, sent_on: datetime.date) -> Subject:
    """送达回执 to the 决定机关 (CC-6): after the documents arrived."""
    subject_change_begin(actor, subject)
    _require_status(subject, OPEN_STATUSES, _("对象当前状态为“%(status)s”，不能登记回执。"))
    errors: dict[str, list[str]] = {}
    if subject.documents_received_on is None:
        errors["sent_on"] = [_("尚未登记收到法律文书，不能发送回执。")]
    _not_future(errors, "sent_on", sent_on, _("回执发送日期"))
    if sent_on and subject.documents_received_on and sent_on < subject.documents_received_on:
        errors.setdefault("sent_on", []).append(_("回执发送日期不能早于收到法律文书日期。"))
    _raise(errors)
    subject.receipt_sent_on = sent_on
    subject.save()
    return subject


@transaction.atomic
def subject_report(
    *, actor, subject: Subject, reported_on: datetime.date, handover_organ: str = ""
) -> Subject:
    """报到 and 接收登记 (CC-2…CC-4): on time up to the due date, late after it.

    A 暂予监外执行 subject does not report by himself: 看守所, 监狱 or 公安 hands him over within
    10 days (社区矫正法 第21条第2–3款, CC-3). A late handover is booked on that organ
    (`handover_late`, `handover_organ`: 移交机关, default the 决定机关), not on the subject, whose
    reception stays 按时 (not 超期报到)."""
    subject_change_begin(actor, subject, Status.RECEIVED)
    _raise(report_errors(subject, reported_on))
    reason = reported(subject, reported_on, handover_organ)
    if subject.status == Status.NOT_REPORTED:
        for alert in subject.alerts.filter(kind=AlertKind.NOT_REPORTED, handled_on__isnull=True):
            alert.handled_on = reported_on
            alert.handling = _("已于%(on)s报到。") % {"on": reported_on.isoformat()}
            alert.save()
    SUBJECT_FLOW.move(subject, Status.RECEIVED, actor=actor, on=reported_on, reason=reason)
    return subject


@transaction.atomic
def subject_not_reported(*, actor, subject: Subject, on: datetime.date) -> Subject:
    """逾期未报到 (CC-7): search for the person; notify the 决定机关 and the 检察院."""
    subject_change_begin(actor, subject, Status.NOT_REPORTED)
    errors: dict[str, list[str]] = {}
    _not_future(errors, "on", on, _("登记日期"))
    if on and on <= subject.report_due_on:
        errors.setdefault("on", []).append(
            _("报到期限（%(due)s）尚未届满，不能登记未报到。")
            % {"due": subject.report_due_on.isoformat()}
        )
    _raise(errors)
    subject.report_type = ReportType.NOT_REPORTED
    raised_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(8, 0)))
    Alert.objects.create(
        office=subject.office,
        created_by=actor,
        subject=subject,
        kind=AlertKind.NOT_REPORTED,
        raised_at=min(raised_at, timezone.now()),
        detail=_("报到期限%(due)s届满未报到") % {"due": subject.report_due_on.isoformat()},
    )
    SUBJECT_FLOW.move(
        subject,
        Status.NOT_REPORTED,
        actor=actor,
        on=on,
        reason=_(
            "逾期未报到：社区矫正机构应组织查找，并通知决定机关（%(organ)s）和人民检察院"
            "（社区矫正法实施办法 第16条）。"
        )
        % {"organ": subject.decision_organ_name},
    )
    return subject


# ---------------------------------------------------------------------------------------------
# Team, plan, category, announcement


def team_problems(subject: Subject, members=None) -> list[str]:
    """What the 矫正小组 lacks (CC-8: a woman for a woman; CC-32: someone versed in minors)."""
    members = list(subject.team.all() if members is None else members)
    problems = []
    if not members:
        problems.append(_("尚未确定矫正小组成员。"))
    if subject.person.gender == Gender.FEMALE and not any(m.is_female for m in members):
        problems.append(_("矫正对象为女性，矫正小组中应有女性成员（社区矫正法 第25条）。"))
    if subject.is_minor and not any(m.versed_in_minors for m in members):
        problems.append(
            _("矫正对象为未成年人，矫正小组中应有熟悉未成年人身心特点的人员（社区矫正法 第52条）。")
        )
    return problems


@transaction.atomic
def team_member_add(
    *,
    actor,
    subject: Subject,
    name: str,
    role: str,
    is_female: bool = False,
    versed_in_minors: bool = False,
    phone: str = "",
) -> TeamMember:
    """Add a member to the 矫正小组."""
    subject_change_begin(actor, subject)
    _require_status(subject, OPEN_STATUSES, _("对象当前状态为“%(status)s”，不能调整矫正小组。"))
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("请填写成员姓名。")]
    if role not in TeamRole.values:
        errors["role"] = [_("请选择成员身份。")]
    _raise(errors)
    return TeamMember.objects.create(
        office=subject.office,
        created_by=actor,
        subject=subject,
        name=name.strip(),
        role=role,
        is_female=bool(is_female),
        versed_in_minors=bool(versed_in_minors),
        phone=(phone or "").strip(),
    )


@transaction.atomic
def team_member_remove(*, actor, member: TeamMember) -> None:
    """Remove a member; once in 在矫, the remaining team must still satisfy CC-8/CC-32."""
    subject = member.subject
    subject_change_begin(actor, subject)
    _require_status(subject, OPEN_STATUSES, _("对象当前状态为“%(status)s”，不能调整矫正小组。"))
    if subject.status == Status.UNDER_CORRECTION:
        remaining = [m for m in subject.team.all() if m.pk != member.pk]
        problems = team_problems(subject, remaining)
        if problems:
            raise ValidationError(
                [_("移除该成员后：%(problem)s") % {"problem": p} for p in problems]
            )
    member.delete()


def _next_plan_version(subject: Subject) -> int:
    last = subject.plans.order_by("-version").values_list("version", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def plan_add(*, actor, subject: Subject, made_on: datetime.date, content: str) -> CorrectionPlan:
    """A new version of the 矫正方案 (社区矫正法 第24条: adjusted with the subject's conduct)."""
    subject_change_begin(actor, subject)
    _require_status(
        subject,
        (Status.RECEIVED, Status.UNDER_CORRECTION),
        _("对象当前状态为“%(status)s”，不能制定或调整矫正方案。"),
    )
    return _plan_create(actor, subject, made_on, content)


def _plan_create(actor, subject, made_on, content) -> CorrectionPlan:
    errors: dict[str, list[str]] = {}
    _not_future(errors, "made_on", made_on, _("制定日期"))
    if not (content or "").strip():
        errors["content"] = [_("请填写矫正方案内容。")]
    if made_on and subject.registered_on and made_on < subject.registered_on:
        errors.setdefault("made_on", []).append(_("制定日期不能早于接收登记日期。"))
    _raise(errors)
    return CorrectionPlan.objects.create(
        office=subject.office,
        created_by=actor,
        subject=subject,
        version=_next_plan_version(subject),
        made_on=made_on,
        content=content.strip(),
    )


def _validate_category(category: str, on: datetime.date, field: str = "category") -> None:
    if not category:
        raise ValidationError({field: [_("请选择管理类别。")]})
    try:
        validate_code(CATEGORY_CODE_LIST, category, on)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


@transaction.atomic
def category_change(
    *, actor, subject: Subject, to_category: str, changed_on: datetime.date, reason: str
) -> CategoryChange:
    """分类管理: change the 管理类别 with its reason (CC-9)."""
    subject_change_begin(actor, subject)
    _require_status(
        subject, (Status.UNDER_CORRECTION,), _("对象当前状态为“%(status)s”，不能调整管理类别。")
    )
    errors: dict[str, list[str]] = {}
    _not_future(errors, "changed_on", changed_on, _("调整日期"))
    if changed_on and subject.announced_on and changed_on < subject.announced_on:
        errors.setdefault("changed_on", []).append(_("调整日期不能早于入矫宣告日期。"))
    if not (reason or "").strip():
        errors["reason"] = [_("请填写调整理由。")]
    if to_category and to_category == subject.category:
        errors["to_category"] = [_("新类别与现管理类别相同。")]
    _raise(errors)
    _validate_category(to_category, changed_on, "to_category")
    change = CategoryChange.objects.create(
        office=subject.office,
        created_by=actor,
        subject=subject,
        from_category=subject.category,
        to_category=to_category,
        changed_on=changed_on,
        reason=reason.strip(),
    )
    subject.category = to_category
    subject.save()
    return change


@transaction.atomic
def subject_announce(
    *, actor, subject: Subject, announced_on: datetime.date, category: str, plan: str = ""
) -> Subject:
    """入矫宣告 (CC-4, CC-8): the team is complete, the first plan made, the category set.

    `plan` is the content of the individual plan: required unless a version already exists
    (then, when given, it becomes the next version).
    """
    subject_change_begin(actor, subject, Status.UNDER_CORRECTION)
    _raise(
        announce_errors(
            Checks(actor),
            subject,
            announced_on=announced_on,
            category=category,
            plan=plan,
            has_plan=subject.plans.exists(),
            members=list(subject.team.all()),
        )
    )
    if (plan or "").strip():
        _plan_create(actor, subject, announced_on, plan)
    CategoryChange.objects.create(
        office=subject.office,
        created_by=actor,
        subject=subject,
        from_category="",
        to_category=category,
        changed_on=announced_on,
        reason=str(ANNOUNCE_CATEGORY_REASON),
    )
    subject.announced_on = announced_on
    subject.category = category
    SUBJECT_FLOW.move(
        subject,
        Status.UNDER_CORRECTION,
        actor=actor,
        on=announced_on,
        reason=announce_reason(code_name(CATEGORY_CODE_LIST, category)),
    )
    return subject


@transaction.atomic
def subject_period_adjust(
    *,
    actor,
    subject: Subject,
    correction_start: datetime.date,
    correction_end: datetime.date,
    reason: str,
) -> Subject:
    """Set the correction period by hand (e.g. 羁押 credited on a 管制 term), with a reason."""
    subject_change_begin(actor, subject)
    _require_status(subject, OPEN_STATUSES, _("对象当前状态为“%(status)s”，不能调整矫正期限。"))
    errors = _period_errors(correction_start, correction_end, reason, None)
    if not (reason or "").strip():
        errors["reason"] = [_("请填写矫正期限人工调整理由。")]
        errors.pop("period_override_reason", None)
    _raise(errors)
    old = (subject.correction_start, subject.correction_end)
    subject.correction_start = correction_start
    subject.correction_end = correction_end
    subject.period_override_reason = reason.strip()[:200]
    subject.save()
    SUBJECT_FLOW.record_event(
        subject,
        subject.status,
        subject.status,
        actor=actor,
        on=_today(),
        reason=_("矫正期限由%(old_start)s至%(old_end)s调整为%(start)s至%(end)s：%(reason)s")
        % {
            "old_start": old[0].isoformat() if old[0] else "—",
            "old_end": old[1].isoformat() if old[1] else "—",
            "start": correction_start.isoformat(),
            "end": correction_end.isoformat(),
            "reason": reason.strip(),
        },
    )
    return subject


# ---------------------------------------------------------------------------------------------
# Release and termination


def pending_proposals(subject: Subject) -> list[Measure]:
    """Sanction proposals to a court or another organ still awaiting their outcome (CC-31); a
    pending 减刑建议 does not hold the release back (the term only gets shorter)."""
    return list(
        subject.measures.filter(
            kind__in=SANCTION_PROPOSAL_KINDS, outcome__in=(ProposalOutcome.PENDING, "")
        ).order_by("decided_on", "id")
    )


# Custody may be recorded while the subject is the line's: received, in correction, or sought.
CUSTODY_STATUSES = (Status.RECEIVED, Status.UNDER_CORRECTION, Status.NOT_REPORTED)


def open_custodies(subject: Subject) -> list[Custody]:
    """Custody (拘留, 强制隔离戒毒, 刑事强制措施) not yet ended: it blocks 解除 (CC-31)."""
    return list(subject.custodies.filter(ended_on__isnull=True).order_by("start_on", "id"))


@transaction.atomic
def custody_record(
    *, actor, subject: Subject, kind: str, organ: str, start_on: datetime.date
) -> Custody:
    """登记被拘留、强制隔离戒毒或采取刑事强制措施 (社区矫正法 第32条: the organ notifies the
    社区矫正机构). Until it ends the subject cannot be released (CC-31)."""
    subject_change_begin(actor, subject)
    _require_status(
        subject, CUSTODY_STATUSES, _("对象当前状态为“%(status)s”，不能登记羁押或强制措施。")
    )
    errors: dict[str, list[str]] = {}
    if kind not in CustodyKind.values:
        errors["kind"] = [_("请选择措施类型。")]
    organ = (organ or "").strip()
    if not organ:
        errors["organ"] = [_("请填写决定机关。")]
    _not_future(errors, "start_on", start_on, _("开始日期"))
    if start_on and start_on < subject.judgment_effective_on:
        errors.setdefault("start_on", []).append(_("开始日期不能早于判决/裁定/决定生效日期。"))
    if subject.custodies.filter(ended_on__isnull=True).exists():
        errors.setdefault("__all__", []).append(
            _("该对象已有尚未结束的羁押或强制措施，请先登记其结束。")
        )
    _raise(errors)
    custody = Custody(
        office=subject.office,
        subject=subject,
        kind=kind,
        organ=organ,
        start_on=start_on,
        created_by=actor,
    )
    custody.full_clean()
    custody.save()
    return custody


@transaction.atomic
def custody_end(*, actor, custody: Custody, ended_on: datetime.date, outcome: str = "") -> Custody:
    """The custody or measure ended (释放, 解除强制措施, …): the release is possible again."""
    custody = Custody.objects.select_for_update().select_related("subject").get(pk=custody.pk)
    subject_change_begin(actor, custody.subject)
    errors: dict[str, list[str]] = {}
    if custody.ended_on is not None:
        errors["__all__"] = [_("该羁押或强制措施已登记结束。")]
    _not_future(errors, "ended_on", ended_on, _("结束日期"))
    if ended_on and ended_on < custody.start_on:
        errors.setdefault("ended_on", []).append(_("结束日期不能早于开始日期。"))
    _raise(errors)
    custody.ended_on = ended_on
    custody.outcome = (outcome or "").strip()
    custody.full_clean()
    custody.save()
    return custody


def subject_custody_end(
    *, actor, subject: Subject, ended_on: datetime.date, outcome: str = ""
) -> Custody:
    """End the subject's open custody (at most one is open; see `custody_record`)."""
    custody = subject.custodies.filter(ended_on__isnull=True).first()
    if custody is None:
        raise ValidationError(_("该对象没有尚未结束的羁押或强制措施。"))
    return custody_end(actor=actor, custody=custody, ended_on=ended_on, outcome=outcome)


def next_certificate_number(subject: Subject, year: int) -> str:
    """The next 解除社区矫正证明书 number (SIFA_NUMBERING "corrections.certificate")."""
    numbering.lock_series(subject.office)
    return numbering.next_number(
        Subject, "corrections.certificate", subject.office, year, field="certificate_number"
    )


@transaction.atomic
def subject_release(
    *,
    actor,
    subject: Subject,
    released_on: datetime.date,
    release_type: str,
    certificate_number: str = "",
) -> Subject:
    """解除社区矫正 (CC-29): on or after the end of the period, or on 赦免 at any time.

    Refused while a proposal (撤销缓刑/假释, 收监执行, 治安处罚, 逮捕) awaits its outcome, and
    while the subject is in custody — 拘留, 强制隔离戒毒 or a 刑事强制措施 not yet ended (CC-31,
    司办通〔2021〕94号; DOMAIN §11: wait for the outcome, do not release).
    Issues the 解除社区矫正证明书 (numbered when `certificate_number` is empty) and hands the
    person over to 安置帮教 (`released_person_from_correction`, DOMAIN §4).
    """
    subject_change_begin(actor, subject, Status.RELEASED)
    errors: dict[str, list[str]] = {}
    if release_type not in ReleaseType.values:
        errors["release_type"] = [_("请选择解除类型。")]
    _not_future(errors, "released_on", released_on, _("解除矫正日期"))
    if released_on and subject.announced_on and released_on < subject.announced_on:
        errors.setdefault("released_on", []).append(_("解除矫正日期不能早于入矫宣告日期。"))
    if (
        released_on
        and release_type in ReleaseType.values
        and release_type != ReleaseType.PARDON
        and (subject.correction_end is None or released_on < subject.correction_end)
    ):
        errors.setdefault("released_on", []).append(
            _("矫正期限至%(end)s届满，期满前只能因赦免解除矫正。")
            % {"end": subject.correction_end.isoformat() if subject.correction_end else "—"}
        )
    certificate_number = (certificate_number or "").strip()
    if (
        certificate_number
        and Subject.objects.filter(certificate_number=certificate_number)
        .exclude(pk=subject.pk)
        .exists()
    ):
        errors["certificate_number"] = [_("该证明书编号已被使用。")]
    pending = pending_proposals(subject)
    if pending:
        errors.setdefault("__all__", []).extend(
            _(
                "该对象有未决的“%(kind)s”（%(on)s提请%(to)s），须待处理结果后再决定是否解除矫正"
                "（司办通〔2021〕94号）。"
            )
            % {
                "kind": m.get_kind_display(),
                "on": m.decided_on.isoformat(),
                "to": m.addressee,
            }
            for m in pending
        )
    for custody in open_custodies(subject):
        # CC-31 (司办通〔2021〕94号): in custody at the end of the period — wait for its end.
        errors.setdefault("__all__", []).append(
            _(
                "该对象自%(on)s起被%(organ)s采取“%(kind)s”，尚未结束，须待其结束后再决定是否"
                "解除矫正（司办通〔2021〕94号）。"
            )
            % {
                "on": custody.start_on.isoformat(),
                "organ": custody.organ,
                "kind": custody.get_kind_display(),
            }
        )
    _raise(errors)
    subject.released_on = released_on
    subject.release_type = release_type
    subject.certificate_number = certificate_number or next_certificate_number(
        subject, released_on.year
    )
    SUBJECT_FLOW.move(
        subject,
        Status.RELEASED,
        actor=actor,
        on=released_on,
        reason=_(
            "%(type)s，发放解除社区矫正证明书（%(number)s）；应通知决定机关（%(organ)s）、"
            "人民检察院、公安机关（社区矫正法 第44条）。"
        )
        % {
            "type": ReleaseType(release_type).label,
            "number": subject.certificate_number,
            "organ": subject.decision_organ_name,
        },
    )
    subject_released.send(sender=Subject, actor=actor, subject=subject)
    return subject


NEW_CRIME_STATUSES = (Status.RECEIVED, Status.UNDER_CORRECTION, Status.TERMINATED)


@transaction.atomic
def subject_record_new_crime(*, actor, subject: Subject, found_on, note: str) -> Subject:
    """再犯罪: a new crime committed during correction, once it is established (立案/判决). It
    usually leads the court to revoke the probation or parole (CC-19): record that as a
    termination; this record is what the 再犯罪率 counts (DOMAIN §3.7)."""
    SUBJECT_FLOW.begin(actor, subject)
    if subject.status not in NEW_CRIME_STATUSES:
        raise ValidationError(_("只有已接收、在矫或因撤销而终止的对象才能登记再犯罪。"))
    errors: dict[str, list[str]] = {}
    if found_on is None:
        errors["found_on"] = [_("请填写查实再犯罪日期。")]
    elif found_on > timezone.localdate():
        errors["found_on"] = [_("日期不能晚于今天。")]
    elif subject.registered_on and found_on < subject.registered_on:
        errors["found_on"] = [_("再犯罪应发生在社区矫正期间，日期不能早于接收登记日期。")]
    if not (note or "").strip():
        errors["note"] = [_("请写明再犯罪的情况（罪名、立案或判决机关）。")]
    if subject.new_crime_on is not None:
        errors["found_on"] = [_("该对象已登记再犯罪。")]
    if errors:
        raise ValidationError(errors)
    subject.new_crime_on = found_on
    subject.new_crime_note = note.strip()
    subject.save(update_fields=["new_crime_on", "new_crime_note", "updated_at"])
    SUBJECT_FLOW.record_event(
        subject,
        subject.status,
        subject.status,
        actor=actor,
        on=found_on,
        reason=_("登记再犯罪：%(note)s") % {"note": subject.new_crime_note},
    )
    return subject


@transaction.atomic
def subject_terminate(
    *,
    actor,
    subject: Subject,
    terminated_on: datetime.date,
    termination_type: str,
    note: str = "",
) -> Subject:
    """终止社区矫正 (CC-30): revocation of 缓刑/假释, 收监执行, death, or another ground."""
    subject_change_begin(actor, subject, Status.TERMINATED)
    errors: dict[str, list[str]] = {}
    if termination_type not in TerminationType.values:
        errors["termination_type"] = [_("请选择终止类型。")]
    else:
        allowed = TERMINATION_SENTENCES.get(termination_type)
        if allowed and subject.sentence_type not in allowed:
            errors["termination_type"] = [
                _("“%(type)s”不适用于%(sentence)s对象。")
                % {
                    "type": TerminationType(termination_type).label,
                    "sentence": subject.get_sentence_type_display(),
                }
            ]
    _not_future(errors, "terminated_on", terminated_on, _("终止矫正日期"))
    if terminated_on and terminated_on < subject.notified_on:
        errors.setdefault("terminated_on", []).append(_("终止矫正日期不能早于收到执行通知日期。"))
    if termination_type == TerminationType.OTHER and not (note or "").strip():
        errors["note"] = [_("终止类型为“其他”的，请说明情况。")]
    _raise(errors)
    subject.terminated_on = terminated_on
    subject.termination_type = termination_type
    subject.ended_note = (note or "").strip()
    reason = _("%(type)s，终止社区矫正；应通知决定机关（%(organ)s）、人民检察院、公安机关。") % {
        "type": TerminationType(termination_type).label,
        "organ": subject.decision_organ_name,
    }
    if subject.ended_note:
        reason += subject.ended_note
    SUBJECT_FLOW.move(subject, Status.TERMINATED, actor=actor, on=terminated_on, reason=reason)
    return subject
