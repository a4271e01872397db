"""村(社区)法律顾问演示数据 (青川市): one adviser contract per village or community, and the
advisers' service logs (一村一卷, 一事一记).

For the half-year 2026-01-01 … 2026-06-30 the consultation logs give exactly the reference
summary's 983 法律咨询场次 reaching 5120 人次 (SEED_FIGURES.md, 公共法律服务), counted by the
indicators `practice.adviser_consultations` and `practice.adviser_consultation_persons`.

Around them: every village but a few has a contract in force on 30 June and today (a third of
them renewals of a contract signed in 2023); the few others had one that ran out on 31 March
and was not renewed (the coverage page lists them). The advisers keep the service standard
(two duty days a month, a lecture a quarter) from January up to the demo's today, except a
dozen villages that fall short this month or this quarter (the to-dos). The business
register's adviser rows (963 clients) are the institutions' own and are not touched here.
"""

from __future__ import annotations

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
from sifa.practice.constants import PractitionerStatus
from sifa.practice.constants_advisers import ServiceKind
from sifa.practice.models import AdviserContract, Practitioner, ServiceLog

H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)
CONSULTATIONS_H1 = 983  # 法律咨询 场次
CONSULTATION_PERSONS_H1 = 5120  # 人次
VILLAGES_WITHOUT = 9  # villages whose contract ran out on 31 March 2026
SHORT_OF_DUTY = 8  # villages whose adviser has fewer duty days than the standard this month
SHORT_OF_LECTURE = 5  # … and no lecture this quarter
LAPSED_ON = date(2026, 4, 1)
OTHER_KINDS = (ServiceKind.REVIEW, ServiceKind.MEDIATION, ServiceKind.DRAFTING,
               ServiceKind.LEGAL_AID)  # fmt: skip
_NOTES = {
    ServiceKind.DUTY: "到村坐班值守，接待来访群众",
    ServiceKind.CONSULTATION: ("土地承包经营权咨询", "婚姻家庭纠纷咨询", "劳动报酬咨询",
                               "宅基地纠纷咨询", "邻里纠纷咨询", "赡养纠纷咨询"),
    ServiceKind.LECTURE: ("民法典进村讲座", "反电信网络诈骗法治讲座", "法律援助知识讲座"),
    ServiceKind.REVIEW: "审查村规民约修订稿",
    ServiceKind.MEDIATION: "参与村调委会调解邻里纠纷",
    ServiceKind.DRAFTING: "为村民代写起诉状",
    ServiceKind.LEGAL_AID: "引导村民申请法律援助",
}  # fmt: skip


def _note(rng, kind) -> str:
    note = _NOTES[kind]
    return note if isinstance(note, str) else rng.choice(note)


def _years_later(day: date, years: int) -> date:
    return date(day.year + years, day.month, min(day.day, 28))


def load(ctx: DemoContext, practitioners: list[Practitioner]) -> None:
    rng = ctx.rng("practice.advisers")
    stations = sorted(ctx.offices["stations"], key=lambda office: office.code)
    townships = {office.region_code: office for office in ctx.offices["judicial_offices"]}
    advisers = [
        row for row in practitioners
        if row.status == PractitionerStatus.PRACTISING and row.licensed_on <= date(2022, 12, 31)
    ]  # fmt: skip
    without = set(rng.sample(range(len(stations)), VILLAGES_WITHOUT))
    earlier, current = [], []
    for index, station in enumerate(stations):
        adviser = rng.choice(advisers)
        common = {
            "office": station,
            "township": townships[station.region_code[:9]],
            "adviser": adviser,
            "institution": adviser.institution,
        }
        if index in without:  # ran out on 31 March and was not renewed
            start, end = date(2024, 4, 1), LAPSED_ON - timedelta(days=1)
            current.append((None, _contract(rng, start, end, **common)))
            continue
        start = random_date(rng, date(2025, 1, 1), date(2025, 12, 31))
        end = _years_later(start, 2) - timedelta(days=1)
        previous = None
        if rng.random() < 0.35:  # a renewal of a two-year contract of 2023
            previous = _contract(rng, _years_later(start, -2), start - timedelta(days=1), **common)
            earlier.append(previous)
        current.append((previous, _contract(rng, start, end, **common)))
    bulk.insert_with_history(earlier, reason=HISTORY_REASON)
    for previous, contract in current:
        contract.renews = previous
    contracts = bulk.insert_with_history([c for _, c in current], reason=HISTORY_REASON)
    logs = _logs(ctx, rng, contracts)
    bulk.insert_with_history(logs, reason=HISTORY_REASON)
    ctx.log(f"  村(社区)法律顾问合同 {len(earlier) + len(contracts)} 份、服务日志 {len(logs)} 条")


