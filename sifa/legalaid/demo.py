"""法律援助演示数据: providers, consultations (12348), applications and cases of 青川市.

Records run from 2025-01-01 to `ctx.today` (the demo's "today": the day it is loaded, see
sifa/core/demo.py); after the half-year they keep a monthly rhythm (`tail_period`). For the
half-year 2026-01-01 … 2026-06-30 the legal-aid indicators give exactly the figures of the
reference summary (SEED_FIGURES.md, 法律援助; see docs/legalaid.md):

* 497 cases accepted (by `accepted_on`): 384 civil and 113 criminal (of them NOTIFIED_H1
  notifications), no other type in the half-year;
* 1916 consultations (by `consulted_at`), 758 of them 12348 calls;
* 7 foundation-funded cases among the 497.

Refused, withdrawn and still-open applications never carry an `accepted_on`, so they never
touch the fixed counts; the one refusal corrected on objection is accepted in 2025.

Volumes are bulk-inserted (applications, providers and handlers with one "created" history
row each, the rest without), through `core.bulk` as the mediation demo does.
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
from sifa.core.deadlines import compute
from sifa.core.demo import (
    HISTORY_REASON,
    TAIL_START,
    DemoContext,
    per_month,
    random_date,
    split_total,
)
from sifa.legalaid import eligibility
from sifa.legalaid.constants import (
    ASSIGNMENT_RULE,
    DECISION_RULE,
    NOTIFICATION_ASSIGNMENT_RULE,
    ApplicantGroup,
    Channel,
    CriminalStage,
    DutyPeriod,
    EventKind,
    ExemptionProof,
    HandlerKind,
    HardshipCheck,
    Matter,
    MatterType,
    NotifyingOrgan,
    ObjectionResult,
    Origin,
    Outcome,
    ProviderKind,
    QualityGrade,
    QualityKind,
    Referral,
    Satisfaction,
    Status,
    TerminationGround,
)
from sifa.legalaid.models import (
    ApplicantGroupMembership,
    Application,
    ApplicationEvent,
    Assignment,
    Complaint,
    Consultation,
    DutyShift,
    Handler,
    HandlingEvent,
    HardshipStandard,
    Material,
    Provider,
    QualityCheck,
    SubsidyBatch,
    SubsidyRate,
)
from sifa.orgs import access
from sifa.orgs import demo as orgs_demo
from sifa.orgs.models import Office
from sifa.people.demo import make_person, save_people, synthetic_name
from sifa.people.models import Gender

ORDER = 110  # after mediation (100)

H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)
DATA_START = date(2025, 1, 1)
NUMBER_PREFIX = "339081-FY-"

# --- SEED_FIGURES.md, 法律援助 (first half of 2026, whole city) --------------------------------
CIVIL_H1, CRIMINAL_H1 = 384, 113
ACCEPTED_H1 = CIVIL_H1 + CRIMINAL_H1  # 497
CONSULTATIONS_H1, HOTLINE_H1 = 1916, 758
FOUNDATION_H1 = 7
NOTIFIED_H1 = 78  # of the 113 criminal cases; the other 35 came by application


@dataclass(frozen=True)
class Period:
    """What one stretch of time holds. `types`: accepted cases per matter type."""

    start: date
    end: date
    types: dict
    notified: int
    consultations: int
    hotline: int
    foundation: int
    refused: int
    withdrawn: int


PERIODS = (
    Period(
        DATA_START,
        date(2025, 12, 31),
        {
            MatterType.CIVIL: 720,
            MatterType.CRIMINAL: 205,
            MatterType.ADMINISTRATIVE: 12,
            MatterType.LABOUR_ARBITRATION: 24,
            MatterType.STATE_COMPENSATION: 2,
        },
        notified=140,
        consultations=3720,
        hotline=1460,
        foundation=12,
        refused=16,
        withdrawn=6,
    ),
    Period(
        H1_START,
        H1_END,
        {MatterType.CIVIL: CIVIL_H1, MatterType.CRIMINAL: CRIMINAL_H1},
        notified=NOTIFIED_H1,
        consultations=CONSULTATIONS_H1,
        hotline=HOTLINE_H1,
        foundation=FOUNDATION_H1,
        refused=9,
        withdrawn=3,
    ),
)


def tail_period(today: date) -> Period:
    """What the months after the half-year hold, up to the demo's today (as many a month as in
    July–October 2026: about 65 civil and 20 criminal cases, 320 consultations …)."""

    def monthly(count: float) -> int:
        return per_month(count, TAIL_START, today)

    return Period(
        TAIL_START,
        today,
        {
            MatterType.CIVIL: monthly(65.5),
            MatterType.CRIMINAL: monthly(20.25),
            MatterType.ADMINISTRATIVE: monthly(1.25),
            MatterType.LABOUR_ARBITRATION: monthly(2.25),
        },
        notified=monthly(13.75),
        consultations=monthly(322.5),
        hotline=monthly(126.25),
        foundation=monthly(1),
        refused=monthly(1.5),
        withdrawn=monthly(0.5),
    )


def periods(today: date) -> tuple[Period, ...]:
    return (*PERIODS, tail_period(today))


# 办案补贴标准 (元/件) by matter type, from 2021 (a setting; kept unless already present).
RATES = {
    MatterType.CRIMINAL: 2000,
    MatterType.CIVIL: 1800,
    MatterType.ADMINISTRATIVE: 2000,
    MatterType.STATE_COMPENSATION: 2000,
    MatterType.LABOUR_ARBITRATION: 1200,
    MatterType.NON_LITIGATION: 800,
}
RATES_FROM = date(2021, 1, 1)

LAW_FIRMS = (
    "浙江青川正义律师事务所",
    "浙江明理律师事务所",
    "浙江青山律师事务所",
    "浙江仁和律师事务所",
)
LEGAL_SERVICE_OFFICE = "青川市城东法律服务所"

CIVIL_MATTERS = (
    (Matter.LABOUR_PAY, 32),
    # 第31条第七项's four accidents, 22 in all (one draw each: the split keeps the sequence).
    (Matter.WORK_INJURY, 8),
    (Matter.TRAFFIC_INJURY, 10),
    (Matter.MEDICAL_INJURY, 3),
    (Matter.FOOD_DRUG_INJURY, 1),
    (Matter.MAINTENANCE, 16),
    (Matter.SOCIAL_INSURANCE, 8),
    (Matter.ABUSE_VIOLENCE, 6),
    (Matter.PENSION, 2),
    (Matter.CAPACITY, 2),
    (Matter.ENVIRONMENT, 1),
    (Matter.GOOD_SAMARITAN, 1),
)
OTHER_MATTERS = {
    MatterType.ADMINISTRATIVE: Matter.SOCIAL_INSURANCE,
    MatterType.LABOUR_ARBITRATION: Matter.LABOUR_PAY,
    MatterType.STATE_COMPENSATION: Matter.STATE_COMPENSATION,
}
FACTS = {
    Matter.LABOUR_PAY: "申请人在建筑工地务工，用人单位拖欠工资至今未付，多次催讨无果。",
    Matter.WORK_INJURY: "申请人在工地作业时受伤，已认定工伤，用人单位拒不支付工伤待遇。",
    Matter.TRAFFIC_INJURY: "申请人在交通事故中受伤，对方及保险公司对赔偿数额有争议。",
    Matter.MEDICAL_INJURY: "申请人在医院手术后致残，经鉴定构成医疗事故，请求赔偿。",
    Matter.FOOD_DRUG_INJURY: "申请人食用过期食品后中毒住院，请求生产者和销售者赔偿。",
    Matter.MAINTENANCE: "申请人年老体弱，子女拒绝支付赡养费。",
    Matter.SOCIAL_INSURANCE: "用人单位未依法为申请人缴纳社会保险，申请人请求补缴并享受待遇。",
    Matter.ABUSE_VIOLENCE: "申请人长期遭受家庭暴力，请求离婚并主张相关权益。",
    Matter.PENSION: "申请人请求发给抚恤金。",
    Matter.CAPACITY: "申请人请求认定其亲属为限制民事行为能力人。",
    Matter.ENVIRONMENT: "申请人承包的鱼塘因附近企业排污受损，请求赔偿。",
    Matter.GOOD_SAMARITAN: "申请人见义勇为受伤，请求侵权人赔偿。",
    Matter.STATE_COMPENSATION: "申请人被错误羁押，请求国家赔偿。",
    Matter.CRIMINAL_DEFENCE: "申请人（犯罪嫌疑人、被告人）因经济困难无力委托辩护人。",
    Matter.CRIMINAL_VICTIM: "申请人系刑事案件被害人，因经济困难申请代理。",
}
ADVERSE = (
    "青川市宏达建筑工程有限公司",
    "青川市恒远劳务有限公司",
    "中国人民财产保险股份有限公司青川支公司",
    "青川市瑞丰纺织有限公司",
)
NOTIFICATION_GROUNDS = (
    ("未成年人", 20),
    ("可能被判处无期徒刑、死刑的人", 12),
    ("视力、听力、言语残疾人", 6),
    ("尚未完全丧失辨认或者控制自己行为能力的成年人", 4),
    ("人民法院审理的其他普通程序案件（可以通知）", 58),
)
ORGANS = {
    NotifyingOrgan.POLICE: ("青川市公安局", CriminalStage.INVESTIGATION),
    NotifyingOrgan.PROCURATORATE: ("青川市人民检察院", CriminalStage.PROSECUTION),
    NotifyingOrgan.COURT: ("青川市人民法院", CriminalStage.TRIAL),
}
MATERIALS = (
    "法律援助申请表",
    "申请人身份证明",
    "经济困难状况说明表（个人诚信承诺）",
    "与所申请法律援助事项有关的材料",
)
CATEGORIES = (
    ("labour", 26),
    ("marriage_family", 22),
    ("tort", 14),
    ("contract", 10),
    ("lending", 9),
    ("property_land", 8),
    ("criminal", 4),
    ("administrative", 3),
    ("other", 4),
)
QUESTIONS = {
    "labour": (
        "老板拖欠工资三个月，怎样讨薪？",
        "依法可向劳动保障监察投诉或申请劳动仲裁，符合条件可申请法律援助。",
    ),
    "marriage_family": ("协议离婚后对方不支付抚养费怎么办？", "可向人民法院起诉要求支付抚养费。"),
    "tort": ("被邻居家的狗咬伤，医药费由谁承担？", "动物饲养人或者管理人应当承担侵权责任。"),
    "contract": ("装修公司延期交付，能否解除合同？", "可依合同约定和民法典相关规定主张违约责任。"),
    "lending": ("借钱给朋友没有写借条，如何取证？", "可收集转账记录、聊天记录等证据。"),
    "property_land": ("宅基地上的房屋能否继承？", "宅基地上的房屋可以依法继承。"),
    "criminal": (
        "家属被刑事拘留，能否申请法律援助？",
        "经济困难的可以申请，符合条件的由办案机关通知辩护。",
    ),
    "administrative": ("对行政处罚不服怎么办？", "可依法申请行政复议或者提起行政诉讼。"),
    "other": ("如何办理公证？", "可携带身份证件到公证处申办。"),
}
DUTY_PLACES = ("青川市看守所值班律师工作室", "青川市人民法院诉讼服务中心", "青川市人民检察院")


def is_present() -> bool:
    return Application.objects.filter(number__startswith=NUMBER_PREFIX).exists()


# 经济困难标准 of the demo province (法律援助法 第34条), per person and month, two dated versions
# so the dating of the rules can be seen: 城镇 twice the 低保 standard, 农村 half of the
# previous year's rural per-capita disposable income (DOMAIN §5.1, [V-local] example). The
# figures are illustrative, not any real province's.
URBAN_BASIS = "演示：城镇为当地最低生活保障标准的2倍（{year}年）"
RURAL_BASIS = "演示：农村为上年农村居民人均可支配收入的1/2（{year}年）"
STANDARDS = tuple(
    (region, area, date(year, 1, 1), limit, basis.format(year=year))
    for region, area, year, limit, basis in (
        ("33", "urban", 2025, "2000.00", URBAN_BASIS),
        ("33", "rural", 2025, "1650.00", RURAL_BASIS),
        ("33", "urban", 2026, "2100.00", URBAN_BASIS),
        ("33", "rural", 2026, "1750.00", RURAL_BASIS),
    )
)


# ---------------------------------------------------------------------------------------------
# Entry points


def load(ctx: DemoContext) -> None:
    _ensure_rates()
    _ensure_standards()
    handlers = write_providers(ctx, ctx.rng("legalaid.providers"))
    ctx.log(f"  承办机构 {len(LAW_FIRMS) + 2} 家，承办人员 {sum(map(len, handlers.values()))} 名")
    consultations = write_consultations(ctx, ctx.rng("legalaid.consultations"), handlers)
    ctx.log(f"  法律咨询 {consultations} 人次")
    cases = write_applications(ctx, ctx.rng("legalaid.applications"), handlers)
    ctx.log(f"  法律援助申请/案件 {cases} 件")
    write_duty(ctx, ctx.rng("legalaid.duty"), handlers)


def unload(ctx: DemoContext) -> None:
    """Delete the legal-aid records of the demo city (the subsidy rates stay: a setting)."""
    root = Office.objects.filter(code="339081").first()
    if root is None:
        return
    for model in (
        Complaint,
        QualityCheck,
        DutyShift,
        Assignment,
        HandlingEvent,
        ApplicationEvent,
        Material,
        ApplicantGroupMembership,
        Application,
        SubsidyBatch,
        Consultation,
        Handler,
        Provider,
    ):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除法律援助演示数据")


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _ensure_rates() -> None:
    existing = set(SubsidyRate.objects.values_list("matter_type", "valid_from"))
    rows = [
        SubsidyRate(matter_type=kind, amount=Decimal(amount), valid_from=RATES_FROM)
        for kind, amount in RATES.items()
        if (kind, RATES_FROM) not in existing
    ]
    bulk.insert_with_history(rows, reason=HISTORY_REASON)


def _ensure_standards() -> None:
    """The demo province's hardship standards (a setting: kept by --reset, like the rates)."""
    existing = set(HardshipStandard.objects.values_list("region_code", "area", "valid_from"))
    rows = [
        HardshipStandard(
            region_code=region,
            area=area,
            valid_from=valid_from,
            monthly_income_limit=Decimal(limit),
            basis=basis,
        )
        for region, area, valid_from, limit, basis in STANDARDS
        if (region, area, valid_from) not in existing
    ]
    bulk.insert_with_history(rows, reason=HISTORY_REASON)


