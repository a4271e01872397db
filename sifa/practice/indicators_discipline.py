"""Figures of complaints and sanctions (投诉与惩戒, DOMAIN §6.1), imported at the end of
indicators.py (the registry discovers `<app>/indicators.py` only). Complaints and sanctions
belong to the supervising bureau, so a branch split shows them under the bureaus; the
breakdown by institution shows whom they concern."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifa.practice.constants_discipline import (
    Authority,
    Channel,
    ComplaintStatus,
    SanctionKind,
    SanctionStatus,
)
from sifa.practice.models import Complaint, Sanction
from sifa.stats.registry import FLOW, Breakdown, IndicatorFamily

# The line's family (the same app label and line as indicators.py's; a module of its own keeps
# the import graph free of cycles: indicators.py imports this module, not the other way).
FAMILY = IndicatorFamily("practice", _("律师和基层法律服务"))
PIECES, CASES = _("件"), _("人次")

BY_CHANNEL = Breakdown("channel", _("按投诉方式"), "channel", dict(Channel.choices))
BY_STATUS = Breakdown("status", _("按办理状态"), "status", dict(ComplaintStatus.choices))
BY_TARGET = Breakdown("institution", _("按被投诉机构"), "institution")
BY_SANCTION_KIND = Breakdown("kind", _("按处罚种类"), "kind", dict(SanctionKind.choices))
BY_AUTHORITY = Breakdown("authority", _("按处罚类别"), "authority", dict(Authority.choices))
# A practitioner's sanction counts under his institution when proposed; an institution's own
# sanction under that institution.
BY_SANCTIONED_AT = Breakdown("institution", _("按执业机构"), "institution")


def complaints():
    return Complaint.objects.select_related("institution__office", "office")


def sanctions():
    return Sanction.objects.select_related("practitioner__person", "institution__office", "office")


FAMILY.declare(
    "complaints_received",
    _("受理投诉数"),
    PIECES,
    _("受理日期（received_on）在期内的对律师、律师事务所、基层法律服务所及其工作者的投诉，"
      "每件投诉计一件（不论办理结果）。"),
    complaints, 70, (BY_CHANNEL, BY_STATUS, BY_TARGET),
    kind=FLOW, date_field="received_on",
)  # fmt: skip
FAMILY.declare(
    "complaints_substantiated",
    _("查实投诉数"),
    PIECES,
    _("办结日期（concluded_on）在期内、处理结果为投诉成立的投诉。"),
    complaints, 71, (BY_CHANNEL, BY_TARGET),
    where=Q(status=ComplaintStatus.SUBSTANTIATED),
    kind=FLOW, date_field="concluded_on",
)  # fmt: skip
FAMILY.declare(
    "sanctions",
    _("行政处罚和行业处分数"),
    CASES,
    _("决定日期（decided_on）在期内、状态为已决定的处罚处分（警告、罚款、停止执业、停业整顿、"
      "吊销执业证书），"
      "每个决定计一次；拟处罚、不予处罚和已撤销的不计。"
      "含对执业机构本身的处罚（警告、罚款、停业整顿、吊销执业证书，律师法 第50条）。"),
    sanctions, 72, (BY_SANCTION_KIND, BY_AUTHORITY, BY_SANCTIONED_AT),
    where=Q(status=SanctionStatus.DECIDED),
    kind=FLOW, date_field="decided_on",
)  # fmt: skip
for _order, _kind in enumerate(SanctionKind, start=73):
    FAMILY.declare(
        f"sanctions_{_kind.value}",
        _("%(kind)s处罚处分数") % {"kind": _kind.label},
        CASES,
        _("决定日期在期内、已决定的%(kind)s（行政处罚和行业处分）。") % {"kind": _kind.label},
        sanctions, _order, (BY_AUTHORITY, BY_SANCTIONED_AT),
        where=Q(status=SanctionStatus.DECIDED, kind=_kind),
        kind=FLOW, date_field="decided_on",
    )  # fmt: skip
