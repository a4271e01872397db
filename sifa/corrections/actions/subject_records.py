"""Subjects at once (an import of the 在矫 register at go-live): checked by the same rules as
the intake actions, then written in bulk — or brought up to date one by one through the actions.

A `SubjectRecord` is what a register row says of one correction: the person, the judgment
(矫正类别, 罪名, 原判刑罚, 考验期/刑期, 决定机关, 文号, dates), the 执行地司法所, the correction
period, and how far intake went — 待报到, 已接收 (报到) or 在矫 (入矫宣告 with the 矫正小组, the
plan and the 管理类别).

* `record_errors(checks, record)` walks the subject through the steps a worker would take —
  `register_errors`, the minors rule (社区矫正法 第54条), `report_errors`, `announce_errors`
  with the team's CC-8/CC-32 rules — on an unsaved subject, and returns every error by field.
  Nothing is read from the database but what `checks` reads once.
* `records_create(actor, records, checks, reason)` checks again and writes new subjects in bulk
  (`sifa.core.bulk`): the subject with its history row, one `SubjectEvent` per step, the team,
  plan version 1 and the first `CategoryChange`, as the actions write them. A subject without a
  number is numbered by its series (`SeriesNumbers`, skipping the numbers the others bring).
* `record_update(actor, subject, record)` brings an existing subject up to the record through
  the single actions (`subject_correct`, `subject_documents_received`, `subject_report`,
  `team_member_add`, `subject_announce`, `category_change`, `subject_period_adjust`): a
  corrected file changes only what differs. What a file may not change (the judgment's kind,
  dates and term, a step already taken) is refused by `update_errors` with a Chinese message.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core import bulk
from sifa.core.imports.spec import Change
from sifa.core.imports.steps import RecordsRefused, refuse_records
from sifa.core.imports.writing import sign_history, snapshot
from sifa.core.numbering import SeriesNumbers
from sifa.corrections.actions.subjects import (
    ANNOUNCE_CATEGORY_REASON,
    MINOR_REFUSED,
    Checks,
    announce_errors,
    announce_reason,
    category_change,
    kept_ground,
    register_errors,
    register_reason,
    report_due_on,
    report_errors,
    reported,
    subject_announce,
    subject_change_begin,
    subject_documents_received,
    subject_is_minor,
    subject_period,
    subject_period_adjust,
    subject_report,
    team_member_add,
)
from sifa.corrections.constants import CATEGORY_CODE_LIST, Status
from sifa.corrections.models import (
    CategoryChange,
    CorrectionPlan,
    Subject,
    SubjectEvent,
    TeamMember,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.stats import figure_cache

# A register rarely copies the individual plan: the paper file holds it.
REGISTER_PLAN = "矫正方案详见纸质档案（由台账导入）。"
# The statuses a register row may bring, in the order intake reaches them.
IMPORT_STATUSES = (Status.AWAITING_REPORT, Status.RECEIVED, Status.UNDER_CORRECTION)
# What a corrected register may change on a registered subject (`subject_correct`).
CORRECTABLE = (
    "crime",
    "crime_category",
    "original_sentence",
    "accessory_penalty",
    "prohibition_order",
    "decision_organ_name",
    "judgment_number",
)
# What it may not: the judgment's kind, term and dates decide the period and the minors rule.
FIXED = (
    "sentence_type",
    "sentence_months",
    "decision_organ",
    "judgment_effective_on",
    "offence_on",
    "notified_on",
)
# The corrected fields `register_errors` checks (附加刑 and 禁止令 are free text).
_REGISTER_TEXTS = (
    "crime",
    "crime_category",
    "original_sentence",
    "decision_organ_name",
    "judgment_number",
)
SUBJECT_SNAPSHOT = (
    *CORRECTABLE,
    "documents_received_on",
    "reported_on",
    "registered_on",
    "report_type",
    "handover_organ",
    "handover_late",
    "announced_on",
    "category",
    "correction_start",
    "correction_end",
    "period_override_reason",
    "status",
)


@dataclass(frozen=True)
class TeamInput:
    """One 矫正小组 member as a register names them."""

    name: str
    role: str  # TeamRole
    is_female: bool = False
    versed_in_minors: bool = False


@dataclass
class SubjectRecord:
    office: object
    person: object  # a Person, or an unsaved stand-in with its birth date and gender
    sentence_type: str
    crime: str
    original_sentence: str
    sentence_months: int | None
    decision_organ: str
    decision_organ_name: str
    judgment_number: str
    judgment_effective_on: datetime.date
    notified_on: datetime.date
    status: str = Status.UNDER_CORRECTION
    number: str = ""
    crime_category: str = ""
    accessory_penalty: str = ""
    prohibition_order: str = ""
    offence_on: datetime.date | None = None
    documents_received_on: datetime.date | None = None
    outside_prison_ground: str = ""
    correction_start: datetime.date | None = None
    correction_end: datetime.date | None = None
    period_override_reason: str = ""
    reported_on: datetime.date | None = None
    announced_on: datetime.date | None = None
    category: str = ""
    plan: str = ""
    team: list[TeamInput] = field(default_factory=list)

    def register_values(self) -> dict:
        """The keywords of `register_errors` (and `subject_register`) besides office, person."""
        return {
            "sentence_type": self.sentence_type,
            "crime": self.crime,
            "original_sentence": self.original_sentence,
            "sentence_months": self.sentence_months,
            "decision_organ": self.decision_organ,
            "decision_organ_name": self.decision_organ_name,
            "judgment_number": self.judgment_number,
            "judgment_effective_on": self.judgment_effective_on,
            "notified_on": self.notified_on,
            "documents_received_on": self.documents_received_on,
            "offence_on": self.offence_on,
            "crime_category": self.crime_category,
            "outside_prison_ground": self.outside_prison_ground,
            "correction_start": self.correction_start,
            "correction_end": self.correction_end,
            "period_override_reason": self.period_override_reason,
        }


def _order(status: str) -> int:
    return IMPORT_STATUSES.index(status) if status in IMPORT_STATUSES else len(IMPORT_STATUSES)


# --- the rules, on an unsaved subject -------------------------------------------------------------


def record_errors(checks: Checks, record: SubjectRecord) -> dict[str, list[str]]:
    """Every rule a worker's intake of this subject would meet, by field; {} when it holds."""
    if record.status not in IMPORT_STATUSES:
        return {"status": [_("只能导入待报到、已接收或在矫的社区矫正对象。")]}
    errors = register_errors(
        checks, office=record.office, person=record.person, **record.register_values()
    )
    if errors:
        return errors
    subject = _unsaved(checks, record)
    if subject.is_minor and not checks.handles_minors(record.office):
        return {"person": [str(MINOR_REFUSED)]}
    if _order(record.status) >= _order(Status.RECEIVED):
        errors = report_errors(subject, record.reported_on)
        if errors:
            return errors
        reported(subject, record.reported_on)
    if record.status == Status.UNDER_CORRECTION:
        errors = announce_errors(
            checks,
            subject,
            announced_on=record.announced_on,
            category=record.category,
            plan=record.plan or REGISTER_PLAN,
            has_plan=False,
            members=_members(record, subject),
        )
        if "__all__" in errors:
            errors["team"] = errors.pop("__all__")
    return errors


