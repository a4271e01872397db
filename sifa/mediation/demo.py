"""人民调解演示数据: cases, agreements, screenings, subsidies and centre work of 青川市.

The records run from 2025-01-01 to `ctx.today` (the demo's "today": the day it is loaded, see
sifa/core/demo.py); after the half-year they keep its monthly rhythm. For the half-year
2026-01-01 … 2026-06-30 the mediation indicators give exactly the figures of the reference
summary (SEED_FIGURES.md, 人民调解); see docs/mediation.md for how each one comes out.

The figures fix counts in the half-year; everything around them (2025, the second half of
2026, failures, refusals, open cases) is drawn so that it never lands in a fixed count:

* cases accepted (受理, by received_on) in the half-year: exactly `ACCEPTED_H1`, split between
  the professional committees (`PROFESSIONAL`), the centre itself and the other committees;
* successes (by the agreement's effective date) of a professional committee in the half-year
  = successes of its half-year cases + a backlog of cases received in Sep–Dec 2025 (traffic
  accidents wait for the disability assessment, so many close months later); its 2025 cases
  otherwise close in 2025 and its half-year cases that succeed later do so in July;
* medical, consumer (with its sub-types) and traffic disputes go only to their professional
  committees, so the successes of those types are the committees' figures;
* subsidy claims: every successful, archived case is claimed; among the claims whose file
  check falls in the half-year, just enough are rejected to leave `FILES_VERIFIED_H1`, and
  the grades of the claims paid in the half-year's batches are tuned to `SUBSIDY_PAID_H1`.

Volumes are bulk-inserted (`core.bulk`): the cases with one "created" history row each
(change reason 演示数据); agreements, claims, screenings and the rest with no history rows (as
the benchmark generator does). Parties are legal persons or drawn from a pool of
registered persons per township (3,900 in all), so few persons need encrypting.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sifa.core import bulk
from sifa.core.demo import (
    HISTORY_REASON,
    TAIL_START,
    DemoContext,
    per_month,
    random_date,
    split_total,
)
from sifa.mediation.actions.committees import years_later
from sifa.mediation.actions.subsidies import CommitteeLevel, SubsidyGrade, committee_level
from sifa.mediation.constants import (
    MEMBER_TERM_YEARS,
    AgreementForm,
    CaseStatus,
    ConfirmationDecision,
    FindingHandling,
    MemberRole,
    PartyKind,
    PartyRole,
    Performance,
    RiskFlag,
    RiskLevel,
    ScreeningKind,
)
from sifa.mediation.models import (
    Agreement,
    CaseEvent,
    CaseParty,
    CommitteeMember,
    EscalationPrevented,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    PetitionDissuaded,
    Reception,
    Screening,
    ScreeningFinding,
    SubsidyBatch,
    SubsidyClaim,
    SubsidyRate,
)
from sifa.orgs import access
from sifa.orgs.constants import MEDIATOR_POST, OfficeKind
from sifa.orgs.models import Office, StaffMember
from sifa.people.demo import make_person, save_people

ORDER = 100  # after orgs (10)

H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)
DATA_START = date(2025, 1, 1)
# A far enough day for the half-year's own closings (they close within 40 days of receipt).
H1_CLOSINGS_BY = date(2026, 10, 31)
YEAR_END_2025 = date(2025, 12, 31)

# --- SEED_FIGURES.md, 人民调解 (first half of 2026, whole city) -------------------------------
ACCEPTED_H1 = 9020
SCREENINGS_H1, FINDINGS_H1 = 7734, 4424
FILES_VERIFIED_H1 = 11273
SUBSIDY_PAID_H1 = 493330
PETITIONS_H1, PETITION_PERSONS_H1 = 112, 1251
ESCALATIONS_H1 = 47
CENTRE_RECEPTIONS_H1 = 1005
CENTRE_CASES_H1 = 112
LEADER_DAYS_H1, LEADER_BATCHES_H1, LEADER_PERSONS_H1 = 22, 94, 683
PRE_VISIT_H1, PRE_VISIT_PERSONS_H1 = 53, 384


@dataclass(frozen=True)
class Plan:
    """One professional committee: its dispute types and its half-year figures.

    received: cases accepted in the half-year; succeeded: of those, successful within it;
    backlog: cases received Sep–Dec 2025 that succeed in the half-year; per_month: monthly
    intake in 2025 and the second half of 2026.
    """

    types: tuple[str, ...]
    received: int
    succeeded: int
    backlog: int
    per_month: int


# Successes in the half-year: medical 52 + 30 = 82, consumer 3 + 1 + tourism 2 + 1 = 7,
# traffic 3900 + 2629 = 6529; all ten together 9818.
PROFESSIONAL = {
    "medical": Plan(("medical",), 70, 52, 30, 11),
    "traffic": Plan(("traffic_accident",), 4200, 3900, 2629, 640),
    "consumer": Plan(("consumer", "consumer_ecommerce", "consumer_other"), 5, 3, 1, 1),
    "tourism": Plan(("consumer_tourism",), 3, 2, 1, 1),
    "labour": Plan(("labour_wage_arrears", "labour_other"), 630, 560, 560, 95),
    "property": Plan(("property_management",), 360, 320, 320, 55),
    "family": Plan(("marriage_family",), 360, 320, 320, 55),
    "construction": Plan(("contract", "damages"), 216, 192, 192, 33),
    "environment": Plan(("environment",), 144, 128, 128, 22),
    "ip": Plan(("intellectual_property",), 90, 80, 80, 14),
}
# Types the other committees and the centre take (no medical, traffic or consumer disputes).
LOCAL_TYPES = (
    ("neighbourhood", 26),
    ("marriage_family", 22),
    ("housing_homestead", 12),
    ("damages", 9),
    ("contract", 7),
    ("land_forest", 5),
    ("business", 4),
    ("labour_wage_arrears", 4),
    ("property_management", 4),
    ("land_requisition", 2),
    ("environment", 2),
    ("internet", 1),
    ("other", 2),
)
LOCAL_PER_MONTH = 430  # intake of the other committees in 2025 and the second half of 2026
CENTRE_PER_MONTH = 15
SOURCES = (
    ("application", 46),
    ("initiative", 30),
    ("police", 9),
    ("court", 5),
    ("petition", 4),
    ("hotline_12345", 3),
    ("procuratorate", 1),
    ("other_department", 2),
)
PROFESSIONAL_SOURCES = (("police", 55), ("application", 30), ("court", 10), ("hotline_12345", 5))

# 以案定补 rates (元/件) by committee level, in grade order 简易/一般/疑难/重大, by 执行日期.
GRADES = [SubsidyGrade.SIMPLE, SubsidyGrade.ORDINARY, SubsidyGrade.DIFFICULT, SubsidyGrade.MAJOR]
GRADE_WEIGHTS = (45, 35, 15, 5)
RATES = {
    date(2020, 1, 1): {
        CommitteeLevel.VILLAGE: (20, 30, 60, 120),
        CommitteeLevel.TOWNSHIP: (30, 40, 80, 150),
        CommitteeLevel.CITY: (40, 50, 100, 200),
    },
    date(2026, 1, 1): {
        CommitteeLevel.VILLAGE: (20, 30, 70, 150),
        CommitteeLevel.TOWNSHIP: (30, 40, 90, 180),
        CommitteeLevel.CITY: (40, 50, 110, 220),
    },
}
CLAIM_REJECTION_RATE = 0.08

RESPONDENT_ORGANISATIONS = {
    "traffic_accident": (
        "中国人民财产保险股份有限公司青川支公司",
        "中国平安财产保险股份有限公司青川支公司",
        "中国太平洋财产保险股份有限公司青川支公司",
        "青川市公交有限公司",
    ),
    "medical": ("青川市人民医院", "青川市中医院", "青川市妇幼保健院", "青川市第二人民医院"),
    "consumer": ("青川市万家福超市有限公司", "青川市家电城有限公司"),
    "consumer_ecommerce": ("青川市优品电子商务有限公司",),
    "consumer_other": ("青川市鑫源装饰有限公司",),
    "consumer_tourism": ("青川市青山旅行社有限公司", "青川市云山景区管理有限公司"),
    "labour_wage_arrears": ("青川市宏达建筑工程有限公司", "青川市恒远劳务有限公司"),
    "labour_other": ("青川市瑞丰纺织有限公司", "青川市金诚机械制造有限公司"),
    "property_management": ("青川市安居物业管理有限公司", "青川市锦华物业服务有限公司"),
    "contract": ("青川市长青建材有限公司",),
    "environment": ("青川市振兴化纤有限公司",),
    "intellectual_property": ("青川市新科电子科技有限公司",),
}
LEADERS = ("市委副书记", "副市长", "市政法委书记", "市信访局局长", "市司法局局长")
MATTERS = (
    "征地补偿",
    "劳动报酬",
    "邻里纠纷",
    "房屋拆迁",
    "工程款",
    "医疗费用",
    "物业服务",
    "婚姻家庭",
)


@dataclass
class CaseSpec:
    """A case before it is written: where, what, when, and how it ends."""

    office: Office
    dispute_type: str
    received_on: date
    outcome: str  # agreed / failed / refused / not_accepted / open
    closed_on: date | None = None
    mediator_pool: list = field(default_factory=list)
    source: str = "application"
    risk: bool = False


def is_present() -> bool:
    return MediationCase.objects.filter(number__startswith="339081").exists()


# ---------------------------------------------------------------------------------------------
# Entry points


def load(ctx: DemoContext) -> None:
    root = Office.objects.get(code="339081")
    members = elect_committee_members(root, ctx.rng("mediation.members"))
    ctx.log(f"  调委会委员 {members} 人")
    rng = ctx.rng("mediation.cases")
    _ensure_rates()
    specs = plan_cases(ctx, rng)
    persons = _party_pool(ctx, ctx.rng("mediation.parties"))
    saved = write_cases(ctx, rng, specs, persons)
    ctx.log(f"  调解案件 {len(saved)} 件")
    claims = write_subsidies(ctx, ctx.rng("mediation.subsidies"), saved)
    ctx.log(f"  个案补贴申请 {claims} 件")
    screenings = write_screenings(ctx, ctx.rng("mediation.screening"))
    ctx.log(f"  矛盾纠纷排查 {screenings} 次")
    write_centre_work(ctx, ctx.rng("mediation.centre"), saved)


def unload(ctx: DemoContext) -> None:
    """Delete the mediation records of the demo city (the rate table stays: it is a setting)."""
    root = Office.objects.filter(code="339081").first()
    if root is None:
        return
    for model in (
        SubsidyClaim,
        SubsidyBatch,
        Reception,
        PetitionDissuaded,
        EscalationPrevented,
        ScreeningFinding,
        Screening,
        MediationCase,
        CommitteeMember,
    ):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除人民调解演示数据")


# ---------------------------------------------------------------------------------------------
# Committee members

# The committees' current term (换届): elected on this day, three years (人民调解法 第9条).
ELECTION_DAY = date(2024, 1, 1)


def elect_committee_members(root: Office, rng: random.Random) -> int:
    """Make every serving mediator of each committee under `root` one of its 委员.

    人民调解法 第13条: committee members are mediators; the orgs demo gives each committee 3–9
    serving mediators with at least one woman (第8条), so electing all of them makes a properly
    constituted committee: one 主任, a 副主任 in committees of five or more, the rest 委员. The
    term starts on ELECTION_DAY, or on the day a mediator appointed later joined (补选), and
    lasts three years (第9条). Without these rows every committee showed “委员人数为0人”.
    """
    mediators = StaffMember.objects.filter(
        office__kind=OfficeKind.MEDIATION_COMMITTEE, post=MEDIATOR_POST, end_date__isnull=True
    )
    serving = (
        access.within(mediators, root)
        .select_related("office")
        .order_by("office__path", "start_date", "pk")
    )
    by_committee: dict[int, list[StaffMember]] = defaultdict(list)
    for mediator in serving:
        by_committee[mediator.office_id].append(mediator)
    rows = []
    for committee_mediators in by_committee.values():
        roles = [MemberRole.DIRECTOR]
        if len(committee_mediators) >= 5:
            roles.append(MemberRole.DEPUTY)
        roles += [MemberRole.MEMBER] * (len(committee_mediators) - len(roles))
        rng.shuffle(roles)
        for mediator, role in zip(committee_mediators, roles, strict=True):
            start = max(ELECTION_DAY, mediator.start_date)
            rows.append(
                CommitteeMember(
                    office=mediator.office,
                    person_id=mediator.person_id,
                    role=role,
                    term_start=start,
                    term_end=years_later(start, MEMBER_TERM_YEARS),
                )
            )
    bulk.insert_with_history(rows, reason=HISTORY_REASON)
    return len(rows)


# ---------------------------------------------------------------------------------------------
# Planning the cases


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _after(rng: random.Random, start: date, last: date, longest: int = 40) -> date:
    """A closing date 0..longest days after `start`, never after `last` (start <= last)."""
    return start + timedelta(days=rng.randint(0, min(longest, (last - start).days)))


def _month_starts(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _unsuccessful(rng: random.Random, received: date, last: date) -> tuple[str, date | None]:
    """How a case that does not succeed (by `last`) ends: failure mostly, or still open."""
    outcome = _weighted(rng, (("failed", 70), ("refused", 20), ("not_accepted", 10)))
    closed = _after(rng, received, max(received, last), 30 if outcome == "failed" else 5)
    return outcome, closed


def _background(
    rng, office, types, start, end, per_month, close_by, sources, today=None
) -> list[CaseSpec]:
    """Cases received in [start, end] (about `per_month` a month), each closed by `close_by`.

    82 % succeed; when `close_by` is the demo's `today`, most cases received in its last 20
    days are still being mediated (open).
    """
    specs = []
    for month in _month_starts(start, end):
        last_day = min(_month_end(month), end)
        share = ((last_day - month).days + 1) / ((_month_end(month) - month).days + 1)
        for _ in range(max(0, round(rng.gauss(per_month, per_month * 0.12) * share))):
            received = random_date(rng, month, last_day)
            spec = CaseSpec(office, rng.choice(types), received, "agreed")
            spec.source = _weighted(rng, sources)
            if close_by == today and (today - received).days < 20 and rng.random() < 0.6:
                spec.outcome = "open"  # still being mediated on the demo's "today"
            elif rng.random() < 0.82:
                spec.closed_on = _after(rng, received, close_by)
            else:
                spec.outcome, spec.closed_on = _unsuccessful(rng, received, close_by)
            specs.append(spec)
    return specs


def _half_year(rng, office, types, received, succeeded, sources) -> list[CaseSpec]:
    """`received` cases accepted in the half-year, exactly `succeeded` succeeding in it.

    Of the others, about half succeed in July (received in June), the rest fail or end.
    """
    specs = []
    for index in range(received):
        spec = CaseSpec(office, rng.choice(types), H1_START, "agreed")
        spec.source = _weighted(rng, sources)
        if index < succeeded:
            spec.received_on = random_date(rng, H1_START, H1_END)
            spec.closed_on = _after(rng, spec.received_on, H1_END)
        elif rng.random() < 0.45:
            spec.received_on = random_date(rng, date(2026, 6, 1), H1_END)
            spec.closed_on = random_date(rng, date(2026, 7, 1), date(2026, 7, 31))
        else:
            spec.received_on = random_date(rng, H1_START, H1_END)
            spec.outcome, spec.closed_on = _unsuccessful(rng, spec.received_on, H1_CLOSINGS_BY)
        specs.append(spec)
    return specs


def _backlog(rng, office, types, count, sources) -> list[CaseSpec]:
    """Cases received Sep–Dec 2025 that succeed in the half-year (mostly in its first months)."""
    specs = []
    for _ in range(count):
        closed = H1_START + timedelta(days=int(rng.triangular(0, (H1_END - H1_START).days, 0)))
        received = random_date(rng, date(2025, 9, 1), YEAR_END_2025)
        spec = CaseSpec(office, rng.choice(types), received, "agreed", closed)
        spec.source = _weighted(rng, sources)
        specs.append(spec)
    return specs


def plan_cases(ctx: DemoContext, rng: random.Random) -> list[CaseSpec]:
    # The cases after the half-year draw from a stream of their own, so the half-year's cases
    # are the same whatever the demo's today.
    tail = ctx.rng("mediation.cases.after")
    mediators = ctx.shared["orgs.mediators"]
    professional = ctx.offices["professional_committees"]
    specs: list[CaseSpec] = []
    for key, plan in PROFESSIONAL.items():
        office = professional[key]
        src = PROFESSIONAL_SOURCES
        part = _background(
            rng, office, plan.types, DATA_START, YEAR_END_2025, plan.per_month, YEAR_END_2025, src
        )
        part += _backlog(rng, office, plan.types, plan.backlog, src)
        part += _half_year(rng, office, plan.types, plan.received, plan.succeeded, src)
        part += _background(
            tail,
            office,
            plan.types,
            TAIL_START,
            ctx.today,
            plan.per_month,
            ctx.today,
            src,
            ctx.today,
        )
        for spec in part:
            spec.mediator_pool = mediators[office.pk]
        specs += part
    specs += _centre_cases(ctx, rng, tail)
    specs += _local_cases(ctx, rng, tail, ACCEPTED_H1 - CENTRE_CASES_H1 - _professional_h1())
    specs.sort(key=lambda spec: spec.received_on)  # case numbers follow the receiving order
    return specs


def _professional_h1() -> int:
    return sum(plan.received for plan in PROFESSIONAL.values())


def _local_types() -> tuple[str, ...]:
    return tuple(code for code, weight in LOCAL_TYPES for _ in range(weight))


def _centre_cases(ctx: DemoContext, rng: random.Random, tail: random.Random) -> list[CaseSpec]:
    """Cases the centre accepts itself; its mediators come from the professional committees."""
    centre = ctx.offices["dispute_center"]
    pool = [
        m
        for office in ctx.offices["professional_committees"].values()
        for m in ctx.shared["orgs.mediators"][office.pk]
    ]
    types = _local_types()
    specs = _background(
        rng,
        centre,
        types,
        DATA_START,
        date(2025, 12, 31),
        CENTRE_PER_MONTH,
        H1_CLOSINGS_BY,
        SOURCES,
    )
    specs += _half_year(rng, centre, types, CENTRE_CASES_H1, int(CENTRE_CASES_H1 * 0.8), SOURCES)
    specs += _background(
        tail, centre, types, TAIL_START, ctx.today, CENTRE_PER_MONTH, ctx.today, SOURCES, ctx.today
    )
    for spec in specs:
        spec.mediator_pool = pool
    return specs


def _local_cases(
    ctx: DemoContext, rng: random.Random, tail: random.Random, h1_total: int
) -> list[CaseSpec]:
    """Cases of the village, township, enterprise and social committees.

    The half-year intake is split over the committees (township committees take more);
    their cases may close in any period, since no figure fixes their successes.
    """
    committees = [
        *ctx.offices["township_committees"],
        *ctx.offices["village_committees"],
        *ctx.offices["enterprise_committees"],
        *ctx.offices["social_committees"],
    ]
    township_ids = {o.pk for o in ctx.offices["township_committees"]}
    weights = [8 if c.pk in township_ids else 1 for c in committees]
    types = _local_types()
    mediators = ctx.shared["orgs.mediators"]

    def local_case(rng: random.Random, received: date, last: date) -> CaseSpec:
        office = rng.choices(committees, weights)[0]
        spec = CaseSpec(office, rng.choice(types), received, "agreed")
        spec.source = _weighted(rng, SOURCES)
        spec.mediator_pool = mediators[office.pk]
        if (last - received).days < 20 and rng.random() < 0.6:
            spec.outcome = "open"  # still being mediated on the demo's "today"
        elif rng.random() < 0.85:
            spec.closed_on = _after(rng, received, last, 30)
        else:
            spec.outcome, spec.closed_on = _unsuccessful(rng, received, last)
        return spec

    specs = []
    for month in _month_starts(DATA_START, YEAR_END_2025):
        for _ in range(round(rng.gauss(LOCAL_PER_MONTH, 40))):
            specs.append(
                local_case(rng, random_date(rng, month, _month_end(month)), H1_CLOSINGS_BY)
            )
    specs += [
        local_case(rng, random_date(rng, H1_START, H1_END), H1_CLOSINGS_BY) for _ in range(h1_total)
    ]
    today = ctx.today
    for month in _month_starts(TAIL_START, today):
        last = min(_month_end(month), today)
        count = round(tail.gauss(LOCAL_PER_MONTH, 40) * per_month(1000, month, last) / 1000)
        for _ in range(count):
            specs.append(local_case(tail, random_date(tail, month, last), today))
    return specs


# ---------------------------------------------------------------------------------------------
# Writing the cases


def _party_pool(ctx: DemoContext, rng: random.Random) -> dict[str, list]:
    """Registered persons who appear as parties: a pool per township (its 司法所 registers them)."""
    villages = ctx.shared["orgs.villages"]
    persons = []
    for office in ctx.offices["judicial_offices"]:
        codes = [code for code in villages if code.startswith(office.region_code)]
        for _ in range(260):
            code = rng.choice(codes)
            persons.append(
                make_person(
                    rng,
                    office=office,
                    issued=ctx.id_numbers,
                    address_code="339081",
                    region_code=code,
                    address=f"青川市{villages[code]}{rng.randint(1, 199)}号",
                    born_from=date(1950, 1, 1),
                    born_to=date(2004, 12, 31),
                )
            )
    saved = save_people(persons)
    pool: dict[str, list] = defaultdict(list)
    for person in saved:
        pool[person.region_code[:9]].append(person)
    pool["*"] = saved
    return pool


def _township_of(office: Office) -> str:
    """The 9-digit township code of an office, or "*" for the city-level ones."""
    return office.region_code[:9] if len(office.region_code) >= 9 else "*"


def _amount(rng: random.Random, dispute_type: str) -> Decimal:
    high = {
        "traffic_accident": 200_000,
        "medical": 300_000,
        "labour_wage_arrears": 60_000,
        "labour_other": 50_000,
        "land_requisition": 150_000,
        "contract": 80_000,
        "damages": 40_000,
        "intellectual_property": 100_000,
    }.get(dispute_type, 8_000)
    if dispute_type in ("neighbourhood", "marriage_family") and rng.random() < 0.6:
        return Decimal(0)
    return Decimal(rng.randint(5, high // 100) * 100)


FACTS = {
    "traffic_accident": "双方因道路交通事故损害赔偿发生纠纷，交警部门已作出事故责任认定。",
    "medical": "患方认为医院在诊疗过程中存在过错，要求赔偿医疗费、误工费等损失。",
    "neighbourhood": "双方因相邻通道堆放杂物、排水等问题发生争执。",
    "marriage_family": "双方因赡养、抚养或家庭财产分割问题发生纠纷。",
    "labour_wage_arrears": "务工人员要求用人单位支付拖欠的劳动报酬。",
    "property_management": "业主与物业服务企业因物业费和服务质量发生纠纷。",
}


def _parties(rng, spec: CaseSpec, case: MediationCase, pool) -> list[CaseParty]:
    people = pool.get(_township_of(spec.office)) or pool["*"]
    applicant = bulk.new(
        CaseParty,
        office_id=spec.office.pk,
        case_id=case.pk,
        role=PartyRole.APPLICANT,
        kind=PartyKind.NATURAL,
        person_id=rng.choice(people).pk,
    )
    organisations = RESPONDENT_ORGANISATIONS.get(spec.dispute_type)
    if organisations and rng.random() < 0.8:
        respondent = bulk.new(
            CaseParty,
            office_id=spec.office.pk,
            case_id=case.pk,
            role=PartyRole.RESPONDENT,
            kind=PartyKind.LEGAL,
            organisation=rng.choice(organisations),
        )
    else:
        respondent = bulk.new(
            CaseParty,
            office_id=spec.office.pk,
            case_id=case.pk,
            role=PartyRole.RESPONDENT,
            kind=PartyKind.NATURAL,
            person_id=rng.choice(people).pk,
        )
    return [applicant, respondent]


def _status(spec: CaseSpec, archived_on: date | None) -> str:
    if archived_on is not None:
        return CaseStatus.ARCHIVED
    return {
        "agreed": CaseStatus.AGREED,
        "failed": CaseStatus.FAILED,
        "refused": CaseStatus.CLOSED_REFUSED,
        "not_accepted": CaseStatus.CLOSED_NOT_ACCEPTED,
        "open": CaseStatus.IN_MEDIATION,
    }[spec.outcome]


CLOSING_NOTES = {
    "failed": "调解不成，已告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利。",
    "refused": "一方当事人明确拒绝调解，终止调解。",
    "not_accepted": "该纠纷已由人民法院受理，不属人民调解受理范围，已告知当事人向法院反映。",
}


def _case_rows(ctx: DemoContext, rng, specs: list[CaseSpec]) -> list[MediationCase]:
    today = ctx.today
    serial: dict[int, int] = defaultdict(int)
    rows = []
    for spec in specs:
        key = spec.received_on.year  # one series per bureau and year (docs/numbering.md)
        serial[key] += 1
        closed = spec.closed_on if spec.outcome != "open" else None
        archived = closed + timedelta(days=rng.randint(3, 20)) if closed else None
        if archived and archived > today:
            archived = None
        amount = _amount(rng, spec.dispute_type)
        persons = 2 if spec.dispute_type != "labour_wage_arrears" else rng.randint(3, 30)
        rows.append(
            bulk.new(
                MediationCase,
                office=spec.office,
                number=ctx.numbers.format(
                    "mediation.mediationcase", office=spec.office, year=key, seq=serial[key]
                ),
                source=spec.source,
                referred_by="青川市公安局交通警察大队" if spec.source == "police" else "",
                dispute_type=spec.dispute_type,
                facts=FACTS.get(spec.dispute_type, "双方因相关事项发生纠纷，申请调解。"),
                claims="请求对方赔偿损失。" if amount else "",
                amount=amount,
                persons_involved=persons,
                received_on=spec.received_on,
                status=_status(spec, archived),
                closed_on=closed,
                closing_note=CLOSING_NOTES.get(spec.outcome, ""),
                # PM-24: the note says the court has the dispute already.
                not_mediable_matter="already_handled" if spec.outcome == "not_accepted" else "",
                archived_on=archived,
                risk_flags=[RiskFlag.MAY_ESCALATE] if spec.risk else [],
            )
        )
    return rows


CLOSING_NOTES_STATUSES = {
    CaseStatus.FAILED,
    CaseStatus.CLOSED_REFUSED,
    CaseStatus.CLOSED_NOT_ACCEPTED,
}
FINAL_STATUS = {
    "agreed": CaseStatus.AGREED,
    "failed": CaseStatus.FAILED,
    "refused": CaseStatus.CLOSED_REFUSED,
    "not_accepted": CaseStatus.CLOSED_NOT_ACCEPTED,
}


def _events(case: MediationCase, outcome: str, started: date | None) -> list[CaseEvent]:
    """The status history: 受理 → (调解中 on `started`) → outcome → 归档.

    `started` is None for a case closed before mediation began (not accepted, or refused at
    once); a party may also refuse during mediation (PM-12).
    """
    steps = [("", CaseStatus.REGISTERED, case.received_on)]
    if started is not None:
        steps.append((CaseStatus.REGISTERED, CaseStatus.IN_MEDIATION, started))
    if outcome in FINAL_STATUS:
        steps.append((steps[-1][1], FINAL_STATUS[outcome], case.closed_on))
    if case.archived_on:
        steps.append((steps[-1][1], CaseStatus.ARCHIVED, case.archived_on))
    return [
        bulk.new(  # by key: the cheapest way to build 140,000 of them
            CaseEvent,
            office_id=case.office_id,
            case_id=case.pk,
            from_status=old,
            to_status=new,
            happened_on=on,
            reason=case.closing_note if new in CLOSING_NOTES_STATUSES else "",
        )
        for old, new, on in steps
    ]


def _agreement(rng, case: MediationCase, today: date) -> Agreement:
    effective = case.closed_on
    written = rng.random() < 0.82
    agreement = bulk.new(
        Agreement,
        office=case.office,
        case=case,
        form=AgreementForm.WRITTEN if written else AgreementForm.ORAL,
        reached_on=effective - timedelta(days=rng.randint(0, 2)) if written else effective,
        terms="双方自愿达成如下协议：被申请人一次性支付申请人相关费用，双方就此纠纷再无其他争议。"
        if case.amount
        else "双方自愿和解，互谅互让，今后和睦相处。",
        facts_and_issues=case.facts if written else "",
        performance_method="一次性支付" if case.amount else "当即履行",
        amount=case.amount,
        effective_on=effective,
    )
    if written:
        agreement.reached_on = max(agreement.reached_on, case.received_on)
        agreement.parties_signed_on = effective - timedelta(days=rng.randint(0, 1))
        agreement.parties_signed_on = max(agreement.parties_signed_on, agreement.reached_on)
        agreement.mediator_signed_on = agreement.parties_signed_on
        agreement.sealed_on = effective  # the latest of the three: the effective date (PM-17)
        agreement.performance_deadline = effective + timedelta(days=30)
    performed = effective + timedelta(days=rng.randint(0, 20))
    if performed <= today and rng.random() < 0.93:
        agreement.performance = Performance.PERFORMED
        agreement.performed_on = performed
        agreement.amount_performed = case.amount
    elif performed <= today:
        agreement.performance = Performance.PARTLY
        agreement.amount_performed = (case.amount / 2).quantize(Decimal("1"))
    return agreement


def write_cases(ctx: DemoContext, rng: random.Random, specs, pool) -> list[MediationCase]:
    _mark_risks(rng, specs)
    cases = bulk.insert_with_history(_case_rows(ctx, rng, specs), reason=HISTORY_REASON)
    through = MediationCase.mediators.through
    parties, events, links, agreements = [], [], [], []
    for spec, case in zip(specs, cases, strict=True):
        parties += _parties(rng, spec, case, pool)
        started = case.received_on + timedelta(days=rng.randint(0, 1))
        if case.closed_on and started > case.closed_on:
            started = case.received_on
        if spec.outcome == "not_accepted" or (spec.outcome == "refused" and rng.random() < 0.5):
            started = None  # closed before mediation began (PM-24, PM-10)
        events += _events(case, spec.outcome, started)
        chosen = rng.sample(spec.mediator_pool, min(len(spec.mediator_pool), rng.choice((1, 1, 2))))
        links += [bulk.new(through, mediationcase_id=case.pk, staffmember_id=m.pk) for m in chosen]
        if spec.outcome == "agreed" and case.closed_on:
            agreements.append(_agreement(rng, case, ctx.today))
            case.demo_agreed = True  # read by write_subsidies: only successes are claimed
    bulk.insert(parties)
    bulk.insert(events)
    bulk.insert(links)
    agreements = bulk.insert(agreements)
    _confirmations_and_follow_ups(rng, agreements, ctx.today)
    return cases


def _mark_risks(rng: random.Random, specs: list[CaseSpec]) -> None:
    """About 4 % of local cases carry an escalation-risk flag (PM-13)."""
    for spec in specs:
        if spec.mediator_pool and spec.dispute_type in (
            "neighbourhood",
            "land_requisition",
            "housing_homestead",
        ):
            spec.risk = rng.random() < 0.1


def _confirmations_and_follow_ups(
    rng: random.Random, agreements: list[Agreement], today: date
) -> None:
    confirmations, follow_ups = [], []
    for agreement in agreements:
        effective = agreement.effective_on
        if agreement.form == AgreementForm.WRITTEN and agreement.amount and rng.random() < 0.04:
            applied = effective + timedelta(days=rng.randint(1, 25))
            if applied <= today:
                confirmations.append(_confirmation(rng, agreement, applied, today))
        visited = effective + timedelta(days=rng.randint(10, 40))
        if visited <= today and rng.random() < 0.4:
            follow_ups.append(
                bulk.new(
                    FollowUp,
                    office=agreement.office,
                    case_id=agreement.case_id,
                    visited_on=visited,
                    method=rng.choice(("电话", "电话", "上门")),
                    performance=agreement.performance,
                    satisfied=rng.random() < 0.95,
                    notes="当事人对调解结果表示满意，协议已按约履行。"
                    if agreement.performance == Performance.PERFORMED
                    else "督促当事人按约履行。",
                )
            )
    bulk.insert(confirmations)
    bulk.insert(follow_ups)


def _confirmation(rng, agreement: Agreement, applied: date, today: date) -> JudicialConfirmation:
    accepted = applied + timedelta(days=rng.randint(1, 3))
    decided = accepted + timedelta(days=rng.randint(5, 15))
    confirmation = JudicialConfirmation(
        office=agreement.office,
        agreement=agreement,
        applied_on=applied,
        court="青川市人民法院",
        applicant_consented=True,  # 人民调解法 第33条: a joint application
        respondent_consented=True,
    )
    if decided <= today:
        confirmation.accepted_on = accepted
        confirmation.decided_on = decided
        confirmation.court_case_number = f"（{accepted.year}）浙0681民特{rng.randint(100, 999)}号"
        confirmation.decision = (
            ConfirmationDecision.CONFIRMED if rng.random() < 0.95 else ConfirmationDecision.REFUSED
        )
    return confirmation


# ---------------------------------------------------------------------------------------------
# 以案定补


def _ensure_rates() -> None:
    """The rate table (a setting): created unless an administrator already has these rows."""
    existing = set(SubsidyRate.objects.values_list("grade", "committee_level", "valid_from"))
    rows = [
        SubsidyRate(grade=grade, committee_level=level, amount=Decimal(amount), valid_from=since)
        for since, levels in RATES.items()
        for level, amounts in levels.items()
        for grade, amount in zip(GRADES, amounts, strict=True)
        if (grade, level, since) not in existing
    ]
    bulk.insert_with_history(rows, reason=HISTORY_REASON)


def _rates_on(level: str, on: date) -> tuple[int, ...]:
    since = max(d for d in RATES if d <= on)
    return RATES[since][level]


def _payment_day(approved: date) -> date:
    """Approved claims are paid quarterly, on the 20th of the month after the quarter."""
    quarter_end_month = ((approved.month - 1) // 3 + 1) * 3
    if quarter_end_month == 12:
        return date(approved.year + 1, 1, 20)
    return date(approved.year, quarter_end_month + 1, 20)


@dataclass
class _Claim:
    case: MediationCase
    rates: tuple[int, ...]
    grade: int
    checked: date | None = None
    rejected: bool = False
    approved: date | None = None
    paid: date | None = None


def write_subsidies(ctx: DemoContext, rng: random.Random, cases: list[MediationCase]) -> int:
    claims = []
    for case in cases:
        if case.status != CaseStatus.ARCHIVED or not getattr(case, "demo_agreed", False):
            continue
        claim = _Claim(
            case,
            _rates_on(committee_level(case.office), case.closed_on),
            GRADES.index(_weighted(rng, zip(GRADES, GRADE_WEIGHTS, strict=True))),
        )
        checked = case.archived_on + timedelta(days=rng.randint(2, 25))
        if checked <= ctx.today:
            claim.checked = checked
            claim.rejected = rng.random() < CLAIM_REJECTION_RATE
        claims.append(claim)
    _fix_verified(rng, claims)
    for claim in claims:
        if claim.checked and not claim.rejected:
            approved = claim.checked + timedelta(days=rng.randint(3, 15))
            if approved <= ctx.today:
                claim.approved = approved
                paid = _payment_day(approved)
                claim.paid = paid if paid <= ctx.today else None
    _fit_paid_amount(rng, [c for c in claims if c.paid and H1_START <= c.paid <= H1_END])
    _save_claims(ctx, claims)
    return len(claims)


def _fix_verified(rng: random.Random, claims: list[_Claim]) -> None:
    """Reject just enough of the half-year's file checks to leave FILES_VERIFIED_H1 passed."""
    in_h1 = [c for c in claims if c.checked and H1_START <= c.checked <= H1_END]
    if len(in_h1) < FILES_VERIFIED_H1:
        raise RuntimeError(f"only {len(in_h1)} file checks in the half-year")
    for claim in in_h1:
        claim.rejected = False
    for claim in rng.sample(in_h1, len(in_h1) - FILES_VERIFIED_H1):
        claim.rejected = True