# ---------------------------------------------------------------------------------------------
# Providers and handlers


def write_providers(ctx: DemoContext, rng: random.Random) -> dict[str, list[Handler]]:
    """Four law firms, a 基层法律服务所 and the centre, with their handlers.

    Returns handlers by role: "criminal" (lawyers), "senior" (≥ 3 years of criminal defence,
    for 无期/死刑 cases, 法律援助法 第26条), "civil" (everyone who may take civil cases),
    "staff" (the centre's own staff, who answer consultations).
    """
    centre = ctx.offices["legal_aid_center"]
    specs = [(name, ProviderKind.LAW_FIRM, rng.randint(4, 6)) for name in LAW_FIRMS]
    specs += [
        (LEGAL_SERVICE_OFFICE, ProviderKind.LEGAL_SERVICE_OFFICE, 3),
        (centre.name, ProviderKind.CENTRE, 3),
    ]
    providers = bulk.insert_with_history(
        [
            Provider(
                office=centre, name=name, kind=kind, phone=f"0575-8{rng.randrange(10**6, 10**7)}"
            )
            for name, kind, _count in specs
        ],
        reason=HISTORY_REASON,
    )
    persons, rows = [], []
    for provider, (_name, kind, count) in zip(providers, specs, strict=True):
        for index in range(count):
            person = make_person(
                rng,
                office=centre,
                issued=ctx.id_numbers,
                address_code="339081",
                born_from=date(1968, 1, 1),
                born_to=date(1995, 12, 31),
            )
            persons.append(person)
            handler_kind = {
                ProviderKind.LAW_FIRM: HandlerKind.LAWYER,
                ProviderKind.LEGAL_SERVICE_OFFICE: HandlerKind.GRASSROOTS_WORKER,
                ProviderKind.CENTRE: HandlerKind.CENTRE_STAFF,
            }[kind]
            since = random_date(rng, date(2008, 1, 1), date(2022, 12, 31))
            handler = Handler(
                office=centre,
                provider=provider,
                kind=handler_kind,
                licence_number=f"1330{rng.randrange(10**12, 10**13)}",
                practising_since=since,
                juvenile_experience=rng.random() < 0.3,
            )
            if handler_kind == HandlerKind.LAWYER and (index == 0 or rng.random() < 0.4):
                # the first lawyer of every firm has long criminal-defence experience
                handler.practising_since = random_date(rng, date(2006, 1, 1), date(2015, 12, 31))
                handler.criminal_defence_since = handler.practising_since
            rows.append(handler)
    saved = save_people(persons)
    for handler, person in zip(rows, saved, strict=True):
        handler.person = person
    handlers = bulk.insert_with_history(rows, reason=HISTORY_REASON)
    by_role: dict[str, list[Handler]] = defaultdict(list)
    for handler in handlers:
        if handler.kind == HandlerKind.LAWYER:
            by_role["criminal"].append(handler)
            if handler.criminal_defence_since:
                by_role["senior"].append(handler)
        if handler.kind == HandlerKind.CENTRE_STAFF:
            by_role["staff"].append(handler)
        by_role["civil"].append(handler)
    return by_role


