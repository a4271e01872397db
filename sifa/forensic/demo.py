"""司法鉴定演示数据 (青川市): the city's forensic institutions, their appraisers with their
registered categories and annual registration, and their cases.

For the half-year 2026-01-01 … 2026-06-30 the line's figures give the reference summary's
(SEED_FIGURES.md, 公共法律服务): 457 commissions received (`forensic.received`), and the same
half of 2025 holds the number of cases that makes the 同比 13 %: it is derived here from the
growth (457 / 1.13, rounded), and the summary computes the 同比 from the records, as the
registry does for every figure. Around them: the second half of 2025 and the months after June
up to the demo's today, refusals, paused time for supplementary materials, approved extensions,
a few completions after the due date, and open cases whose deadlines are near (to-dos). The
login `forensic_admin` (执业机构管理员) is granted on the first institution and sees only it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from stdnum.cn import ric, uscc

from sifa.core import bulk
from sifa.core.calendar import WorkingCalendar
from sifa.core.demo import HISTORY_REASON, DemoContext, DemoUser, random_date
from sifa.forensic import deadlines
from sifa.forensic.constants import (
    CaseStatus,
    ClientKind,
    Decision,
    Outcome,
    PauseReason,
    RegistrationStatus,
)
from sifa.forensic.models import (
    AnnualRegistration,
    Case,
    CaseEvent,
    CasePause,
    CategoryRegistration,
)
from sifa.orgs import access
from sifa.orgs.demo import DEMO_PASSWORD
from sifa.orgs.models import Membership, Office, Role
from sifa.people.actions import PersonIdentity
from sifa.people.demo import synthetic_name
from sifa.people.models import Gender
from sifa.practice.actions.registers import institution_register, practitioner_register
from sifa.practice.constants import LICENCE_PREFIX, OFFICE_KIND, Category, PractitionerKind

ORDER = 150  # after the practice registers (140)

H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)
LAST_H1_START, LAST_H1_END = date(2025, 1, 1), date(2025, 6, 30)
CITY_CODE = "339081"

# --- SEED_FIGURES.md, 公共法律服务 ------------------------------------------------------------
RECEIVED_H1 = 457
GROWTH = Decimal("0.13")  # 业务总量同比增长13%: the previous half-year is derived from it
RECEIVED_LAST_H1 = int((Decimal(RECEIVED_H1) / (1 + GROWTH)).to_integral_value())  # 404

# Around the figures (not in the reference).
PER_MONTH_AFTER = 78  # commissions a month after June 2026 and in July–December 2025
REFUSED_SHARE = 0.06
LETTER_SHARE = 0.3
PAUSE_SHARE = 0.15
EXTENSION_SHARE = 0.05
LATE_SHARE = 0.03
STALLED_SHARE = 0.05  # of the cases received since STALLED_FROM: still open past their due date
STALLED_FROM = date(2026, 9, 1)
FORENSIC_ADMIN = "forensic_admin"

INSTITUTIONS = (
    # name, categories (codes of forensic_category), appraisers
    ("青川求实司法鉴定所", ("forensic_medicine", "physical_evidence"), 10),
    ("青川市人民医院司法鉴定所", ("forensic_medicine",), 8),
    ("青川明证司法鉴定中心", ("physical_evidence", "audio_visual", "environmental"), 7),
)
WEIGHTS = (5, 3, 2)
CLIENTS = (
    ("青川市人民法院", ClientKind.ORGAN),
    ("青川市公安局", ClientKind.ORGAN),
    ("青川市公安局交通警察支队", ClientKind.ORGAN),
    ("青川市人民检察院", ClientKind.ORGAN),
    ("青川市生态环境局", ClientKind.ORGAN),
    ("青川市保险行业协会", ClientKind.ORGANISATION),
)
MATTERS = {
    "forensic_medicine": ("损伤程度鉴定", "伤残等级鉴定", "误工期鉴定", "医疗损害鉴定"),
    "physical_evidence": ("笔迹鉴定", "印章印文鉴定", "痕迹鉴定", "毒物检测"),
    "audio_visual": ("录音真实性鉴定", "视频图像鉴定"),
    "environmental": ("污染物性质鉴定", "生态环境损害评估"),
}


def is_present() -> bool:
    root = Office.objects.filter(code=CITY_CODE).first()
    return bool(root) and access.within(Case.objects.all(), root).exists()


def _section_user(bureau: Office):
    membership = (
        Membership.objects.filter(office=bureau, role__key="section").select_related("user").first()
    )
    return membership.user


def load(ctx: DemoContext) -> None:
    bureau = ctx.office("bureau")
    section = _section_user(bureau)
    rng = ctx.rng("forensic.registers")
    institutions = _institutions(ctx, section, bureau, rng)
    calendar = WorkingCalendar()
    cases = []
    counters: dict[tuple[int, int], int] = {}
    windows = (
        (LAST_H1_START, LAST_H1_END, RECEIVED_LAST_H1),
        (date(2025, 7, 1), date(2025, 12, 31), PER_MONTH_AFTER * 6),
        (H1_START, H1_END, RECEIVED_H1),
        (date(2026, 7, 1), ctx.today, _per_month(ctx.today)),
    )
    case_rng = ctx.rng("forensic.cases")
    for first, last, count in windows:
        days = sorted(random_date(case_rng, first, last) for _ in range(count))
        for received in days:
            cases.append(_case(case_rng, calendar, institutions, counters, received, ctx.today))
    rows = [row for row, _extra in cases]
    bulk.insert_with_history(rows, reason=HISTORY_REASON)
    _case_parts(cases)
    ctx.log(f"  司法鉴定机构 {len(institutions)} 家，鉴定案件 {len(rows)} 件")
    _forensic_admin(ctx, institutions[0][0])


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    for model in (CaseEvent, CasePause, Case, AnnualRegistration, CategoryRegistration):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除司法鉴定演示数据（鉴定机构和鉴定人随律师和基层法律服务一并删除）")


def _per_month(today: date) -> int:
    days = (today - date(2026, 7, 1)).days + 1
    return max(0, round(PER_MONTH_AFTER * days / 30.44))


# --- institutions and appraisers ----------------------------------------------------------------


def _institutions(ctx: DemoContext, section, bureau: Office, rng: random.Random) -> list:
    """Each institution with its categories and its appraisers by category."""
    made = []
    for number, (name, categories, size) in enumerate(INSTITUTIONS, start=1):
        founded = random_date(rng, date(2006, 1, 1), date(2016, 12, 31))
        office = Office(
            code=f"{CITY_CODE}PJ{number:02d}",
            name=name,
            kind=OFFICE_KIND[Category.FORENSIC_INSTITUTION],
            region_code=CITY_CODE,
            established_on=founded,
        )
        office = Office.objects.add_child(Office.objects.get(pk=bureau.pk), instance=office)
        stem = f"{LICENCE_PREFIX[Category.FORENSIC_INSTITUTION]}{CITY_CODE}JD{number:07d}"
        institution = institution_register(
            actor=section,
            office=office,
            category=Category.FORENSIC_INSTITUTION,
            licence_number=stem + uscc.calc_check_digit(stem),
            founded_on=founded,
            address=f"青川市健康路{rng.randint(1, 200)}号",
            head_name=synthetic_name(rng, Gender.MALE),
        )
        registered = []
        for category in categories:
            registered.append(
                bulk.new(
                    CategoryRegistration,
                    office=office,
                    institution=institution,
                    practitioner=None,
                    category=category,
                    registered_on=founded,
                )
            )
        holders: dict[str, list] = {category: [] for category in categories}
        annual = [_annual(office, institution, None)]
        for index in range(size):
            gender = Gender.FEMALE if rng.random() < 0.4 else Gender.MALE
            birth = random_date(rng, date(1962, 1, 1), date(1992, 12, 31))
            appraiser = practitioner_register(
                actor=section,
                institution=institution,
                identity=PersonIdentity(
                    name=synthetic_name(rng, gender),
                    id_number=_id_number(ctx, birth, number * 100 + index, gender),
                ),
                licence_number=f"33908{number:02d}{index + 1:05d}",
                kind=PractitionerKind.FULL_TIME
                if rng.random() < 0.8
                else PractitionerKind.PART_TIME,
                licensed_on=random_date(rng, founded, date(2024, 12, 31)),
            )
            # Two appraisers at least in every category, then one or two categories each.
            own = [categories[index % len(categories)]]
            if len(categories) > 1 and rng.random() < 0.4:
                own.append(rng.choice([c for c in categories if c not in own]))
            for category in own:
                holders[category].append(appraiser)
                registered.append(
                    bulk.new(
                        CategoryRegistration,
                        office=office,
                        institution=institution,
                        practitioner=appraiser,
                        category=category,
                        registered_on=appraiser.licensed_on,
                    )
                )
            annual.append(_annual(office, institution, appraiser))
        bulk.insert_with_history(registered, reason=HISTORY_REASON)
        bulk.insert_with_history(annual, reason=HISTORY_REASON)
        made.append((institution, holders))
    return made


def _annual(office, institution, appraiser):
    return bulk.new(
        AnnualRegistration,
        office=office,
        institution=institution,
        practitioner=appraiser,
        year=2026,
        status=RegistrationStatus.CONTINUED,
        decided_on=date(2026, 1, 20),
        note="",
    )


def _id_number(ctx: DemoContext, birth: date, serial: int, gender) -> str:
    """A resident ID number no other demo person holds."""
    for attempt in range(499):
        order = ((serial + attempt) % 499) * 2 + (1 if gender == Gender.MALE else 0)
        stem = f"{CITY_CODE}{birth:%Y%m%d}{order:03d}"
        number = stem + ric.calc_check_digit(stem + "0")  # reads the first 17 characters
        if number not in ctx.id_numbers:
            ctx.id_numbers.add(number)
            return number
    raise RuntimeError("no free ID number")


# --- cases ---------------------------------------------------------------------------------------


def _case(rng, calendar, institutions, counters, received: date, today: date):
    (institution, holders) = rng.choices(institutions, weights=WEIGHTS)[0]
    category = rng.choice(list(holders))
    client, kind = rng.choice(CLIENTS if category != "environmental" else CLIENTS[4:5])
    by_letter = rng.random() < LETTER_SHARE
    key = (institution.pk, received.year)
    counters[key] = counters.get(key, 0) + 1
    case = bulk.new(
        Case,
        office=institution.office,
        institution=institution,
        number=f"{received.year}-{counters[key]:05d}",
        client=client,
        client_kind=kind,
        client_person=None,
        category=category,
        matter=rng.choice(MATTERS[category]),
        received_on=received,
        by_letter=by_letter,
        decision_due=deadlines.decision_due(received, by_letter=by_letter, calendar=calendar),
        status=CaseStatus.RECEIVED,
    )
    extra = {"appraisers": [], "pauses": [], "events": [(CaseStatus.RECEIVED, received, "")]}
    limit = deadlines.ACCEPT_LETTER.amount if by_letter else deadlines.ACCEPT.amount
    decided = calendar.add_working_days(received, rng.randint(1, limit))
    if decided > today:
        return case, extra
    case.decided_on = decided
    if rng.random() < REFUSED_SHARE:
        case.decision, case.status, case.closed_on = Decision.REFUSED, CaseStatus.REFUSED, decided
        case.refusal_reason = "鉴定材料不真实、不完整、不充分，委托人未能补充"
        extra["events"].append((CaseStatus.REFUSED, decided, case.refusal_reason))
        return case, extra
    case.decision, case.status, case.effective_on = Decision.ACCEPTED, CaseStatus.ACCEPTED, decided
    extra["appraisers"] = rng.sample(holders[category], 2)
    extra["events"].append((CaseStatus.ACCEPTED, decided, ""))
    pauses = []
    if rng.random() < PAUSE_SHARE:
        first = decided + timedelta(days=rng.randint(3, 20))
        last = first + timedelta(days=rng.randint(3, 12))
        if last < today:
            pauses.append(CasePause(first=first, last=last, reason=PauseReason.SUPPLEMENT))
    if rng.random() < EXTENSION_SHARE:
        case.extension_days = rng.choice((10, 15, 20, 30))
        case.extension_reason = "案情复杂，需补充检验"
        case.extension_approved_by = "鉴定机构负责人"
        case.extension_approved_on = calendar.add_working_days(decided, 25)
        case.client_notified_on = case.extension_approved_on
    case.completion_due = deadlines.completion_due(
        decided, pauses, extension=case.extension_days, calendar=calendar
    )
    extra["pauses"] = pauses
    if received >= STALLED_FROM and rng.random() < STALLED_SHARE:
        return case, extra  # overdue to-dos of the institution and the bureau
    if rng.random() < LATE_SHARE:
        completed = case.completion_due + timedelta(days=rng.randint(1, 8))
    else:
        completed = calendar.add_working_days(decided, rng.randint(8, 28))
        if pauses:  # the paused days put the completion off by as many
            completed = min(completed + (pauses[0].last - pauses[0].first), case.completion_due)
    if completed > today:
        return case, extra
    outcome = Outcome.TERMINATED if rng.random() < 0.03 else Outcome.OPINION
    case.completed_on, case.closed_on, case.outcome = completed, completed, outcome
    case.status = CaseStatus.COMPLETED if outcome == Outcome.OPINION else CaseStatus.TERMINATED
    if outcome == Outcome.OPINION:
        case.opinion_number = f"青鉴〔{completed.year}〕第{case.number}号"
        case.fee = Decimal(rng.randrange(800, 8000, 50))
    case.complaints = 1 if rng.random() < 0.01 else 0
    extra["events"].append((case.status, completed, ""))
    return case, extra


def _case_parts(cases) -> None:
    through = Case.appraisers.through
    links, pauses, events = [], [], []
    for case, extra in cases:
        for appraiser in extra["appraisers"]:
            links.append(bulk.new(through, case_id=case.pk, practitioner_id=appraiser.pk))
        for pause in extra["pauses"]:
            pauses.append(
                bulk.new(
                    CasePause,
                    office_id=case.office_id,
                    case=case,
                    reason=pause.reason,
                    first=pause.first,
                    last=pause.last,
                    note="补充鉴定材料",
                )
            )
        previous = ""
        for status, on, reason in extra["events"]:
            events.append(
                bulk.new(
                    CaseEvent,
                    office_id=case.office_id,
                    case=case,
                    from_status=previous,
                    to_status=status,
                    happened_on=on,
                    reason=reason,
                )
            )
            previous = status
    bulk.insert(links)
    bulk.insert(pauses)
    bulk.insert(events)


def _forensic_admin(ctx: DemoContext, institution) -> None:
    """`forensic_admin` (执业机构管理员) of the first institution: sees its cases only."""
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=FORENSIC_ADMIN)
    user.full_name = synthetic_name(ctx.rng("forensic.users"), Gender.FEMALE)
    user.is_staff = user.is_superuser = False
    user.is_active = True
    password_validation.validate_password(
        DEMO_PASSWORD, user_model(username=FORENSIC_ADMIN, full_name=user.full_name)
    )
    user.password = make_password(DEMO_PASSWORD)
    user.save()
    password_validation.password_changed(DEMO_PASSWORD, user)
    role = Role.objects.get(key="inst_admin")
    Membership.objects.get_or_create(user=user, office=institution.office, role=role)
    ctx.users.append(DemoUser(FORENSIC_ADMIN, role.name, institution.office.name, DEMO_PASSWORD))
