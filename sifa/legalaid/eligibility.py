"""Eligibility for legal aid as rules-as-code (法律援助法 第24、25、28、29、31–34、41、42条).

`assess(facts)` answers three questions, each with a Chinese sentence citing its article:

1. On which article does the matter rest (`Basis`)?  Criminal defence on application (第24条),
   notified defence (第25条), compulsory medical treatment (第28条), victims (第29条), the
   civil/administrative matters of 第31条, the matters free of any hardship condition (第32条),
   petitions and retrials (第33条).
2. Is economic hardship a condition?  Not for 第25、28、32条; otherwise yes. A suspect or
   defendant of a 第25条第一款 group (a minor, a 视力/听力/言语残疾人, an adult unable fully to
   recognise his conduct, one facing 无期徒刑/死刑, a 死刑复核 defendant, one tried in absentia)
   who applies directly, before the handling organ has notified, is under 第25条 too: no
   hardship test, and the handling organ is asked to notify.
3. If it is: is the applicant exempt from verification (第42条: proof of belonging to one of the
   persons it lists — the 进城务工人员 of its 第三项 only for labour pay or 工伤 damages), or does
   the household's income per head stay within the provincial standard in force on the date
   of the application (第34条), checked by pledge, information sharing or documents (第41条)?
   Exemption removes the verification, not the condition: the applicant still states the
   household's situation truthfully (第41条第一款), and a stated income above the standard is
   not hardship, exemption or not.

Every sentence cites the article and, where the article lists cases, the item (项).

The rules are dated: the standard used is the one in force on `facts.on` (the application's
received date), so an application keeps its standard after a newer one is published.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from sifa.legalaid.constants import (
    DEFENCE_GROUND_ITEMS,
    EXEMPTION_ITEMS,
    ApplicantGroup,
    Area,
    Basis,
    CriminalStage,
    DefenceGround,
    ExemptionProof,
    HardshipCheck,
    Matter,
)
from sifa.legalaid.models import HardshipStandard
from sifa.orgs.regions import region_name

# 法律援助法 第31条: civil and administrative matters on economic hardship, with their item.
ART31_ITEMS = {
    Matter.STATE_COMPENSATION: "第一项",
    Matter.SOCIAL_INSURANCE: "第二项",
    Matter.PENSION: "第三项",
    Matter.MAINTENANCE: "第四项",
    Matter.LABOUR_PAY: "第五项",
    Matter.CAPACITY: "第六项",
    # 第七项: 工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿
    Matter.WORK_INJURY: "第七项",
    Matter.TRAFFIC_INJURY: "第七项",
    Matter.FOOD_DRUG_INJURY: "第七项",
    Matter.MEDICAL_INJURY: "第七项",
    Matter.ENVIRONMENT: "第八项",
}
ART31_MATTERS = frozenset(ART31_ITEMS)
# 法律援助法 第32条: no economic-hardship condition at all, with their item.
ART32_ITEMS = {
    Matter.MARTYR_RIGHTS: "第一项",  # 英雄烈士近亲属维护英雄烈士的人格权益
    Matter.GOOD_SAMARITAN: "第二项",  # 因见义勇为行为主张相关民事权益
    Matter.RETRIAL_ACQUITTAL: "第三项",  # 再审改判无罪请求国家赔偿
    Matter.ABUSE_VIOLENCE: "第四项",  # 遭受虐待、遗弃或者家庭暴力的受害人主张相关权益
}
ART32_MATTERS = frozenset(ART32_ITEMS)
# 法律援助法 第42条第三项: a 进城务工人员 is exempt from verification only when applying for
# labour pay or for 工伤事故 personal-injury damages — not traffic, medical or other injuries.
MIGRANT_WORKER_MATTERS = frozenset({Matter.LABOUR_PAY, Matter.WORK_INJURY})
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
    serious_charge: bool = False  # may face 无期徒刑/死刑 (第25条第一款第四项)
    defence_ground: str = ""  # constants.DefenceGround (第25条第一款) or ""
    groups: frozenset[str] = frozenset()  # constants.ApplicantGroup values of the applicant
    criminal_stage: str = ""  # constants.CriminalStage; 死刑复核 is 第25条第一款第五项


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
    if facts.matter == Matter.CRIMINAL_DEFENCE:
        if facts.notified:
            return _notified_defence(facts)
        ground = defence_ground_of(facts)
        if ground:
            return _art25_direct(ground)

    # 第32条: no hardship condition at all.
    if facts.matter in ART32_MATTERS:
        reason = _(
            "依据《法律援助法》第三十二条%(item)s，申请人就“%(matter)s”事项申请法律援助，"
            "不受经济困难条件的限制，不审查经济困难状况。"
        ) % {"matter": matter_label, "item": ART32_ITEMS[facts.matter]}
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
            "依据《法律援助法》第三十一条%(item)s，当事人就“%(matter)s”事项因经济困难"
            "没有委托代理人的，可以申请法律援助，应当审查经济困难状况。"
        ) % {"matter": matter_label, "item": ART31_ITEMS[facts.matter]}
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


def defence_ground_of(facts: Facts) -> str:
    """The 第25条第一款 ground of a suspect or defendant applying directly, or "".

    The one chosen on the form; else read from what the application already says: may face
    无期徒刑/死刑 (第四项), the applicant is in the 未成年人 group (第一项), the case is at the
    死刑复核 stage (第五项). A 残疾人 in general is not enough: only 视力、听力、言语残疾人 are
    listed (第二项), and that ground is chosen on the form.
    """
    if facts.matter != Matter.CRIMINAL_DEFENCE:
        return ""
    if facts.defence_ground in DefenceGround.values:
        return facts.defence_ground
    if facts.serious_charge:
        return DefenceGround.SERIOUS_CHARGE
    if ApplicantGroup.MINOR in facts.groups:
        return DefenceGround.MINOR
    if facts.criminal_stage == CriminalStage.DEATH_REVIEW:
        return DefenceGround.DEATH_REVIEW
    return ""


def _notified_defence(facts: Facts) -> Assessment:
    reason = _(
        "依据《法律援助法》第二十五条，人民法院、人民检察院、公安机关通知法律援助机构"
        "指派律师担任辩护人，不受经济困难条件的限制。"
    )
    return Assessment(True, Basis.ART25_NOTIFIED, HardshipCheck.NOT_REQUIRED, None, (reason,))


def _art25_direct(ground: str) -> Assessment:
    """第25条第一款: a listed suspect or defendant applying before any notification."""
    reason = _(
        "依据《法律援助法》第二十五条第一款%(item)s，犯罪嫌疑人、被告人属于“%(ground)s”，"
        "没有委托辩护人的，办案机关应当通知法律援助机构指派律师担任辩护人，"
        "不受经济困难条件的限制，不审查经济困难状况；应当联系办案机关依法通知辩护。"
    ) % {"item": DEFENCE_GROUND_ITEMS[ground], "ground": DefenceGround(ground).label}
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
                    "依据《法律援助法》第四十二条第三项，进城务工人员仅在申请支付劳动报酬或者"
                    "请求工伤事故人身损害赔偿时免予核查经济困难状况；本案申请事项为“%(matter)s”，"
                    "不适用免予核查，仍应审查经济困难状况。"
                )
                % {"matter": _matter_label(facts.matter)},
            )
        else:
            reasons += (
                _(
                    "依据《法律援助法》第四十二条%(item)s，申请人有材料证明属于“%(proof)s”，"
                    "免予核查经济困难状况。"
                )
                % {"item": EXEMPTION_ITEMS[proof], "proof": ExemptionProof(proof).label},
            )
            return _exempt(facts, basis, reasons)

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


def _exempt(facts: Facts, basis: str, reasons: tuple[str, ...]) -> Assessment:
    """第42条 frees the applicant from verification, not from the hardship condition: the
    applicant still states the household's situation truthfully (第41条第一款). Nothing is
    verified and no standard is needed; only a stated income per head above the standard in
    force shows, by the applicant's own word, that the condition is not met."""
    size, income = facts.household_size, facts.household_monthly_income
    standard = None
    if facts.region_code and facts.area and size and income is not None and size > 0:
        standard = standard_in_force(facts.region_code, facts.area, facts.on)
    if standard is not None and Decimal(income) / Decimal(size) > standard.monthly_income_limit:
        reasons += (
            _(
                "但申请人自述家庭月收入%(income)s元、家庭人口%(size)s人，人均月收入%(per_head)s元，"
                "超过经济困难标准%(limit)s元（《法律援助法》第三十四条、第四十一条第一款），"
                "不符合经济困难条件。"
            )
            % {
                "income": _yuan(Decimal(income)),
                "size": size,
                "per_head": _yuan(Decimal(income) / Decimal(size)),
                "limit": _yuan(standard.monthly_income_limit),
            },
        )
        return Assessment(False, basis, HardshipCheck.EXEMPT, standard, reasons)
    return Assessment(True, basis, HardshipCheck.EXEMPT, None, reasons)


