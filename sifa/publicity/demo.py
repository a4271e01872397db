"""普法与依法治理演示数据 (青川市): plans, the register of units with their yearly lists and
rosters, publicity events with their materials, and the law exams with every result.

For the half-year 2026-01-01 … 2026-06-30 the line's indicators give exactly the figures of the
reference summary (SEED_FIGURES.md, 普法):

* 8000 posters and leaflets handed out in the constitution campaign (法润暨阳·宪法进万家: the
  events of theme 宪法宣传, their 海报 and 宣传单);
* 4553 public servants who sat the annual law exam on 10 January (one result each), against
  3550 results of the 2025 exam — about 1000 more, computed by the summary from those rows;
* 49 newly promoted leaders examined in the pre-appointment exam of 22 February.

Around them, as a working bureau has them: the 八五 plan and its successor [M], yearly plans,
62 units with their 2025 and 2026 rosters (the base of participation), self-reports and
evaluations of 2025, other events of the half-year (民法典宣传月, 12348, 法律进校园 …), the
2025 events (so 同比 has a base) and the events after June up to the demo's today. Everything
is written in bulk (`sifa.core.bulk`).
"""

from __future__ import annotations

import random
from datetime import date
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
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.people.demo import make_person, save_people
from sifa.publicity.actions.schools import covers_sync, term_end, years_sync
from sifa.publicity.constants import (
    PASS_MARK,
    Audience,
    DispatchOrgan,
    ExamKind,
    Grade,
    MaterialKind,
    MediaLevel,
    PlanKind,
    ReviewOutcome,
    TitleLevel,
    TitleStatus,
    UnitKind,
    VpAudience,
)
from sifa.publicity.models import (
    Appointment,
    AppointmentYear,
    Article,
    Event,
    EventLecturer,
    EventMaterial,
    EventPhoto,
    Exam,
    ExamResult,
    Inspection,
    LawSavvy,
    Plan,
    SchoolCover,
    TitleReview,
    Unit,
    UnitYear,
    VillageFile,
    VillageTitle,
    VpActivity,
)

ORDER = 150  # after the other lines: builds on the office tree and the person registry only

CITY_CODE = "339081"
H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)

# --- SEED_FIGURES.md, 普法 ---------------------------------------------------------------------
CONSTITUTION_POSTERS_LEAFLETS = 8000
EXAM_TAKERS_2026 = 4553
EXAM_TAKERS_2025 = 3550  # "同比增加一千余人": 4553 − 3550 = 1003
LEADERS_EXAMINED = 49
INSPECTED_TOWNSHIPS = 15  # every 镇(街道) of the city, in May
INSPECTED_UNITS = 44
MEDIA_ARTICLES_H1 = 54
ANNUAL_EXAM_ON = date(2026, 1, 10)
LEADERS_EXAM_ON = date(2026, 2, 22)

# Around the figures (not in the reference).
UNITS = 62
CONSTITUTION_EVENTS = 24
OTHER_EVENTS_H1 = 40
EVENTS_PER_MONTH = 9  # the rhythm of the other events, before and after the half-year
LEADERS_2025 = 41
PASS_SHARE = 0.97
INSPECTED_UNITS_2025 = 40
ARTICLES_PER_MONTH = 8  # before and after the half-year
_OUTLETS = (
    ("法治日报", MediaLevel.CENTRAL),
    ("浙江法制报", MediaLevel.PROVINCIAL),
    ("浙江司法行政网", MediaLevel.PROVINCIAL),
    ("绍兴日报", MediaLevel.MUNICIPAL),
    ("青川日报", MediaLevel.COUNTY),
    ("青川电视台", MediaLevel.COUNTY),
    ("青川发布", MediaLevel.COUNTY),
)

