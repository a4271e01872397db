"""Kinds, states and code tables of the 公证 line (DOMAIN §6.3; 公证法 2017, S-NOT;
docs/notary.md).

A notary office is a practice `Institution` of category `notary_office` (the registers are one,
sifa/practice); this line keeps its business: notarisations, their paused time, fees, the
reviews (复查) of issued certificates and the free legal consultations (义务解答公证法律咨询)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LINE = "notary"  # the line key (Role.lines, access policies)

ISSUE_RULE = "notary.issue"  # 公证法 第30条: 15 working days from acceptance
REVIEW_RULE = "notary.review"  # 公证程序规则 第63条 [M]: the review decided within 30 days


class Status(models.TextChoices):
    APPLIED = "applied", _("已申请")
    ACCEPTED = "accepted", _("已受理")
    ISSUED = "issued", _("已出具公证书")
    REFUSED = "refused", _("不予办理")
    WITHDRAWN = "withdrawn", _("申请人撤回")


TRANSITIONS: dict[str, set[str]] = {
    Status.APPLIED: {Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN},
    Status.ACCEPTED: {Status.ISSUED, Status.REFUSED, Status.WITHDRAWN},
    Status.ISSUED: set(),
    Status.REFUSED: set(),
    Status.WITHDRAWN: set(),
}
OPEN = (Status.APPLIED, Status.ACCEPTED)


class Scope(models.TextChoices):
    """国内 / 涉外 (the annual statistics count them apart, DOMAIN §6.3)."""

    DOMESTIC = "domestic", _("国内")
    FOREIGN = "foreign", _("涉外")


class Branch(models.TextChoices):
    CIVIL = "civil", _("民事")
    ECONOMIC = "economic", _("经济")


class MatterCode(models.TextChoices):
    """公证事项: the usual matters of a notary office's register, as a code table [M] (the
    national statistics form's own list and codes were not verified; these are the common
    matter names of 公证法 第11条 and the offices' registers)."""

    INHERITANCE = "inheritance", _("继承")
    WILL = "will", _("遗嘱")
    GIFT = "gift", _("赠与")
    POWER_OF_ATTORNEY = "power_of_attorney", _("委托")
    DECLARATION = "declaration", _("声明")
    MARITAL_STATUS = "marital_status", _("婚姻状况")
    KINSHIP = "kinship", _("亲属关系")
    BIRTH = "birth", _("出生")
    EDUCATION = "education", _("学历、学位")
    NO_CRIMINAL_RECORD = "no_criminal_record", _("无犯罪记录")
    ADOPTION = "adoption", _("收养")
    SIGNATURE = "signature", _("签名、印鉴")
    DOCUMENT_COPY = "document_copy", _("文书副本、复印件与原件相符")
    EVIDENCE = "evidence", _("保全证据")
    CONTRACT = "contract", _("合同")
    ENFORCEABLE_DEBT = "enforceable_debt", _("赋予债权文书强制执行效力")
    ESCROW = "escrow", _("提存")
    COMPANY = "company", _("公司章程、决议")
    BIDDING = "bidding", _("招标投标、拍卖")
    OTHER_CIVIL = "other_civil", _("其他民事公证")
    OTHER_ECONOMIC = "other_economic", _("其他经济公证")


ECONOMIC_MATTERS = frozenset(
    {
        MatterCode.CONTRACT,
        MatterCode.ENFORCEABLE_DEBT,
        MatterCode.ESCROW,
        MatterCode.COMPANY,
        MatterCode.BIDDING,
        MatterCode.OTHER_ECONOMIC,
    }
)


def branch_of(matter_code: str) -> str:
    """民事 or 经济: a matter code belongs to one of them (the statistics' split)."""
    return Branch.ECONOMIC if matter_code in ECONOMIC_MATTERS else Branch.CIVIL


class RefusalGround(models.TextChoices):
    """公证法 第31条: the grounds on which a notary office refuses a notarisation."""

    NO_GUARDIAN = "no_guardian", _("（一）无民事行为能力人或者限制民事行为能力人没有监护人代理申请")
    NO_INTEREST = "no_interest", _("（二）当事人与申请公证的事项没有利害关系")
    EXPERT_MATTER = "expert_matter", _("（三）申请公证的事项属专业技术鉴定、评估事项")
    DISPUTED = "disputed", _("（四）当事人之间对申请公证的事项有争议")
    FALSE_FACTS = "false_facts", _("（五）当事人虚构、隐瞒事实，或者提供虚假证明材料")
    INSUFFICIENT = "insufficient", _("（六）证明材料不充分或者拒绝补充证明材料")
    UNTRUE_UNLAWFUL = "untrue_unlawful", _("（七）申请公证的事项不真实、不合法")
    IMMORAL = "immoral", _("（八）申请公证的事项违背社会公德")
    FEE_REFUSED = "fee_refused", _("（九）当事人拒绝按照规定支付公证费")


class PauseReason(models.TextChoices):
    """公证法 第30条: time not counted in the 15 working days."""

    SUPPLEMENT = "supplement", _("补充证明材料")
    VERIFICATION = "verification", _("核实有关情况")
    FORCE_MAJEURE = "force_majeure", _("不可抗力")


class FeeTreatment(models.TextChoices):
    CHARGED = "charged", _("按标准收费")
    REDUCED = "reduced", _("减收")
    WAIVED = "waived", _("免收")


class ReliefBasis(models.TextChoices):
    """Why a fee was reduced or waived: a legal-aid recipient (法律援助法 第53条), whose
    decision is looked up in the legal-aid line, or another ground the office approved."""

    LEGAL_AID = "legal_aid", _("法律援助受援人（法律援助法 第53条）")
    OTHER = "other", _("其他（经公证机构负责人批准）")


class ReviewStatus(models.TextChoices):
    RECEIVED = "received", _("复查中")
    DECIDED = "decided", _("已作出复查决定")


class ReviewOutcome(models.TextChoices):
    """公证法 第39条: the office reviews; a wrong certificate is corrected or revoked."""

    UPHELD = "upheld", _("维持公证书")
    CORRECTED = "corrected", _("更正公证书")
    REVOKED = "revoked", _("撤销公证书")


class ConsultationWay(models.TextChoices):
    VISIT = "visit", _("来访")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网络")
    EVENT = "event", _("咨询活动")