def citation(
    *,
    basis: str,
    matter: str,
    defence_ground: str = "",
    exemption_proof: str = "",
    hardship_check: str = "",
) -> str:
    """The articles and items a decision cites (给予法律援助决定书), e.g.
    "第三十一条第七项、第四十二条第三项": the basis article with its item where it lists
    cases, then the 第42条 item when the hardship verification was waived."""
    article = BASIS_ARTICLES.get(basis, "")
    if not article:
        return ""
    item = ""
    if basis == Basis.ART31_HARDSHIP:
        item = ART31_ITEMS.get(matter, "")
    elif basis == Basis.ART32_NO_HARDSHIP_TEST:
        item = ART32_ITEMS.get(matter, "")
    elif basis == Basis.ART25_NOTIFIED and defence_ground in DEFENCE_GROUND_ITEMS:
        item = "第一款" + DEFENCE_GROUND_ITEMS[defence_ground]
    parts = [article + item]
    if hardship_check == HardshipCheck.EXEMPT and exemption_proof in EXEMPTION_ITEMS:
        parts.append("第四十二条" + EXEMPTION_ITEMS[exemption_proof])
    return "、".join(parts)


BASIS_ARTICLES = {
    Basis.ART24_CRIMINAL_APPLY: "第二十四条",
    Basis.ART25_NOTIFIED: "第二十五条",
    Basis.ART28_COMPULSORY_MEDICAL: "第二十八条",
    Basis.ART29_VICTIM: "第二十九条",
    Basis.ART31_HARDSHIP: "第三十一条",
    Basis.ART32_NO_HARDSHIP_TEST: "第三十二条",
    Basis.ART33_RETRIAL: "第三十三条",
}


def _yuan(amount: Decimal) -> str:
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def _matter_label(matter: str) -> str:
    return str(Matter(matter).label) if matter in Matter.values else matter


def _area_label(area: str) -> str:
    return str(Area(area).label) if area in Area.values else area
