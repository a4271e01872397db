"""Figures of the 公证 line (DOMAIN §6.3; docs/notary.md "Indicators"), one definition each.

Notarisations are flows: 受理 by the acceptance day, 出证 by the issue day, 不予办理 by the
refusal day; fee reliefs (减免公证费) are summed over the certificates issued in the period;
consultations (义务解答公证法律咨询) are summed in 人次 by their day.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sifa.notary.constants import (
    Branch,
    ConsultationWay,
    FeeTreatment,
    MatterCode,
    RefusalGround,
    Scope,
)
from sifa.notary.models import Consultation, Notarisation
from sifa.stats.registry import Breakdown, IndicatorFamily

FAMILY = IndicatorFamily("notary", _("公证"))
ITEMS, YUAN, PERSON_TIMES = _("件"), _("元"), _("人次")

BY_SCOPE = Breakdown("scope", _("按国内/涉外"), "scope", dict(Scope.choices))
BY_BRANCH = Breakdown("branch", _("按民事/经济"), "branch", dict(Branch.choices))
BY_MATTER = Breakdown("matter_code", _("按公证事项"), "matter_code", dict(MatterCode.choices))
BY_INSTITUTION = Breakdown("institution", _("按公证机构"), "institution")
BY_GROUND = Breakdown(
    "refusal_ground", _("按不予办理情形"), "refusal_ground", dict(RefusalGround.choices)
)
BY_FEE = Breakdown("fee_treatment", _("按收费情况"), "fee_treatment", dict(FeeTreatment.choices))
BY_WAY = Breakdown("way", _("按咨询方式"), "way", dict(ConsultationWay.choices))
BY_OFFICE = Breakdown("office", _("按公证机构"), "office")
NOTARISATION_BREAKDOWNS = (BY_SCOPE, BY_BRANCH, BY_MATTER, BY_INSTITUTION)


def notarisations():
    return Notarisation.objects.select_related("office", "institution__office", "applicant")


def consultations():
    return Consultation.objects.select_related("office")


FAMILY.flow(
    "accepted",
    _("公证受理件数"),
    ITEMS,
    _("受理日期（accepted_on）在期内的公证事项，每件一个申请事项。"),
    notarisations,
    "accepted_on",
    10,
    NOTARISATION_BREAKDOWNS,
)
FAMILY.flow(
    "issued",
    _("办理公证件数（出证）"),
    ITEMS,
    _("出证日期（issued_on）在期内的公证事项，即出具的公证书件数；可按国内/涉外、民事/经济、"
      "公证事项分组。"),
    notarisations,
    "issued_on",
    11,
    NOTARISATION_BREAKDOWNS,
)  # fmt: skip
FAMILY.flow(
    "issued_foreign",
    _("涉外公证件数"),
    ITEMS,
    _("出证日期在期内、国内/涉外为“涉外”的公证事项。"),
    notarisations,
    "issued_on",
    12,
    (BY_BRANCH, BY_MATTER, BY_INSTITUTION),
    where=Q(scope=Scope.FOREIGN),
)
FAMILY.flow(
    "issued_economic",
    _("经济公证件数"),
    ITEMS,
    _("出证日期在期内、民事/经济为“经济”的公证事项。"),
    notarisations,
    "issued_on",
    13,
    (BY_SCOPE, BY_MATTER, BY_INSTITUTION),
    where=Q(branch=Branch.ECONOMIC),
)
FAMILY.flow(
    "refused",
    _("不予办理件数"),
    ITEMS,
    _("不予办理日期（refused_on）在期内的公证事项（公证法 第31条）。"),
    notarisations,
    "refused_on",
    14,
    (BY_GROUND, BY_MATTER, BY_INSTITUTION),
)
FAMILY.flow(
    "fee_relief",
    _("减免公证费金额"),
    YUAN,
    _("出证日期在期内的公证事项减收、免收的公证费（应收减实收，fee_relief）之和；含法律援助"
      "受援人的减免（法律援助法 第53条）。"),
    notarisations,
    "issued_on",
    15,
    (BY_FEE, BY_MATTER, BY_INSTITUTION),
    sum_field="fee_relief",
    where=Q(fee_relief__gt=0),
)  # fmt: skip
FAMILY.flow(
    "fee_relieved",
    _("减免公证费件数"),
    ITEMS,
    _("出证日期在期内、减收或免收公证费的公证事项。"),
    notarisations,
    "issued_on",
    16,
    (BY_FEE, BY_INSTITUTION),
    where=Q(fee_relief__gt=0),
)
FAMILY.flow(
    "overdue",
    _("超期出证件数"),
    ITEMS,
    _("出证日期在期内、晚于出证期限（due_on：受理后15个工作日，扣除补充材料、核实、不可抗力"
      "的期间，公证法 第30条）的公证事项。"),
    notarisations,
    "issued_on",
    17,
    (BY_MATTER, BY_INSTITUTION),
    where=Q(issued_on__gt=F("due_on")),
)  # fmt: skip
FAMILY.flow(
    "consultations",
    _("义务解答公证法律咨询人次"),
    PERSON_TIMES,
    _("日期（held_on）在期内的公证法律咨询登记的人次（persons）之和。"),
    consultations,
    "held_on",
    18,
    (BY_WAY, BY_OFFICE),
    sum_field="persons",
)