_UNIT_NAMES = tuple(
    [
        "市委办公室",
        "市政府办公室",
        "市纪委监委",
        "市委组织部",
        "市委宣传部",
        "市委政法委",
        "市发展和改革局",
        "市教育局",
        "市科学技术局",
        "市经济和信息化局",
        "市公安局",
        "市民政局",
        "市司法局",
        "市财政局",
        "市人力资源和社会保障局",
        "市自然资源和规划局",
        "市生态环境局",
        "市住房和城乡建设局",
        "市交通运输局",
        "市水利局",
        "市农业农村局",
        "市商务局",
        "市文化广电旅游局",
        "市卫生健康局",
        "市退役军人事务局",
        "市应急管理局",
        "市审计局",
        "市市场监督管理局",
        "市统计局",
        "市医疗保障局",
        "市综合行政执法局",
        "市信访局",
        "市数据资源管理局",
        "市人民法院",
        "市人民检察院",
        "市税务局",
        "市消防救援大队",
        "市供电公司",
        "市烟草专卖局",
        "市总工会",
        "团市委",
        "市妇联",
        "市残联",
        "市科协",
        "市工商联",
        "市红十字会",
        "市档案馆",
        "市融媒体中心",
        "市第一人民医院",
        "市中医院",
        "市疾病预防控制中心",
        "市第一中学",
        "市实验中学",
        "市职业技术学校",
        "市城投集团",
        "市交通投资集团",
        "市水务集团",
        "市公共交通公司",
        "市国有资产经营公司",
        "市行政审批局",
        "市机关事务管理局",
        "市人民防空办公室",
        "市金融工作中心",
    ]
)
_LAW_ENFORCEMENT = ("局", "大队", "执法局")
_OTHER_THEMES = (
    ("civil_code", "民法典宣传月进社区", Audience.VILLAGERS),
    ("hotline_12348", "“12348法润千万家”广场法律服务", Audience.GENERAL),
    ("law_campus", "法治教育进课堂", Audience.STUDENTS),
    ("law_enterprise", "法律进企业·劳动合同讲座", Audience.WORKERS),
    ("law_village", "送法下乡", Audience.VILLAGERS),
    ("safety", "安全生产月法治宣传", Audience.WORKERS),
    ("anti_fraud", "反电信网络诈骗宣传", Audience.GENERAL),
    ("law_organ", "领导干部学法讲座", Audience.LEADERS),
)
_LECTURERS = ("普法讲师团", "市律师协会", "司法所", "法律顾问")


def is_present() -> bool:
    root = Office.objects.filter(code=CITY_CODE).first()
    return bool(root) and access.within(Unit.objects.all(), root).exists()


def load(ctx: DemoContext) -> None:
    bureau = ctx.office("bureau")
    rng = ctx.rng("publicity.units")
    plans = _plans(bureau)
    units = _units(bureau, rng, ctx.offices["judicial_offices"][0])
    _unit_years(units, plans, rng)
    ctx.log(f"  普法规划 {len(plans)} 个、责任单位 {len(units)} 个")
    events = _events(ctx, bureau, ctx.rng("publicity.events"))
    ctx.log(f"  普法活动 {events} 场")
    results = _exams(ctx, bureau, units, ctx.rng("publicity.exams"))
    ctx.log(f"  学法考试成绩 {results} 条")
    inspections = _inspections(ctx, bureau, units, ctx.rng("publicity.inspections"))
    articles = _articles(ctx, bureau, ctx.rng("publicity.articles"))
    ctx.log(f"  普法考核 {inspections} 次、媒体用稿 {articles} 篇")
    schools = _vice_principals(ctx, bureau, units, ctx.rng("publicity.schools"))
    villages = _model_villages(ctx, ctx.rng("publicity.villages"))
    ctx.log(f"  法治副校长学校 {schools} 所、示范村(社区) {villages} 个")


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    for model in (
        TitleReview,
        VillageTitle,
        LawSavvy,
        VillageFile,
        VpActivity,
        AppointmentYear,
        SchoolCover,
        Appointment,
        Article,
        Inspection,
        ExamResult,
        Exam,
        EventPhoto,
        EventLecturer,
        EventMaterial,
        Event,
        UnitYear,
        Unit,
        Plan,
    ):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除普法与依法治理演示数据")


# --- plans and units --------------------------------------------------------------------------


def _plans(bureau: Office) -> dict:
    def plan(kind, title, start, end, parent=None):
        return bulk.new(
            Plan, office=bureau, kind=kind, title=title, start_year=start, end_year=end,
            parent=parent, issued_on=date(start, 3, 1) if kind == PlanKind.FIVE_YEAR else
            date(start, 2, 15), content="",
        )  # fmt: skip

    eighth = plan(PlanKind.FIVE_YEAR, "青川市法治宣传教育第八个五年规划（2021—2025年）", 2021, 2025)
    ninth = plan(PlanKind.FIVE_YEAR, "青川市法治宣传教育第九个五年规划（2026—2030年）", 2026, 2030)
    bulk.insert_with_history([eighth, ninth], reason=HISTORY_REASON)
    y2025 = plan(PlanKind.YEARLY, "2025年全市普法依法治理工作要点", 2025, 2025, eighth)
    y2026 = plan(PlanKind.YEARLY, "2026年全市普法依法治理工作要点", 2026, 2026, ninth)
    bulk.insert_with_history([y2025, y2026], reason=HISTORY_REASON)
    return {"eighth": eighth, "ninth": ninth, 2025: y2025, 2026: y2026}


