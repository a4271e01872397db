"""12345工单演示数据: the work orders the city's 12345 platform dispatched to 青川市司法局.

For the half-year 2026-01-01 … 2026-06-30 the line's figures give the reference summary's
sentence (`../shared/reference/`, SEED_FIGURES.md): 50 orders received, all signed, all
answered in time and all called back satisfied — 签收率、反馈率、诉求人满意率均达到100%. After the
half-year a handful of orders make the to-dos and the rates move: some closed, one signed and
answered late, one reopened after a 不满意 callback, two overdue, one waiting to be assigned and
one to be signed.

Every deadline and every "in time" flag is computed by the line's own rules
(`sifa.hotline.deadlines`: working hours on the working-day calendar); the records are written
in bulk (`sifa.core.bulk`) with their history and status events.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sifa.core import bulk
from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import add_working_days_from, add_working_hours
from sifa.core.demo import HISTORY_REASON, TAIL_START, DemoContext, random_date
from sifa.hotline import deadlines
from sifa.hotline.constants import Callback, Channel, Status, Urgency
from sifa.hotline.models import OrderEvent, WorkOrder
from sifa.hotline.selectors.routing import PlaceIndex
from sifa.orgs import access
from sifa.orgs.models import Office

ORDER = 150  # after the other lines: builds on the office tree only

H1_START, H1_END = date(2026, 1, 1), date(2026, 6, 30)
CITY_CODE = "339081"

# --- SEED_FIGURES.md / the reference: 12345 ---------------------------------------------------
RECEIVED_H1 = 50

CATEGORIES = (("consult", 20), ("help", 12), ("complaint", 10), ("suggestion", 5), ("criticism", 3))
CONTENTS = {
    "consult": (
        "咨询离婚后子女抚养费的标准。",
        "咨询如何申请法律援助。",
        "咨询遗嘱公证需要的材料。",
    ),
    "help": ("邻居违章搭建影响通行，请求调解。", "被拖欠工资三个月，请求帮助维权。"),
    "complaint": ("反映某法律服务所收费不规范。", "投诉村调委会调解久拖不决。"),
    "suggestion": ("建议在村里增设法律咨询点。", "建议延长公共法律服务中心周末服务时间。"),
    "criticism": ("批评司法所接待人员态度生硬。",),
}
REPLY = "经核实，已联系诉求人说明情况并依法处理，诉求人表示认可。"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"


def is_present() -> bool:
    root = Office.objects.filter(code=CITY_CODE).first()
    return bool(root) and access.within(WorkOrder.objects.all(), root).exists()


@dataclass
class Plan:
    """One order's story: the moments of each step (None: not reached)."""

    received_at: datetime
    category: str
    office: Office
    station: Office
    urgency: str = Urgency.NORMAL
    signed_after_hours: float | None = 0.5
    replied_after_days: float | None = 1
    callbacks: list[str] = field(default_factory=lambda: [Callback.SATISFIED])
    assigned: bool = True


def load(ctx: DemoContext) -> None:
    rng = ctx.rng("hotline.orders")
    bureau = ctx.offices["bureau"]
    stations = ctx.offices["stations"]
    places = PlaceIndex.of(bureau)
    calendar = WorkingCalendar()
    plans = [
        _plan(rng, calendar, random_date(rng, H1_START, H1_END), stations, places)
        for _ in range(RECEIVED_H1)
    ]
    plans += _tail(rng, calendar, ctx.today, stations, places)
    orders, events = [], []
    for number, plan in enumerate(sorted(plans, key=lambda p: p.received_at), start=1):
        order, order_events = _build(rng, calendar, bureau, places, plan, number)
        orders.append(order)
        events.append(order_events)
    saved = bulk.insert_with_history(orders, reason=HISTORY_REASON)
    rows = []
    for order, order_events in zip(saved, events, strict=True):
        for event in order_events:
            event.order_id = order.pk
            rows.append(event)
    bulk.insert(rows)
    ctx.log(f"  12345工单 {len(saved)} 件")


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    for model in (OrderEvent, WorkOrder):
        bulk.delete(access.within(model.objects.all(), root))
    ctx.log("  已删除12345工单演示数据")