def _unsaved(checks: Checks, record: SubjectRecord) -> Subject:
    """The subject as `subject_register` would save it (no key, no number)."""
    start, end, manual = subject_period(
        record.sentence_type,
        record.judgment_effective_on,
        record.sentence_months,
        record.correction_start,
        record.correction_end,
    )
    return Subject(
        office=record.office,
        person=record.person,
        number=record.number,
        sentence_type=record.sentence_type,
        crime=record.crime.strip(),
        crime_category=record.crime_category or "",
        original_sentence=record.original_sentence.strip(),
        sentence_months=record.sentence_months,
        accessory_penalty=(record.accessory_penalty or "").strip(),
        prohibition_order=(record.prohibition_order or "").strip(),
        decision_organ=record.decision_organ,
        decision_organ_name=record.decision_organ_name.strip(),
        judgment_number=record.judgment_number.strip(),
        judgment_effective_on=record.judgment_effective_on,
        offence_on=record.offence_on,
        outside_prison_ground=kept_ground(record.sentence_type, record.outside_prison_ground),
        is_minor=subject_is_minor(
            record.person,
            offence_on=record.offence_on,
            judgment_effective_on=record.judgment_effective_on,
        ),
        notified_on=record.notified_on,
        documents_received_on=record.documents_received_on,
        report_due_on=report_due_on(record.judgment_effective_on, calendar=checks.calendar),
        correction_start=start,
        correction_end=end,
        period_override_reason=(record.period_override_reason or "").strip() if manual else "",
        status=Status.AWAITING_REPORT,
    )