def _unit_kind(name: str) -> str:
    if name.endswith(("中学", "学校")):
        return UnitKind.SCHOOL
    if name.endswith(("法院", "检察院")):
        return UnitKind.JUDICIAL
    if name.endswith(("集团", "公司")):
        return UnitKind.STATE_ENTERPRISE
    if name.endswith(("医院", "中心", "馆")):
        return UnitKind.PUBLIC_INSTITUTION
    if name.startswith(("市委", "市政府", "市纪委", "团市委")):
        return UnitKind.PARTY_GOVERNMENT
    if name.endswith(_LAW_ENFORCEMENT):
        return UnitKind.LAW_ENFORCEMENT
    return UnitKind.OTHER


def _units(bureau: Office, rng: random.Random, township: Office) -> list[Unit]:
    """The register; the city's schools stand in the first 镇(街道) (`township`)."""
    names = _UNIT_NAMES[:UNITS]
    rows = [
        bulk.new(
            Unit,
            office=bureau,
            name=name,
            kind=_unit_kind(name),
            enforces_law=_unit_kind(name) == UnitKind.LAW_ENFORCEMENT,
            contact=f"普法联络员{index + 1:02d}",
            active=True,
            township=township if _unit_kind(name) == UnitKind.SCHOOL else None,
        )
        for index, name in enumerate(names)
    ]
    return bulk.insert_with_history(rows, reason=HISTORY_REASON)


def _unit_years(units: list[Unit], plans: dict, rng: random.Random) -> None:
    """Rosters of 2025 and 2026 (the 2026 one a little larger than the takers), the 2025
    self-reports in December and the bureau's evaluation in January."""
    staff_2026 = split_total(rng, EXAM_TAKERS_2026 + 247, [(20, 140)] * len(units))
    grades = [Grade.EXCELLENT] * 12 + [Grade.GOOD] * 30 + [Grade.PASSED] * 19 + [Grade.FAILED]
    rng.shuffle(grades)
    rows = []
    for unit, staff, grade in zip(units, staff_2026, grades[: len(units)], strict=True):
        reported = date(2025, 12, rng.randint(1, 20))
        rows.append(
            bulk.new(
                UnitYear,
                unit=unit,
                office=unit.office,
                year=2025,
                year_start=date(2025, 1, 1),
                plan=plans[2025],
                staff=max(1, staff - rng.randint(0, 6)),
                duties="学习宣传宪法和本部门主管的法律法规；落实以案释法；开展执法普法。",
                self_report="全年按责任清单开展普法活动，落实领导干部学法制度。",
                reported_on=reported,
                grade=grade,
                evaluation="履职评议",
                evaluated_on=date(2026, 1, rng.randint(15, 28)),
            )
        )
        rows.append(
            bulk.new(
                UnitYear,
                unit=unit,
                office=unit.office,
                year=2026,
                year_start=date(2026, 1, 1),
                plan=plans[2026],
                staff=staff,
                duties="学习宣传宪法、民法典和本部门主管的法律法规；落实谁执法谁普法。",
            )
        )
    bulk.insert_with_history(rows, reason=HISTORY_REASON)


# --- events -----------------------------------------------------------------------------------


def _event_offices(ctx: DemoContext) -> list[Office]:
    return [ctx.office("bureau"), *ctx.offices["judicial_offices"], *ctx.offices["stations"][:40]]