def _contract(rng, start: date, end: date, **common) -> AdviserContract:
    return bulk.new(
        AdviserContract,
        starts_on=start,
        ends_on=end,
        lapses_on=end + timedelta(days=1),
        fee=Decimal(rng.randint(20, 60) * 1000),
        terminated_on=None,
        termination_reason="",
        **common,
    )


def _log(rng, contract, kind, day, persons=None) -> ServiceLog:
    hours = {
        ServiceKind.DUTY: rng.choice((4, 8)),
        ServiceKind.LECTURE: rng.choice((1.5, 2)),
        ServiceKind.CONSULTATION: rng.choice((0.5, 1, 1.5, 2)),
    }.get(kind, rng.choice((1, 2, 3)))
    if persons is None:
        persons = rng.randint(20, 80) if kind == ServiceKind.LECTURE else rng.randint(0, 6)
    return bulk.new(
        ServiceLog,
        office=contract.office,
        contract=contract,
        kind=kind,
        served_on=day,
        hours=Decimal(str(hours)),
        persons=persons,
        note=_note(rng, kind),
    )


def _months(start: date, end: date):
    day = start.replace(day=1)
    while day <= end:
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        yield day, min(following - timedelta(days=1), end)
        day = following


def _quarters(start: date, end: date):
    """The quarters [first, last] met by start … end, each cut to that range."""
    day = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while day <= end:
        following = date(day.year + (day.month == 10), (day.month + 2) % 12 + 1, 1)
        yield max(day, start), min(following - timedelta(days=1), end)
        day = following


def _logs(ctx: DemoContext, rng, contracts: list[AdviserContract]) -> list[ServiceLog]:
    today = ctx.today
    month_start = today.replace(day=1)
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    in_force_today = [c for c in contracts if c.lapses_on > today]
    short_of_duty = {c.pk for c in rng.sample(in_force_today, SHORT_OF_DUTY)}
    short_of_lecture = {c.pk for c in rng.sample(in_force_today, SHORT_OF_LECTURE)}
    logs = []
    for contract in contracts:
        last = min(today, contract.lapses_on - timedelta(days=1))
        for first, end in _months(max(H1_START, contract.starts_on), last):
            days = (end - first).days + 1
            wanted = 2 if not (first == month_start and contract.pk in short_of_duty) else 1
            for offset in sorted(rng.sample(range(days), min(wanted, days))):
                logs.append(_log(rng, contract, ServiceKind.DUTY, first + timedelta(days=offset)))
        for first, end in _quarters(max(H1_START, contract.starts_on), last):
            if first >= quarter_start and contract.pk in short_of_lecture:
                continue  # no lecture yet this quarter: a to-do
            logs.append(_log(rng, contract, ServiceKind.LECTURE, random_date(rng, first, end)))
        began = max(H1_START, contract.starts_on)
        for kind in OTHER_KINDS:
            for _ in range(rng.randint(0, 2)):
                logs.append(_log(rng, contract, kind, random_date(rng, began, last)))
    # 法律咨询: exactly the reference's sessions and persons in the half-year, by the advisers
    # in force throughout it; the same rhythm in the second half of 2025 and after June.
    serving = [c for c in contracts if c.starts_on <= H1_START and c.lapses_on > H1_END]
    persons = split_total(rng, CONSULTATION_PERSONS_H1, [(1, 12)] * CONSULTATIONS_H1)
    for count in persons:
        logs.append(
            _log(rng, rng.choice(serving), ServiceKind.CONSULTATION,
                 random_date(rng, H1_START, H1_END), count)
        )  # fmt: skip
    monthly = CONSULTATIONS_H1 / 6
    periods = ((date(2025, 7, 1), date(2025, 12, 31), 0.9), (TAIL_START, today, 1.0))
    for start, end, share in periods:
        candidates = [c for c in contracts if c.starts_on <= start and c.lapses_on > end]
        for _ in range(per_month(monthly * share, start, end)):
            logs.append(
                _log(rng, rng.choice(candidates), ServiceKind.CONSULTATION,
                     random_date(rng, start, end), rng.randint(1, 10))
            )  # fmt: skip
    return logs
