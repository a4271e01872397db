"""公证演示数据 (青川市): the city's notary office, its notaries, its notarisations,
consultations and reviews.

For the half-year 2026-01-01 … 2026-06-30 the line's indicators give the reference summary's
figures (SEED_FIGURES.md, 公共法律服务: "市公证处共办理各类公证件4036件，义务解答公证法律咨询
800余人次，减免公证费3.8万元"):

* 4036 certificates issued (`notary.issued`), of them some 涉外 and some 经济;
* 800+ person-times of free consultations (`notary.consultations`: CONSULTATION_PERSONS_H1);
* 38,000 元 of fees reduced or waived on the certificates issued (`notary.fee_relief`).

Around them: refusals on 公证法 第31条 grounds, withdrawals, pauses for supplements (the due
date moved by them), a few certificates issued late, two reviews, the first half of 2025 (so
同比 has a base) and the months after June up to the demo's today (a few still open, some of
them overdue: to-dos). The login `notary_admin` (执业机构管理员) keeps the office's records.

Everything is written through the bulk kit (`sifa.core.bulk`); due dates by the line's rule
(`notary.issue`) on one shared working-day calendar.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password

from sifa.core import bulk
from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import Pause as PausedDays
from sifa.core.deadlines import compute
from sifa.core.demo import (
    HISTORY_REASON,
    TAIL_START,
    DemoContext,
    DemoUser,
    per_month,
    random_date,
    split_total,
)
from sifa.notary import deadlines  # noqa: F401  (the rules)
from sifa.notary.constants import (
    ISSUE_RULE,
    REVIEW_RULE,
    ConsultationWay,
    FeeTreatment,
    MatterCode,
    PauseReason,
    RefusalGround,
    ReliefBasis,
    ReviewOutcome,
    ReviewStatus,
    Scope,
    Status,
    branch_of,
)
from sifa.notary.models import Consultation, Notarisation, NotarisationEvent, Pause, Review
from sifa.orgs import access
from sifa.orgs.demo import DEMO_PASSWORD
from sifa.orgs.models import Membership, Office, Role
from sifa.people.actions import PersonIdentity
from sifa.people.demo import make_person, save_people, synthetic_name
from sifa.people.models import Gender
from sifa.practice.actions.registers import institution_register, practitioner_register
from sifa.practice.constants import OFFICE_KIND, Category, PractitionerKind

ORDER = 150  # after 律师和基层法律服务 (140): the registers are one

H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)
LAST_H1_START, LAST_H1_END = date(2025, 1, 1), date(2025, 6, 30)
CITY_CODE = "339081"
OFFICE_CODE = f"{CITY_CODE}PX01"  # sorts after the practice institutions (PF, PS): appended
# Its 执业许可证号: the 统一社会信用代码 with 32 (公证处) and the city's area code
# (sifa.practice.licences.institution_licence_number("notary_office", "339081", "GN0000001")).
LICENCE_NUMBER = "32339081GN00000017"
CLERK = (
    "section"  # the demo bureau's 业务科室 (sifa/orgs/demo.py) registers the office and notaries
)

# --- SEED_FIGURES.md, 公共法律服务 ------------------------------------------------------------
ISSUED_H1 = 4036
CONSULTATION_PERSONS_H1 = 826  # "800余人次"
FEE_RELIEF_H1 = Decimal("38000.00")  # 3.8 万元

# Around the figures (not in the reference).
NOTARIES = 14
ISSUED_LAST_H1 = 3790  # the first half of 2025
REFUSED_H1 = 31
WITHDRAWN_H1 = 17
LATE_H1 = 9  # certificates issued after their due date
PAUSED_SHARE = 0.06  # notarisations with a pause for supplements or verification
RELIEVED_H1 = 118  # notarisations with a fee reduced or waived
FOREIGN_SHARE = 0.22
MONTHLY_AFTER = 640  # notarisations a month after June
OPEN_AT_TODAY = 40  # accepted, not yet issued on the demo's today (some overdue)
CONSULTATION_RECORDS_H1 = 140
NOTARY_ADMIN = "notary_admin"

_MATTER_WEIGHTS = {
    MatterCode.INHERITANCE: 14, MatterCode.WILL: 3, MatterCode.GIFT: 3,
    MatterCode.POWER_OF_ATTORNEY: 12, MatterCode.DECLARATION: 7, MatterCode.MARITAL_STATUS: 6,
    MatterCode.KINSHIP: 8, MatterCode.BIRTH: 5, MatterCode.EDUCATION: 7,
    MatterCode.NO_CRIMINAL_RECORD: 5, MatterCode.ADOPTION: 1, MatterCode.SIGNATURE: 4,
    MatterCode.DOCUMENT_COPY: 9, MatterCode.EVIDENCE: 3, MatterCode.CONTRACT: 5,
    MatterCode.ENFORCEABLE_DEBT: 3, MatterCode.ESCROW: 1, MatterCode.COMPANY: 2,
    MatterCode.BIDDING: 1, MatterCode.OTHER_CIVIL: 1, MatterCode.OTHER_ECONOMIC: 1,
}  # fmt: skip
_FOREIGN_MATTERS = (
    MatterCode.BIRTH, MatterCode.KINSHIP, MatterCode.EDUCATION, MatterCode.NO_CRIMINAL_RECORD,
    MatterCode.MARITAL_STATUS, MatterCode.DOCUMENT_COPY, MatterCode.POWER_OF_ATTORNEY,
)  # fmt: skip
_COUNTRIES = ("美国", "加拿大", "澳大利亚", "日本", "英国", "德国", "新加坡", "意大利", "西班牙")
_FEES = {True: (200, 400, 600), False: (80, 100, 150, 200, 300)}  # 涉外 / 国内 (元)
_TOPICS = (
    "继承公证所需材料", "遗嘱公证办理流程", "涉外学历公证", "委托书公证", "房产赠与公证",
    "出国留学公证", "婚姻状况公证", "保全证据公证", "公证费收费标准", "赋予强制执行效力",
)  # fmt: skip


def is_present() -> bool:
    root = Office.objects.filter(code=CITY_CODE).first()
    return bool(root) and access.within(Notarisation.objects.all(), root).exists()


def load(ctx: DemoContext) -> None:
    bureau = ctx.office("bureau")
    rng = ctx.rng("notary.office")
    clerk = get_user_model().objects.get(username=CLERK)
    office = _office(clerk, bureau, rng)
    notaries = _notaries(ctx, clerk, office, rng)
    applicants = _applicants(ctx, office, ctx.rng("notary.applicants"))
    calendar = WorkingCalendar()
    plan = Plan(ctx, office, notaries, applicants, calendar)
    plan.half_year(ctx.rng("notary.h1"), H1_START, H1_END, ISSUED_H1, current=True)
    plan.half_year(ctx.rng("notary.h1_2025"), LAST_H1_START, LAST_H1_END, ISSUED_LAST_H1)
    plan.after_june(ctx.rng("notary.tail"), TAIL_START, ctx.today)
    plan.save()
    consultations = _consultations(ctx, office, ctx.rng("notary.consultations"))
    _admin(ctx, office)
    ctx.log(
        f"  公证机构 1 家、公证员 {len(notaries)} 名；公证事项 {len(plan.rows)} 件"
        f"（上半年出证 {ISSUED_H1} 件）；咨询登记 {consultations} 条"
    )


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    for model in (Review, Pause, NotarisationEvent, Notarisation, Consultation):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除公证演示数据（公证机构及公证员随执业机构登记删除）")


# --- the office and its notaries ------------------------------------------------------------


def _office(clerk, bureau: Office, rng: random.Random):
    """The notary office: an office under the bureau, registered in the practice registers."""
    founded = date(1981, 6, 1)
    office = Office(
        code=OFFICE_CODE,
        name="青川市公证处",
        kind=OFFICE_KIND[Category.NOTARY_OFFICE],
        region_code=CITY_CODE,
        established_on=founded,
    )
    office = Office.objects.add_child(Office.objects.get(pk=bureau.pk), instance=office)
    return institution_register(
        actor=clerk,
        office=office,
        category=Category.NOTARY_OFFICE,
        licence_number=LICENCE_NUMBER,
        founded_on=founded,
        address="青川市行政服务中心三楼",
        head_name=synthetic_name(rng, Gender.MALE),
    )


def _notaries(ctx: DemoContext, clerk, office, rng: random.Random) -> list:
    """The office's notaries, registered through the practice registers' action."""
    persons = [
        make_person(
            rng,
            office=office.office,
            issued=ctx.id_numbers,
            address_code=CITY_CODE,
            region_code=CITY_CODE,
            born_from=date(1965, 1, 1),
            born_to=date(1992, 12, 31),
        )
        for _ in range(NOTARIES)
    ]
    return [
        practitioner_register(
            actor=clerk,
            institution=office,
            identity=PersonIdentity(person=person),
            licence_number=f"13390{2000 + index:04d}{index + 1:03d}",
            kind=PractitionerKind.FULL_TIME,
            licensed_on=random_date(rng, date(2000, 1, 1), date(2024, 12, 31)),
        )
        for index, person in enumerate(save_people(persons))
    ]


def _applicants(ctx: DemoContext, office, rng: random.Random) -> list:
    """A pool of applicants: many people apply more than once (a family's several matters)."""
    persons = [
        make_person(
            rng,
            office=office.office,
            issued=ctx.id_numbers,
            address_code=CITY_CODE,
            region_code=CITY_CODE,
        )
        for _ in range(1200)
    ]
    return save_people(persons)


# --- notarisations ----------------------------------------------------------------------------


class Plan:
    """The notarisations of the demo, their events and pauses, built in memory and saved at once."""

    def __init__(self, ctx, office, notaries, applicants, calendar):
        self.ctx, self.office, self.notaries = ctx, office, notaries
        self.applicants, self.calendar = applicants, calendar
        self.rows: list[Notarisation] = []
        self.events: list[tuple[int, str, str, date, str]] = []
        self.pauses: list[tuple[int, str, date, date]] = []
        self.serial: dict[int, int] = {}
        self.certificates: dict[int, int] = {}
        self.matters = list(_MATTER_WEIGHTS)
        self.weights = list(_MATTER_WEIGHTS.values())

    def _number(self, year: int) -> str:
        self.serial[year] = self.serial.get(year, 0) + 1
        return f"{year}-{self.serial[year]:05d}"

    def _new(self, rng: random.Random, applied: date) -> Notarisation:
        matter = rng.choices(self.matters, self.weights)[0]
        foreign = matter in _FOREIGN_MATTERS and rng.random() < FOREIGN_SHARE * 2.5
        fee = Decimal(rng.choice(_FEES[foreign]))
        return bulk.new(
            Notarisation,
            office=self.office.office,
            institution=self.office,
            number="",
            applicant=rng.choice(self.applicants),
            matter_code=matter,
            scope=Scope.FOREIGN if foreign else Scope.DOMESTIC,
            branch=branch_of(matter),
            summary=f"申请办理{MatterCode(matter).label}公证",
            use_country=rng.choice(_COUNTRIES) if foreign else "",
            notary=rng.choice(self.notaries),
            applied_on=applied,
            status=Status.APPLIED,
            fee_standard=fee,
            fee_charged=fee,
            fee_relief=Decimal(0),
            fee_treatment=FeeTreatment.CHARGED,
        )

    def _index(self, row: Notarisation) -> int:
        self.rows.append(row)
        return len(self.rows) - 1

    def _accept(self, row, index, accepted: date) -> None:
        row.accepted_on = accepted
        row.due_on = compute(ISSUE_RULE, accepted, calendar=self.calendar)
        row.status = Status.ACCEPTED
        self.events.append((index, Status.APPLIED, Status.ACCEPTED, accepted, "受理"))

    def _issue(self, rng, row, index, issued: date) -> None:
        row.issued_on = issued
        row.status = Status.ISSUED
        self.certificates[issued.year] = self.certificates.get(issued.year, 0) + 1
        serial = self.certificates[issued.year]
        row.certificate_number = f"（{issued.year}）青川证字第{serial:05d}号"
        self.events.append((index, Status.ACCEPTED, Status.ISSUED, issued, row.certificate_number))

    def _applied(self, index, row) -> None:
        self.events.append((index, "", Status.APPLIED, row.applied_on, "申请公证"))

    def issued_between(self, rng, start: date, end: date, count: int, *, late: int = 0) -> list:
        """`count` notarisations issued between start and end (accepted a few days before)."""
        made = []
        late_left = late
        for _ in range(count):
            issued = random_date(rng, start, end)
            while not self.calendar.is_working_day(issued):
                issued = random_date(rng, start, end)
            # accepted 0–10 working days before the issue (within the limit), or more if late
            back = rng.randint(0, 10)
            if late_left:
                back, late_left = 20, late_left - 1
            accepted = issued
            for _ in range(back):
                accepted -= timedelta(days=1)
                while not self.calendar.is_working_day(accepted):
                    accepted -= timedelta(days=1)
            applied = accepted - timedelta(days=rng.choice((0, 0, 0, 1, 2)))
            row = self._new(rng, applied)
            index = self._index(row)
            self._applied(index, row)
            paused = back < 8 and rng.random() < PAUSED_SHARE
            self._accept(row, index, accepted)
            if paused and accepted < issued - timedelta(days=4):
                first = accepted + timedelta(days=1)
                last = min(first + timedelta(days=rng.randint(1, 3)), issued - timedelta(days=1))
                reason = rng.choice((PauseReason.SUPPLEMENT, PauseReason.VERIFICATION))
                self.pauses.append((index, reason, first, last))
                row.due_on = compute(
                    ISSUE_RULE, accepted, pauses=[PausedDays(first, last)], calendar=self.calendar
                )
            self._issue(rng, row, index, issued)
            made.append(row)
        return made

    def closed_unissued(self, rng, start: date, end: date, refused: int, withdrawn: int) -> None:
        grounds = list(RefusalGround)
        for count, status in ((refused, Status.REFUSED), (withdrawn, Status.WITHDRAWN)):
            for _ in range(count):
                on = random_date(rng, start, end)
                row = self._new(rng, on - timedelta(days=rng.randint(1, 6)))
                index = self._index(row)
                self._applied(index, row)
                self._accept(row, index, row.applied_on)
                row.status = status
                if status == Status.REFUSED:
                    ground = rng.choice(grounds)
                    row.refused_on, row.refusal_ground = on, ground
                    row.refusal_reasons = "经审查，" + ground.label[3:] + "，依法不予办理。"
                    reason = str(ground.label)
                else:
                    row.withdrawn_on, reason = on, "申请人撤回申请"
                self.events.append((index, Status.ACCEPTED, status, on, reason))

    def relieve(self, rng, rows: list[Notarisation], total: Decimal, count: int) -> None:
        """Reduce or waive the fee of `count` of `rows` so that the reliefs add up to `total`."""
        chosen = rng.sample(rows, count)
        cents = split_total(rng, int(total), [(100, 600)] * count)
        for row, relief in zip(chosen, cents, strict=True):
            relief = Decimal(relief)
            row.fee_standard = max(row.fee_standard, relief)
            row.fee_relief = relief
            row.fee_charged = row.fee_standard - relief
            row.fee_treatment = (
                FeeTreatment.WAIVED if row.fee_charged == 0 else FeeTreatment.REDUCED
            )
            row.relief_basis = ReliefBasis.OTHER
            row.relief_note = rng.choice(
                ("低保对象，经主任批准", "残疾人，经主任批准", "农民工讨薪，经主任批准")
            )

    def half_year(self, rng, start, end, issued: int, *, current: bool = False) -> None:
        rows = self.issued_between(rng, start, end, issued, late=LATE_H1 if current else 3)
        self.closed_unissued(rng, start, end, REFUSED_H1, WITHDRAWN_H1)
        total = FEE_RELIEF_H1 if current else Decimal("33600.00")
        self.relieve(rng, rows, total, RELIEVED_H1 if current else 104)

    def after_june(self, rng, start: date, today: date) -> None:
        """The months after June: issued certificates at the usual rhythm, and some still open
        on the demo's today (the last ones accepted more than 15 working days ago: overdue)."""
        end = today - timedelta(days=1)
        count = per_month(MONTHLY_AFTER, start, end)
        self.issued_between(rng, start, end, count)
        for n in range(OPEN_AT_TODAY):
            days_back = rng.randint(1, 20) if n % 5 else rng.randint(25, 40)
            accepted = today - timedelta(days=days_back)
            while not self.calendar.is_working_day(accepted):
                accepted -= timedelta(days=1)
            row = self._new(rng, accepted)
            index = self._index(row)
            self._applied(index, row)
            self._accept(row, index, accepted)
            if n % 7 == 3 and accepted + timedelta(days=2) < today:  # awaiting supplements
                self.pauses.append(
                    (index, PauseReason.SUPPLEMENT, accepted + timedelta(days=2), None)
                )
                row.due_on = None

    def save(self) -> None:
        for row in sorted(self.rows, key=lambda r: (r.applied_on, id(r))):
            row.number = self._number(row.applied_on.year)
        saved = bulk.insert_with_history(self.rows, reason=HISTORY_REASON)
        office = self.office.office
        bulk.insert(
            bulk.new(
                NotarisationEvent,
                office=office,
                notarisation=saved[index],
                from_status=from_status,
                to_status=to_status,
                happened_on=on,
                reason=reason,
            )
            for index, from_status, to_status, on, reason in self.events
        )
        bulk.insert(
            bulk.new(
                Pause,
                office=office,
                notarisation=saved[index],
                reason=reason,
                first=first,
                last=last,
            )
            for index, reason, first, last in self.pauses
        )
        _reviews(self.ctx, saved)


def _reviews(ctx: DemoContext, rows: list[Notarisation]) -> None:
    rng = ctx.rng("notary.reviews")
    issued = [r for r in rows if r.status == Status.ISSUED and H1_START <= r.issued_on <= H1_END]
    reviews = []
    for row, outcome in zip(
        rng.sample(issued, 3), (ReviewOutcome.UPHELD, ReviewOutcome.CORRECTED, None), strict=True
    ):
        received = row.issued_on + timedelta(days=rng.randint(5, 20))
        review = bulk.new(
            Review,
            office=row.office,
            notarisation=row,
            requested_by=row.applicant.name,
            received_on=received,
            request="认为公证书记载的事实有误，申请复查。",
            due_on=compute(REVIEW_RULE, received),
            status=ReviewStatus.DECIDED if outcome else ReviewStatus.RECEIVED,
        )
        if outcome:
            review.decided_on = received + timedelta(days=rng.randint(10, 25))
            review.outcome = outcome
            review.reasons = "经复查，" + (
                "公证书内容属实，予以维持。"
                if outcome == ReviewOutcome.UPHELD
                else "公证书文字有误，予以更正。"
            )
        reviews.append(review)
    bulk.insert_with_history(reviews, reason=HISTORY_REASON)


def _consultations(ctx: DemoContext, office, rng: random.Random) -> int:
    rows = []
    for start, end, records, persons in (
        (H1_START, H1_END, CONSULTATION_RECORDS_H1, CONSULTATION_PERSONS_H1),
        (LAST_H1_START, LAST_H1_END, 120, 702),
        (TAIL_START, ctx.today, per_month(22, TAIL_START, ctx.today), None),
    ):
        if records <= 0:
            continue
        counts = (
            split_total(rng, persons, [(1, 30)] * records)
            if persons
            else [rng.randint(1, 12) for _ in range(records)]
        )
        for count in counts:
            way = (
                ConsultationWay.EVENT
                if count > 15
                else rng.choice(
                    (ConsultationWay.VISIT, ConsultationWay.PHONE, ConsultationWay.ONLINE)
                )
            )
            rows.append(
                bulk.new(
                    Consultation,
                    office=office.office,
                    institution=office,
                    held_on=random_date(rng, start, end),
                    way=way,
                    persons=count,
                    topic=rng.choice(_TOPICS),
                    answered_by="",
                )
            )
    bulk.insert(rows)
    return len(rows)


def _admin(ctx: DemoContext, office) -> None:
    """`notary_admin` (执业机构管理员) of the notary office: keeps its records only."""
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=NOTARY_ADMIN)
    user.full_name = synthetic_name(ctx.rng("notary.users"), Gender.FEMALE)
    user.is_staff = user.is_superuser = False
    user.is_active = True
    password_validation.validate_password(
        DEMO_PASSWORD, user_model(username=NOTARY_ADMIN, full_name=user.full_name)
    )
    user.password = make_password(DEMO_PASSWORD)
    user.save()
    password_validation.password_changed(DEMO_PASSWORD, user)
    role = Role.objects.get(key="inst_admin")
    Membership.objects.get_or_create(user=user, office=office.office, role=role)
    ctx.users.append(DemoUser(NOTARY_ADMIN, role.name, office.office.name, DEMO_PASSWORD))
