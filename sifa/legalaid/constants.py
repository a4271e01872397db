"""States, choices, deadline rule codes and the transition table of legal aid (DOMAIN §5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

CONSULTATION_CATEGORY_CODE_LIST = "legal_aid_consultation_category"
# The API purpose (用途) of the 通知辩护/代理 exchange (line.py names it).
API_NOTIFY_DEFENCE = "notify_defence"

# Deadline rule codes (declared in sifa/legalaid/deadlines.py).
DECISION_RULE = "legalaid.decision"  # 法律援助法 第43条: review and decide within 7 days
ASSIGNMENT_RULE = "legalaid.assignment"  # 第43条: assign within 3 days of the decision
NOTIFICATION_ASSIGNMENT_RULE = "legalaid.notification_assignment"  # 第36条: 3 days
AGREEMENT_RULE = "legalaid.agreement"  # 程序规定 第27条: sign within 5 days of assignment
OBJECTION_RULE = "legalaid.objection"  # 第49条: decide an objection within 5 days
FORWARDING_RULE = "legalaid.forwarding"  # 第39条: custody forwards within 24 hours
MATERIALS_RULE = "legalaid.closing_materials"  # local: 立卷材料 within 30 days of the end
REVIEW_RULE = "legalaid.closing_review"  # local: the centre reviews within 30 days

# 法律援助法 第26条; 程序规定(2023) 第26条: three years of criminal-defence practice.
SERIOUS_CASE_MIN_DEFENCE_YEARS = 3


class Channel(models.TextChoices):
    """How a consultation or an application reached the agency (咨询/申请渠道)."""

    VISIT = "visit", _("来访")
    HOTLINE = "hotline", _("12348热线")
    PHONE = "phone", _("其他电话")
    LETTER = "letter", _("信函")
    ONLINE = "online", _("网络")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("非常满意")
    SATISFIED = "satisfied", _("满意")
    NEUTRAL = "neutral", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Referral(models.TextChoices):
    """What a consultation led to (咨询处理结果)."""

    ANSWERED = "answered", _("当场解答")
    APPLICATION = "application", _("引导申请法律援助")
    MEDIATION = "mediation", _("转人民调解")
    LAWYER = "lawyer", _("建议委托律师")
    NOTARY = "notary", _("转公证")
    OTHER = "other", _("其他")


class MatterType(models.TextChoices):
    """案件类别 (DOMAIN §5.3): the split every monthly report makes."""

    CRIMINAL = "criminal", _("刑事")
    CIVIL = "civil", _("民事")
    ADMINISTRATIVE = "administrative", _("行政")
    STATE_COMPENSATION = "state_compensation", _("国家赔偿")
    NON_LITIGATION = "non_litigation", _("非诉讼")
    LABOUR_ARBITRATION = "labour_arbitration", _("劳动仲裁")


class Origin(models.TextChoices):
    """How a case began: an application, or a notification by a handling organ (通知辩护/代理)."""

    APPLICATION = "application", _("申请")
    ONLINE = "online", _("网上申请")
    FORWARDED = "forwarded", _("羁押场所转交申请")
    NOTIFICATION = "notification", _("通知辩护/代理")
    DUTY_LAWYER = "duty_lawyer", _("值班律师转化")


class Basis(models.TextChoices):
    """Eligibility basis (DOMAIN §5.1 design): which article the aid rests on."""

    ART24_CRIMINAL_APPLY = "art24", _("第24条 刑事案件申请")
    ART25_NOTIFIED = "art25", _("第25条 应当通知辩护")
    ART28_COMPULSORY_MEDICAL = "art28", _("第28条 强制医疗")
    ART29_VICTIM = "art29", _("第29条 刑事被害人等申请")
    ART31_HARDSHIP = "art31", _("第31条 经济困难的民事、行政事项")
    ART32_NO_HARDSHIP_TEST = "art32", _("第32条 不受经济困难条件限制")
    ART33_RETRIAL = "art33", _("第33条 申诉、再审案件")
    OTHER = "other", _("其他")


class HardshipCheck(models.TextChoices):
    """How economic hardship was established (第41、42条)."""

    NOT_REQUIRED = "not_required", _("无需审查经济状况")
    EXEMPT = "exempt", _("免予核查")
    PLEDGE = "pledge", _("个人诚信承诺")
    INFO_SHARING = "info_sharing", _("信息共享查询")
    DOCUMENTS = "documents", _("经济状况证明材料")


class ApplicantGroup(models.TextChoices):
    """受援人群体 (DOMAIN §5.5): a person may belong to several."""

    MINOR = "minor", _("未成年人")
    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    WOMAN = "woman", _("妇女")
    MIGRANT_WORKER = "migrant_worker", _("农民工")
    ETHNIC_MINORITY = "ethnic_minority", _("少数民族")
    MILITARY = "military", _("军人军属")


class NotifyingOrgan(models.TextChoices):
    POLICE = "police", _("公安机关")
    PROCURATORATE = "procuratorate", _("人民检察院")
    COURT = "court", _("人民法院")


class CriminalStage(models.TextChoices):
    INVESTIGATION = "investigation", _("侦查")
    PROSECUTION = "prosecution", _("审查起诉")
    TRIAL = "trial", _("审判")
    DEATH_REVIEW = "death_review", _("死刑复核")


class Status(models.TextChoices):
    RECEIVED = "received", _("已收到申请")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("待补充材料")
    WITHDRAWN = "withdrawn", _("视为撤回")
    GRANTED = "granted", _("决定给予")
    REFUSED = "refused", _("决定不予")
    OBJECTION = "objection", _("异议审查中")
    ASSIGNED = "assigned", _("已指派")
    IN_PROGRESS = "in_progress", _("承办中")
    TERMINATED = "terminated", _("终止援助")
    ENDED = "ended", _("已办结待交材料")
    FILED_FOR_REVIEW = "filed_for_review", _("结案材料审查中")
    ARCHIVED = "archived", _("已归档")


# from-state → the states an action may move an application to. Actions consult this only.
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {
        Status.AWAITING_SUPPLEMENT,  # 第43条: 一次性告知
        Status.GRANTED,
        Status.REFUSED,
        Status.ASSIGNED,  # 第44条: 先行提供, formalities later
    },
    Status.AWAITING_SUPPLEMENT: {Status.RECEIVED, Status.WITHDRAWN},
    Status.WITHDRAWN: set(),
    Status.REFUSED: {Status.OBJECTION},
    Status.OBJECTION: {Status.REFUSED, Status.GRANTED, Status.TERMINATED},  # upheld / corrected
    Status.GRANTED: {Status.ASSIGNED},
    Status.ASSIGNED: {Status.IN_PROGRESS, Status.TERMINATED, Status.ASSIGNED},  # re-assignment
    Status.IN_PROGRESS: {Status.ENDED, Status.TERMINATED},
    Status.TERMINATED: {Status.OBJECTION, Status.ARCHIVED},
    Status.ENDED: {Status.FILED_FOR_REVIEW},
    Status.FILED_FOR_REVIEW: {Status.ARCHIVED, Status.ENDED},  # returned for correction
    Status.ARCHIVED: set(),
}
# Cases the agency has taken on (受理): granted, notified or provided first, whatever came after.
ACCEPTED_STATUSES = {
    Status.GRANTED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.TERMINATED,
    Status.ENDED,
    Status.FILED_FOR_REVIEW,
    Status.ARCHIVED,
}


class ProviderKind(models.TextChoices):
    """承办机构 (第12–15条; 程序规定 第25条)."""

    LAW_FIRM = "law_firm", _("律师事务所")
    LEGAL_SERVICE_OFFICE = "legal_service_office", _("基层法律服务所")
    CENTRE = "centre", _("法律援助机构本机构")
    # On the duty roster of a public legal service centre only (docs/frontdesk.md): a notary
    # office or a mediation organisation sends its notaries or mediators to the front desk.
    NOTARY_OFFICE = "notary_office", _("公证机构")
    MEDIATION_ORG = "mediation_org", _("人民调解组织")


class HandlerKind(models.TextChoices):
    """承办人员 (第12–16条): only lawyers may defend in criminal cases (第25、26条)."""

    LAWYER = "lawyer", _("律师")
    GRASSROOTS_WORKER = "grassroots_worker", _("基层法律服务工作者")
    CENTRE_STAFF = "centre_staff", _("法律援助机构工作人员")
    VOLUNTEER = "volunteer", _("法律援助志愿者")
    # Duty at a public legal service centre only; never assigned a legal-aid case.
    NOTARY = "notary", _("公证员")
    MEDIATOR = "mediator", _("人民调解员")


# Handlers who may take a legal-aid case (第12–16条); notaries and mediators only sit on duty.
CASE_HANDLER_KINDS = frozenset(
    {
        HandlerKind.LAWYER,
        HandlerKind.GRASSROOTS_WORKER,
        HandlerKind.CENTRE_STAFF,
        HandlerKind.VOLUNTEER,
    }
)


class EventKind(models.TextChoices):
    MEETING = "meeting", _("会见")
    FILE_READING = "file_reading", _("阅卷")
    INVESTIGATION = "investigation", _("调查取证")
    HEARING = "hearing", _("开庭")
    MEDIATION = "mediation", _("调解/和解")
    PROGRESS_REPORT = "progress_report", _("向受援人通报进展")
    OTHER = "other", _("其他")


class Outcome(models.TextChoices):
    WON = "won", _("胜诉")
    PARTLY_WON = "partly_won", _("部分胜诉")
    LOST = "lost", _("败诉")
    SETTLED = "settled", _("调解/和解")
    WITHDRAWN = "withdrawn", _("撤诉")
    NOT_PROSECUTED = "not_prosecuted", _("不起诉")
    ACQUITTED = "acquitted", _("无罪")
    LIGHTER = "lighter", _("罪轻/从轻减轻")
    CONVICTED = "convicted", _("其他刑事判决")
    OTHER = "other", _("其他")


class TerminationGround(models.TextChoices):
    """法律援助法 第48条."""

    DECEPTION = "deception", _("以欺骗或者其他不正当手段获得法律援助")
    CONCEALMENT = "concealment", _("故意隐瞒重要事实或者提供虚假证据")
    ILLEGAL_USE = "illegal_use", _("利用法律援助从事违法活动")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("经济状况发生变化，不再符合法律援助条件")
    CASE_ENDED = "case_ended", _("案件终止审理或者已被撤销")
    OWN_LAWYER = "own_lawyer", _("受援人自行委托律师或者其他代理人")
    REQUESTED = "requested", _("受援人有正当理由要求终止法律援助")
    OTHER = "other", _("法律法规规定的其他情形")


class DefenceGround(models.TextChoices):
    """法律援助法 第25条第一款: the suspect or defendant for whom the handling organ must ask for
    a defence lawyer. Whoever of them applies directly is not put through a hardship test."""

    MINOR = "minor", _("未成年人")  # 第一项
    SENSORY_DISABLED = "sensory_disabled", _("视力、听力、言语残疾人")  # 第二项
    DIMINISHED_CAPACITY = (
        "diminished_capacity",
        _("不能完全辨认自己行为的成年人"),
    )  # 第三项
    SERIOUS_CHARGE = "serious_charge", _("可能被判处无期徒刑、死刑的人")  # 第四项
    DEATH_REVIEW = "death_review", _("申请法律援助的死刑复核案件被告人")  # 第五项
    ABSENTIA = "absentia", _("缺席审判案件的被告人")  # 第六项


# 第25条第一款: the item (项) of each ground, for the sentences that cite it.
DEFENCE_GROUND_ITEMS = {
    DefenceGround.MINOR: "第一项",
    DefenceGround.SENSORY_DISABLED: "第二项",
    DefenceGround.DIMINISHED_CAPACITY: "第三项",
    DefenceGround.SERIOUS_CHARGE: "第四项",
    DefenceGround.DEATH_REVIEW: "第五项",
    DefenceGround.ABSENTIA: "第六项",
}


class ObjectionResult(models.TextChoices):
    UPHELD = "upheld", _("维持原决定")
    CORRECTED = "corrected", _("责令改正")


class QualityKind(models.TextChoices):
    """质量监管 (第57–59条)."""

    HEARING_ATTENDANCE = "hearing_attendance", _("庭审旁听")
    FILE_REVIEW = "file_review", _("案卷检查")
    JUDICIAL_OPINION = "judicial_opinion", _("征询司法机关意见")
    FOLLOW_UP = "follow_up", _("回访受援人")
    PEER_REVIEW = "peer_review", _("同行评估")


class QualityGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优")
    GOOD = "good", _("良")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class DutyPeriod(models.TextChoices):
    MORNING = "morning", _("上午")
    AFTERNOON = "afternoon", _("下午")
    FULL_DAY = "full_day", _("全天")


class DutyKind(models.TextChoices):
    """值班类别: legal aid's own duty, and the posts of a public legal service centre's front desk
    (律师, 公证员, 调解员, 法援 — issue 19; docs/frontdesk.md)."""

    LEGAL_AID = "legal_aid", _("法援值班")
    LAWYER = "lawyer", _("律师值班")
    NOTARY = "notary", _("公证员值班")
    MEDIATOR = "mediator", _("调解员值班")


# Which handlers may sit which duty.
DUTY_HANDLER_KINDS = {
    DutyKind.LEGAL_AID: CASE_HANDLER_KINDS,
    DutyKind.LAWYER: frozenset({HandlerKind.LAWYER}),
    DutyKind.NOTARY: frozenset({HandlerKind.NOTARY}),
    DutyKind.MEDIATOR: frozenset({HandlerKind.MEDIATOR}),
}


class Matter(models.TextChoices):
    """法律援助事项: what the applicant needs help with (法律援助法 第24–33条).

    The eligibility rules (sifa/legalaid/eligibility.py) decide by this, the applicant's
    situation and the hardship standard in force.
    """

    # 第31条: civil and administrative matters, on economic hardship
    STATE_COMPENSATION = "state_compensation", _("依法请求国家赔偿")
    SOCIAL_INSURANCE = "social_insurance", _("请求给予社会保险待遇或者社会救助")
    PENSION = "pension", _("请求发给抚恤金")
    MAINTENANCE = "maintenance", _("请求给付赡养费、抚养费、扶养费")
    LABOUR_PAY = "labour_pay", _("请求确认劳动关系或者支付劳动报酬")
    CAPACITY = "capacity", _("请求认定公民无民事行为能力或者限制民事行为能力")
    # 第31条第七项 names four accidents; each is its own matter, because 第42条第三项 frees a
    # 进城务工人员 from the hardship verification for the work-injury claim only. A personal
    # injury outside the four is not a 第31条 matter: `OTHER`, left to the reviewer.
    WORK_INJURY = "work_injury", _("请求工伤事故人身损害赔偿")
    TRAFFIC_INJURY = "traffic_injury", _("请求交通事故人身损害赔偿")
    FOOD_DRUG_INJURY = "food_drug_injury", _("请求食品药品安全事故人身损害赔偿")
    MEDICAL_INJURY = "medical_injury", _("请求医疗事故人身损害赔偿")
    ENVIRONMENT = "environment", _("请求环境污染、生态破坏损害赔偿")
    # 第32条: no economic-hardship condition
    MARTYR_RIGHTS = "martyr_rights", _("英雄烈士近亲属维护英雄烈士的人格权益")
    GOOD_SAMARITAN = "good_samaritan", _("因见义勇为行为主张相关民事权益")
    RETRIAL_ACQUITTAL = "retrial_acquittal", _("再审改判无罪请求国家赔偿")
    ABUSE_VIOLENCE = "abuse_violence", _("遭受虐待、遗弃或者家庭暴力的受害人主张相关权益")
    # 第24、25、28、29条: criminal matters
    CRIMINAL_DEFENCE = "criminal_defence", _("刑事案件犯罪嫌疑人、被告人申请辩护")
    CRIMINAL_VICTIM = "criminal_victim", _("刑事被害人、自诉人等申请代理")
    COMPULSORY_MEDICAL = "compulsory_medical", _("强制医疗案件")
    # 第33条
    RETRIAL = "retrial", _("申诉、再审案件")
    OTHER = "other", _("其他事项")


class Area(models.TextChoices):
    """Where the applicant lives, for the provincial hardship standard (城镇 / 农村)."""

    URBAN = "urban", _("城镇")
    RURAL = "rural", _("农村")


class ExemptionProof(models.TextChoices):
    """第42条: the proof that frees an applicant from the hardship verification."""

    MINOR_NO_INCOME = "minor_no_income", _("无固定生活来源的未成年人")
    ELDERLY_NO_INCOME = "elderly_no_income", _("无固定生活来源的老年人")
    DISABLED_NO_INCOME = "disabled_no_income", _("无固定生活来源的残疾人")
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助、司法救助或者优抚对象")
    MIGRANT_WORKER_WAGES = (
        "migrant_worker_wages",
        _("申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员"),
    )
    OTHER = "other", _("法律、法规、规章规定的其他人员")


# 法律援助法 第42条: the item (项) each proof falls under, cited in the review's explanation and
# the decision. (一) 无固定生活来源的未成年人、老年人、残疾人等特定群体; (二) 社会救助、司法救助
# 或者优抚对象; (三) 申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员; (四) 其他人员.
EXEMPTION_ITEMS = {
    ExemptionProof.MINOR_NO_INCOME: "第一项",
    ExemptionProof.ELDERLY_NO_INCOME: "第一项",
    ExemptionProof.DISABLED_NO_INCOME: "第一项",
    ExemptionProof.SOCIAL_ASSISTANCE: "第二项",
    ExemptionProof.MIGRANT_WORKER_WAGES: "第三项",
    ExemptionProof.OTHER: "第四项",
}