def _members(record: SubjectRecord, subject: Subject) -> list[TeamMember]:
    return [
        TeamMember(
            office=record.office,
            subject=subject,
            name=member.name.strip(),
            role=member.role,
            is_female=member.is_female,
            versed_in_minors=member.versed_in_minors,
        )
        for member in record.team
    ]


# --- writing new subjects in bulk ----------------------------------------------------------------


@dataclass
class _Written:
    subjects: list = field(default_factory=list)
    events: list = field(default_factory=list)
    team: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    categories: list = field(default_factory=list)


@transaction.atomic
def records_create(
    *, actor, records: list[SubjectRecord], checks: Checks, reason: str
) -> list[Subject]:
    """收到执行通知 of many subjects at once, each taken as far as its record says (报到,
    入矫宣告). Every record is checked first (RecordsRefused names the refused ones and nothing
    is written); `reason` is the change reason of the history rows."""
    for office in {record.office.pk: record.office for record in records}.values():
        access.require(actor, Cap.EDIT, office, line="corrections")
    refuse_records(records, lambda record: record_errors(checks, record))
    numbers = SeriesNumbers(Subject, taken={r.number for r in records if r.number})
    written = _Written()
    for record in records:
        _build(actor, checks, record, numbers, written)
    subjects = bulk.insert_with_history(written.subjects, reason=reason)
    for rows in (written.events, written.team, written.plans, written.categories):
        bulk.insert(rows)
    sign_history(Subject, actor, reason)
    figure_cache.office_ids_changed({subject.office_id for subject in subjects})
    return subjects


def _build(actor, checks: Checks, record: SubjectRecord, numbers, written: _Written) -> None:
    subject = _unsaved(checks, record)
    subject.created_by = actor
    subject.number = record.number or numbers.take(record.office, record.notified_on.year)
    written.subjects.append(subject)

    def event(from_status, to_status, on, reason):
        written.events.append(
            SubjectEvent(
                office=record.office,
                created_by=actor,
                subject=subject,
                from_status=from_status,
                to_status=to_status,
                happened_on=on,
                reason=reason,
            )
        )
        subject.status = to_status

    event("", Status.AWAITING_REPORT, record.notified_on, register_reason(subject))
    if _order(record.status) >= _order(Status.RECEIVED):
        reason = reported(subject, record.reported_on)
        event(Status.AWAITING_REPORT, Status.RECEIVED, record.reported_on, reason)
    if record.status != Status.UNDER_CORRECTION:
        return
    for member in _members(record, subject):
        member.created_by = actor
        written.team.append(member)
    on = record.announced_on
    written.plans.append(
        CorrectionPlan(
            office=record.office,
            created_by=actor,
            subject=subject,
            version=1,
            made_on=on,
            content=(record.plan or REGISTER_PLAN).strip(),
        )
    )
    written.categories.append(
        CategoryChange(
            office=record.office,
            created_by=actor,
            subject=subject,
            from_category="",
            to_category=record.category,
            changed_on=on,
            reason=str(ANNOUNCE_CATEGORY_REASON),
        )
    )
    subject.announced_on = on
    subject.category = record.category
    name = checks.code_name(CATEGORY_CODE_LIST, record.category)
    event(Status.RECEIVED, Status.UNDER_CORRECTION, on, announce_reason(name))