def _total(claims: list[_Claim]) -> int:
    return sum(c.rates[c.grade] for c in claims)


def _fit_paid_amount(rng: random.Random, paid: list[_Claim]) -> None:
    """Move grades one step at a time until the half-year's payments add up to SUBSIDY_PAID_H1.

    Every level's 简易→一般 step is 10 元, as is the target's granularity, so it always ends.
    """
    lowest = sum(c.rates[0] for c in paid)
    highest = sum(c.rates[-1] for c in paid)
    if not lowest <= SUBSIDY_PAID_H1 <= highest:
        raise RuntimeError(f"{SUBSIDY_PAID_H1} outside {lowest}..{highest}")
    total = _total(paid)
    for _attempt in range(5_000_000):
        difference = SUBSIDY_PAID_H1 - total
        if difference == 0:
            return
        claim = rng.choice(paid)
        step = 1 if difference > 0 else -1
        grade = claim.grade + step
        if not 0 <= grade < len(GRADES):
            continue
        delta = claim.rates[grade] - claim.rates[claim.grade]
        if abs(delta) <= abs(difference):
            claim.grade = grade
            total += delta
    raise RuntimeError("subsidy amounts did not converge")


def _save_claims(ctx: DemoContext, claims: list[_Claim]) -> None:
    bureau = ctx.offices["bureau"]
    days = sorted({c.paid for c in claims if c.paid})
    batches = bulk.insert(
        [SubsidyBatch(office=bureau, title=_batch_title(day), paid_on=day) for day in days]
    )
    batch_of = {b.paid_on: b for b in batches}
    rows = []
    for claim in claims:
        row = bulk.new(
            SubsidyClaim,
            office=claim.case.office,
            case=claim.case,
            grade=GRADES[claim.grade],
            amount=Decimal(claim.rates[claim.grade]),
            file_checked_on=claim.checked,
            approved_on=claim.approved,
            batch=batch_of.get(claim.paid),
        )
        if claim.paid:
            row.status = SubsidyClaim.Status.PAID
        elif claim.approved:
            row.status = SubsidyClaim.Status.APPROVED
        elif claim.checked:
            row.status = (
                SubsidyClaim.Status.REJECTED if claim.rejected else SubsidyClaim.Status.REVIEWED
            )
            if claim.rejected:
                row.rejection_reason = _rejection_reason(claim)
        rows.append(row)
    bulk.insert(rows)


