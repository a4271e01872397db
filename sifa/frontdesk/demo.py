"""The front desk's part of the demo city (青川市): the city's 公共法律服务中心 and the township
stations, a half-year of visits (and the tail to the demo's today at the same rhythm) with
satisfaction, consultation events held outside, and the centre's front-desk duty — legal aid's
lawyers on 律师 and 法援 duty, written through legal aid's front door. Written in bulk
(sifa.core.bulk): a few thousand rows, a second or two."""

from __future__ import annotations

import datetime
import random
from datetime import date, timedelta

from django.utils import timezone

from sifa.core import bulk
from sifa.core.demo import DemoContext
from sifa.frontdesk.constants import MatterCategory, Satisfaction, Service
from sifa.frontdesk.models import Conversion, OutreachEvent, Visit
from sifa.legalaid.actions.duty import front_desk_shifts_load
from sifa.legalaid.constants import DutyKind, DutyPeriod, HandlerKind
from sifa.legalaid.selectors.duty import roster_handlers
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.people.demo import synthetic_name

ORDER = 150  # after legal aid (its roster's handlers) and the other lines
CITY_CODE = "339081"
START = date(2026, 1, 1)

# Visits per working day: the city centre, a township station.
CENTRE_PER_DAY, STATION_PER_DAY = (8, 16), (0, 3)
CATEGORY_WEIGHTS = {
    MatterCategory.FAMILY: 18,
    MatterCategory.LABOUR: 20,
    MatterCategory.NEIGHBOUR: 10,
    MatterCategory.CONTRACT: 14,
    MatterCategory.TRAFFIC: 6,
    MatterCategory.PROPERTY: 8,
    MatterCategory.INJURY: 5,
    MatterCategory.NOTARY: 7,
    MatterCategory.APPRAISAL: 3,
    MatterCategory.CRIMINAL: 3,
    MatterCategory.OTHER: 6,
}
MATTERS = {
    MatterCategory.FAMILY: "咨询离婚财产分割和子女抚养问题。",
    MatterCategory.LABOUR: "单位拖欠工资，咨询如何讨薪。",
    MatterCategory.NEIGHBOUR: "邻居建房影响采光，咨询如何处理。",
    MatterCategory.CONTRACT: "借款到期对方不还，咨询起诉事宜。",
    MatterCategory.TRAFFIC: "交通事故赔偿协商不成，咨询赔偿标准。",
    MatterCategory.PROPERTY: "物业费争议，咨询业主权利。",
    MatterCategory.INJURY: "在工地受伤，咨询赔偿途径。",
    MatterCategory.NOTARY: "办理继承公证需要哪些材料。",
    MatterCategory.APPRAISAL: "伤残等级鉴定如何申请。",
    MatterCategory.CRIMINAL: "家属被刑事拘留，咨询能否申请法律援助。",
    MatterCategory.OTHER: "咨询其他法律问题。",
}
REFERRALS = (
    "市法律援助中心",
    "人民调解委员会",
    "市公证处",
    "司法鉴定机构",
    "劳动人事争议仲裁委员会",
)
EVENT_PLACES = ("文化礼堂", "集贸市场", "社区广场", "工业园区", "中学")


def _root() -> Office | None:
    return Office.objects.filter(code=CITY_CODE).first()


def is_present() -> bool:
    root = _root()
    return bool(root) and access.within(Visit.objects.all(), root).exists()


def load(ctx: DemoContext) -> None:
    centre = ctx.offices["pls_center"]
    stations = list(ctx.offices.get("pls_stations", []))
    rng = ctx.rng("frontdesk.visits")
    visits = _visits(ctx, rng, centre, stations)
    bulk.insert(visits)
    events = _events(ctx, ctx.rng("frontdesk.events"), centre, stations)
    bulk.insert(events)
    shifts = _shifts(ctx, ctx.rng("frontdesk.duty"), centre)
    ctx.log(f"  来访登记 {len(visits)} 人次，法律咨询活动 {len(events)} 次，值班 {shifts} 班次")


