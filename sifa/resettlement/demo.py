"""安置帮教演示数据: persons released from prison or from community correction in 青川市.

For the half-year 2026-01-01 … 2026-06-30 the resettlement indicators give exactly the figures
of the reference summary (SEED_FIGURES.md):

* 839 released prisoners newly registered (`source` prison, by `released_on`);
* 3671 persons in the register on 30 June (the stock over [released_on, ended_on)).

Every subject the corrections demo released at term end is handed over here (a ReleasedPerson
with `source` correction, the same person, released on the subject's `released_on`), as
C5's `released_person_from_correction` does. The prison releases before 2026 are then sized so
that the stock comes out exact: 3671 − 839 − (those from correction still in the register).
Older releases whose five years ran out, and a few deaths, moves and re-offences, end before
the period and stay out of the stock.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sifa.core import bulk
from sifa.core.deadlines import add_months
from sifa.core.demo import HISTORY_REASON, TAIL_START, DemoContext, per_month, random_date
from sifa.corrections.selectors import exchange as corrections_exchange
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.people.demo import make_person, save_people, synthetic_name
from sifa.people.models import Gender
from sifa.resettlement.constants import (
    ASSISTANCE_YEARS,
    EndReason,
    PlacementKind,
    RiskLevel,
    Source,
    Status,
)
from sifa.resettlement.models import HelpTeamMember, Placement, ReleasedPerson, Reoffence, Visit

ORDER = 130  # after corrections (120)

H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)
CITY_CODE = "339081"

# --- SEED_FIGURES.md, 安置帮教 ---------------------------------------------------------------
PRISON_RELEASED_H1 = 839
IN_REGISTER_END_H1 = 3671
PRISON_RELEASED_PER_MONTH_AFTER = 140  # after June (560 in July–October)
EXPIRED_BEFORE = 420  # released 2020–mid 2021: their five years ended before 30 June 2026
ENDED_OTHERWISE = 45  # died, moved away or re-offended before 30 June 2026
NOTIFIED_AHEAD = 8  # release notices for the 10–60 days after the demo's today

PRISONS = ("浙江省第一监狱", "浙江省第四监狱", "浙江省乔司监狱", "浙江省十里丰监狱", "青川市看守所")
CRIMES = ("盗窃罪", "诈骗罪", "故意伤害罪", "贩卖毒品罪", "抢劫罪", "交通肇事罪", "开设赌场罪")


def is_present() -> bool:
    root = Office.objects.filter(code=CITY_CODE).first()
    return bool(root) and access.within(ReleasedPerson.objects.all(), root).exists()


def load(ctx: DemoContext) -> None:
    rng = ctx.rng("resettlement.persons")
    rows = from_corrections(rng, ctx.today)
    in_register = sum(1 for r in rows if _in_register(r, H1_END))
    prison = plan_prison(ctx, rng, IN_REGISTER_END_H1 - PRISON_RELEASED_H1 - in_register)
    saved = bulk.insert_with_history(rows + prison, reason=HISTORY_REASON)
    ctx.log(f"  安置帮教对象 {len(saved)} 人")
    write_work(ctx.rng("resettlement.work"), saved, ctx.today)


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    for model in (Reoffence, Placement, Visit, HelpTeamMember, ReleasedPerson):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除安置帮教演示数据")


def _in_register(row: ReleasedPerson, day: date) -> bool:
    return row.released_on <= day and (row.ended_on is None or row.ended_on > day)


def _end(row: ReleasedPerson) -> date:
    return add_months(row.released_on, 12 * ASSISTANCE_YEARS)


def _connect(rng: random.Random, row: ReleasedPerson, today: date, *, lost: float = 0.01) -> None:
    """衔接 within days of the release; a few never found (未衔接); none after the demo's today."""
    connected = row.released_on + timedelta(days=rng.randint(0, 6))
    if connected > today:
        row.status = Status.NOTIFIED
    elif rng.random() < lost:
        row.status = Status.NOT_CONNECTED
    else:
        row.status, row.connected_on = Status.CONNECTED, connected
    if rng.random() < 0.06:
        row.key_person = True
        row.key_reason = rng.choice(("涉毒", "暴力犯罪", "无家可归", "有重新犯罪倾向"))
        row.risk_level = RiskLevel.HIGH
        row.met_at_gate = row.status != Status.NOTIFIED and rng.random() < 0.96
        if row.met_at_gate:
            row.met_by = f"{synthetic_name(rng, Gender.MALE)}、{synthetic_name(rng, Gender.MALE)}"
    else:
        row.risk_level = RiskLevel.LOW if rng.random() < 0.7 else RiskLevel.MEDIUM


def _finish(
    rng: random.Random,
    row: ReleasedPerson,
    today: date,
    before: date | None = None,
    other: bool = False,
):
    """End by expiry when the five years ran out by the demo's today, or otherwise (`other`)."""
    if other:
        latest = min(before or today, today)
        row.ended_on = random_date(rng, row.released_on + timedelta(days=60), latest)
        row.end_reason = rng.choice((EndReason.DEATH, EndReason.MOVED, EndReason.REOFFENDED))
        row.status = Status.ENDED
    elif row.assistance_end <= today:
        row.ended_on, row.end_reason, row.status = (
            row.assistance_end,
            EndReason.EXPIRED,
            Status.ENDED,
        )


