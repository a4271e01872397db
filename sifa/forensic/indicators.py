"""Figures of forensic appraisal (司法鉴定, DOMAIN §6.4); one definition each (docs/forensic.md).

* 收案 counts a commission by the day it was received (`received_on`), whatever became of it;
  受理 / 不予受理 by the day of the decision (`decided_on`); 办结 by the completion day
  (`completed_on`: an opinion issued or the appraisal terminated).
* 超期办结: completed after the completion due date (30 working days after the commission took
  effect, the paused days left out, plus an approved extension); 受理决定超期: decided after the
  7 (letters: 10) working days.
* 在办: received on or before the period end and not closed (refused or completed) by then.
* 同比 is the registry's (reports and the summary compare a figure with the same period a year
  before); the demo's 业务总量同比 is 收案's.
"""

from __future__ import annotations

from functools import partial

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_labels
from sifa.forensic.constants import CATEGORY_LIST, CaseStatus, ClientKind, Decision, Outcome
from sifa.forensic.models import Case
from sifa.stats.registry import FLOW, STOCK, Breakdown, IndicatorFamily

LINE = _("司法鉴定")
FAMILY = IndicatorFamily("forensic", LINE)
CASES, YUAN, TIMES = _("件"), _("元"), _("次")

BY_CATEGORY = Breakdown(
    "category", _("按鉴定类别"), "category", partial(code_labels, CATEGORY_LIST)
)
BY_INSTITUTION = Breakdown("institution", _("按鉴定机构"), "institution")
BY_CLIENT = Breakdown("client_kind", _("按委托人类别"), "client_kind", dict(ClientKind.choices))
BY_LETTER = Breakdown("by_letter", _("按是否函件委托"), "by_letter")
BY_OUTCOME = Breakdown("outcome", _("按办理结果"), "outcome", dict(Outcome.choices))
CASE_BREAKDOWNS = (BY_CATEGORY, BY_INSTITUTION, BY_CLIENT, BY_LETTER)
DONE_BREAKDOWNS = (BY_CATEGORY, BY_INSTITUTION, BY_OUTCOME)


def cases():
    return Case.objects.select_related("institution__office", "office")


def _flow(name, label, definition, date_field, order, breakdowns=CASE_BREAKDOWNS, **extra):
    FAMILY.declare(
        name, label, extra.pop("unit", CASES), definition, cases, order, breakdowns,
        kind=FLOW, date_field=date_field, **extra,
    )  # fmt: skip


_flow(
    "received",
    _("司法鉴定收案数"),
    _("收到委托日期（received_on）在期内的司法鉴定委托，含其后不予受理的。"),
    "received_on",
    10,
)
_flow(
    "accepted",
    _("司法鉴定受理数"),
    _("受理决定日期（decided_on）在期内、决定为受理的委托（委托自受理起生效）。"),
    "decided_on",
    11,
    where=Q(decision=Decision.ACCEPTED),
)
_flow(
    "refused",
    _("司法鉴定不予受理数"),
    _("决定日期（decided_on）在期内、决定为不予受理的委托。"),
    "decided_on",
    12,
    where=Q(decision=Decision.REFUSED),
)
_flow(
    "completed",
    _("司法鉴定办结数"),
    _("办结日期（completed_on）在期内的案件：出具鉴定意见书或终止鉴定。"),
    "completed_on",
    13,
    DONE_BREAKDOWNS,
    where=Q(status__in=(CaseStatus.COMPLETED, CaseStatus.TERMINATED)),
)
_flow(
    "overdue",
    _("司法鉴定超期办结数"),
    _(
        "办结日期（completed_on）在期内且晚于办结期限的案件；办结期限为委托生效之日起30个工作日"
        "（司法鉴定程序通则 第28条），不计补充材料等扣除期间，加经批准的延长期限。"
    ),
    "completed_on",
    14,
    DONE_BREAKDOWNS,
    where=Q(completed_on__gt=F("completion_due")),
)
_flow(
    "decision_overdue",
    _("受理决定超期数"),
    _(
        "决定日期（decided_on）在期内且晚于受理决定期限的委托；期限为收到委托之日起7个工作日，"
        "函件委托10个工作日（司法鉴定程序通则 第13条）。"
    ),
    "decided_on",
    15,
    where=Q(decided_on__gt=F("decision_due")),
)
_flow(
    "fees",
    _("司法鉴定收费"),
    _("办结日期（completed_on）在期内的案件的鉴定费之和。"),
    "completed_on",
    16,
    DONE_BREAKDOWNS,
    unit=YUAN,
    sum_field="fee",
)
_flow(
    "complaints",
    _("司法鉴定投诉次数"),
    _("收到委托日期在期内的案件登记的投诉次数之和。"),
    "received_on",
    17,
    (BY_CATEGORY, BY_INSTITUTION),
    unit=TIMES,
    sum_field="complaints",
)
FAMILY.declare(
    "in_progress",
    _("司法鉴定在办案件数"),
    CASES,
    _("统计截止日已收到委托、尚未结案（不予受理或办结）的案件。"),
    cases,
    20,
    CASE_BREAKDOWNS,
    kind=STOCK,
    start_field="received_on",
    end_field="closed_on",
)
FAMILY.ratio(
    "overdue_rate",
    _("司法鉴定超期办结率"),
    "overdue",
    "completed",
    _("超期办结数 ÷ 办结数 × 100%。"),
)