def unload(ctx: DemoContext) -> None:
    root = _root()
    if root is None:
        return
    for model in (Conversion, Visit, OutreachEvent):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除公共法律服务中心演示数据")


def _days(ctx: DemoContext):
    day = START
    while day <= ctx.today:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def _moment(day: date, rng: random.Random) -> datetime.datetime:
    minutes = rng.randint(8 * 60 + 30, 17 * 60)
    naive = datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))
    return timezone.make_aware(naive)


def _visits(ctx, rng, centre, stations) -> list[Visit]:
    categories, weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    rows = []
    for day in _days(ctx):
        if day >= ctx.today:  # today's visitors are still to come
            continue
        for office, (low, high) in (
            (centre, CENTRE_PER_DAY),
            *((s, STATION_PER_DAY) for s in stations),
        ):
            for _ in range(rng.randint(low, high)):
                category = rng.choices(categories, weights)[0]
                draw = rng.random()
                service = (
                    Service.ANSWERED
                    if draw < 0.72
                    else Service.REFERRED
                    if draw < 0.9
                    else Service.ACCEPTED
                )
                rated = rng.random() < 0.85
                satisfaction = ""
                if rated:
                    mood = rng.random()
                    satisfaction = (
                        Satisfaction.SATISFIED
                        if mood < 0.9
                        else Satisfaction.BASIC
                        if mood < 0.98
                        else Satisfaction.DISSATISFIED
                    )
                rows.append(
                    bulk.new(
                        Visit,
                        office=office,
                        visited_at=_moment(day, rng),
                        visitor_name=synthetic_name(rng, rng.choice(("male", "female"))),
                        category=category,
                        matter=MATTERS[category],
                        service=service,
                        answer="已当场解答。" if service == Service.ANSWERED else "",
                        referred_to=rng.choice(REFERRALS) if service != Service.ANSWERED else "",
                        satisfaction=satisfaction,
                        received_by="值班律师",
                    )
                )
    return rows


def _events(ctx, rng, centre, stations) -> list[OutreachEvent]:
    rows = []
    month = START
    while month <= ctx.today:
        for office in (centre, centre, *stations):
            if office is not centre and rng.random() < 0.5:
                continue
            held = month + timedelta(days=rng.randint(0, 27))
            if held > ctx.today:
                continue
            rows.append(
                bulk.new(
                    OutreachEvent,
                    office=office,
                    held_on=held,
                    place=f"{office.name.removesuffix('公共法律服务工作站').removesuffix('公共法律服务中心')}{rng.choice(EVENT_PLACES)}",
                    topic=rng.choice(
                        ("民法典宣传", "法律援助进社区", "农民工讨薪维权", "反诈普法")
                    ),
                    sessions=1,
                    persons=rng.randint(20, 150),
                )
            )
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return rows


def _shifts(ctx, rng, centre) -> int:
    lawyers = roster_handlers(root=_root(), kinds=(HandlerKind.LAWYER,))
    if not lawyers:
        return 0
    rows = []
    for day in _days(ctx):
        for kind in (DutyKind.LAWYER, DutyKind.LEGAL_AID):
            signed_in = signed_out = None
            if day < ctx.today:
                signed_in = _moment(day, rng).replace(hour=8, minute=rng.randint(20, 59))
                signed_out = signed_in.replace(hour=17, minute=rng.randint(0, 40))
            rows.append(
                {
                    "office": centre,
                    "on_date": day,
                    "period": DutyPeriod.FULL_DAY,
                    "kind": kind,
                    "handler": rng.choice(lawyers),
                    "place": centre.name,
                    "signed_in_at": signed_in,
                    "signed_out_at": signed_out,
                }
            )
    return front_desk_shifts_load(shifts=rows)
