"""Eligibility for legal aid as rules-as-code (法律援助法 第24、25、28、29、31–34、41、42条).

`assess(facts)` answers three questions, each with a Chinese sentence citing its article:

1. On which article does the matter rest (`Basis`)?  Criminal defence on application (第24条),
   notified defence (第25条), compulsory medical treatment (第28条), victims (第29条), the
   civil/administrative matters of 第31条, the matters free of any hardship condition (第32条),
   petitions and retrials (第33条).
2. Is economic hardship a condition?  Not for 第25、28、32条; otherwise yes.
3. If it is: is the applicant exempt from verification (第42条), or does the household's income
   per head stay within the provincial standard in force on the date of the application
   (第34条), checked by pledge, information sharing or documents (第41条)?

The rules are dated: the standard used is the one in force on `facts.on` (the application's
received date), so an application keeps its standard after a newer one is published.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from sifa.legalaid.constants import (
    Area,
    Basis,
    ExemptionProof,
    HardshipCheck,
    Matter,
)
from sifa.legalaid.models import HardshipStandard
from sifa.orgs.regions import region_name

# 第31条: civil and administrative matters on economic hardship.
ART31_MATTERS = frozenset(
    {
        Matter.STATE_COMPENSATION,
        Matter.SOCIAL_INSURANCE,
        Matter.PENSION,
        Matter.MAINTENANCE,
        Matter.LABOUR_PAY,
        Matter.CAPACITY,
        Matter.PERSONAL_INJURY,
        Matter.ENVIRONMENT,
    }
)
# 第32条: no economic-hardship condition.
ART32_MATTERS = frozenset(
    {
        Matter.MARTYR_RIGHTS,
        Matter.GOOD_SAMARITAN,
        Matter.RETRIAL_ACQUITTAL,
        Matter.ABUSE_VIOLENCE,
    }
)
# 第42条第(五)项: migrant workers are exempt only when claiming labour pay or work-injury damages.
MIGRANT_WORKER_MATTERS = frozenset({Matter.LABOUR_PAY, Matter.PERSONAL_INJURY})
# 第41条: the ways hardship may be verified when it is verified at all.
VERIFICATION_CHECKS = frozenset(
    {HardshipCheck.PLEDGE, HardshipCheck.INFO_SHARING, HardshipCheck.DOCUMENTS}
)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Facts:
    matter: str  # constants.Matter
    matter_type: str  # constants.MatterType
    on: datetime.date  # the application's received date (rules are dated)
    region_code: str = ""  # applicant's administrative division code (6–12 digits)
    area: str = ""  # constants.Area ("urban"/"rural"), for the standard
    household_size: int | None = None
    household_monthly_income: Decimal | None = None  # whole household, yuan per month
    exemption_proof: str = ""  # constants.ExemptionProof (第42条) or ""
    hardship_check: str = ""  # pledge/info_sharing/documents when hardship is verified
    notified: bool = False  # a 通知辩护/代理 by police/procuratorate/court (第25、28条)
    serious_charge: bool = False  # may face 无期徒刑/死刑


@dataclass(frozen=True)
class Assessment:
    eligible: bool | None  # None: cannot decide yet (information missing)
    basis: str  # constants.Basis
    hardship_check: str  # constants.HardshipCheck actually applicable ("" when undetermined)
    standard: HardshipStandard | None
    reasons: tuple[str, ...] = field(default_factory=tuple)  # Chinese, each citing its article

    @property
    def explanation(self) -> str:
        """The reasons joined, for display and storage (审查意见)."""
        return "".join(self.reasons)


# --- the standard in force ----------------------------------------------------------------


def standard_in_force(region_code: str, area: str, on: datetime.date) -> HardshipStandard | None:
    """The 经济困难标准 for `region_code` and `area` in force on `on` (第34条).

    Among the standards whose `region_code` is a prefix of the applicant's code and whose
    `valid_from` is not after `on`, the longest prefix wins; within it, the latest date.
    """
    region_code = (region_code or "").strip()
    if not region_code or not area:
        return None
    prefixes = [region_code[:n] for n in range(1, len(region_code) + 1)]
    candidates = HardshipStandard.objects.filter(
        region_code__in=prefixes, area=area, valid_from__lte=on
    )
    return max(candidates, key=lambda s: (len(s.region_code), s.valid_from, s.pk), default=None)


# --- the rules ----------------------------------------------------------------------------


def assess(facts: Facts) -> Assessment:
    """Assess eligibility from `facts` (see the module docstring for the order of the rules)."""
    matter_label = _matter_label(facts.matter)

    # 第25、28条: notified cases carry no hardship test.
    if facts.matter == Matter.COMPULSORY_MEDICAL:
        return _compulsory_medical(facts)
    if facts.matter == Matter.CRIMINAL_DEFENCE and (facts.notified or facts.serious_charge):
        return _notified_defence(facts)

    # 第32条: no hardship condition at all.
    if facts.matter in ART32_MATTERS:
        reason = _(
            "依据《法律援助法》第三十二条，申请人就“%(matter)s”事项申请法律援助，"
            "不受经济困难条件的限制。"
        ) % {"matter": matter_label}
        return Assessment(
            True, Basis.ART32_NO_HARDSHIP_TEST, HardshipCheck.NOT_REQUIRED, None, (reason,)
        )

    if facts.matter == Matter.CRIMINAL_DEFENCE:
        basis = Basis.ART24_CRIMINAL_APPLY
        reason = _(
            "依据《法律援助法》第二十四条，刑事案件的犯罪嫌疑人、被告人因经济困难或者其他原因"
            "没有委托辩护人的，本人及其近亲属可以申请法律援助，应当审查经济困难状况。"
        )
    elif facts.matter == Matter.CRIMINAL_VICTIM:
        basis = Basis.ART29_VICTIM
        reason = _(
            "依据《法律援助法》第二十九条，刑事公诉案件的被害人及其法定代理人或者近亲属，"
            "刑事自诉案件的自诉人及其法定代理人等因经济困难没有委托诉讼代理人的，"
            "可以申请法律援助，应当审查经济困难状况。"
        )
    elif facts.matter in ART31_MATTERS:
        basis = Basis.ART31_HARDSHIP
        reason = _(
            "依据《法律援助法》第三十一条，当事人就“%(matter)s”事项因经济困难没有委托代理人的，"
            "可以申请法律援助，应当审查经济困难状况。"
        ) % {"matter": matter_label}
    elif facts.matter == Matter.RETRIAL:
        basis = Basis.ART33_RETRIAL
        reason = _(
            "依据《法律援助法》第三十三条，当事人不服司法机关生效裁判、决定提出申诉或者申请再审，"
            "人民法院决定、裁定再审或者人民检察院提出抗诉，因经济困难没有委托辩护人或者诉讼代理人的，"
            "可以申请法律援助，应当审查经济困难状况。"
        )
    else:
        reason = _(
            "该事项不属于《法律援助法》第二十四条至第三十三条列举的事项，"
            "是否属于法律、法规、规章规定的其他法律援助事项，由审查人员审查决定。"
        )
        check = facts.hardship_check if facts.hardship_check in VERIFICATION_CHECKS else ""
        return Assessment(None, Basis.OTHER, check, None, (reason,))

    return _with_hardship(facts, basis, (reason,))


def _compulsory_medical(facts: Facts) -> Assessment:
    if facts.notified:
        reason = _(
            "依据《法律援助法》第二十八条，强制医疗案件中人民法院通知法律援助机构指派律师"
            "为被申请人或者被告人提供法律援助，不受经济困难条件的限制。"
        )
        return Assessment(
            True, Basis.ART28_COMPULSORY_MEDICAL, HardshipCheck.NOT_REQUIRED, None, (reason,)
        )
    reason = _(
        "依据《法律援助法》第二十八条，强制医疗案件由人民法院通知法律援助机构指派律师，"
        "不受经济困难条件的限制；尚未收到人民法院的通知，需与人民法院联系确认。"
    )
    return Assessment(
        None, Basis.ART28_COMPULSORY_MEDICAL, HardshipCheck.NOT_REQUIRED, None, (reason,)
    )


def _notified_defence(facts: Facts) -> Assessment:
    if facts.notified:
        reason = _(
            "依据《法律援助法》第二十五条，人民法院、人民检察院、公安机关通知法律援助机构"
            "指派律师担任辩护人，不受经济困难条件的限制。"
        )
    else:
        reason = _(
            "依据《法律援助法》第二十五条第一款第四项，犯罪嫌疑人、被告人可能被判处无期徒刑、死刑的，"
            "办案机关应当通知法律援助机构指派律师担任辩护人，不受经济困难条件的限制；"
            "应当联系办案机关依法通知辩护。"
        )
    return Assessment(True, Basis.ART25_NOTIFIED, HardshipCheck.NOT_REQUIRED, None, (reason,))


def _with_hardship(facts: Facts, basis: str, reasons: tuple[str, ...]) -> Assessment:
    """The hardship part of 第24、29、31、33条: exemption (第42条) or the standard (第34条)."""
    proof = facts.exemption_proof
    if proof:
        if proof not in ExemptionProof.values:
            reasons += (
                _(
                    "所填免予核查情形无法识别，不能适用《法律援助法》第四十二条，仍应审查经济困难状况。"
                ),
            )
        elif (
            proof == ExemptionProof.MIGRANT_WORKER_WAGES
            and facts.matter not in MIGRANT_WORKER_MATTERS
        ):
            reasons += (
                _(
                    "依据《法律援助法》第四十二条第五项，进城务工人员仅在请求支付劳动报酬或者"
                    "工伤事故人身损害赔偿时免予核查经济困难状况；本案申请事项为“%(matter)s”，"
                    "不适用免予核查，仍应审查经济困难状况。"
                )
                % {"matter": _matter_label(facts.matter)},
            )
        else:
            if (
                proof == ExemptionProof.MIGRANT_WORKER_WAGES
                and facts.matter == Matter.PERSONAL_INJURY
            ):
                exempt = _(
                    "依据《法律援助法》第四十二条，申请人属于“%(proof)s”（限于请求工伤事故人身损害赔偿），"
                    "免予核查经济困难状况。"
                )
            else:
                exempt = _(
                    "依据《法律援助法》第四十二条，申请人属于“%(proof)s”，免予核查经济困难状况。"
                )
            reasons += (exempt % {"proof": ExemptionProof(proof).label},)
            return Assessment(True, basis, HardshipCheck.EXEMPT, None, reasons)

    check = facts.hardship_check if facts.hardship_check in VERIFICATION_CHECKS else ""
    if check:
        reasons += (
            _("依据《法律援助法》第四十一条，经济困难状况以“%(check)s”方式核查。")
            % {"check": HardshipCheck(check).label},
        )

    if not facts.region_code or not facts.area:
        reasons += (
            _(
                "需补充申请人住所地的行政区划和城乡类别，才能确定适用的经济困难标准"
                "（《法律援助法》第三十四条）。"
            ),
        )
        return Assessment(None, basis, check, None, reasons)

    standard = standard_in_force(facts.region_code, facts.area, facts.on)
    if standard is None:
        reasons += (
            _(
                "%(date)s尚无适用于行政区划%(region)s（%(area)s）的经济困难标准，"
                "请先设置经济困难标准（《法律援助法》第三十四条）。"
            )
            % {
                "date": facts.on.isoformat(),
                "region": region_name(facts.region_code),
                "area": _area_label(facts.area),
            },
        )
        return Assessment(None, basis, check, None, reasons)

    size, income = facts.household_size, facts.household_monthly_income
    if size is None or income is None or size <= 0:
        reasons += (
            _("需补充家庭人口和收入情况，才能按经济困难标准审查（《法律援助法》第三十四条）。"),
        )
        return Assessment(None, basis, check, standard, reasons)

    per_head = Decimal(income) / Decimal(size)
    figures = {
        "income": _yuan(Decimal(income)),
        "size": size,
        "per_head": _yuan(per_head),
        "limit": _yuan(standard.monthly_income_limit),
        "region": region_name(standard.region_code),
        "area": _area_label(standard.area),
        "date": standard.valid_from.isoformat(),
        "basis": standard.basis,
    }
    if per_head <= standard.monthly_income_limit:
        reasons += (
            _(
                "依据《法律援助法》第三十四条，申请人家庭月收入%(income)s元、家庭人口%(size)s人，"
                "人均月收入%(per_head)s元，未超过%(region)s%(area)s经济困难标准%(limit)s元"
                "（%(basis)s，%(date)s起执行），符合经济困难条件。"
            )
            % figures,
        )
        return Assessment(True, basis, check, standard, reasons)
    reasons += (
        _(
            "依据《法律援助法》第三十四条，申请人家庭月收入%(income)s元、家庭人口%(size)s人，"
            "人均月收入%(per_head)s元，超过%(region)s%(area)s经济困难标准%(limit)s元"
            "（%(basis)s，%(date)s起执行），不符合经济困难条件。"
        )
        % figures,
    )
    return Assessment(False, basis, check, standard, reasons)


def _yuan(amount: Decimal) -> str:
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def _matter_label(matter: str) -> str:
    return str(Matter(matter).label) if matter in Matter.values else matter


def _area_label(area: str) -> str:
    return str(Area(area).label) if area in Area.values else area