# ---------------------------------------------------------------------------------------------
# Consultations


def _moment(rng: random.Random, day: date) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime.combine(day, time(rng.randint(8, 17), rng.randrange(60)), tzinfo=tz)


def write_consultations(ctx: DemoContext, rng: random.Random, handlers) -> int:
    centre = ctx.offices["legal_aid_center"]
    local = [*ctx.offices["legal_aid_township_workstations"], *ctx.offices["liaison_points"][:40]]
    staff_names = [h.person.name for h in handlers["staff"]]
    rows = []
    serial = defaultdict(int)
    for period in periods(ctx.today):
        others = period.consultations - period.hotline
        channels = [Channel.HOTLINE] * period.hotline
        for channel, count in zip(
            (Channel.VISIT, Channel.ONLINE, Channel.PHONE, Channel.LETTER),
            split_total(
                rng,
                others,
                [
                    (others * 55 // 100, others * 70 // 100),
                    (others * 10 // 100, others * 25 // 100),
                    (others * 5 // 100, others * 15 // 100),
                    (others // 200, others * 3 // 100),
                ],
            ),
            strict=True,
        ):
            channels += [channel] * count
        for channel in channels:
            day = random_date(rng, period.start, period.end)
            category = _weighted(rng, CATEGORIES)
            question, answer = QUESTIONS[category]
            office = centre
            if channel in (Channel.VISIT, Channel.PHONE) and rng.random() < 0.35:
                office = rng.choice(local)
            row = bulk.new(
                Consultation,
                office=office,
                channel=channel,
                consulted_at=_moment(rng, day),
                caller_name=f"{synthetic_name(rng, Gender.MALE)[0]}{rng.choice('先生女士')}"
                if channel != Channel.LETTER
                else synthetic_name(rng, Gender.FEMALE),
                category=category,
                question=question,
                answer=answer,
                duration_minutes=rng.randint(3, 30),
                referral=_weighted(
                    rng,
                    (
                        (Referral.ANSWERED, 80),
                        (Referral.APPLICATION, 10),
                        (Referral.MEDIATION, 4),
                        (Referral.LAWYER, 4),
                        (Referral.NOTARY, 1),
                        (Referral.OTHER, 1),
                    ),
                ),
                answered_by=rng.choice(staff_names),
            )
            if channel == Channel.HOTLINE:
                serial[day] += 1
                row.call_id = f"12348-{day:%Y%m%d}-{serial[day]:04d}"
                if rng.random() < 0.7:
                    row.satisfaction = _weighted(
                        rng,
                        (
                            (Satisfaction.VERY_SATISFIED, 45),
                            (Satisfaction.SATISFIED, 45),
                            (Satisfaction.NEUTRAL, 8),
                            (Satisfaction.DISSATISFIED, 2),
                        ),
                    )
                if row.satisfaction == Satisfaction.DISSATISFIED:
                    row.follow_up_required = True
                    follow = day + timedelta(days=rng.randint(1, 3))
                    row.followed_up_on = follow if follow <= ctx.today else None
            rows.append(row)
    bulk.insert(rows)
    return len(rows)


# ---------------------------------------------------------------------------------------------
# Applications


@dataclass
class Spec:
    """An application before it is written."""

    office: Office
    matter_type: str
    matter: str
    origin: str
    received_on: date
    accepted_on: date | None = None
    outcome: str = "accepted"  # accepted / refused / withdrawn / received / supplement / objection
    foundation: bool = False
    ground: str = ""
    groups: set = field(default_factory=set)


def _civil_matter(rng, matter_type):
    if matter_type == MatterType.CIVIL:
        return _weighted(rng, CIVIL_MATTERS)
    return OTHER_MATTERS[matter_type]


def plan_applications(ctx: DemoContext, rng: random.Random) -> list[Spec]:
    centre = ctx.offices["legal_aid_center"]
    workstations = ctx.offices["legal_aid_township_workstations"]
    specs: list[Spec] = []
    for period in periods(ctx.today):
        part: list[Spec] = []
        for matter_type, count in period.types.items():
            notified = period.notified if matter_type == MatterType.CRIMINAL else 0
            for index in range(count):
                accepted = random_date(rng, period.start, period.end)
                if index < notified:
                    spec = Spec(
                        centre, matter_type, Matter.CRIMINAL_DEFENCE, Origin.NOTIFICATION, accepted
                    )
                    spec.ground = _weighted(rng, NOTIFICATION_GROUNDS)
                else:
                    office = centre
                    if matter_type == MatterType.CRIMINAL:
                        matter = _weighted(
                            rng, ((Matter.CRIMINAL_DEFENCE, 65), (Matter.CRIMINAL_VICTIM, 35))
                        )
                        origin = _weighted(
                            rng,
                            (
                                (Origin.APPLICATION, 60),
                                (Origin.FORWARDED, 25),
                                (Origin.DUTY_LAWYER, 15),
                            ),
                        )
                    else:
                        matter = _civil_matter(rng, matter_type)
                        origin = _weighted(rng, ((Origin.APPLICATION, 82), (Origin.ONLINE, 18)))
                        if origin == Origin.APPLICATION and rng.random() < 0.2:
                            office = rng.choice(workstations)
                    late = rng.random() < 0.02
                    days = rng.randint(8, 10) if late else rng.randint(0, 6)
                    spec = Spec(
                        office, matter_type, matter, origin, accepted - timedelta(days=days)
                    )
                spec.accepted_on = accepted
                part.append(spec)
        for spec in rng.sample(
            [s for s in part if s.matter_type == MatterType.CIVIL], period.foundation
        ):
            spec.foundation = True
        part += _not_accepted(rng, centre, period, ctx.today)
        specs += part
    specs += _objections(centre)
    specs.sort(key=lambda s: (s.received_on, s.accepted_on or s.received_on))
    return specs


def _not_accepted(rng, centre, period: Period, today: date) -> list[Spec]:
    """Refusals, withdrawals and, near the demo's today, applications still under review."""
    specs = []
    for outcome, count in (("refused", period.refused), ("withdrawn", period.withdrawn)):
        for _ in range(count):
            matter_type = MatterType.CIVIL if rng.random() < 0.85 else MatterType.CRIMINAL
            matter = (
                Matter.CRIMINAL_VICTIM
                if matter_type == MatterType.CRIMINAL
                else _civil_matter(rng, matter_type)
            )
            received = random_date(rng, period.start, period.end - timedelta(days=20))
            specs.append(
                Spec(centre, matter_type, matter, Origin.APPLICATION, received, outcome=outcome)
            )
    if period.end == today:
        for outcome, count in (("received", 5), ("supplement", 3), ("objection", 1)):
            for _ in range(count):
                received = random_date(rng, today - timedelta(days=6), today)
                if outcome == "objection":
                    received = today - timedelta(days=12)
                specs.append(
                    Spec(
                        centre,
                        MatterType.CIVIL,
                        _civil_matter(rng, MatterType.CIVIL),
                        Origin.APPLICATION,
                        received,
                        outcome=outcome,
                    )
                )
    return specs


def _objections(centre) -> list[Spec]:
    """A refusal corrected on objection (accepted in 2025) and one upheld (in the half-year)."""
    corrected = Spec(
        centre, MatterType.CIVIL, Matter.LABOUR_PAY, Origin.APPLICATION, date(2025, 5, 12)
    )
    corrected.outcome, corrected.accepted_on = "corrected", date(2025, 5, 26)
    upheld = Spec(
        centre, MatterType.CIVIL, Matter.TRAFFIC_INJURY, Origin.APPLICATION, date(2026, 3, 2)
    )
    upheld.outcome = "upheld"
    return [corrected, upheld]


def _applicant(ctx: DemoContext, rng: random.Random, spec: Spec):
    """A registered person fitting the case (a minor for a juvenile notification …)."""
    villages = ctx.shared["orgs.villages"]
    code = rng.choice(list(villages))
    born = (date(1950, 1, 1), date(2004, 12, 31))
    gender = None
    if spec.ground == "未成年人":
        born = (date(spec.accepted_on.year - 17, 1, 1), date(spec.accepted_on.year - 14, 12, 31))
    elif spec.matter == Matter.MAINTENANCE:
        born = (date(1938, 1, 1), date(1962, 12, 31))
    elif spec.matter == Matter.ABUSE_VIOLENCE:
        gender = Gender.FEMALE
    elif spec.matter_type == MatterType.CRIMINAL and spec.matter == Matter.CRIMINAL_DEFENCE:
        gender = Gender.MALE if rng.random() < 0.88 else Gender.FEMALE
    return make_person(
        rng,
        office=spec.office,
        issued=ctx.id_numbers,
        address_code="339081",
        region_code=code,
        address=f"青川市{villages[code]}{rng.randint(1, 199)}号",
        gender=gender,
        born_from=born[0],
        born_to=born[1],
    )


def _groups(rng, spec: Spec, person) -> set[str]:
    on = spec.accepted_on or spec.received_on
    age = on.year - person.birth_date.year
    groups = set()
    if age < 18:
        groups.add(ApplicantGroup.MINOR)
    if age >= 60:
        groups.add(ApplicantGroup.ELDERLY)
    if person.gender == Gender.FEMALE and rng.random() < 0.6:
        groups.add(ApplicantGroup.WOMAN)
    if spec.matter == Matter.LABOUR_PAY and rng.random() < 0.75:
        groups.add(ApplicantGroup.MIGRANT_WORKER)
    if spec.ground.startswith("视力") or rng.random() < 0.04:
        groups.add(ApplicantGroup.DISABLED)
    if person.ethnicity and person.ethnicity != "01":
        groups.add(ApplicantGroup.ETHNIC_MINORITY)
    if rng.random() < 0.01:
        groups.add(ApplicantGroup.MILITARY)
    return groups


REFUSED_OUTCOMES = ("refused", "upheld", "objection")


def _eligibility(rng, spec: Spec, groups, area: str, size: int) -> dict:
    """The household the applicant declared and what the real rules make of it (the stored
    basis, check, standard and explanation are the engine's, as for a registered application).
    A refused applicant earns above the standard; the others below it."""
    proof = ""
    if ApplicantGroup.MIGRANT_WORKER in groups and spec.matter == Matter.LABOUR_PAY:
        proof = ExemptionProof.MIGRANT_WORKER_WAGES
    refused = spec.outcome in REFUSED_OUTCOMES
    per_head = rng.randint(2600, 4000) if refused else rng.randint(500, 1500)
    income = Decimal(per_head * size)
    facts = eligibility.Facts(
        matter=spec.matter,
        matter_type=spec.matter_type,
        on=spec.received_on,
        region_code=orgs_demo.REGION_CODE,
        area=area,
        household_size=size,
        household_monthly_income=income,
        exemption_proof=proof,
        hardship_check=HardshipCheck.INFO_SHARING,
        notified=spec.origin == Origin.NOTIFICATION,
    )
    result = eligibility.assess(facts)
    return dict(
        area=area,
        household_size=size,
        household_monthly_income=income,
        exemption_proof=proof,
        basis=result.basis,
        hardship_check=result.hardship_check,
        standard=result.standard,
        eligibility_explanation=result.explanation,
    )


@dataclass
class Timeline:
    """Dates of one accepted case, each None when after the demo's today."""

    assigned: date | None = None
    signed: date | None = None
    ended: date | None = None
    terminated: date | None = None
    submitted: date | None = None
    reviewed: date | None = None


def _until_today(day: date | None, today: date) -> date | None:
    return day if day is not None and day <= today else None


def _timeline(rng, spec: Spec, today: date) -> Timeline:
    t = Timeline()
    late = rng.random() < 0.03
    t.assigned = _until_today(
        spec.accepted_on + timedelta(days=rng.randint(4, 5) if late else rng.randint(0, 3)), today
    )
    if t.assigned is None:
        return t
    t.signed = _until_today(t.assigned + timedelta(days=rng.randint(0, 5)), today)
    if t.signed is None:
        return t
    if rng.random() < 0.03:
        t.terminated = _until_today(t.signed + timedelta(days=rng.randint(10, 60)), today)
        return t
    longest = 200 if spec.matter_type == MatterType.CRIMINAL else 240
    t.ended = _until_today(t.signed + timedelta(days=rng.randint(25, longest)), today)
    if t.ended is None:
        return t
    t.submitted = _until_today(t.ended + timedelta(days=rng.randint(3, 30)), today)
    if t.submitted is None:
        return t
    t.reviewed = _until_today(t.submitted + timedelta(days=rng.randint(2, 25)), today)
    return t


def _outcome(rng, spec: Spec) -> tuple[str, Decimal]:
    if spec.matter == Matter.CRIMINAL_VICTIM:
        outcome = _weighted(rng, ((Outcome.WON, 50), (Outcome.SETTLED, 40), (Outcome.LOST, 10)))
        return outcome, Decimal(rng.randint(10, 300) * 100)
    if spec.matter_type == MatterType.CRIMINAL:
        weights = (
            (Outcome.LIGHTER, 55),
            (Outcome.CONVICTED, 35),
            (Outcome.NOT_PROSECUTED, 8),
            (Outcome.ACQUITTED, 2),
        )
        return _weighted(rng, weights), Decimal(0)
    weights = (
        (Outcome.WON, 40),
        (Outcome.SETTLED, 35),
        (Outcome.PARTLY_WON, 15),
        (Outcome.LOST, 5),
        (Outcome.WITHDRAWN, 5),
    )
    outcome = _weighted(rng, weights)
    recovered = Decimal(0)
    if outcome in (Outcome.WON, Outcome.SETTLED, Outcome.PARTLY_WON):
        recovered = Decimal(rng.randint(20, 1500) * 100)
    return outcome, recovered


def _payment_day(archived: date) -> date:
    """Subsidies are paid quarterly, on the 20th of the month after the quarter."""
    month = ((archived.month - 1) // 3 + 1) * 3
    return date(archived.year + 1, 1, 20) if month == 12 else date(archived.year, month + 1, 20)


def write_applications(ctx: DemoContext, rng: random.Random, handlers) -> int:
    specs = plan_applications(ctx, rng)
    persons = save_people([_applicant(ctx, rng, spec) for spec in specs])
    serial: dict[int, int] = defaultdict(int)
    rows, extras = [], []
    for spec, person in zip(specs, persons, strict=True):
        serial[spec.received_on.year] += 1
        groups = _groups(rng, spec, person)
        app = Application(
            office=spec.office,
            number=ctx.numbers.format(
                "legalaid.application",
                office=spec.office,
                year=spec.received_on.year,
                seq=serial[spec.received_on.year],
            ),
            origin=spec.origin,
            channel=Channel.ONLINE if spec.origin == Origin.ONLINE else Channel.VISIT,
            applicant=person,
            matter_type=spec.matter_type,
            matter=spec.matter,
            facts=FACTS.get(spec.matter, "申请人因经济困难申请法律援助。"),
            received_on=spec.received_on,
            foundation_funded=spec.foundation,
            **_eligibility(
                rng, spec, groups, "rural" if rng.random() < 0.55 else "urban", rng.randint(1, 5)
            ),
        )
        if spec.matter_type != MatterType.CRIMINAL:
            app.adverse_party = rng.choice(ADVERSE) if spec.matter == Matter.LABOUR_PAY else ""
            app.amount_claimed = Decimal(rng.randint(10, 800) * 100)
        if spec.origin == Origin.FORWARDED:
            app.detained = True
            moment = _moment(rng, spec.received_on - timedelta(days=1))
            app.custody_received_at = moment
            app.forwarded_at = moment + timedelta(hours=rng.randint(2, 20))
        timeline = _fill(rng, app, spec, handlers, ctx.today)
        rows.append(app)
        extras.append((spec, groups, timeline))
    saved = bulk.insert_with_history(rows, reason=HISTORY_REASON)
    _write_related(ctx, rng, saved, extras, handlers)
    return len(saved)


_CALENDAR = WorkingCalendar()  # the holiday table, read once per year for the whole demo


def _fill(rng, app: Application, spec: Spec, handlers, today: date) -> Timeline:
    """Status and dates of one application from its outcome and timeline."""
    timeline = Timeline()
    if spec.origin != Origin.NOTIFICATION and spec.outcome != "supplement":
        # 第43条: 7 days from receipt (an application awaiting materials has no running period)
        app.decision_due_on = compute(DECISION_RULE, spec.received_on, calendar=_CALENDAR)
    if spec.origin == Origin.NOTIFICATION:
        organ = _weighted(
            rng,
            (
                (NotifyingOrgan.COURT, 55),
                (NotifyingOrgan.PROCURATORATE, 30),
                (NotifyingOrgan.POLICE, 15),
            ),
        )
        if spec.ground.startswith("人民法院"):  # only a court may notify in these cases
            organ = NotifyingOrgan.COURT
        app.notifying_organ = organ
        app.notifying_organ_name, app.criminal_stage = ORGANS[organ]
        app.notification_ground = spec.ground
        app.serious_charge = spec.ground.startswith("可能被判处")
    if spec.outcome in ("refused", "upheld", "objection"):
        app.status = Status.REFUSED
        app.decided_on = spec.received_on + timedelta(days=rng.randint(2, 6))
        app.refusal_reasons = (
            "经审查，申请人家庭经济状况不符合本省规定的经济困难标准（法律援助法第三十四条）。"
        )
        if spec.outcome in ("upheld", "objection"):
            app.objection_filed_on = app.decided_on + timedelta(days=3)
            app.objection_reasons = "申请人认为其家庭收入计算有误。"
            if spec.outcome == "upheld":
                app.objection_decided_on = app.objection_filed_on + timedelta(days=4)
                app.objection_result = ObjectionResult.UPHELD
            else:
                app.status = Status.OBJECTION
        return timeline
    if spec.outcome == "withdrawn":
        app.status = Status.WITHDRAWN
        app.supplement_requested_on = spec.received_on + timedelta(days=1)
        app.supplement_items = "经济困难状况说明表"
        app.supplement_due_on = app.supplement_requested_on + timedelta(days=15)
        return timeline
    if spec.outcome == "received":
        return timeline
    if spec.outcome == "supplement":
        app.status = Status.AWAITING_SUPPLEMENT
        app.supplement_requested_on = spec.received_on
        app.supplement_items = "与所申请法律援助事项有关的材料（劳动合同或工资欠条）"
        app.supplement_due_on = spec.received_on + timedelta(days=15)
        return timeline
    # accepted (including the corrected refusal)
    app.accepted_on = spec.accepted_on
    rule = NOTIFICATION_ASSIGNMENT_RULE if spec.origin == Origin.NOTIFICATION else ASSIGNMENT_RULE
    app.assignment_due_on = compute(rule, spec.accepted_on, calendar=_CALENDAR)
    if spec.outcome == "corrected":
        app.decided_on = spec.received_on + timedelta(days=4)
        app.refusal_reasons = "经审查，申请事项不属于法律援助范围。"
        app.objection_filed_on = app.decided_on + timedelta(days=2)
        app.objection_reasons = "申请人认为其请求支付劳动报酬属于法律援助事项。"
        app.objection_decided_on = spec.accepted_on
        app.objection_result = ObjectionResult.CORRECTED
    elif spec.origin != Origin.NOTIFICATION:
        app.decided_on = spec.accepted_on
    timeline = _timeline(rng, spec, today)
    app.status = Status.GRANTED
    if timeline.assigned:
        app.status = Status.ASSIGNED
    if timeline.signed:
        app.status = Status.IN_PROGRESS
    if timeline.terminated:
        app.status = Status.TERMINATED
        app.terminated_on = timeline.terminated
        app.termination_ground = _weighted(
            rng,
            (
                (TerminationGround.OWN_LAWYER, 50),
                (TerminationGround.CASE_ENDED, 30),
                (TerminationGround.REQUESTED, 20),
            ),
        )
    if timeline.ended:
        app.status = Status.ENDED
        app.ended_on = timeline.ended
        app.outcome, app.money_recovered = _outcome(rng, spec)
    if timeline.submitted:
        app.status = Status.FILED_FOR_REVIEW
        app.materials_submitted_on = timeline.submitted
    if timeline.reviewed:
        app.status = Status.ARCHIVED
        app.reviewed_on = app.archived_on = timeline.reviewed
        app.subsidy_amount = Decimal(RATES[spec.matter_type])
    return timeline


def _write_related(ctx, rng, apps: list[Application], extras, handlers) -> None:
    centre = ctx.offices["legal_aid_center"]
    pay_days = sorted({_payment_day(a.archived_on) for a in apps if a.archived_on})
    pay_days = [d for d in pay_days if d <= ctx.today]
    batches = bulk.insert(
        [SubsidyBatch(office=centre, title=_batch_title(day), paid_on=day) for day in pay_days]
    )
    batch_of = {b.paid_on: b for b in batches}
    to_update = []
    groups, materials, events, assignments, handling, checks = [], [], [], [], [], []
    for app, (_spec, app_groups, t) in zip(apps, extras, strict=True):
        if app.archived_on and _payment_day(app.archived_on) in batch_of:
            app.subsidy_batch = batch_of[_payment_day(app.archived_on)]
            to_update.append(app)
        groups += [
            bulk.new(ApplicantGroupMembership, office=app.office, application=app, group=g)
            for g in sorted(app_groups)
        ]
        if app.origin != Origin.NOTIFICATION:
            for name in MATERIALS:
                missing = app.status == Status.AWAITING_SUPPLEMENT and name == MATERIALS[-1]
                materials.append(
                    bulk.new(
                        Material,
                        office=app.office,
                        application=app,
                        name=name,
                        provided_on=None if missing else app.received_on,
                    )
                )
        events += _events(app, t)
        if t.assigned:
            pool = handlers["civil"]
            if app.matter_type == MatterType.CRIMINAL:
                pool = handlers["senior"] if app.serious_charge else handlers["criminal"]
            handler = rng.choice(pool)
            assignments.append(
                bulk.new(
                    Assignment,
                    office=app.office,
                    application=app,
                    provider_id=handler.provider_id,
                    handler=handler,
                    assigned_on=t.assigned,
                    agreement_signed_on=t.signed,
                    conflict_note="经审查，承办人员与本案无利益冲突。",
                )
            )
        if t.signed:
            last = t.ended or t.terminated or ctx.today
            kinds = (
                (EventKind.MEETING, EventKind.FILE_READING, EventKind.HEARING)
                if app.matter_type == MatterType.CRIMINAL
                else (EventKind.INVESTIGATION, EventKind.MEDIATION, EventKind.HEARING)
            )
            for kind in kinds[: rng.randint(1, 3)]:
                handling.append(
                    bulk.new(
                        HandlingEvent,
                        office=app.office,
                        application=app,
                        kind=kind,
                        happened_on=random_date(rng, t.signed, max(t.signed, last)),
                    )
                )
        checks += _quality_checks(rng, app, t, ctx.today)
    Application.objects.bulk_update(to_update, ["subsidy_batch"])
    bulk.insert(groups)
    bulk.insert(materials)
    bulk.insert(events)
    bulk.insert(assignments)
    bulk.insert(handling)
    bulk.insert(checks)
    _complaints(centre, apps, ctx.today)


def _events(app: Application, t: Timeline) -> list[ApplicationEvent]:
    steps = [("", Status.RECEIVED, app.received_on, "")]
    if app.supplement_requested_on:
        steps.append((Status.RECEIVED, Status.AWAITING_SUPPLEMENT, app.supplement_requested_on, ""))
        if app.status == Status.WITHDRAWN:
            steps.append(
                (
                    Status.AWAITING_SUPPLEMENT,
                    Status.WITHDRAWN,
                    app.supplement_due_on,
                    "逾期未补充材料，视为撤回申请。",
                )
            )
    if app.refusal_reasons:
        steps.append((Status.RECEIVED, Status.REFUSED, app.decided_on, app.refusal_reasons))
    if app.objection_filed_on:
        steps.append(
            (Status.REFUSED, Status.OBJECTION, app.objection_filed_on, app.objection_reasons)
        )
        if app.objection_result == ObjectionResult.UPHELD:
            steps.append(
                (Status.OBJECTION, Status.REFUSED, app.objection_decided_on, "维持原决定。")
            )
        elif app.objection_result == ObjectionResult.CORRECTED:
            steps.append(
                (
                    Status.OBJECTION,
                    Status.GRANTED,
                    app.objection_decided_on,
                    "责令改正，决定给予法律援助。",
                )
            )
    elif app.accepted_on:
        reason = "收到通知辩护公函。" if app.origin == Origin.NOTIFICATION else ""
        steps.append((Status.RECEIVED, Status.GRANTED, app.accepted_on, reason))
    for status, day in (
        (Status.ASSIGNED, t.assigned),
        (Status.IN_PROGRESS, t.signed),
        (Status.TERMINATED, t.terminated),
        (Status.ENDED, t.ended),
        (Status.FILED_FOR_REVIEW, t.submitted),
        (Status.ARCHIVED, t.reviewed),
    ):
        if day:
            steps.append((steps[-1][1], status, day, ""))
    return [
        bulk.new(
            ApplicationEvent,
            office=app.office,
            application=app,
            from_status=old,
            to_status=new,
            happened_on=on,
            reason=reason,
        )
        for old, new, on, reason in steps
    ]


# The demo's quality checks: grades (or the aided person's satisfaction) in these proportions.
HEARING_GRADES = ((QualityGrade.EXCELLENT, 30), (QualityGrade.GOOD, 60), (QualityGrade.PASS, 10))
FILE_REVIEW_GRADES = (
    (QualityGrade.EXCELLENT, 25),
    (QualityGrade.GOOD, 55),
    (QualityGrade.PASS, 18),
    (QualityGrade.FAIL, 2),
)
FOLLOW_UP_SATISFACTION = (
    (Satisfaction.VERY_SATISFIED, 50),
    (Satisfaction.SATISFIED, 40),
    (Satisfaction.NEUTRAL, 8),
    (Satisfaction.DISSATISFIED, 2),
)


def _quality_checks(rng, app: Application, t: Timeline, today: date) -> list[QualityCheck]:
    def check(kind, checked_on, *, notes="", **weighted) -> QualityCheck:
        values = {field: _weighted(rng, weights) for field, weights in weighted.items()}
        return bulk.new(
            QualityCheck,
            office=app.office,
            application=app,
            kind=kind,
            checked_on=checked_on,
            notes=notes,
            **values,
        )

    checks = []
    if t.signed and t.ended and rng.random() < 0.05:
        checks.append(
            check(
                QualityKind.HEARING_ATTENDANCE,
                random_date(rng, t.signed, t.ended),
                grade=HEARING_GRADES,
                notes="旁听庭审，承办律师准备充分，辩护意见明确。",
            )
        )
    if t.reviewed:
        review = _until_today(t.reviewed + timedelta(days=rng.randint(0, 3)), today)
        if review and rng.random() < 0.35:
            checks.append(check(QualityKind.FILE_REVIEW, review, grade=FILE_REVIEW_GRADES))
    if t.ended:
        visit = _until_today(t.ended + timedelta(days=rng.randint(5, 30)), today)
        if visit and rng.random() < 0.5:
            checks.append(
                check(
                    QualityKind.FOLLOW_UP,
                    visit,
                    satisfaction=FOLLOW_UP_SATISFACTION,
                    notes="电话回访受援人。",
                )
            )
    return checks


def _complaints(centre, apps: list[Application], today: date) -> None:
    rows = []
    chosen = [a for a in apps if a.status == Status.IN_PROGRESS and a.accepted_on]
    for received, closed, pick in (
        (date(2025, 4, 8), date(2025, 4, 20), 0),
        (date(2025, 11, 3), date(2025, 11, 14), 1),
        (date(2026, 4, 15), date(2026, 4, 28), 2),
        (today - timedelta(days=11), None, 3),  # still open on the demo's today
    ):
        app = chosen[pick * 7 % len(chosen)] if chosen else None
        rows.append(
            Complaint(
                office=centre,
                application=app,
                received_on=received,
                complainant=app.applicant.name if app else "匿名",
                content="受援人反映承办律师未及时告知案件进展。",
                result="已约谈承办律师，责令其及时向受援人通报案件进展，受援人表示认可。"
                if closed
                else "",
                closed_on=closed,
            )
        )
    bulk.insert(rows)


def _batch_title(day: date) -> str:
    year, quarter = (day.year - 1, 4) if day.month == 1 else (day.year, (day.month - 1) // 3)
    return f"{year}年第{'一二三四'[quarter - 1]}季度法律援助办案补贴"


# ---------------------------------------------------------------------------------------------
# Duty (值班律师)


def write_duty(ctx: DemoContext, rng: random.Random, handlers) -> None:
    """A lawyer on duty every weekday at the centre's posts; township workstations weekly."""
    centre = ctx.offices["legal_aid_center"]
    workstations = ctx.offices["legal_aid_township_workstations"]
    rows = []
    day = DATA_START
    while day <= ctx.today:
        if day.weekday() < 5:
            for place in DUTY_PLACES[: 2 if rng.random() < 0.6 else 3]:
                rows.append(
                    DutyShift(
                        office=centre,
                        on_date=day,
                        period=DutyPeriod.FULL_DAY,
                        handler=rng.choice(handlers["criminal"]),
                        place=place,
                        persons_helped=rng.randint(0, 6),
                    )
                )
        if day.weekday() == 2:
            office = workstations[(day.toordinal() // 7) % len(workstations)]
            rows.append(
                DutyShift(
                    office=office,
                    on_date=day,
                    period=DutyPeriod.MORNING,
                    handler=rng.choice(handlers["civil"]),
                    place=office.name,
                    persons_helped=rng.randint(0, 5),
                    notes="接待群众法律咨询。",
                )
            )
        day += timedelta(days=1)
    bulk.insert(rows)