def _events(ctx: DemoContext, bureau: Office, rng: random.Random) -> int:
    offices = _event_offices(ctx)
    events: list[Event] = []
    materials: list[tuple[int, str, int]] = []  # (event index, kind, quantity)
    # The constitution campaign of the half-year: posters and leaflets add up to 8000.
    handed = split_total(rng, CONSTITUTION_POSTERS_LEAFLETS, [(150, 550)] * CONSTITUTION_EVENTS)
    for amount in handed:
        posters = rng.randint(amount // 5, amount // 3)
        index = len(events)
        events.append(
            _event(
                rng,
                rng.choice(offices),
                "法润暨阳·宪法进万家",
                "constitution",
                random_date(rng, date(2026, 3, 1), date(2026, 6, 20)),
                rng.choice((Audience.VILLAGERS, Audience.GENERAL, Audience.PUBLIC_SERVANTS)),
            )
        )
        materials += [(index, MaterialKind.POSTER, posters)]
        materials += [(index, MaterialKind.LEAFLET, amount - posters)]
        materials += [(index, MaterialKind.BOOKLET, rng.randint(10, 60))]
    # The other themes, in the half-year, in 2025 and after June.
    spans = [
        (H1_START, H1_END, OTHER_EVENTS_H1),
        (date(2025, 1, 1), date(2025, 12, 31), EVENTS_PER_MONTH * 12),
        (TAIL_START, ctx.today, per_month(EVENTS_PER_MONTH, TAIL_START, ctx.today)),
    ]
    for start, end, count in spans:
        for _ in range(count):
            theme, title, audience = rng.choice(_OTHER_THEMES)
            index = len(events)
            events.append(_event(rng, rng.choice(offices), title, theme,
                                 random_date(rng, start, end), audience))  # fmt: skip
            materials.append((index, MaterialKind.LEAFLET, rng.randint(50, 400)))
            if rng.random() < 0.4:
                materials.append((index, MaterialKind.BOOK, rng.randint(10, 80)))
    bulk.insert_with_history(events, reason=HISTORY_REASON)
    bulk.insert(
        bulk.new(EventMaterial, event=events[i], office=events[i].office, kind=k, quantity=q)
        for i, k, q in materials
    )
    bulk.insert(
        bulk.new(EventLecturer, event=event, office=event.office, name=rng.choice(_LECTURERS))
        for event in events
        if rng.random() < 0.5
    )
    return len(events)


def _event(rng, office, title, theme, day, audience) -> Event:
    return bulk.new(
        Event, office=office, title=title, theme=theme, started_on=day, ended_on=day,
        place=f"{office.name}辖区", audience=audience, participants=rng.randint(40, 600),
        summary="",
    )  # fmt: skip


# --- law exams --------------------------------------------------------------------------------


def _exams(ctx: DemoContext, bureau: Office, units: list[Unit], rng: random.Random) -> int:
    def exam(title, kind, day):
        return bulk.new(
            Exam, office=bureau, title=title, kind=kind, year=day.year, held_on=day,
            pass_mark=Decimal(PASS_MARK),
        )  # fmt: skip

    annual_2025 = exam("2025年度全市国家工作人员学法考试", ExamKind.ANNUAL, date(2025, 1, 12))
    leaders_2025 = exam("2025年新提拔领导干部任前法律知识考试", ExamKind.PRE_APPOINTMENT,
                        date(2025, 3, 28))  # fmt: skip
    annual_2026 = exam("2026年度全市国家工作人员学法考试", ExamKind.ANNUAL, ANNUAL_EXAM_ON)
    leaders_2026 = exam("2026年新提拔市管副科职领导干部任前法律知识考试",
                        ExamKind.PRE_APPOINTMENT, LEADERS_EXAM_ON)  # fmt: skip
    bulk.insert_with_history(
        [annual_2025, leaders_2025, annual_2026, leaders_2026], reason=HISTORY_REASON
    )
    # The civil servants: each belongs to one unit, in proportion to its 2026 roster.
    rosters = dict(
        UnitYear.objects.filter(unit__in=units, year=2026).values_list("unit_id", "staff")
    )
    takers = split_total(rng, EXAM_TAKERS_2026, [(1, rosters[unit.pk]) for unit in units])
    people = []
    for unit, count in zip(units, takers, strict=True):
        for _ in range(count):
            person = make_person(
                rng, office=bureau, issued=ctx.id_numbers, address_code=CITY_CODE,
                born_from=date(1966, 1, 1), born_to=date(2002, 12, 31),
            )  # fmt: skip
            people.append((unit, person))
    save_people([person for _, person in people])
    results = []

    def result(exam_row, unit, person, day):
        score = Decimal(rng.randint(75, 100) if rng.random() < PASS_SHARE else rng.randint(30, 59))
        results.append(
            bulk.new(
                ExamResult,
                exam=exam_row,
                unit=unit,
                office=unit.office,
                person=person,
                score=score,
                sat_on=day,
                passed=score >= exam_row.pass_mark,
            )
        )

    for unit, person in people:
        result(annual_2026, unit, person, ANNUAL_EXAM_ON)
    for unit, person in rng.sample(people, EXAM_TAKERS_2025):
        result(annual_2025, unit, person, annual_2025.held_on)
    for unit, person in rng.sample(people, LEADERS_EXAMINED):
        result(leaders_2026, unit, person, LEADERS_EXAM_ON)
    for unit, person in rng.sample(people, LEADERS_2025):
        result(leaders_2025, unit, person, leaders_2025.held_on)
    bulk.insert(results)
    return len(results)


# --- inspection and media ---------------------------------------------------------------------


def _inspections(ctx: DemoContext, bureau: Office, units: list[Unit], rng: random.Random) -> int:
    """May 2026: every township (its 司法所) and 44 units; November 2025: the year before."""
    townships = ctx.offices["judicial_offices"]
    assert len(townships) == INSPECTED_TOWNSHIPS
    rows = []

    def inspection(year, start, end, township=None, unit=None):
        rows.append(
            bulk.new(
                Inspection,
                office=bureau,
                year=year,
                inspected_on=random_date(rng, start, end),
                township=township,
                unit=unit,
                score=Decimal(rng.randint(78, 99)),
                findings="台账齐全，普法责任清单落实到位。",
            )
        )

    for township in townships:
        inspection(2026, date(2026, 5, 6), date(2026, 5, 29), township=township)
        inspection(2025, date(2025, 11, 3), date(2025, 11, 28), township=township)
    for unit in rng.sample(units, INSPECTED_UNITS):
        inspection(2026, date(2026, 5, 6), date(2026, 5, 29), unit=unit)
    for unit in rng.sample(units, INSPECTED_UNITS_2025):
        inspection(2025, date(2025, 11, 3), date(2025, 11, 28), unit=unit)
    bulk.insert_with_history(rows, reason=HISTORY_REASON)
    return len(rows)


def _articles(ctx: DemoContext, bureau: Office, rng: random.Random) -> int:
    offices = [bureau, *ctx.offices["judicial_offices"]]
    spans = [
        (H1_START, H1_END, MEDIA_ARTICLES_H1),
        (date(2025, 1, 1), date(2025, 12, 31), ARTICLES_PER_MONTH * 12),
        (TAIL_START, ctx.today, per_month(ARTICLES_PER_MONTH, TAIL_START, ctx.today)),
    ]
    rows = []
    for start, end, count in spans:
        for _ in range(count):
            outlet, level = rng.choice(_OUTLETS)
            office = rng.choice(offices)
            rows.append(
                bulk.new(
                    Article,
                    office=office,
                    title=f"{office.name}扎实推进普法依法治理工作",
                    outlet=outlet,
                    level=level,
                    published_on=random_date(rng, start, end),
                )
            )
    bulk.insert_with_history(rows, reason=HISTORY_REASON)
    return len(rows)


# --- 法治副校长 and 民主法治示范村(社区) (issue 20 items 4, 5) ----------------------------------
# Not in the reference summary: a small register around the rules. The register's schools (in
# the first township) and a 中心小学 in each next township, SCHOOLS in all, covered but the
# last; one person serves two schools; each appointee gives 1–3 class hours a term, so the
# half-year leaves most below 4 for the year (to-dos).

SCHOOLS = 12
VP_STARTED_ON = date(2024, 9, 1)
VILLAGES = 8
VILLAGE_LEVELS = (
    TitleLevel.NATIONAL, TitleLevel.PROVINCIAL, TitleLevel.MUNICIPAL, TitleLevel.MUNICIPAL,
    TitleLevel.COUNTY, TitleLevel.COUNTY, TitleLevel.COUNTY, TitleLevel.COUNTY,
)  # fmt: skip
REVIEWED_ON = date(2026, 3, 20)  # the two-yearly review: the last county title is revoked
LAW_SAVVY_PER_VILLAGE = 5
_VP_TOPICS = ("宪法进校园", "预防校园欺凌", "防范电信诈骗", "未成年人保护法")
_ORGANS = (DispatchOrgan.POLICE, DispatchOrgan.PROCURATORATE, DispatchOrgan.COURT,
           DispatchOrgan.JUSTICE)  # fmt: skip


def _vice_principals(ctx: DemoContext, bureau: Office, units: list[Unit], rng) -> int:
    schools = [unit for unit in units if unit.kind == UnitKind.SCHOOL]
    townships = ctx.offices["judicial_offices"][1 : 1 + SCHOOLS - len(schools)]
    schools += bulk.insert_with_history(
        [
            bulk.new(
                Unit, office=bureau, name=f"{township.name.removesuffix('司法所')}中心小学",
                kind=UnitKind.SCHOOL, township=township, active=True,
                contact=f"学校法治联络员{index + 1:02d}",
            )
            for index, township in enumerate(townships)
        ],
        reason=HISTORY_REASON,
    )  # fmt: skip
    people = save_people(
        [
            make_person(rng, office=bureau, issued=ctx.id_numbers, address_code=CITY_CODE,
                        born_from=date(1970, 1, 1), born_to=date(1992, 12, 31))
            for _ in range(SCHOOLS - 2)
        ]
    )  # fmt: skip
    # School i gets person i; the one before last shares the first person (two schools); the
    # last has none (a to-do).
    pairs = [(schools[i], people[i]) for i in range(SCHOOLS - 2)]
    pairs.append((schools[SCHOOLS - 2], people[0]))
    appointments = bulk.insert_with_history(
        [
            bulk.new(
                Appointment, office=bureau, school=school, person=person,
                organ=_ORGANS[index % len(_ORGANS)], started_on=VP_STARTED_ON,
                ended_on=term_end(VP_STARTED_ON, 3),
            )
            for index, (school, person) in enumerate(pairs)
        ],
        reason=HISTORY_REASON,
    )  # fmt: skip
    activities = []
    for appointment in appointments:
        for start, end in ((date(2025, 3, 1), date(2025, 6, 20)),
                           (date(2025, 9, 10), date(2025, 12, 20)),
                           (date(2026, 3, 1), date(2026, 6, 20))):  # fmt: skip
            activities.append(
                bulk.new(
                    VpActivity, office=bureau, appointment=appointment,
                    held_on=random_date(rng, start, end), hours=Decimal(rng.choice((1, 2, 2, 3))),
                    topic=rng.choice(_VP_TOPICS),
                    audience=rng.choice(VpAudience.values), participants=rng.randint(80, 600),
                )
            )  # fmt: skip
    bulk.insert(activities)
    years_sync(appointments)
    covers_sync(schools)
    return len(schools)


def _model_villages(ctx: DemoContext, rng: random.Random) -> int:
    villages = ctx.offices["stations"][:VILLAGES]
    bulk.insert_with_history(
        [bulk.new(VillageFile, office=v, households=rng.randint(180, 650)) for v in villages],
        reason=HISTORY_REASON,
    )
    titles = []
    for village, level in zip(villages, VILLAGE_LEVELS, strict=True):
        year = rng.choice((2018, 2020, 2022))
        titles.append(
            bulk.new(
                VillageTitle, office=village, level=level, named_year=year,
                named_on=date(year, 11, 20), document=f"{year}年民主法治示范村(社区)命名文件",
            )
        )  # fmt: skip
    revoked = titles[-1]
    revoked.status, revoked.ended_on = TitleStatus.REVOKED, REVIEWED_ON
    bulk.insert_with_history(titles, reason=HISTORY_REASON)
    bulk.insert(
        bulk.new(
            TitleReview, office=title.office, title=title, reviewed_on=REVIEWED_ON,
            outcome=ReviewOutcome.REVOKED if title is revoked else ReviewOutcome.KEPT,
            note="复核不合格，撤销命名" if title is revoked else "",
        )
        for title in titles
    )  # fmt: skip
    people = save_people(
        [
            make_person(rng, office=village, issued=ctx.id_numbers, address_code=CITY_CODE)
            for village in villages
            for _ in range(LAW_SAVVY_PER_VILLAGE)
        ]
    )  # fmt: skip
    bulk.insert_with_history(
        [bulk.new(LawSavvy, office=p.office, person=p, since=date(2023, 5, 1)) for p in people],
        reason=HISTORY_REASON,
    )
    return len(villages)