def from_corrections(rng: random.Random, today: date) -> list[ReleasedPerson]:
    """A released person for every subject of the demo city released at term end."""
    root = Office.objects.get(code=CITY_CODE)
    subjects = corrections_exchange.released_at_term_end_within(root)
    rows = []
    for subject in subjects:
        row = ReleasedPerson(
            office=subject.office,
            person=subject.person,
            source=Source.CORRECTION,
            subject=subject,
            crime=subject.crime,
            original_sentence=subject.original_sentence,
            released_on=subject.released_on,
            certificate_number=subject.certificate_number,
            notice_received_on=subject.released_on,
        )
        row.assistance_end = _end(row)
        _connect(rng, row, today, lost=0.003)
        ends_later = row.released_on + timedelta(days=60) < today
        if row.status != Status.NOTIFIED and ends_later and rng.random() < 0.02:
            _finish(rng, row, today, other=True)
        rows.append(row)
    return rows


def plan_prison(ctx: DemoContext, rng: random.Random, before_2026: int) -> list[ReleasedPerson]:
    if before_2026 < 0:
        raise ValueError("the corrections demo leaves no room for the prison releases")
    offices = ctx.offices["judicial_offices"]
    plans = []  # (released_on, how it ends: "", "other_before", "expired")
    plans += [(random_date(rng, H1_START, H1_END), "") for _ in range(PRISON_RELEASED_H1)]
    plans += [
        (random_date(rng, date(2021, 7, 1), date(2025, 12, 31)), "") for _ in range(before_2026)
    ]
    today = ctx.today
    after = per_month(PRISON_RELEASED_PER_MONTH_AFTER, TAIL_START, today)
    plans += [(random_date(rng, TAIL_START, today), "") for _ in range(after)]
    plans += [
        (random_date(rng, date(2020, 1, 1), date(2021, 6, 30)), "expired")
        for _ in range(EXPIRED_BEFORE)
    ]
    plans += [
        (random_date(rng, date(2021, 7, 1), date(2025, 12, 31)), "other_before")
        for _ in range(ENDED_OTHERWISE)
    ]
    plans += [
        (random_date(rng, today + timedelta(days=10), today + timedelta(days=60)), "ahead")
        for _ in range(NOTIFIED_AHEAD)
    ]
    villages = ctx.shared.get("orgs.villages", {})
    persons, rows = [], []
    for released, how in plans:
        office = rng.choice(offices)
        codes = [c for c in villages if c.startswith(office.region_code)] or [office.region_code]
        code = rng.choice(codes)
        persons.append(
            make_person(
                rng,
                office=office,
                issued=ctx.id_numbers,
                address_code=CITY_CODE,
                region_code=code,
                address=f"青川市{villages.get(code, '')}{rng.randint(1, 199)}号",
                gender=Gender.FEMALE if rng.random() < 0.08 else Gender.MALE,
                born_from=date(1960, 1, 1),
                born_to=date(2002, 12, 31),
            )
        )
        row = ReleasedPerson(
            office=office,
            source=Source.PRISON,
            prison=rng.choice(PRISONS),
            crime=rng.choice(CRIMES),
            original_sentence=f"有期徒刑{rng.randint(1, 8)}年",
            released_on=released,
            certificate_number=f"（{released.year}）释字第{rng.randint(1000, 9999)}号",
            notice_received_on=released - timedelta(days=rng.randint(25, 35)),
        )
        row.assistance_end = _end(row)
        if how == "ahead":
            row.status, row.risk_level = Status.NOTIFIED, RiskLevel.LOW
        else:
            _connect(rng, row, today)
            # (the statuses connected / not connected stay for those still in the register)
            _finish(rng, row, today, before=H1_END - timedelta(days=1), other=how == "other_before")
        rows.append(row)
    for person, row in zip(save_people(persons), rows, strict=True):
        row.person = person
    return rows


def write_work(rng: random.Random, persons: list[ReleasedPerson], today: date) -> None:
    """Help teams, visits, placements and re-offences of the demo's released persons."""
    team, visits, placements, reoffences = [], [], [], []
    for row in persons:
        if row.status == Status.NOTIFIED:
            continue
        last = min(row.ended_on or today, today)
        first = max(row.released_on, date(2025, 1, 1))
        team.append(
            bulk.new(
                HelpTeamMember,
                office=row.office,
                released=row,
                name=synthetic_name(rng, Gender.MALE),
                role="司法所工作人员",
            )
        )
        if first < last:
            for _ in range(3 if row.key_person else rng.choice((0, 1, 1, 2))):
                visits.append(
                    bulk.new(
                        Visit,
                        office=row.office,
                        released=row,
                        visited_on=random_date(rng, first, last),
                        content="走访了解生活、就业情况，进行法治教育。",
                    )
                )
            if rng.random() < 0.15:
                placements.append(
                    bulk.new(
                        Placement,
                        office=row.office,
                        released=row,
                        kind=rng.choice(list(PlacementKind.values)),
                        placed_on=random_date(rng, first, last),
                        detail="协调落实安置帮扶措施。",
                    )
                )
        if row.end_reason == EndReason.REOFFENDED:
            reoffences.append(
                bulk.new(
                    Reoffence,
                    office=row.office,
                    released=row,
                    occurred_on=row.ended_on,
                    description="因涉嫌盗窃罪被刑事拘留，后被判处有期徒刑。",
                )
            )
    bulk.insert(team)
    bulk.insert(visits)
    bulk.insert(placements)
    bulk.insert(reoffences)