def _moment(calendar: WorkingCalendar, rng: random.Random, day: date) -> datetime:
    """An office-hours moment on the first working day from `day`."""
    day = calendar.working_day_on_or_after(day)
    minute = rng.choice((rng.randint(8 * 60 + 40, 11 * 60 + 30), rng.randint(14 * 60, 16 * 60)))
    return timezone.make_aware(datetime.combine(day, time(minute // 60, minute % 60)))


def _category(rng: random.Random) -> str:
    return rng.choices([c for c, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0]


def _plan(rng, calendar, day, stations, places, **story) -> Plan:
    station = rng.choice(stations)
    suggestion = places.suggest(station.address)
    return Plan(
        received_at=_moment(calendar, rng, day),
        category=story.pop("category", None) or _category(rng),
        office=suggestion.office if suggestion else station,
        station=station,
        **story,
    )


def _tail(rng, calendar, today: date, stations, places) -> list[Plan]:
    """The orders after the half-year: closed ones, one late, one reopened, two overdue, one
    waiting to be assigned and one to be signed (the last two received on the working day
    before the demo's today)."""
    before_today = today - timedelta(days=1)
    while not calendar.is_working_day(before_today):
        before_today -= timedelta(days=1)
    late_start = TAIL_START + timedelta(days=20)
    plans = [
        _plan(
            rng,
            calendar,
            random_date(rng, TAIL_START, today - timedelta(days=40)),
            stations,
            places,
        )
        for _ in range(3)
    ]
    plans.append(  # signed after its two working hours, answered after its three working days
        _plan(
            rng, calendar, late_start, stations, places,
            category="consult", signed_after_hours=3, replied_after_days=4,
        )
    )  # fmt: skip
    plans.append(  # 不满意, reopened for re-handling
        _plan(
            rng, calendar, today - timedelta(days=10), stations, places,
            callbacks=[Callback.DISSATISFIED],
        )
    )  # fmt: skip
    for _ in range(2):  # signed, never answered: overdue
        plans.append(
            _plan(
                rng, calendar, today - timedelta(days=35), stations, places,
                category="complaint", replied_after_days=None, callbacks=[],
            )
        )  # fmt: skip
    plans.append(
        _plan(
            rng, calendar, before_today, stations, places,
            signed_after_hours=None, replied_after_days=None, callbacks=[], assigned=False,
        )
    )  # fmt: skip
    plans.append(
        _plan(
            rng, calendar, before_today, stations, places,
            signed_after_hours=None, replied_after_days=None, callbacks=[],
        )
    )  # fmt: skip
    return plans


def _event(order: WorkOrder, office, from_status, to_status, at: datetime, reason: str):
    return bulk.new(
        OrderEvent,
        office=office,
        from_status=from_status,
        to_status=to_status,
        happened_on=timezone.localdate(at),
        reason=reason,
    )


def _build(rng, calendar, bureau, places, plan: Plan, number: int):
    received = plan.received_at
    name = rng.choice(SURNAMES) + rng.choice(("先生", "女士"))
    order = bulk.new(
        WorkOrder,
        office=bureau,
        bureau=bureau,
        number=f"QC12345-{timezone.localdate(received):%Y%m%d}-{number:04d}",
        channel=rng.choice((Channel.PHONE, Channel.PHONE, Channel.PHONE, Channel.WEB)),
        category=plan.category,
        urgency=plan.urgency,
        received_at=received,
        title=rng.choice(CONTENTS[plan.category])[:20],
        content=rng.choice(CONTENTS[plan.category]),
        citizen_name=name,
        citizen_phone=f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
        address=f"{plan.station.address}附近",
        sign_due=deadlines.sign_due(received, plan.urgency, calendar=calendar),
        reply_due=deadlines.reply_due(received, plan.category, plan.urgency, calendar=calendar),
        status=Status.RECEIVED,
        reopen_count=0,
    )
    suggestion = places.suggest(order.address)
    order.suggestion = suggestion.text if suggestion else ""
    events = [_event(order, bureau, "", Status.RECEIVED, received, "接收工单")]
    if not plan.assigned:
        return order, events
    assigned_at = received + timedelta(minutes=10)
    order.office, order.assigned_at, order.status = plan.office, assigned_at, Status.ASSIGNED
    events.append(_event(order, plan.office, Status.RECEIVED, Status.ASSIGNED, assigned_at, "分派"))
    if plan.signed_after_hours is None:
        return order, events
    signed_at = add_working_hours(received, plan.signed_after_hours, calendar=calendar)
    order.signed_at, order.signed_in_time = signed_at, signed_at <= order.sign_due
    order.status = Status.SIGNED
    events.append(_event(order, plan.office, Status.ASSIGNED, Status.SIGNED, signed_at, "签收"))
    if plan.replied_after_days is None:
        return order, events
    replied_at = add_working_days_from(received, plan.replied_after_days, calendar=calendar)
    order.reply_text, order.replied_at = REPLY, replied_at
    order.replied_in_time = replied_at <= order.reply_due
    order.status = Status.REPLIED
    events.append(_event(order, plan.office, Status.SIGNED, Status.REPLIED, replied_at, "答复"))
    for result in plan.callbacks:
        callback_at = add_working_days_from(replied_at, 1, calendar=calendar)
        order.callback, order.callback_at = result, callback_at
        if result == Callback.DISSATISFIED:
            order.reopen_count += 1
            order.reply_due = deadlines.reply_due(
                callback_at, order.category, order.urgency, calendar=calendar
            )
            order.status = Status.REOPENED
            reason = f"回访不满意，第{order.reopen_count}次重办"
        else:
            order.status = Status.CLOSED
            reason = f"回访{Callback(result).label}"
        events.append(_event(order, plan.office, Status.REPLIED, order.status, callback_at, reason))
    return order, events
