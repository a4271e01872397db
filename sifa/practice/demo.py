"""律师和基层法律服务演示数据 (青川市): law firms and lawyers, grassroots legal service offices
and workers, and their business registers.

For the half-year 2026-01-01 … 2026-06-30 the line's indicators give exactly the figures of the
reference summary (SEED_FIGURES.md, 公共法律服务):

* 18 law firms with 170 practising lawyers on 30 June (stocks);
* 2173 litigation and non-litigation matters accepted by the law firms in the half-year, with
  a subject matter of 4.22 亿元 and 2.29 亿元 recovered (sums over those rows);
* 31 grassroots legal service offices with 159 workers on 30 June;
* 963 enterprises and villages with a retained legal adviser of an office on 30 June (the
  adviser rows valid then), 1249 litigation and 891 non-litigation matters accepted by the
  offices in the half-year, and 569 万元 of fees on the offices' rows accepted in it.

Around them, as a working bureau has them: lawyers whose licence was cancelled before 2026
(not in the stock), two transfers between firms in the half-year, adviser contracts that ran
out before 30 June, the registers of 2025 (so 同比 has a base) and of the months after June up
to the demo's today. Each institution is an office under the bureau; the login `firm_admin`
(执业机构管理员) is granted on the first firm and sees only it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password

from sifa.core import bulk
from sifa.core.demo import (
    HISTORY_REASON,
    TAIL_START,
    DemoContext,
    DemoUser,
    per_month,
    random_date,
    split_total,
)
from sifa.orgs import access
from sifa.orgs.demo import DEMO_PASSWORD
from sifa.orgs.models import Membership, Office, Role
from sifa.people.demo import make_person, save_people, synthetic_name
from sifa.people.models import Gender
from sifa.practice import demo_advisers, demo_discipline, demo_inspection, demo_integrity
from sifa.practice.constants import (
    OFFICE_KIND,
    Category,
    ClientKind,
    FirmKind,
    InstitutionStatus,
    LitigationType,
    MatterCategory,
    PractitionerKind,
    PractitionerStatus,
)
from sifa.practice.licences import institution_licence_number, lawyer_licence_number
from sifa.practice.models import (
    AdviserContract,
    Institution,
    Matter,
    Practitioner,
    ServiceLog,
    Transfer,
)

ORDER = 140  # after the other lines: builds on the office tree and the person registry only

H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)
CITY_CODE = "339081"
PROVINCE_CITY = "3390"  # digits 2–5 of the city's lawyers' 执业证号

# --- SEED_FIGURES.md, 公共法律服务 ------------------------------------------------------------
LAW_FIRMS = 18
LAWYERS = 170
FIRM_MATTERS_H1 = 2173
FIRM_SUBJECT_H1 = Decimal("422000000.00")  # 4.22 亿元
FIRM_RECOVERED_H1 = Decimal("229000000.00")  # 2.29 亿元
SERVICE_OFFICES = 31
WORKERS = 159
OFFICE_ADVISER_CLIENTS = 963
OFFICE_LITIGATION_H1 = 1249
OFFICE_NON_LITIGATION_H1 = 891
OFFICE_FEES_H1 = Decimal("5690000.00")  # 569 万元

# Around the figures (not in the reference).
CANCELLED_BEFORE = 6  # lawyers whose licence was cancelled in 2025
TRANSFERS_H1 = 2  # lawyers who moved between firms in the half-year
FIRM_ADVISER_CLIENTS = 140  # the firms' retained-adviser clients on 30 June
EXPIRED_ADVISERS = 60  # the offices' adviser contracts that ran out before 30 June
LAST_YEAR_SHARE = 0.92  # the registers of 2025: this share of the half-year's rhythm
FIRM_ADMIN = "firm_admin"  # the demo login of the first firm (执业机构管理员)

_FIRM_WORDS = (
    *("青川", "正衡", "明理", "天平", "致远", "同德", "信达", "求是", "恒信"),
    *("方圆", "卓越", "弘道", "博和", "至诚", "嘉禾", "星海", "立本", "汇智"),
)
_INDUSTRIES = ("纺织", "机械", "化纤", "电子", "建材", "食品", "物流", "五金", "印染", "光伏")
_CAUSES = {
    LitigationType.CIVIL: (
        *("买卖合同纠纷", "民间借贷纠纷", "劳动争议", "离婚纠纷"),
        "机动车交通事故责任纠纷",
    ),
    LitigationType.CRIMINAL: ("盗窃罪辩护", "诈骗罪辩护", "故意伤害罪辩护", "危险驾驶罪辩护"),
    LitigationType.ADMINISTRATIVE: ("行政处罚", "工伤认定", "行政许可"),
}
_NON_LITIGATION = ("合同审查", "法律意见书", "商事谈判", "尽职调查", "代写法律文书", "调解")


def is_present() -> bool:
    root = Office.objects.filter(code=CITY_CODE).first()
    return bool(root) and access.within(Institution.objects.all(), root).exists()


def load(ctx: DemoContext) -> None:
    bureau = ctx.office("bureau")
    firms = _firms(ctx, bureau, ctx.rng("practice.firms"))
    offices = _service_offices(ctx, bureau, ctx.rng("practice.offices"))
    lawyers = _practitioners(ctx, firms, LAWYERS, ctx.rng("practice.lawyers"), lawyer=True)
    workers = _practitioners(ctx, offices, WORKERS, ctx.rng("practice.workers"), lawyer=False)
    moved = _transfers(ctx.rng("practice.transfers"), firms, lawyers)
    lawyers = [row for row in lawyers if row.pk not in moved]  # they handle no matters here
    ctx.log(
        f"  律师事务所 {len(firms)} 家、执业律师 {LAWYERS} 名；"
        f"基层法律服务所 {len(offices)} 家、法律服务工作者 {len(workers)} 名"
    )
    matters = _firm_matters(ctx, ctx.rng("practice.firm_matters"), firms, lawyers)
    matters += _office_matters(ctx, ctx.rng("practice.office_matters"), offices, workers)
    bulk.insert_with_history(matters, reason=HISTORY_REASON)
    ctx.log(f"  业务登记 {len(matters)} 件")
    firm_admin = _firm_admin(ctx, firms[0])
    demo_inspection.load(ctx, bureau, firms, firm_admin)
    demo_discipline.load(ctx, firms, lawyers, workers)  # complaints and sanctions
    demo_advisers.load(ctx, lawyers + workers)  # village advisers (demo_advisers.py)
    demo_integrity.load(ctx, firms)  # rewards and public-interest service (demo_integrity.py)


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    for model in (
        *demo_discipline.MODELS,
        *demo_inspection.MODELS,
        *demo_integrity.MODELS,
        ServiceLog,
        AdviserContract,
        Matter,
        Transfer,
        Practitioner,
        Institution,
    ):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除律师和基层法律服务演示数据")


# --- institutions --------------------------------------------------------------------------


def _office(bureau: Office, *, code: str, name: str, kind: str, region_code: str, founded: date):
    """An institution office under the bureau (codes sort after the bureau's other children,
    so the tree's sorted insertion appends it without moving anybody)."""
    office = Office(
        code=code, name=name, kind=kind, region_code=region_code, established_on=founded
    )
    office = Office.objects.add_child(Office.objects.get(pk=bureau.pk), instance=office)
    return office


def _firms(ctx: DemoContext, bureau: Office, rng: random.Random) -> list[Institution]:
    kinds = [FirmKind.STATE_FUNDED] + [FirmKind.INDIVIDUAL] * 3
    kinds += [FirmKind.PARTNERSHIP] * (LAW_FIRMS - len(kinds))
    rng.shuffle(kinds)
    firms = []
    for number, (word, kind) in enumerate(zip(_FIRM_WORDS, kinds, strict=False), start=1):
        founded = random_date(rng, date(1995, 1, 1), date(2022, 12, 31))
        office = _office(
            bureau,
            code=f"{CITY_CODE}PF{number:02d}",
            name=f"浙江{word}律师事务所",
            kind=OFFICE_KIND[Category.LAW_FIRM],
            region_code=CITY_CODE,
            founded=founded,
        )
        firms.append(
            bulk.new(
                Institution,
                office=office,
                category=Category.LAW_FIRM,
                firm_kind=kind,
                licence_number=institution_licence_number(
                    Category.LAW_FIRM, CITY_CODE, f"MD{number:07d}"
                ),
                founded_on=founded,
                address=f"青川市人民路{rng.randint(1, 400)}号",
                head_name=synthetic_name(rng, Gender.MALE if rng.random() < 0.7 else Gender.FEMALE),
                status=InstitutionStatus.NORMAL,
            )
        )
    return bulk.insert_with_history(firms, reason=HISTORY_REASON)


def _service_offices(ctx: DemoContext, bureau: Office, rng: random.Random) -> list[Institution]:
    townships = list(ctx.offices["judicial_offices"])
    places = [(t, "") for t in townships] + [(t, "第二") for t in townships]
    places += [(townships[0], "第三")]
    offices = []
    for number, (township, ordinal) in enumerate(places[:SERVICE_OFFICES], start=1):
        town = township.name.removesuffix("司法所")
        founded = random_date(rng, date(1988, 1, 1), date(2015, 12, 31))
        office = _office(
            bureau,
            code=f"{CITY_CODE}PS{number:02d}",
            name=f"青川市{town}{ordinal}法律服务所",
            kind=OFFICE_KIND[Category.LEGAL_SERVICE_OFFICE],
            region_code=township.region_code,
            founded=founded,
        )
        offices.append(
            bulk.new(
                Institution,
                office=office,
                category=Category.LEGAL_SERVICE_OFFICE,
                firm_kind="",
                licence_number=institution_licence_number(
                    Category.LEGAL_SERVICE_OFFICE, CITY_CODE, f"JF{number:07d}"
                ),
                founded_on=founded,
                address=f"青川市{town}中心街{rng.randint(1, 80)}号",
                head_name=synthetic_name(rng, Gender.MALE),
                status=InstitutionStatus.NORMAL,
            )
        )
    return bulk.insert_with_history(offices, reason=HISTORY_REASON)


# --- practitioners -------------------------------------------------------------------------


def _sizes(institutions: list[Institution], lawyer: bool) -> list[tuple[int, int]]:
    if not lawyer:
        return [(3, 8)] * len(institutions)
    ranges = {
        FirmKind.PARTNERSHIP: (5, 25),
        FirmKind.INDIVIDUAL: (2, 5),
        FirmKind.STATE_FUNDED: (3, 8),
    }
    return [ranges[firm.firm_kind] for firm in institutions]


def _practitioners(ctx, institutions, total, rng, *, lawyer: bool) -> list[Practitioner]:
    """`total` practitioners in the stock on 30 June, plus (lawyers) some cancelled in 2025."""
    counts = split_total(rng, total, _sizes(institutions, lawyer))
    plan: list[tuple[Institution, bool]] = []
    for institution, count in zip(institutions, counts, strict=True):
        plan += [(institution, True)] * count
    if lawyer:
        plan += [(rng.choice(institutions), False) for _ in range(CANCELLED_BEFORE)]
    persons, rows = [], []
    for index, (institution, in_stock) in enumerate(plan):
        serial = index + 1
        gender = Gender.FEMALE if rng.random() < 0.38 else Gender.MALE
        person = make_person(
            rng,
            office=institution.office,
            issued=ctx.id_numbers,
            address_code=CITY_CODE,
            region_code=institution.office.region_code,
            gender=gender,
            born_from=date(1960, 1, 1),
            born_to=date(1998, 12, 31),
        )
        persons.append(person)
        earliest = max(institution.founded_on, person.birth_date + timedelta(days=365 * 24))
        # A few licensed in the half-year (new lawyers); everyone else before it.
        latest = H1_END if rng.random() < 0.05 else date(2025, 12, 31)
        if not in_stock:  # licensed years ago, cancelled in 2025
            earliest, latest = max(institution.founded_on, date(2012, 1, 1)), date(2024, 6, 30)
        licensed = random_date(rng, min(earliest, latest), latest)
        if lawyer:
            kind = rng.choices(
                (PractitionerKind.FULL_TIME, PractitionerKind.PART_TIME, PractitionerKind.PUBLIC,
                 PractitionerKind.COMPANY),
                weights=(88, 6, 4, 2),
            )[0]  # fmt: skip
            digit = {"full_time": 1, "part_time": 2, "public": 6, "company": 7}[kind]
            number = lawyer_licence_number(
                province_city=PROVINCE_CITY,
                first_year=licensed.year,
                category_digit=digit,
                gender_digit=1 if gender == Gender.MALE else 0,
                serial=serial,
            )
        else:
            kind = PractitionerKind.FULL_TIME if rng.random() < 0.85 else PractitionerKind.PART_TIME
            number = f"33908{licensed.year:04d}{serial:04d}"
        row = bulk.new(
            Practitioner,
            office=institution.office,
            person=None,
            category=institution.category,
            institution=institution,
            licence_number=number,
            kind=kind,
            licensed_on=licensed,
            is_partner=False,
            status=PractitionerStatus.PRACTISING,
            cancelled_on=None,
        )
        if not in_stock:
            row.status = PractitionerStatus.CANCELLED
            row.cancelled_on = random_date(rng, date(2025, 1, 1), date(2025, 12, 31))
        rows.append((index, row))
    saved = save_people(persons)
    for index, row in rows:
        row.person = saved[index]
    _partners(rng, [row for _, row in rows], lawyer)
    return bulk.insert_with_history([row for _, row in rows], reason=HISTORY_REASON)


def _partners(rng: random.Random, rows: list[Practitioner], lawyer: bool) -> None:
    """律师法 第15条: a partnership firm has at least three partners (its senior lawyers)."""
    if not lawyer:
        return
    by_firm: dict[int, list[Practitioner]] = {}
    for row in rows:
        if row.status == PractitionerStatus.PRACTISING and row.kind == PractitionerKind.FULL_TIME:
            by_firm.setdefault(row.institution.pk, []).append(row)
    for candidates in by_firm.values():
        if candidates[0].institution.firm_kind != FirmKind.PARTNERSHIP:
            continue
        senior = sorted(candidates, key=lambda r: r.licensed_on)
        for row in senior[: max(3, len(senior) // 3)]:
            row.is_partner = True


def _transfers(
    rng: random.Random, firms: list[Institution], lawyers: list[Practitioner]
) -> set[int]:
    """Two lawyers moved to another firm in the half-year: the move kept, the lawyer now at the
    new firm (so the stock on 30 June counts him there)."""
    movers = [
        row
        for row in lawyers
        if row.status == PractitionerStatus.PRACTISING
        and not row.is_partner
        and row.licensed_on < H1_START
    ]
    transfers = []
    for row in rng.sample(movers, TRANSFERS_H1):
        target = rng.choice([firm for firm in firms if firm.pk != row.institution.pk])
        transfers.append(
            bulk.new(
                Transfer,
                office=target.office,
                practitioner=row,
                from_institution=row.institution,
                to_institution=target,
                moved_on=random_date(rng, date(2026, 2, 1), date(2026, 5, 31)),
                reason="个人申请变更执业机构",
            )
        )
        Practitioner.objects.filter(pk=row.pk).update(institution=target, office=target.office)
        row.institution, row.office = target, target.office
    bulk.insert(transfers)
    return {transfer.practitioner.pk for transfer in transfers}


# --- business registers ---------------------------------------------------------------------


def _handlers_at(practitioners: list[Practitioner]) -> dict[int, list[Practitioner]]:
    by_institution: dict[int, list[Practitioner]] = {}
    for row in practitioners:
        if row.status == PractitionerStatus.PRACTISING:
            by_institution.setdefault(row.institution.pk, []).append(row)
    return by_institution


def _matter(rng, institution, handlers, number, category, accepted, **values) -> Matter:
    candidates = [h for h in handlers.get(institution.pk, []) if h.licensed_on <= accepted]
    litigation = values.pop("litigation_type", "")
    if category == MatterCategory.LITIGATION:
        cause = rng.choice(_CAUSES[litigation])
    elif category == MatterCategory.NON_LITIGATION:
        cause = rng.choice(_NON_LITIGATION)
    else:
        cause = "常年法律顾问"
    return bulk.new(
        Matter,
        office=institution.office,
        institution=institution,
        number=number,
        category=category,
        litigation_type=litigation,
        cause=cause,
        handler=rng.choice(candidates) if candidates else None,
        accepted_on=accepted,
        closed_on=values.pop("closed_on", None),
        subject_amount=values.pop("subject_amount", Decimal(0)),
        recovered_amount=values.pop("recovered_amount", Decimal(0)),
        fee=values.pop("fee", Decimal(0)),
        **values,
    )


def _client(rng: random.Random, ctx: DemoContext, kind: str) -> str:
    if kind == ClientKind.VILLAGE:
        villages = list(ctx.shared.get("orgs.villages", {}).values()) or ["青川市某村"]
        return f"{rng.choice(villages)}村(居)民委员会"
    if kind == ClientKind.ENTERPRISE:
        return f"青川市{rng.choice(_FIRM_WORDS)}{rng.choice(_INDUSTRIES)}有限公司"
    gender = Gender.FEMALE if rng.random() < 0.45 else Gender.MALE
    return synthetic_name(rng, gender)


def _litigation_type(rng: random.Random) -> str:
    return rng.choices(
        (LitigationType.CIVIL, LitigationType.CRIMINAL, LitigationType.ADMINISTRATIVE),
        weights=(80, 15, 5),
    )[0]


class _Numbers:
    """登记编号 per institution and year: 2026诉0001 …"""

    def __init__(self):
        self.next: dict[tuple[int, int, str], int] = {}

    def __call__(self, institution: Institution, day: date, category: str) -> str:
        word = {"litigation": "诉", "non_litigation": "非", "adviser": "顾"}[category]
        key = (institution.pk, day.year, word)
        self.next[key] = self.next.get(key, 0) + 1
        return f"{day.year}{word}{self.next[key]:04d}"


def _cases(ctx, rng, institutions, handlers, numbers, counts: dict, start, end) -> list[Matter]:
    """Litigation and non-litigation rows accepted in [start, end], `counts` by category."""
    rows = []
    for category, count in counts.items():
        for _ in range(count):
            institution = rng.choice(institutions)
            accepted = random_date(rng, start, end)
            values = {}
            if category == MatterCategory.LITIGATION:
                values["litigation_type"] = _litigation_type(rng)
                client_kind = ClientKind.PERSON if rng.random() < 0.7 else ClientKind.ENTERPRISE
            else:
                client_kind = rng.choice((ClientKind.PERSON, ClientKind.ENTERPRISE))
            closed = accepted + timedelta(days=rng.randint(20, 240))
            values["closed_on"] = closed if closed <= ctx.today else None
            rows.append(
                _matter(
                    rng, institution, handlers, numbers(institution, accepted, category),
                    category, accepted, client=_client(rng, ctx, client_kind),
                    client_kind=client_kind, **values,
                )
            )  # fmt: skip
    return rows


def _spread(rng: random.Random, rows: list[Matter], field: str, total: Decimal, unit: int, size):
    """Set `field` on `rows` so that it adds up to exactly `total` yuan (in steps of `unit`):
    `size(row)` gives each row's (low, high) in units."""
    parts = split_total(rng, int(total) // unit, [size(row) for row in rows])
    for row, part in zip(rows, parts, strict=True):
        setattr(row, field, Decimal(part * unit))


def _amounts(rng: random.Random, rows: list[Matter], fee_range: tuple[int, int]) -> None:
    """Plausible amounts for rows outside the exact figures (years before, months after)."""
    for row in rows:
        if row.category != MatterCategory.ADVISER:
            row.subject_amount = Decimal(rng.randint(5, 600) * 1000)
            row.recovered_amount = (row.subject_amount * Decimal(rng.randint(0, 80))) / 100
        row.fee = Decimal(rng.randint(*fee_range) * 100)


def _around(ctx, rng, institutions, handlers, numbers, per_month_counts: dict):
    """The registers of 2025 (a share of the half-year's rhythm) and after June up to today."""
    rows = []
    last_year = {k: round(v * 6 * LAST_YEAR_SHARE) for k, v in per_month_counts.items()}
    rows += _cases(ctx, rng, institutions, handlers, numbers, last_year,
                   date(2025, 1, 1), date(2025, 6, 30))  # fmt: skip
    rows += _cases(ctx, rng, institutions, handlers, numbers, last_year,
                   date(2025, 7, 1), date(2025, 12, 31))  # fmt: skip
    after = {k: per_month(v, TAIL_START, ctx.today) for k, v in per_month_counts.items()}
    rows += _cases(ctx, rng, institutions, handlers, numbers, after, TAIL_START, ctx.today)
    return rows


def _advisers(ctx, rng, institutions, handlers, numbers, valid: int, expired: int):
    """Adviser contracts of one year: `valid` in force on 30 June, `expired` ended before."""
    rows = []
    for index in range(valid + expired):
        institution = rng.choice(institutions)
        if index < valid:  # in force on 30 June: signed 2025-07-02 … 2026-06-30
            accepted = random_date(rng, date(2025, 7, 2), H1_END)
        else:
            accepted = random_date(rng, date(2024, 6, 1), date(2025, 6, 30))
        kind = ClientKind.VILLAGE if rng.random() < 0.55 else ClientKind.ENTERPRISE
        closed = date(accepted.year + 1, accepted.month, min(accepted.day, 28)) - timedelta(days=1)
        rows.append(
            _matter(
                rng, institution, handlers, numbers(institution, accepted, MatterCategory.ADVISER),
                MatterCategory.ADVISER, accepted, client=_client(rng, ctx, kind),
                client_kind=kind, closed_on=closed,
            )
        )  # fmt: skip
    return rows


def _firm_matters(ctx, rng, firms, lawyers) -> list[Matter]:
    handlers, numbers = _handlers_at(lawyers), _Numbers()
    litigation = round(FIRM_MATTERS_H1 * 0.82)
    counts = {
        MatterCategory.LITIGATION: litigation,
        MatterCategory.NON_LITIGATION: FIRM_MATTERS_H1 - litigation,
    }
    half_year = _cases(ctx, rng, firms, handlers, numbers, counts, H1_START, H1_END)
    _spread(rng, half_year, "subject_amount", FIRM_SUBJECT_H1, 1000, lambda row: (5, 800))
    subject = {id(row): int(row.subject_amount) // 1000 for row in half_year}
    _spread(rng, half_year, "recovered_amount", FIRM_RECOVERED_H1, 1000,
            lambda row: (0, subject[id(row)]))  # fmt: skip
    for row in half_year:
        row.fee = Decimal(rng.randint(30, 400) * 100)
    advisers = _advisers(ctx, rng, firms, handlers, numbers, FIRM_ADVISER_CLIENTS, 20)
    per_month_counts = {k: v / 6 for k, v in counts.items()}
    around = _around(ctx, rng, firms, handlers, numbers, per_month_counts)
    _amounts(rng, around, (30, 400))
    for row in advisers:
        row.fee = Decimal(rng.randint(100, 500) * 100)
    return half_year + advisers + around


def _office_matters(ctx, rng, offices, workers) -> list[Matter]:
    handlers, numbers = _handlers_at(workers), _Numbers()
    counts = {
        MatterCategory.LITIGATION: OFFICE_LITIGATION_H1,
        MatterCategory.NON_LITIGATION: OFFICE_NON_LITIGATION_H1,
    }
    half_year = _cases(ctx, rng, offices, handlers, numbers, counts, H1_START, H1_END)
    for row in half_year:
        row.subject_amount = Decimal(rng.randint(1, 300) * 1000)
        row.recovered_amount = (row.subject_amount * Decimal(rng.randint(0, 70))) / 100
    advisers = _advisers(
        ctx, rng, offices, handlers, numbers, OFFICE_ADVISER_CLIENTS, EXPIRED_ADVISERS
    )
    in_half_year = [r for r in advisers if H1_START <= r.accepted_on <= H1_END]
    fee_ranges = {
        MatterCategory.LITIGATION: (10, 50),
        MatterCategory.NON_LITIGATION: (3, 30),
        MatterCategory.ADVISER: (20, 100),
    }  # in hundreds of yuan
    _spread(rng, half_year + in_half_year, "fee", OFFICE_FEES_H1, 100,
            lambda row: fee_ranges[row.category])  # fmt: skip
    for row in advisers:
        if not H1_START <= row.accepted_on <= H1_END:
            row.fee = Decimal(rng.randint(20, 100) * 100)
    per_month_counts = {k: v / 6 for k, v in counts.items()}
    around = _around(ctx, rng, offices, handlers, numbers, per_month_counts)
    _amounts(rng, around, (3, 50))
    return half_year + advisers + around


# --- the institution's own login -------------------------------------------------------------


def _firm_admin(ctx: DemoContext, firm: Institution):
    """`firm_admin` (执业机构管理员) of the first firm: sees and keeps that firm's register only."""
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=FIRM_ADMIN)
    user.full_name = synthetic_name(ctx.rng("practice.users"), Gender.FEMALE)
    user.is_staff = user.is_superuser = False
    user.is_active = True
    password_validation.validate_password(
        DEMO_PASSWORD, user_model(username=FIRM_ADMIN, full_name=user.full_name)
    )
    user.password = make_password(DEMO_PASSWORD)
    user.save()
    password_validation.password_changed(DEMO_PASSWORD, user)
    role = Role.objects.get(key="inst_admin")
    Membership.objects.get_or_create(user=user, office=firm.office, role=role)
    ctx.users.append(DemoUser(FIRM_ADMIN, role.name, firm.office.name, DEMO_PASSWORD))
    return user
