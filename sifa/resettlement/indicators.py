"""Figures of resettlement and assistance (安置帮教), DOMAIN §4; one definition each.

docs/corrections.md (section 安置帮教) gives the 口径 and the decisions. In short:

* A `ReleasedPerson` is one release (from prison or from community correction) and its
  five-year window. 新接收 counts it by its release date `released_on` (释放/解矫日期): the day
  the assistance period starts, whether the notice came before or after.
* 在册 is the stock over [released_on, ended_on): registered and released on or before the
  period end, and not ended (帮教期满, 死亡, 迁出, 重新犯罪收监) by then. The five-year end
  counts when the 司法所 records it (`ended_on` = `assistance_end`), as every other end.
* 衔接率 = connected / released in the period (both by `released_on`; `connection_rate`),
  必接必送率 = key persons met at the gate / key persons released (`met_at_gate_rate`).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifa.orgs import access
from sifa.orgs.constants import OfficeKind
from sifa.people.models import Gender
from sifa.resettlement.constants import EndReason, PlacementKind, RiskLevel, Source, Status
from sifa.resettlement.models import Placement, ReleasedPerson, Reoffence, Visit
from sifa.stats import registry
from sifa.stats.registry import FLOW, STOCK, Breakdown, IndicatorFamily

LINE = _("安置帮教")

PERSONS, TIMES = _("人"), _("次")

BY_SOURCE = Breakdown("source", _("按来源"), "source", dict(Source.choices))
BY_OFFICE = Breakdown("office", _("按司法所"), "office")
BY_OFFICE_KIND = Breakdown("office_kind", _("按机构类型"), "office__kind", dict(OfficeKind.choices))
BY_GENDER = Breakdown("gender", _("按性别"), "person__gender", dict(Gender.choices))
BY_RISK = Breakdown("risk", _("按风险等级"), "risk_level", dict(RiskLevel.choices))
BY_KEY = Breakdown("key_person", _("按是否重点帮教对象"), "key_person")
PERSON_BREAKDOWNS = (BY_SOURCE, BY_KEY, BY_RISK, BY_GENDER, BY_OFFICE, BY_OFFICE_KIND)
KEY_PERSON_BREAKDOWNS = (BY_SOURCE, BY_RISK, BY_OFFICE)  # figures of key persons only
ONE_SOURCE_BREAKDOWNS = (BY_KEY, BY_RISK, BY_GENDER, BY_OFFICE)  # figures of one source only


def released_persons():
    return ReleasedPerson.objects.select_related("person", "office")


def _hidden_minors(queryset):
    # The drill-down hides minors as the model's access policy says (orgs/access.py).
    return access.minors_restriction(queryset.model)


FAMILY = IndicatorFamily("resettlement", LINE, restricted=_hidden_minors)


def _person_figure(key, label, definition, order, breakdowns, where, **kind):
    """A figure counting 安置帮教对象 (one record per release)."""
    FAMILY.declare(
        key, label, PERSONS, definition, released_persons, order, breakdowns, where=where, **kind
    )


def _stock(key, label, definition, order, breakdowns=PERSON_BREAKDOWNS, where=None):
    _person_figure(
        key, label, definition, order, breakdowns, where,
        kind=STOCK, start_field="released_on", end_field="ended_on",
    )  # fmt: skip


def _released_flow(key, label, definition, order, breakdowns=PERSON_BREAKDOWNS, where=None):
    _person_figure(
        key, label, definition, order, breakdowns, where, kind=FLOW, date_field="released_on"
    )


_IN_REGISTER = _(
    "统计截止日在册的安置帮教对象：释放/解矫日期（released_on）不晚于截止日，且帮教结束日期"
    "（ended_on：帮教期满、死亡、迁出、重新犯罪被收监）为空或晚于截止日；含刑满释放和解除社区矫正"
    "两类，含未衔接（下落不明）的。"
)
_stock("in_assistance", _("在册安置帮教对象数"), _IN_REGISTER, 10)
_stock(
    "key_persons",
    _("在册重点帮教对象数"),
    _("在册安置帮教对象中列为重点帮教对象的；口径同在册安置帮教对象数。"),
    11,
    KEY_PERSON_BREAKDOWNS,
    where=Q(key_person=True),
)
_stock(
    "not_connected",
    _("在册未衔接（下落不明）人数"),
    _(
        "在册安置帮教对象中当前状态为“未衔接（下落不明）”的；口径同在册安置帮教对象数"
        "（状态取当前值，回看以前的期间时以当前状态为准）。"
    ),
    12,
    (BY_SOURCE, BY_OFFICE),
    where=Q(status=Status.NOT_CONNECTED),
)

_released_flow(
    "released",
    _("新接收安置帮教对象数"),
    _("释放/解矫日期（released_on）在期内的安置帮教对象，含刑满释放和解除社区矫正两类。"),
    20,
)
_released_flow(
    "prison_released",
    _("新增刑满释放人员数"),
    _("来源为“刑满释放”的安置帮教对象，按释放日期（released_on）计。"),
    21,
    ONE_SOURCE_BREAKDOWNS,
    where=Q(source=Source.PRISON),
)
_released_flow(
    "correction_released",
    _("新增解除社区矫正人员数"),
    _("来源为“解除社区矫正”的安置帮教对象，按解除矫正日期（released_on）计。"),
    22,
    ONE_SOURCE_BREAKDOWNS,
    where=Q(source=Source.CORRECTION),
)
_released_flow(
    "connected",
    _("已衔接人数"),
    _(
        "释放/解矫日期（released_on）在期内、已登记衔接日期（connected_on）的安置帮教对象；"
        "衔接率 = 已衔接人数 / 新接收安置帮教对象数。"
    ),
    23,
    where=Q(connected_on__isnull=False),
)
_released_flow(
    "key_released",
    _("新接收重点帮教对象数"),
    _("释放/解矫日期（released_on）在期内、列为重点帮教对象的；必接必送率的分母。"),
    24,
    KEY_PERSON_BREAKDOWNS,
    where=Q(key_person=True),
)
_released_flow(
    "key_met_at_gate",
    _("重点帮教对象必接必送人数"),
    _(
        "新接收重点帮教对象中已登记必接必送（met_at_gate）的，按释放日期（released_on）计；必接必送率的分子。"
    ),
    25,
    KEY_PERSON_BREAKDOWNS,
    where=Q(key_person=True, met_at_gate=True),
)
FAMILY.flow(
    "ended",
    _("帮教结束人数"),
    PERSONS,
    _("帮教结束日期（ended_on）在期内的安置帮教对象，按结束原因可分。"),
    lambda: released_persons().filter(ended_on__isnull=False),
    "ended_on",
    30,
    (Breakdown("reason", _("按结束原因"), "end_reason", dict(EndReason.choices)), BY_SOURCE),
)
FAMILY.flow(
    "visits",
    _("帮教走访次数"),
    TIMES,
    _("走访/帮教记录，按日期（visited_on）计，每条计一次。"),
    lambda: Visit.objects.select_related("released__person", "office"),
    "visited_on",
    40,
    (
        Breakdown("source", _("按来源"), "released__source", dict(Source.choices)),
        Breakdown("key_person", _("按是否重点帮教对象"), "released__key_person"),
        BY_OFFICE,
    ),
)
FAMILY.flow(
    "placements",
    _("安置数"),
    TIMES,
    _(
        "就业、就学、纳入低保、社会救助、临时救助、技能培训等安置记录，按日期（placed_on）计，每条计一次。"
    ),
    lambda: Placement.objects.select_related("released__person", "office"),
    "placed_on",
    41,
    (Breakdown("kind", _("按安置方式"), "kind", dict(PlacementKind.choices)), BY_OFFICE),
)
FAMILY.flow(
    "reoffences",
    _("重新违法犯罪次数"),
    TIMES,
    _(
        "安置帮教对象重新违法犯罪的记录，按发生日期（occurred_on）计，每条计一次（一人多次计多次）。"
    ),
    lambda: Reoffence.objects.select_related("released__person", "office"),
    "occurred_on",
    50,
    (
        Breakdown("criminal", _("按是否刑事犯罪"), "criminal"),
        Breakdown("source", _("按来源"), "released__source", dict(Source.choices)),
        BY_OFFICE,
    ),
)


CONNECTION_RATE = FAMILY.ratio(
    "connection_rate",
    _("衔接率"),
    "connected",
    "released",
    _("已衔接人数 ÷ 新接收安置帮教对象数 × 100%（均按释放日期计）。"),
)
MET_AT_GATE_RATE = FAMILY.ratio(
    "met_at_gate_rate",
    _("必接必送率"),
    "key_met_at_gate",
    "key_released",
    _("重点帮教对象必接必送人数 ÷ 新接收重点帮教对象数 × 100%。"),
)


def connection_rate(scope: registry.Scope) -> Decimal | None:
    """衔接率 (%) = 已衔接人数 / 新接收安置帮教对象数 × 100 (formula version 1)."""
    return registry.ratio_value(CONNECTION_RATE, scope).value


def met_at_gate_rate(scope: registry.Scope) -> Decimal | None:
    """必接必送率 (%) = 必接必送人数 / 新接收重点帮教对象数 × 100 (formula version 1)."""
    return registry.ratio_value(MET_AT_GATE_RATE, scope).value
