"""社区矫正演示数据: subjects, assessments, measures and education of 青川市.

Records run from 2024-01-01 (some subjects were registered years before) to `ctx.today` (the
demo's "today": the day it is loaded, see sifa/core/demo.py); after the half-year they keep a
monthly rhythm. For the half-year 2026-01-01 … 2026-06-30 the corrections
indicators give exactly the figures of the reference summary (SEED_FIGURES.md, 社区矫正):

* 405 newly received (`registered_on`), 462 released at term end (`released_on`, 期满解除),
  1 death (`terminated_on`), 3 probation revocations granted (`outcome_on`, the subjects
  terminated the same day), 765 under correction on 30 June (the stock);
* 528 assessments completed: 408 pre-trial, 17 pre-prosecution, 21 before parole, 82 in the
  other two stages; 502 of the 510 with an adoption recorded were adopted (98.43 %);
* 8 warnings, 250 home visits, and the one group education of the half-year: the
  traditional-culture course with 17 officers and 60 subjects.

The stock is built from its parts: 828 subjects in correction on 1 January, of whom 471 leave
in the half-year (462 released, 1 died, 3 revoked, 5 moved away — 3 of them to another 司法所
of the city, where they are registered again as 迁入, not as new receptions), plus 405 new and
3 moved in: 828 − 471 + 405 + 3 = 765.

Records are bulk-inserted (subjects, assessments and measures with one "created" history row
each), as the other demo modules do. The released persons handed to 安置帮教 are written by
sifa/resettlement/demo.py, which runs next.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from sifa.core import bulk
from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import add_months, compute, term_end
from sifa.core.demo import HISTORY_REASON, TAIL_START, DemoContext, per_month, random_date
from sifa.corrections.actions.subjects import subject_is_minor
from sifa.corrections.constants import (
    INVESTIGATION_RULE,
    AlertKind,
    CommissioningBody,
    DecisionOrgan,
    EducationKind,
    InvestigationResult,
    InvestigationStage,
    MeasureKind,
    MonitoringGround,
    ProposalOutcome,
    ReleaseType,
    ReportType,
    SentenceType,
    Status,
    SupervisionKind,
    TeamRole,
    TerminationType,
)
from sifa.corrections.models import (
    Alert,
    CategoryChange,
    CheckIn,
    Education,
    Geofence,
    Investigation,
    Measure,
    Monitoring,
    PlaceChange,
    Subject,
    SubjectEvent,
    Supervision,
    TeamMember,
)
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.people.demo import make_person, save_people, synthetic_name
from sifa.people.models import Gender

ORDER = 120  # after legal aid (110)

H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)
DATA_START = date(2024, 1, 1)
NUMBER_PREFIX = "339081-JZ-"
CITY_CODE = "339081"

# --- SEED_FIGURES.md, 社区矫正 (first half of 2026, whole city) -------------------------------
RECEIVED_H1 = 405
RELEASED_H1 = 462
DEATHS_H1 = 1
REVOKED_H1 = 3
UNDER_CORRECTION_END_H1 = 765
ASSESSMENTS_H1 = 528
ASSESSMENT_STAGES_H1 = {
    InvestigationStage.PRE_TRIAL: 408,
    InvestigationStage.PRE_PROSECUTION: 17,
    InvestigationStage.PRE_PAROLE: 21,
    InvestigationStage.INVESTIGATION: 70,
    InvestigationStage.PRE_OUTSIDE: 12,
}
ADOPTION_RECORDED_H1, ADOPTED_H1 = 510, 502  # 98.43 %
WARNINGS_H1 = 8
HOME_VISITS_H1 = 250
COURSE_STAFF, COURSE_SUBJECTS = 17, 60
COURSE_DAY = date(2026, 5, 20)
COURSE_TOPIC = "传统文化教育专题课程（中华优秀传统文化与法治教育）"

# Moves in the half-year: inside the city (out + in again) and out of the city.
MOVES_INSIDE_H1, MOVES_AWAY_H1 = 3, 2
# In correction on 1 January (see the module docstring).
CONTINUING_H1 = UNDER_CORRECTION_END_H1 - RECEIVED_H1 - MOVES_INSIDE_H1  # 357
STOCK_START_H1 = (
    CONTINUING_H1 + RELEASED_H1 + DEATHS_H1 + REVOKED_H1 + MOVES_INSIDE_H1 + MOVES_AWAY_H1
)  # 828
# History and the second half: released / revoked / died before 2026, received after June.
RELEASED_BEFORE = 880
REVOKED_BEFORE, DEATHS_BEFORE = 6, 2
RECEIVED_PER_MONTH_AFTER = 67.5  # newly received a month after June (270 in July–October)
AWAITING_AT_END = 5

COUNTY_CENTRE = (Decimal("29.300000"), Decimal("120.100000"))  # fictional, in Zhejiang
COUNTY_RADIUS_KM = Decimal("40.00")

CRIMES = (
    ("危险驾驶罪", "public_security", 30),
    ("盗窃罪", "property", 16),
    ("诈骗罪", "property", 8),
    ("帮助信息网络犯罪活动罪", "social_order", 10),
    ("故意伤害罪", "personal_rights", 8),
    ("交通肇事罪", "public_security", 7),
    ("开设赌场罪", "social_order", 5),
    ("寻衅滋事罪", "social_order", 5),
    ("非法吸收公众存款罪", "market_order", 3),
    ("掩饰、隐瞒犯罪所得罪", "social_order", 4),
    ("受贿罪", "corruption", 1),
    ("失火罪", "public_security", 1),
    ("非法捕捞水产品罪", "social_order", 2),
)
SENTENCE_TYPES = (
    (SentenceType.PROBATION, 86),
    (SentenceType.PAROLE, 7),
    (SentenceType.OUTSIDE_PRISON, 4),
    (SentenceType.CONTROL, 3),
)
CATEGORIES = (("ordinary", 60), ("lenient", 30), ("strict", 10))
COURT = "青川市人民法院"
UPPER_COURT = "中级人民法院"
PRISON_ADMIN = "浙江省监狱管理局"


def is_present() -> bool:
    return Subject.objects.filter(number__startswith=NUMBER_PREFIX).exists()


@dataclass
class Spec:
    """A subject before it is written: where, when registered, how (and when) it ends."""

    office: Office
    registered: date | None  # None: awaiting report on the demo's today
    end_kind: str = ""  # "" (still in correction), released, terminated, transferred
    end_on: date | None = None
    termination_type: str = ""
    months: int = 12
    start: date | None = None  # the correction period's first day, when fixed by the plan
    sentence_type: str = SentenceType.PROBATION
    # Drawn at random to pick the person's birth date (15–17 years before registration);
    # the subject's flag is then derived from that birth date (`subject_is_minor`), as in use.
    is_minor: bool = False
    late: bool = False
    moved_to: Office | None = None  # a move inside the city: the next episode's office
    moved_from_spec: Spec | None = None
    person: object = None
    subject: Subject | None = None
    extra: dict = field(default_factory=dict)

    def active_on(self, day: date) -> bool:
        return (
            bool(self.registered)
            and self.registered <= day
            and (self.end_on is None or self.end_on > day)
        )


# ---------------------------------------------------------------------------------------------
# Entry points


def load(ctx: DemoContext) -> None:
    rng = ctx.rng("corrections.subjects")
    specs = plan_subjects(ctx, rng)
    write_subjects(ctx, rng, specs)
    ctx.log(f"  社区矫正对象 {len(specs)} 人次")
    assessments = write_investigations(ctx, ctx.rng("corrections.investigations"))
    ctx.log(f"  调查评估 {assessments} 件")
    write_measures(ctx.rng("corrections.measures"), specs, ctx.today)
    write_education(ctx, ctx.rng("corrections.education"), specs)
    write_supervision(ctx, ctx.rng("corrections.supervision"), specs)
    ctx.shared["corrections.subjects"] = [s.subject for s in specs]


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    for model in (
        Alert,
        CheckIn,
        Monitoring,
        Supervision,
        Education,
        Measure,
        PlaceChange,
        CategoryChange,
        TeamMember,
        SubjectEvent,
        Subject,
        Investigation,
        Geofence,
    ):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除社区矫正演示数据")


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _months(rng: random.Random, sentence_type: str, least: int = 6) -> int:
    if sentence_type == SentenceType.PROBATION:
        choices = (12, 12, 18, 24, 24, 36, 36, 48, 60)
    elif sentence_type == SentenceType.CONTROL:
        choices = (6, 8, 10, 12, 18)
    else:
        choices = (7, 9, 12, 15, 18, 24)
    return max(least, rng.choice(choices))


def _start_for_end(end: date, months: int) -> date:
    """The first day of a period of `months` whose last day is `end`."""
    return add_months(end + timedelta(days=1), -months)


# ---------------------------------------------------------------------------------------------
# Planning


def plan_subjects(ctx: DemoContext, rng: random.Random) -> list[Spec]:
    offices = ctx.offices["judicial_offices"]
    today = ctx.today
    specs: list[Spec] = []

    def spec(registered, **kw) -> Spec:
        s = Spec(office=rng.choice(offices), registered=registered, **kw)
        if "sentence_type" not in kw:
            s.sentence_type = _weighted(rng, SENTENCE_TYPES)
        s.is_minor = rng.random() < 0.015
        s.late = rng.random() < 0.03
        specs.append(s)
        return s

    # History: released, revoked or died before 2026.
    for _ in range(RELEASED_BEFORE):
        end = random_date(rng, DATA_START, date(2025, 12, 31))
        s = spec(None, end_kind="released", end_on=end)
        s.months = _months(rng, s.sentence_type)
        s.start, s.late = _start_for_end(end, s.months), False
        s.registered = _registered_for(rng, s.start)
    for kind, count in (
        (TerminationType.REVOKED_PROBATION, REVOKED_BEFORE),
        (TerminationType.DEATH, DEATHS_BEFORE),
    ):
        for _ in range(count):
            end = random_date(rng, date(2024, 3, 1), date(2025, 11, 30))
            s = spec(
                random_date(rng, date(2022, 6, 1), end - timedelta(days=120)),
                end_kind="terminated",
                end_on=end,
                termination_type=kind,
                sentence_type=SentenceType.PROBATION,
            )
            s.months = 36
    # In correction on 1 January 2026, leaving in the half-year.
    for _ in range(RELEASED_H1):
        end = random_date(rng, H1_START, H1_END)
        s = spec(None, end_kind="released", end_on=end)
        s.months = _months(rng, s.sentence_type, least=10)
        s.start, s.late = _start_for_end(end, s.months), False
        s.registered = _registered_for(rng, s.start)
    h1_terminations = [TerminationType.DEATH] * DEATHS_H1
    h1_terminations += [TerminationType.REVOKED_PROBATION] * REVOKED_H1
    for kind in h1_terminations:
        s = spec(
            random_date(rng, date(2024, 6, 1), date(2025, 9, 30)),
            end_kind="terminated",
            end_on=random_date(rng, date(2026, 2, 1), date(2026, 6, 20)),
            termination_type=kind,
            sentence_type=SentenceType.PROBATION,
        )
        s.months = 36
    for number in range(MOVES_INSIDE_H1 + MOVES_AWAY_H1):
        s = spec(
            random_date(rng, date(2024, 9, 1), date(2025, 10, 31)),
            end_kind="transferred",
            end_on=random_date(rng, date(2026, 2, 1), date(2026, 6, 10)),
            sentence_type=SentenceType.PROBATION,
        )
        s.months = 36
        if number < MOVES_INSIDE_H1:
            s.moved_to = rng.choice([o for o in offices if o != s.office])
    # Continuing past June (some released at term end in the second half).
    for _ in range(CONTINUING_H1):
        s = spec(random_date(rng, date(2022, 1, 1), date(2025, 12, 20)))
        s.months = _months(rng, s.sentence_type)
        start = _start_of(s)
        while term_end(start, months=s.months) <= H1_END:
            s.months += 6
        end = term_end(start, months=s.months)
        if end <= today:
            s.end_kind, s.end_on = "released", end
    # The moves inside the city: registered again at the new 司法所 within 7 days.
    for old in [s for s in specs if s.moved_to is not None]:
        new = Spec(
            office=old.moved_to,
            registered=old.end_on + timedelta(days=rng.randint(2, 7)),
            months=old.months,
            start=_start_of(old),
            sentence_type=old.sentence_type,
            is_minor=old.is_minor,
            moved_from_spec=old,
        )
        specs.append(new)
    # Newly received in the half-year, and after it.
    for first, last, count in (
        (H1_START, H1_END, RECEIVED_H1),
        (TAIL_START, today, per_month(RECEIVED_PER_MONTH_AFTER, TAIL_START, today)),
    ):
        for _ in range(count):
            s = spec(random_date(rng, first, last))
            s.months = _months(rng, s.sentence_type, least=7)
            end = term_end(_start_of(s), months=s.months)
            if end <= today:
                s.end_kind, s.end_on = "released", end
    # Notified, not yet reported on the demo's today (one of them overdue: searched for).
    for number in range(AWAITING_AT_END):
        s = spec(None)
        s.extra["notified"] = today - timedelta(days=3 + number * 4)
    return specs


def _registered_for(rng: random.Random, start: date) -> date:
    return start + timedelta(days=rng.randint(1, 8))


def _start_of(s: Spec) -> date:
    """The correction period's first day: the judgment's effect, a few days before reporting."""
    if s.start is not None:
        return s.start
    if s.late:  # reported after the 10 days of CC-2
        return s.registered - timedelta(days=(s.registered.toordinal() % 6) + 11)
    return s.registered - timedelta(days=(s.registered.toordinal() % 7) + 1)


# ---------------------------------------------------------------------------------------------
# Writing the subjects


def _person_for(ctx, rng, s: Spec):
    villages = ctx.shared.get("orgs.villages", {})
    codes = [c for c in villages if c.startswith(s.office.region_code)]
    code = rng.choice(codes) if codes else s.office.region_code
    gender = Gender.FEMALE if rng.random() < 0.12 else Gender.MALE
    registered = s.registered or s.extra["notified"]
    if s.is_minor:
        born_from, born_to = (
            registered - timedelta(days=17 * 365),
            registered - timedelta(days=15 * 365),
        )
    else:
        born_from, born_to = date(1958, 1, 1), registered - timedelta(days=20 * 365)
    return make_person(
        rng,
        office=s.office,
        issued=ctx.id_numbers,
        address_code=CITY_CODE,
        region_code=code,
        address=f"青川市{villages.get(code, '')}{rng.randint(1, 199)}号",
        gender=gender,
        born_from=born_from,
        born_to=born_to,
    )


def write_subjects(ctx: DemoContext, rng: random.Random, specs: list[Spec]) -> None:
    originals = [s for s in specs if s.moved_from_spec is None]
    persons = save_people([_person_for(ctx, rng, s) for s in originals])
    for s, person in zip(originals, persons, strict=True):
        s.person = person
    for s in specs:
        if s.moved_from_spec is not None:
            s.person = s.moved_from_spec.person
    serial: dict[int, int] = {}
    rows = []
    for s in specs:
        rows.append(_subject_row(ctx, rng, s, serial))
    saved = bulk.insert_with_history(rows, reason=HISTORY_REASON)
    drawn = sum(s.is_minor for s in specs)
    for s, subject in zip(specs, saved, strict=True):
        s.subject = subject
        s.is_minor = subject.is_minor  # the derived flag from here on (team, watch list)
    ctx.log(f"  未成年人（按出生日期）{sum(s.is_minor for s in specs)} 人次（抽样 {drawn}）")
    events, categories, team, moves = [], [], [], []
    for s in specs:
        events += _events(s)
        subject = s.subject
        if subject.announced_on:
            categories.append(
                CategoryChange(
                    office=subject.office,
                    subject=subject,
                    from_category="",
                    to_category=subject.category,
                    changed_on=subject.announced_on,
                    reason="入矫评估，确定管理类别。",
                )
            )
        if subject.status == Status.UNDER_CORRECTION:
            team += _team(rng, s)
        if s.moved_from_spec is not None:
            old = s.moved_from_spec
            moves.append(
                PlaceChange(
                    office=old.office,
                    subject=old.subject,
                    to_office=s.office,
                    applied_on=old.end_on - timedelta(days=35),
                    opinion_requested_on=old.end_on - timedelta(days=32),
                    opinion_replied_on=old.end_on - timedelta(days=28),
                    approved=True,
                    decided_on=old.end_on - timedelta(days=25),
                    reported_on=s.registered,
                    new_subject=subject,
                )
            )
    bulk.insert(events)
    bulk.insert(categories)
    bulk.insert(team)
    bulk.insert(moves)


def _subject_row(ctx: DemoContext, rng: random.Random, s: Spec, serial: dict[int, int]) -> Subject:
    today = ctx.today
    crime, crime_category = _weighted(rng, [((c, k), w) for c, k, w in CRIMES])
    notified = s.extra.get("notified")
    if s.registered:
        start = effective = _start_of(s)
    else:
        effective = notified - timedelta(days=rng.randint(1, 3))
        start = effective
    year = (s.registered or notified).year
    serial[year] = serial.get(year, 0) + 1
    organ = DecisionOrgan.COURT
    organ_name = COURT
    if s.sentence_type == SentenceType.PAROLE:
        organ_name = f"浙江省某市{UPPER_COURT}"
    elif s.sentence_type == SentenceType.OUTSIDE_PRISON and rng.random() < 0.5:
        organ, organ_name = DecisionOrgan.PRISON_ADMIN, PRISON_ADMIN
    # The crime some 2–10 months before the judgment (no draw: the seed figures stay put).
    offence_on = effective - timedelta(days=60 + effective.toordinal() % 240)
    sentence = {
        SentenceType.PROBATION: f"有期徒刑{max(1, s.months // 24)}年，缓刑{s.months // 12 or 1}年",
        SentenceType.CONTROL: f"管制{s.months}个月",
        SentenceType.PAROLE: f"有期徒刑{s.months // 12 + 3}年，假释",
        SentenceType.OUTSIDE_PRISON: f"有期徒刑{s.months // 12 + 1}年，暂予监外执行",
    }[s.sentence_type]
    subject = Subject(
        office=s.office,
        number=ctx.numbers.format(
            "corrections.subject", office=s.office, year=year, seq=serial[year]
        ),
        person=s.person,
        sentence_type=s.sentence_type,
        crime=crime,
        crime_category=crime_category,
        original_sentence=sentence,
        sentence_months=s.months,
        decision_organ=organ,
        decision_organ_name=organ_name,
        judgment_number=f"（{effective.year}）浙0981刑初{rng.randint(100, 1999)}号",
        judgment_effective_on=effective,
        offence_on=offence_on,
        is_minor=subject_is_minor(s.person, offence_on=offence_on, judgment_effective_on=effective),
        notified_on=notified or min(s.registered, effective + timedelta(days=rng.randint(1, 4))),
        report_due_on=effective + timedelta(days=10),
        correction_start=start,
        correction_end=term_end(start, months=s.months),
    )
    if s.sentence_type == SentenceType.CONTROL and rng.random() < 0.3:
        subject.prohibition_order = "禁止进入夜总会、酒吧、迪厅、网吧等娱乐场所。"
    if not s.registered:
        subject.status = Status.AWAITING_REPORT
        if subject.report_due_on < today:
            subject.status = Status.NOT_REPORTED
        return subject
    subject.documents_received_on = subject.notified_on
    subject.receipt_sent_on = subject.notified_on + timedelta(days=rng.randint(1, 4))
    subject.reported_on = subject.registered_on = s.registered
    subject.report_type = ReportType.LATE if s.late else ReportType.ON_TIME
    subject.announced_on = s.registered + timedelta(days=rng.randint(0, 2))
    if s.end_on is not None and subject.announced_on >= s.end_on:
        subject.announced_on = s.registered
    subject.category = _weighted(rng, CATEGORIES)
    subject.status = Status.UNDER_CORRECTION
    if s.end_kind == "released":
        subject.status = Status.RELEASED
        subject.released_on = s.end_on
        subject.correction_end = s.end_on
        subject.release_type = ReleaseType.EXPIRY
        subject.certificate_number = ctx.numbers.format(
            "corrections.certificate", office=s.office, year=s.end_on.year, seq=serial[year]
        )
        subject.ended_note = "矫正期满，依法解除社区矫正，举行解矫宣告。"
    elif s.end_kind == "terminated":
        subject.status = Status.TERMINATED
        subject.terminated_on = s.end_on
        subject.termination_type = s.termination_type
        subject.ended_note = (
            "社区矫正对象因病死亡，家属报告后通知决定机关、检察院、公安机关。"
            if s.termination_type == TerminationType.DEATH
            else "人民法院裁定撤销缓刑，执行原判刑罚，已由公安机关送交监狱。"
        )
    elif s.end_kind == "transferred":
        subject.status = Status.TRANSFERRED_OUT
        subject.transferred_on = s.end_on
        subject.ended_note = "执行地变更，已移交新执行地社区矫正机构。"
    return subject


def _events(s: Spec) -> list[SubjectEvent]:
    subject = s.subject
    steps = [("", Status.AWAITING_REPORT, subject.notified_on, "收到执行通知书。")]
    if subject.status == Status.NOT_REPORTED:
        steps.append(
            (
                Status.AWAITING_REPORT,
                Status.NOT_REPORTED,
                subject.report_due_on + timedelta(days=1),
                "逾期未报到，组织查找并通知决定机关。",
            )
        )
    if subject.registered_on:
        steps.append((Status.AWAITING_REPORT, Status.RECEIVED, subject.registered_on, ""))
        steps.append((Status.RECEIVED, Status.UNDER_CORRECTION, subject.announced_on, "入矫宣告。"))
        end = {
            Status.RELEASED: subject.released_on,
            Status.TERMINATED: subject.terminated_on,
            Status.TRANSFERRED_OUT: subject.transferred_on,
        }.get(subject.status)
        if end:
            steps.append((Status.UNDER_CORRECTION, subject.status, end, subject.ended_note))
    return [
        bulk.new(
            SubjectEvent,
            office=subject.office,
            subject=subject,
            from_status=old,
            to_status=new,
            happened_on=on,
            reason=reason,
        )
        for old, new, on, reason in steps
    ]


def _team(rng: random.Random, s: Spec) -> list[TeamMember]:
    subject = s.subject
    female = s.person.gender == Gender.FEMALE
    members = [
        (
            synthetic_name(rng, Gender.FEMALE if female else Gender.MALE),
            TeamRole.JUDICIAL_OFFICE,
            female,
        ),
        (synthetic_name(rng, Gender.MALE), TeamRole.VILLAGE_COMMITTEE, False),
        (synthetic_name(rng, Gender.FEMALE), TeamRole.FAMILY, True),
    ]
    rows = [
        bulk.new(
            TeamMember,
            office=subject.office,
            subject=subject,
            name=name,
            role=role,
            is_female=is_female,
            versed_in_minors=s.is_minor and role == TeamRole.JUDICIAL_OFFICE,
        )
        for name, role, is_female in members
    ]
    if s.is_minor:
        rows.append(
            bulk.new(
                TeamMember,
                office=subject.office,
                subject=subject,
                name=synthetic_name(rng, Gender.FEMALE),
                role=TeamRole.SOCIAL_WORKER,
                is_female=True,
                versed_in_minors=True,
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------
# 调查评估


_CALENDAR = WorkingCalendar()
BODIES = {
    InvestigationStage.PRE_TRIAL: (CommissioningBody.COURT, COURT),
    InvestigationStage.PRE_PROSECUTION: (CommissioningBody.PROCURATORATE, "青川市人民检察院"),
    InvestigationStage.INVESTIGATION: (CommissioningBody.POLICE, "青川市公安局"),
    InvestigationStage.PRE_PAROLE: (CommissioningBody.PRISON, "浙江省第某监狱"),
    InvestigationStage.PRE_OUTSIDE: (CommissioningBody.PRISON, "浙江省第某监狱"),
}


def write_investigations(ctx: DemoContext, rng: random.Random) -> int:
    offices = ctx.offices["judicial_offices"]
    plans = []  # (completed_on or None, stage, adoption: True/False/None)
    h1 = [stage for stage, n in ASSESSMENT_STAGES_H1.items() for _ in range(n)]
    rng.shuffle(h1)
    adoption = [True] * ADOPTED_H1 + [False] * (ADOPTION_RECORDED_H1 - ADOPTED_H1)
    adoption += [None] * (ASSESSMENTS_H1 - ADOPTION_RECORDED_H1)
    rng.shuffle(adoption)
    for stage, adopted in zip(h1, adoption, strict=True):
        plans.append((random_date(rng, H1_START, H1_END), stage, adopted))
    stages = list(ASSESSMENT_STAGES_H1.items())
    completed_by = ctx.today - timedelta(days=11)
    for first, last, count in (
        (date(2025, 1, 1), date(2025, 12, 31), 960),
        # After June about 88 a month, completed up to 11 days before the demo's today.
        (TAIL_START, completed_by, per_month(88, TAIL_START, completed_by)),
    ):
        for _ in range(count):
            adopted = rng.random() < 0.985 if rng.random() < 0.97 else None
            plans.append((random_date(rng, first, last), _weighted(rng, stages), adopted))
    for _ in range(6):  # still open on the demo's today
        plans.append((None, _weighted(rng, stages), None))
    persons = save_people(
        [
            make_person(
                rng,
                office=(office := rng.choice(offices)),
                issued=ctx.id_numbers,
                address_code=CITY_CODE,
                region_code=office.region_code,
                born_from=date(1960, 1, 1),
                born_to=date(2004, 12, 31),
            )
            for _ in plans
        ]
    )
    rows = []
    serial: dict[int, int] = {}
    for (completed, stage, adopted), person in zip(plans, persons, strict=True):
        received = (completed or ctx.today) - timedelta(days=rng.randint(3, 12))
        summary = stage == InvestigationStage.PRE_TRIAL and rng.random() < 0.1
        body, body_name = BODIES[stage]
        serial[received.year] = serial.get(received.year, 0) + 1
        crime, _kind = _weighted(rng, [((c, k), w) for c, k, w in CRIMES])
        row = Investigation(
            office=person.office,
            commission_number=f"青川调评〔{received.year}〕{serial[received.year]:04d}号",
            commissioning_body=body,
            commissioning_name=body_name,
            stage=stage,
            person=person,
            crime=crime,
            proposed_sentence="拟判处有期徒刑一年，适用缓刑"
            if stage != InvestigationStage.PRE_PAROLE
            else "拟假释",
            received_on=received,
            summary_procedure=summary,
            due_on=compute(INVESTIGATION_RULE, received, calendar=_CALENDAR),
            investigators="、".join(synthetic_name(rng, g) for g in (Gender.MALE, Gender.FEMALE)),
        )
        if completed:
            row.completed_on = completed
            row.items = (
                "走访居住地村（居）委会、家庭成员及被害人，核实居所、家庭和社会关系、一贯表现。"
            )
            row.result = (
                InvestigationResult.SUITABLE
                if rng.random() < 0.9
                else InvestigationResult.UNSUITABLE
            )
            row.reasons = "有固定住所，家庭成员愿意协助监管，村（居）委会无异议。"
            if adopted is not None:
                row.adopted = adopted
                row.adoption_recorded_on = min(
                    completed + timedelta(days=rng.randint(5, 40)), ctx.today
                )
        rows.append(row)
    bulk.insert_with_history(rows, reason=HISTORY_REASON)
    return len(rows)


# ---------------------------------------------------------------------------------------------
# 考核奖惩


def _measure(s: Spec, kind, on, facts, **extra) -> Measure:
    return Measure(
        office=s.office,
        subject=s.subject,
        kind=kind,
        facts=facts,
        decided_on=on,
        decided_by="青川市社区矫正管理局",
        **extra,
    )


def write_measures(rng: random.Random, specs: list[Spec], today: date) -> None:
    rows = []
    for s in specs:
        if s.termination_type in (TerminationType.REVOKED_PROBATION,):
            # two warnings not corrected → proposal to revoke (CC-19), granted by the court
            granted = s.end_on
            proposed = granted - timedelta(days=rng.randint(12, 25))
            second = proposed - timedelta(days=rng.randint(5, 15))
            if s.end_on >= H1_START:
                first = date(2025, 10, 1) + timedelta(days=rng.randint(0, 60))
                second = max(second, H1_START + timedelta(days=2))
            else:
                first = second - timedelta(days=rng.randint(30, 60))
            for on in (first, second):
                rows.append(
                    _measure(
                        s, MeasureKind.WARNING, on, "未经批准擅自离开所居住的县，经教育仍不改正。"
                    )
                )
            rows.append(
                _measure(
                    s,
                    MeasureKind.REVOKE_PROBATION,
                    proposed,
                    "受到两次警告仍不改正，依法提请撤销缓刑。",
                    addressee=COURT,
                    outcome=ProposalOutcome.GRANTED,
                    outcome_on=granted,
                    outcome_note="人民法院裁定撤销缓刑，执行原判刑罚。",
                )
            )
    revoked = sum(
        1 for r in rows if r.kind == MeasureKind.WARNING and H1_START <= r.decided_on <= H1_END
    )
    in_correction: dict[date, list[Spec]] = {}  # by day: asked again for the same days

    def active(day: date) -> list[Spec]:
        if day not in in_correction:
            in_correction[day] = [s for s in specs if s.active_on(day) and not s.termination_type]
        return in_correction[day]

    # The other warnings of the half-year, then admonitions and commendations, by period.
    for first, last, warnings, admonitions, commendations in (
        (DATA_START, date(2025, 12, 31), 14, 40, 90),
        (H1_START, H1_END, WARNINGS_H1 - revoked, 15, 32),
        # After June: about 1.25 warnings, 2.5 admonitions and 5 commendations a month.
        (TAIL_START, today, *(per_month(n, TAIL_START, today) for n in (1.25, 2.5, 5))),
    ):
        for kind, count, facts in (
            (MeasureKind.WARNING, warnings, "超过规定时间未报告活动情况，经训诫后仍不改正。"),
            (MeasureKind.ADMONITION, admonitions, "未按规定时间参加集体教育。"),
            (
                MeasureKind.COMMENDATION,
                commendations,
                "认罪悔罪，遵守监督管理规定，积极参加公益活动。",
            ),
        ):
            for _ in range(count):
                on = random_date(rng, first, last)
                rows.append(_measure(rng.choice(active(on)), kind, on, facts))
    # A proposal still before the court on the demo's today (its subject may not be released:
    # CC-31).
    on = today - timedelta(days=9)
    pending = rng.choice(
        [s for s in active(on) if s.end_on is None and s.sentence_type == SentenceType.PROBATION]
    )
    rows.append(_measure(pending, MeasureKind.WARNING, on - timedelta(days=40), "未经批准外出。"))
    rows.append(
        _measure(pending, MeasureKind.WARNING, on - timedelta(days=12), "再次未经批准外出。")
    )
    rows.append(
        _measure(
            pending,
            MeasureKind.REVOKE_PROBATION,
            on,
            "受到两次警告仍不改正，依法提请撤销缓刑。",
            addressee=COURT,
            outcome=ProposalOutcome.PENDING,
        )
    )
    bulk.insert_with_history(rows, reason=HISTORY_REASON)


# ---------------------------------------------------------------------------------------------
# 教育帮扶


def write_education(ctx: DemoContext, rng: random.Random, specs: list[Spec]) -> None:
    institution = ctx.offices.get("corrections") or ctx.offices["bureau"]
    offices = ctx.offices["judicial_offices"]
    today = ctx.today

    in_correction: dict[tuple, list[Spec]] = {}  # by day and office: asked again for them
    of_office: dict[int, list[Spec]] = defaultdict(list)  # in the order of `specs`
    for s in specs:
        of_office[s.office.pk].append(s)

    def active(day, office=None):
        key = (day, office.pk if office is not None else None)
        if key not in in_correction:
            candidates = specs if office is None else of_office[office.pk]
            in_correction[key] = [s for s in candidates if s.active_on(day)]
        return in_correction[key]

    activities: list[tuple[Education, list[Spec]]] = []

    def add(office, kind, on, topic, hours, staff, participants):
        activities.append(
            (
                bulk.new(
                    Education,
                    office=office,
                    kind=kind,
                    held_on=on,
                    topic=topic,
                    hours=Decimal(hours),
                    staff_count=staff,
                ),
                participants,
            )
        )

    # The one group education of the half-year: the traditional-culture course.
    add(
        institution,
        EducationKind.GROUP,
        COURSE_DAY,
        COURSE_TOPIC,
        "3.0",
        COURSE_STAFF,
        rng.sample(active(COURSE_DAY), COURSE_SUBJECTS),
    )
    # Group education every month outside the half-year.
    day = date(2024, 1, 15)
    while day <= ctx.today:
        if not H1_START <= day <= H1_END:
            pool = active(day)
            add(
                institution,
                EducationKind.GROUP,
                day,
                "法治教育和社会主义核心价值观教育",
                "2.0",
                rng.randint(6, 12),
                rng.sample(pool, min(len(pool), rng.randint(40, 80))),
            )
        day = add_months(day, 1)
    for first, last, visits, individual, counselling, public in (
        (date(2025, 1, 1), date(2025, 12, 31), 420, 260, 70, 24),
        (H1_START, H1_END, HOME_VISITS_H1, 140, 38, 12),
        # After June: about 37.5 home visits, 22.5 talks, 6 counsellings, 2 public works a month.
        (TAIL_START, today, *(per_month(n, TAIL_START, today) for n in (37.5, 22.5, 6.25, 2))),
    ):
        for kind, count, topic, hours in (
            (EducationKind.HOME_VISIT, visits, "走访困难家庭，了解生活困难并协调救助", "1.5"),
            (EducationKind.INDIVIDUAL, individual, "个别谈话教育", "1.0"),
            (EducationKind.COUNSELLING, counselling, "心理健康评估与疏导", "1.0"),
            (EducationKind.PUBLIC_INTEREST, public, "参加社区环境整治公益活动", "4.0"),
        ):
            for _ in range(count):
                on = random_date(rng, first, last)
                office = rng.choice(offices)
                pool = active(on, office) or active(on)
                size = rng.randint(5, 12) if kind == EducationKind.PUBLIC_INTEREST else 1
                add(
                    office,
                    kind,
                    on,
                    topic,
                    hours,
                    rng.randint(1, 3),
                    rng.sample(pool, min(size, len(pool))),
                )
    saved = bulk.insert([a for a, _ in activities])
    through = Education.subjects.through
    bulk.insert(
        [
            bulk.new(through, education_id=activity.pk, subject_id=s.subject.pk)
            for activity, (_a, participants) in zip(saved, activities, strict=True)
            for s in participants
        ]
    )


# ---------------------------------------------------------------------------------------------
# Supervision, monitoring, alerts, the county's geofence


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 17), tzinfo=timezone.get_current_timezone())


def write_supervision(ctx: DemoContext, rng: random.Random, specs: list[Spec]) -> None:
    bureau = ctx.offices["bureau"]
    Geofence.objects.create(
        office=bureau,
        latitude=COUNTY_CENTRE[0],
        longitude=COUNTY_CENTRE[1],
        radius_km=COUNTY_RADIUS_KM,
    )
    rows = []
    day = date(2026, 1, 5)
    today = ctx.today
    active_end = [s for s in specs if s.active_on(today)]
    while day <= today:  # a sample of the monthly checks: field visits and info checks
        for s in rng.sample([s for s in specs if s.active_on(day)], 40):
            rows.append(
                Supervision(
                    office=s.office,
                    subject=s.subject,
                    kind=rng.choice((SupervisionKind.FIELD_VISIT, SupervisionKind.INFO_CHECK)),
                    happened_on=day + timedelta(days=rng.randint(0, 20)),
                    content="核实居住地及日常活动情况，未见异常。",
                )
            )
        day = add_months(day, 1)
    bulk.insert(rows)
    # Two subjects under electronic monitoring on the demo's today, each with an open alert.
    watched = rng.sample([s for s in active_end if not s.is_minor and s.end_on is None], 2)
    grounds = (MonitoringGround.LEFT_WITHOUT_APPROVAL, MonitoringGround.WARNED_FOR_NOT_REPORTING)
    for number, (s, ground) in enumerate(zip(watched, grounds, strict=True)):
        start = today - timedelta(days=20 + 25 * number)
        Monitoring.objects.create(
            office=s.office,
            subject=s.subject,
            ground=ground,
            approved_by="王建国（青川市司法局局长）",
            approved_on=start - timedelta(days=1),
            start_on=start,
            end_on=add_months(start, 3) - timedelta(days=1),
            device_id=f"QC-DW-{2026000 + number + 1}",
        )
    s = watched[0]
    check_in = CheckIn.objects.create(
        office=s.office,
        subject=s.subject,
        at=_moment(today - timedelta(days=1), 21),
        latitude=Decimal("30.274000"),
        longitude=Decimal("120.155000"),
        accuracy_m=30,
        outside=True,
    )
    Alert.objects.create(
        office=s.office,
        subject=s.subject,
        kind=AlertKind.LEFT_COUNTY,
        raised_at=check_in.at,
        detail="定位签到位置在执行地范围以外（约110公里），且无外出审批。",
        check_in=check_in,
    )
    s = watched[1]
    Alert.objects.create(
        office=s.office,
        subject=s.subject,
        kind=AlertKind.LOST_CONTACT,
        raised_at=_moment(today, 9),
        detail="连续两日未按规定签到，电话无法接通。",
    )
    # One handled alert in the half-year.
    s = rng.choice([s for s in specs if s.active_on(date(2026, 3, 10)) and s.end_on is None])
    Alert.objects.create(
        office=s.office,
        subject=s.subject,
        kind=AlertKind.OVERDUE_RETURN,
        raised_at=_moment(date(2026, 3, 10), 8),
        detail="外出期满未按期返回。",
        handled_on=date(2026, 3, 10),
        handling="电话联系，对象因交通原因延误一日，当日返回并销假，予以批评教育。",
    )
