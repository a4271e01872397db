"""Figures of 12345 work orders (DOMAIN §8); one definition each.

Every figure counts the orders **received in the period** (派单时间 `received_at`, local date),
so a ratio's two parts are the same orders and a month's rates are final once its orders are
handled (DOMAIN §1.6: rates are stored as numerator and denominator). Decisions:

* 签收率 = 已签收 / 收到; 签收及时率 = 按时签收 (by the signing deadline, working hours) / 收到;
* 反馈率 = 已答复 / 应答复 (收到, less those returned to the platform); 按时办结率 = 按时答复 /
  应答复 — the latest reply counts (a re-handled order's re-reply against its new deadline);
* 回访满意率 = 满意 (满意 and 基本满意) / 已回访; 重办率 = 重办 (reopened at least once) / 已回访;
* 退单率 = 已退单 / 收到.
"""

from __future__ import annotations

from functools import partial

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_labels
from sifa.hotline.constants import CATEGORY_CODE_LIST, Callback, Status, Urgency
from sifa.hotline.models import WorkOrder
from sifa.orgs.constants import OfficeKind
from sifa.stats.registry import Breakdown, IndicatorFamily

LINE = _("12345工单")
ORDERS = _("件")

BY_CATEGORY = Breakdown(
    "category", _("按诉求类别"), "category", partial(code_labels, CATEGORY_CODE_LIST)
)
BY_OFFICE = Breakdown("office", _("按承办机构"), "office")
BY_OFFICE_KIND = Breakdown("office_kind", _("按机构类型"), "office__kind", dict(OfficeKind.choices))
BY_URGENCY = Breakdown("urgency", _("按紧急程度"), "urgency", dict(Urgency.choices))
BY_CALLBACK = Breakdown("callback", _("按回访结果"), "callback", dict(Callback.choices))
BREAKDOWNS = (BY_CATEGORY, BY_OFFICE, BY_OFFICE_KIND, BY_URGENCY)

FAMILY = IndicatorFamily("hotline", LINE)
SATISFIED = (Callback.SATISFIED, Callback.BASICALLY)


def orders():
    return WorkOrder.objects.select_related("office")


def _flow(name, label, definition, order, where=None, breakdowns=BREAKDOWNS):
    FAMILY.flow(
        name, label, ORDERS, definition, orders, "received_at", order, breakdowns, where=where
    )


_BY_RECEIPT = _("按派单时间（received_at，当地日期）计。")
_flow("received", _("收到工单数"), _("12345平台派给本局的工单，每张计一次；") + _BY_RECEIPT, 10)
_flow(
    "signed",
    _("已签收工单数"),
    _("收到的工单中已签收（signed_at）的；") + _BY_RECEIPT,
    11,
    Q(signed_at__isnull=False),
)
_flow(
    "signed_in_time",
    _("按时签收工单数"),
    _("收到的工单中在签收时限（工作时间计，平台给出的以平台为准）内签收的；") + _BY_RECEIPT,
    12,
    Q(signed_in_time=True),
)
_flow(
    "to_reply",
    _("应答复工单数"),
    _("收到的工单中未退回平台（已退单）的；") + _BY_RECEIPT,
    13,
    ~Q(status=Status.RETURNED),
)
_flow(
    "replied",
    _("已答复工单数"),
    _("应答复工单中已答复（办结/反馈，replied_at）的；") + _BY_RECEIPT,
    14,
    Q(replied_at__isnull=False) & ~Q(status=Status.RETURNED),
)
_flow(
    "replied_in_time",
    _("按时答复工单数"),
    _("应答复工单中最近一次答复在答复时限（工作日计，含批准的延期；重办的为重办时限）内的；")
    + _BY_RECEIPT,
    15,
    Q(replied_in_time=True) & ~Q(status=Status.RETURNED),
)
_flow(
    "called_back",
    _("已回访工单数"),
    _("收到的工单中平台已回访（登记了回访结果）的；") + _BY_RECEIPT,
    16,
    ~Q(callback=""),
    (*BREAKDOWNS, BY_CALLBACK),
)
_flow(
    "satisfied",
    _("回访满意工单数"),
    _("已回访工单中最近一次回访结果为“满意”或“基本满意”的；") + _BY_RECEIPT,
    17,
    Q(callback__in=SATISFIED),
    (*BREAKDOWNS, BY_CALLBACK),
)
_flow(
    "reopened",
    _("重办工单数"),
    _("收到的工单中因回访“不满意”重办过（至少一次）的；") + _BY_RECEIPT,
    18,
    Q(reopen_count__gt=0),
)
_flow(
    "returned",
    _("退单数"),
    _("收到的工单中经审核同意退回平台的；") + _BY_RECEIPT,
    19,
    Q(status=Status.RETURNED),
)

SIGN_RATE = FAMILY.ratio(
    "sign_rate", _("签收率"), "signed", "received", _("已签收工单数 ÷ 收到工单数 × 100%。")
)
SIGN_IN_TIME_RATE = FAMILY.ratio(
    "sign_in_time_rate",
    _("签收及时率"),
    "signed_in_time",
    "received",
    _("按时签收工单数 ÷ 收到工单数 × 100%。"),
)
REPLY_RATE = FAMILY.ratio(
    "reply_rate", _("反馈率"), "replied", "to_reply", _("已答复工单数 ÷ 应答复工单数 × 100%。")
)
REPLY_IN_TIME_RATE = FAMILY.ratio(
    "reply_in_time_rate",
    _("按时办结率"),
    "replied_in_time",
    "to_reply",
    _("按时答复工单数 ÷ 应答复工单数 × 100%。"),
)
SATISFACTION_RATE = FAMILY.ratio(
    "satisfaction_rate",
    _("回访满意率"),
    "satisfied",
    "called_back",
    _("回访满意工单数（满意、基本满意）÷ 已回访工单数 × 100%。"),
)
REOPEN_RATE = FAMILY.ratio(
    "reopen_rate", _("重办率"), "reopened", "called_back", _("重办工单数 ÷ 已回访工单数 × 100%。")
)
RETURN_RATE = FAMILY.ratio(
    "return_rate", _("退单率"), "returned", "received", _("退单数 ÷ 收到工单数 × 100%。")
)