# --- bringing a registered subject up to its record ---------------------------------------


def _team_key(name: str, role: str) -> tuple[str, str]:
    return (name.strip(), role)


def _missing_members(subject: Subject, record: SubjectRecord) -> list[TeamInput]:
    present = {_team_key(m.name, m.role) for m in subject.team.all()}
    return [m for m in record.team if _team_key(m.name, m.role) not in present]


def update_errors(checks: Checks, subject: Subject, record: SubjectRecord) -> dict[str, list[str]]:
    """What a corrected register may not do to a registered subject, and the rules of what it
    may (the same functions as the actions); {} when `record_update` will succeed."""
    if record.status not in IMPORT_STATUSES:
        return {"status": [_("只能导入待报到、已接收或在矫的社区矫正对象。")]}
    for name in FIXED:
        if getattr(subject, name) != getattr(record, name):
            label = Subject._meta.get_field(name).verbose_name
            return {
                name: [
                    _("已登记的矫正对象的%(field)s不能通过导入修改（系统中为%(value)s）。")
                    % {"field": label, "value": _shown(subject, name)}
                ]
            }
    if record.number and record.number != subject.number:
        return {"number": [_("该人员已登记为矫正对象 %(n)s。") % {"n": subject.number}]}
    if _order(record.status) < _order(subject.status):
        return {
            "status": [
                _("系统中该对象已是“%(now)s”，导入文件不能改为“%(then)s”。")
                % {"now": subject.get_status_display(), "then": Status(record.status).label}
            ]
        }
    corrected = {n: getattr(record, n) for n in CORRECTABLE if n in _REGISTER_TEXTS}
    errors = register_errors(
        checks,
        office=subject.office,
        person=subject.person,
        **_register_values(subject, **corrected),
    )
    if errors:
        return errors
    for name, label in (
        ("documents_received_on", _("收到法律文书日期")),
        ("reported_on", _("报到日期")),
        ("announced_on", _("入矫宣告日期")),
    ):
        stored, wanted = getattr(subject, name), getattr(record, name)
        if name == "documents_received_on" and wanted is None:
            continue  # a file that does not know the documents' day leaves it as recorded
        if stored is not None and stored != wanted:
            return {
                name: [
                    _("系统中已登记%(label)s为%(date)s，不能通过导入修改。")
                    % {"label": label, "date": stored.isoformat()}
                ]
            }
    if _period_differs(subject, record) and not (record.period_override_reason or "").strip():
        return {
            "period_override_reason": [
                _("矫正期限与系统中的（%(start)s至%(end)s）不一致，请写明调整理由。")
                % {
                    "start": subject.correction_start.isoformat(),
                    "end": subject.correction_end.isoformat(),
                }
            ]
        }
    return _step_errors(checks, subject, record)