def _batch_title(day: date) -> str:
    year, quarter = (day.year - 1, 4) if day.month == 1 else (day.year, (day.month - 1) // 3)
    return f"{year}年第{'一二三四'[quarter - 1]}季度人民调解个案补贴"


def _rejection_reason(claim: _Claim) -> str:
    reasons = (
        "卷宗材料不全，缺少回访记录。",
        "调解协议书未加盖调委会印章。",
        "卷宗未按规定顺序装订。",
    )
    return reasons[claim.case.pk % len(reasons)]


# ---------------------------------------------------------------------------------------------
# Screening


def write_screenings(ctx: DemoContext, rng: random.Random) -> int:
    """Routine and special screenings by the village and township committees.

    The half-year holds exactly SCREENINGS_H1 screenings and FINDINGS_H1 findings; 2025 and
    the second half of 2026 have about as many a month.
    """
    committees = [*ctx.offices["township_committees"], *ctx.offices["village_committees"]]
    today = ctx.today
    days = [
        (H1_START, H1_END, SCREENINGS_H1, FINDINGS_H1),
        (DATA_START, YEAR_END_2025, 14_200, 8_300),
        # After the half-year: about 1,275 screenings and 725 findings a month.
        (TAIL_START, today, per_month(1275, TAIL_START, today), per_month(725, TAIL_START, today)),
    ]
    screenings, findings_per = [], []
    for start, end, count, found in days:
        for _ in range(count):
            on = random_date(rng, start, end)
            special = on.month in (1, 2, 3, 5, 10) and rng.random() < 0.15
            office = rng.choice(committees)
            screenings.append(
                bulk.new(
                    Screening,
                    office=office,
                    screened_on=on,
                    kind=ScreeningKind.SPECIAL if special else ScreeningKind.ROUTINE,
                    occasion=_occasion(on) if special else "",
                    scope=f"{office.name.removesuffix('人民调解委员会')}辖区",
                )
            )
        findings_per += _spread(rng, found, count)
    screenings = bulk.insert(screenings)
    types = _local_types()
    findings = []
    for screening, found in zip(screenings, findings_per, strict=True):
        for _ in range(found):
            dispute_type = rng.choice(types)
            findings.append(
                bulk.new(
                    ScreeningFinding,
                    office_id=screening.office_id,
                    screening_id=screening.pk,
                    found_on=screening.screened_on,
                    dispute_type=dispute_type,
                    description=FACTS.get(dispute_type, "排查发现苗头性纠纷。"),
                    risk_level=_weighted(
                        rng, ((RiskLevel.LOW, 85), (RiskLevel.MEDIUM, 12), (RiskLevel.HIGH, 3))
                    ),
                    handling=_weighted(
                        rng,
                        (
                            (FindingHandling.RESOLVED_ON_SPOT, 70),
                            (FindingHandling.REPORTED, 15),
                            (FindingHandling.REFERRED, 15),
                        ),
                    ),
                )
            )
    bulk.insert(findings)
    return len(screenings)


def _spread(rng: random.Random, total: int, count: int) -> list[int]:
    """`total` findings over `count` screenings: 0–3 each, adding up exactly."""
    return split_total(rng, total, [(0, 3)] * count)


def _occasion(on: date) -> str:
    return {
        1: "元旦春节期间矛盾纠纷专项排查",
        2: "春节期间矛盾纠纷专项排查",
        3: "全国两会期间矛盾纠纷专项排查",
        5: "五一期间矛盾纠纷专项排查",
        10: "国庆期间矛盾纠纷专项排查",
    }[on.month]


# ---------------------------------------------------------------------------------------------
# Centre work: receptions, petitions dissuaded, escalations prevented


def write_centre_work(ctx: DemoContext, rng: random.Random, cases: list[MediationCase]) -> None:
    centre = ctx.offices["dispute_center"]
    centre_h1 = [
        c for c in cases if c.office_id == centre.pk and H1_START <= c.received_on <= H1_END
    ]
    receptions = _receptions_h1(rng, centre, centre_h1)
    for start, end, batches, leader_days in (
        (DATA_START, YEAR_END_2025, 1900, 40),
        # After the half-year: about 160 batches and 4 leader reception days a month.
        (
            TAIL_START,
            ctx.today,
            per_month(162, TAIL_START, ctx.today),
            per_month(4, TAIL_START, ctx.today),
        ),
    ):
        receptions += _receptions(rng, centre, start, end, batches, leader_days)
    bulk.insert(receptions)
    _petitions(ctx, rng)
    _escalations(rng, cases)


def _reception(rng, centre, on, persons, **extra) -> Reception:
    return bulk.new(
        Reception,
        office=centre,
        received_on=on,
        persons=persons,
        matter=f"反映{rng.choice(MATTERS)}问题",
        **extra,
    )


def _leader_days(rng, start: date, end: date, count: int) -> list[date]:
    weekdays = [
        date.fromordinal(d)
        for d in range(start.toordinal(), end.toordinal() + 1)
        if date.fromordinal(d).weekday() < 5
    ]
    return sorted(rng.sample(weekdays, count))


def _receptions_h1(rng, centre, centre_cases: list[MediationCase]) -> list[Reception]:
    """The half-year's 1005 batches: 94 with a leader on 22 days, 53 pre-visit, the rest plain;
    112 plain ones led to a case the centre accepted the same day."""
    rows = []
    days = _leader_days(rng, H1_START, H1_END, LEADER_DAYS_H1)
    per_day = split_total(rng, LEADER_BATCHES_H1, [(2, 7)] * LEADER_DAYS_H1)
    persons = split_total(rng, LEADER_PERSONS_H1, [(1, 20)] * LEADER_BATCHES_H1)
    batch_days = [day for day, n in zip(days, per_day, strict=True) for _ in range(n)]
    for day, count in zip(batch_days, persons, strict=True):
        leader = f"{rng.choice(LEADERS)}"
        rows.append(_reception(rng, centre, day, count, leader=leader))
    guided = split_total(rng, PRE_VISIT_PERSONS_H1, [(2, 15)] * PRE_VISIT_H1)
    for count in guided:
        rows.append(
            _reception(
                rng, centre, random_date(rng, H1_START, H1_END), count, pre_visit_guidance=True
            )
        )
    for case in centre_cases:
        rows.append(_reception(rng, centre, case.received_on, rng.randint(1, 3), case=case))
    plain = CENTRE_RECEPTIONS_H1 - len(rows)
    for _ in range(plain):
        rows.append(_reception(rng, centre, random_date(rng, H1_START, H1_END), rng.randint(1, 5)))
    return rows


def _receptions(rng, centre, start, end, batches, leader_days) -> list[Reception]:
    rows = []
    for day in _leader_days(rng, start, end, leader_days):
        for _ in range(rng.randint(2, 6)):
            rows.append(
                _reception(rng, centre, day, rng.randint(1, 15), leader=rng.choice(LEADERS))
            )
    while len(rows) < batches:
        rows.append(
            _reception(
                rng,
                centre,
                random_date(rng, start, end),
                rng.randint(1, 5),
                pre_visit_guidance=rng.random() < 0.05,
            )
        )
    return rows


def _petitions(ctx: DemoContext, rng: random.Random) -> None:
    offices = [ctx.offices["dispute_center"], *ctx.offices["judicial_offices"]]
    rows = []
    periods = (
        (H1_START, H1_END, PETITIONS_H1, PETITION_PERSONS_H1),
        (DATA_START, YEAR_END_2025, 210, 2300),
        # After the half-year: about 18 dissuasions of 195 persons a month.
        (
            TAIL_START,
            ctx.today,
            per_month(18, TAIL_START, ctx.today),
            per_month(195, TAIL_START, ctx.today),
        ),
    )
    for start, end, batches, persons in periods:
        for count in split_total(rng, persons, [(5, 25)] * batches):
            rows.append(
                PetitionDissuaded(
                    office=rng.choice(offices),
                    dissuaded_on=random_date(rng, start, end),
                    persons=count,
                    matter=f"劝阻群众因{rng.choice(MATTERS)}问题集体上访",
                )
            )
    bulk.insert(rows)


def _escalations(rng: random.Random, cases: list[MediationCase]) -> None:
    """防激化: one record per flagged case, on its closing day; 47 of them in the half-year."""
    flagged = [c for c in cases if c.risk_flags and c.closed_on]
    in_h1 = [c for c in flagged if H1_START <= c.closed_on <= H1_END]
    others = [c for c in flagged if not H1_START <= c.closed_on <= H1_END]
    if len(in_h1) < ESCALATIONS_H1:
        raise RuntimeError(f"only {len(in_h1)} flagged cases closed in the half-year")
    chosen = rng.sample(in_h1, ESCALATIONS_H1) + rng.sample(others, min(len(others), 100))
    bulk.insert(
        [
            EscalationPrevented(
                office=case.office,
                prevented_on=case.closed_on,
                description="纠纷有激化苗头，调解员及时介入稳控，防止转化为治安、刑事案件。",
                persons=case.persons_involved,
                case=case,
            )
            for case in chosen
        ]
    )