def _shown(subject: Subject, name: str) -> str:
    value = getattr(subject, name)
    display = getattr(subject, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "—" if value in (None, "") else str(value)


def _register_values(subject: Subject, **overrides) -> dict:
    """`register_errors`' keywords (besides office and person) for the subject as stored,
    with `overrides` (the wording a file corrects)."""
    values = {
        name: getattr(subject, name)
        for name in (
            *FIXED,
            "crime",
            "crime_category",
            "original_sentence",
            "decision_organ_name",
            "judgment_number",
            "documents_received_on",
            "outside_prison_ground",
            "correction_start",
            "correction_end",
            "period_override_reason",
        )
    }
    values.update(overrides)
    return values


def _wanted_period(subject: Subject, record: SubjectRecord):
    start, end, _manual = subject_period(
        subject.sentence_type,
        subject.judgment_effective_on,
        subject.sentence_months,
        record.correction_start,
        record.correction_end,
    )
    return start, end


def _period_differs(subject: Subject, record: SubjectRecord) -> bool:
    if record.correction_start is None and record.correction_end is None:
        return False
    return _wanted_period(subject, record) != (subject.correction_start, subject.correction_end)


def _step_errors(checks: Checks, subject: Subject, record: SubjectRecord) -> dict:
    """The rules of the steps still to take (报到, 入矫宣告, a new 管理类别), on a probe."""
    probe = Subject(
        pk=subject.pk,
        office=subject.office,
        person=subject.person,
        sentence_type=subject.sentence_type,
        decision_organ_name=subject.decision_organ_name,
        judgment_effective_on=subject.judgment_effective_on,
        documents_received_on=subject.documents_received_on or record.documents_received_on,
        report_due_on=subject.report_due_on,
        registered_on=subject.registered_on,
        is_minor=subject.is_minor,
        status=subject.status,
    )
    if probe.status == Status.AWAITING_REPORT and _order(record.status) >= _order(Status.RECEIVED):
        errors = report_errors(probe, record.reported_on)
        if errors:
            return errors
        reported(probe, record.reported_on)
    if subject.status != Status.UNDER_CORRECTION and record.status == Status.UNDER_CORRECTION:
        members = list(subject.team.all())
        members += [
            TeamMember(
                name=m.name, role=m.role, is_female=m.is_female, versed_in_minors=m.versed_in_minors
            )
            for m in _missing_members(subject, record)
        ]
        errors = announce_errors(
            checks,
            probe,
            announced_on=record.announced_on,
            category=record.category,
            plan=record.plan or REGISTER_PLAN,
            has_plan=subject.plans.exists(),
            members=members,
        )
        if "__all__" in errors:
            errors["team"] = errors.pop("__all__")
        return errors
    if subject.status == Status.UNDER_CORRECTION and record.category != subject.category:
        if not record.category:
            return {"category": [_("请选择管理类别。")]}
        try:
            checks.code(CATEGORY_CODE_LIST, record.category, timezone.localdate())
        except ValidationError as error:
            return {"category": error.messages}
    return {}


def record_changes(subject: Subject, record: SubjectRecord) -> dict[str, tuple]:
    """{label: (before, after)} of what `record_update` would change ({}: nothing)."""
    changes: dict[str, tuple] = {}
    for name in CORRECTABLE:
        before, after = getattr(subject, name), (getattr(record, name) or "").strip()
        if before != after:
            changes[str(Subject._meta.get_field(name).verbose_name)] = (before, after)
    if subject.documents_received_on is None and record.documents_received_on is not None:
        changes[_("收到法律文书日期")] = ("", record.documents_received_on)
    if _period_differs(subject, record):
        start, end = _wanted_period(subject, record)
        before = f"{subject.correction_start}至{subject.correction_end}"
        changes[_("矫正期限")] = (before, f"{start}至{end}")
    if record.status != subject.status:
        changes[_("状态")] = (subject.get_status_display(), Status(record.status).label)
    elif subject.status == Status.UNDER_CORRECTION and record.category != subject.category:
        changes[_("管理类别")] = (
            _category_name(subject.category),
            _category_name(record.category),
        )
    missing = _missing_members(subject, record)
    if missing and _order(record.status) >= _order(Status.UNDER_CORRECTION):
        changes[_("矫正小组成员")] = ("", "、".join(m.name for m in missing))
    return changes


def _category_name(code: str) -> str:
    return Checks(None).code_name(CATEGORY_CODE_LIST, code)


@transaction.atomic
def record_update(*, actor, subject: Subject, record: SubjectRecord, reason: str) -> list[Change]:
    """Bring `subject` up to `record` through the actions; the changes for the import batch
    (the subject's values before, every record the actions created). `reason` says why a
    category or a period changes (the import batch)."""
    changes = [Change(subject, created=False, before=snapshot(subject, SUBJECT_SNAPSHOT))]
    events_before = set(subject.events.values_list("pk", flat=True))
    created_before = {
        model: set(getattr(subject, name).values_list("pk", flat=True))
        for model, name in (
            (TeamMember, "team"),
            (CorrectionPlan, "plans"),
            (CategoryChange, "categories"),
        )
    }
    subject = subject_correct(
        actor=actor, subject=subject, reason=reason, **{n: getattr(record, n) for n in CORRECTABLE}
    )
    if subject.documents_received_on is None and record.documents_received_on is not None:
        subject = subject_documents_received(
            actor=actor, subject=subject, received_on=record.documents_received_on
        )
    if _period_differs(subject, record):
        start, end = _wanted_period(subject, record)
        subject = subject_period_adjust(
            actor=actor,
            subject=subject,
            correction_start=start,
            correction_end=end,
            reason=record.period_override_reason,
        )
    if subject.status == Status.AWAITING_REPORT and _order(record.status) >= _order(
        Status.RECEIVED
    ):
        subject = subject_report(actor=actor, subject=subject, reported_on=record.reported_on)
    if record.status == Status.UNDER_CORRECTION:
        for member in _missing_members(subject, record):
            team_member_add(
                actor=actor,
                subject=subject,
                name=member.name,
                role=member.role,
                is_female=member.is_female,
                versed_in_minors=member.versed_in_minors,
            )
        if subject.status == Status.RECEIVED:
            subject_announce(
                actor=actor,
                subject=subject,
                announced_on=record.announced_on,
                category=record.category,
                plan="" if subject.plans.exists() else (record.plan or REGISTER_PLAN),
            )
        elif record.category != subject.category:
            category_change(
                actor=actor,
                subject=subject,
                to_category=record.category,
                changed_on=timezone.localdate(),
                reason=_("按更正后的台账调整（%(reason)s）。") % {"reason": reason},
            )
    changes += [Change(e, created=True) for e in subject.events.exclude(pk__in=events_before)]
    for model, pks in created_before.items():
        rows = model.objects.filter(subject=subject).exclude(pk__in=pks)
        changes += [Change(row, created=True) for row in rows]
    return changes


@transaction.atomic
def subject_correct(*, actor, subject: Subject, reason: str = "", **values) -> Subject:
    """更正判决信息: the register's wording of the judgment (罪名, 犯罪类型, 原判刑罚, 附加刑,
    禁止令, 决定机关, 文号), by the rules of 收到执行通知. The judgment's kind, term and dates
    stay: they decide the period and the minors rule (`subject_period_adjust` changes a period
    with its reason)."""
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise TypeError(f"subject_correct() got unexpected fields: {sorted(unknown)}")
    subject_change_begin(actor, subject)
    wanted = {name: (value or "").strip() for name, value in values.items()}
    if all(getattr(subject, name) == value for name, value in wanted.items()):
        return subject
    corrected = {n: v for n, v in wanted.items() if n in _REGISTER_TEXTS}
    errors = register_errors(
        Checks(actor),
        office=subject.office,
        person=subject.person,
        **_register_values(subject, **corrected),
    )
    if errors:
        raise ValidationError(errors)
    for name, value in wanted.items():
        setattr(subject, name, value)
    subject._change_reason = reason or _("更正判决信息")
    subject.save()
    return subject


__all__ = [
    "CORRECTABLE",
    "IMPORT_STATUSES",
    "REGISTER_PLAN",
    "RecordsRefused",
    "SubjectRecord",
    "TeamInput",
    "record_changes",
    "record_errors",
    "record_update",
    "records_create",
    "subject_correct",
    "update_errors",
]
