"""States, choices, rule codes and the transition table of community corrections (DOMAIN §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

CATEGORY_CODE_LIST = "correction_category"  # 管理类别 (provincial: 宽松/普通/严格 by default)
CRIME_CATEGORY_CODE_LIST = "crime_category"  # 犯罪类型 (刑法分则 chapters)

# What a judgment says about a subject (判决/裁定/决定): registered from the court's notice, the
# register form or the API, and carried over on 执行地变更.
JUDGMENT_FIELDS = (
    "sentence_type",
    "crime",
    "crime_category",
    "original_sentence",
    "sentence_months",
    "accessory_penalty",
    "prohibition_order",
    "decision_organ",
    "decision_organ_name",
    "judgment_number",
    "judgment_effective_on",
    "offence_on",
)

# API purposes (用途) of the line's exchanges; line.py names them.
API_COMMISSION_ASSESSMENT = "commission_assessment"
API_NOTIFY_JUDGMENT = "notify_judgment"
API_SUBMIT_CHECKIN = "submit_checkin"

# Deadline rule codes (declared in sifa/corrections/deadlines.py).
INVESTIGATION_RULE = "corrections.investigation"  # CC-5: 10 working days
INVESTIGATION_SUMMARY_RULE = "corrections.investigation_summary"  # CC-5: 5 working days (速裁)
REPORT_RULE = "corrections.report"  # CC-2/3: report within 10 days of the judgment's effect
RECEIPT_RULE = "corrections.receipt"  # CC-6: receipt (回执) within 5 days of the documents
PLACE_CHANGE_REPORT_RULE = "corrections.place_change_report"  # CC-15: 7 days at the new place
MONITORING_MAX_MONTHS_SETTING = "SIFA_MONITORING_MAX_MONTHS"  # CC-24: 3 months (law)


class SentenceType(models.TextChoices):
    """The four kinds of community correction (DOMAIN §3.1; public codes 01–04)."""

    CONTROL = "control", _("管制")
    PROBATION = "probation", _("缓刑")
    PAROLE = "parole", _("假释")
    OUTSIDE_PRISON = "outside_prison", _("暂予监外执行")


class DecisionOrgan(models.TextChoices):
    COURT = "court", _("人民法院")
    PRISON_ADMIN = "prison_admin", _("监狱管理机关")
    POLICE = "police", _("公安机关")


class ReportType(models.TextChoices):
    """报到 (public code): on time, late, or not reported and whereabouts unknown."""

    ON_TIME = "on_time", _("按时报到")
    LATE = "late", _("超期报到")
    NOT_REPORTED = "not_reported", _("未报到且下落不明")


class Status(models.TextChoices):
    """The subject's state (DOMAIN §3.5); sub-states (leave, lost contact) are records."""

    AWAITING_REPORT = "awaiting_report", _("待报到")
    NOT_REPORTED = "not_reported", _("未报到查找中")
    RECEIVED = "received", _("已接收")
    UNDER_CORRECTION = "under_correction", _("在矫")
    TRANSFERRED_OUT = "transferred_out", _("已迁出")
    RELEASED = "released", _("已解除矫正")
    TERMINATED = "terminated", _("已终止矫正")


# from-state → the states an action may move a subject to. Actions consult this only.
TRANSITIONS: dict[str, set[str]] = {
    Status.AWAITING_REPORT: {Status.RECEIVED, Status.NOT_REPORTED},
    Status.NOT_REPORTED: {Status.RECEIVED, Status.TERMINATED},
    Status.RECEIVED: {Status.UNDER_CORRECTION},
    Status.UNDER_CORRECTION: {Status.TRANSFERRED_OUT, Status.RELEASED, Status.TERMINATED},
    Status.TRANSFERRED_OUT: set(),
    Status.RELEASED: set(),
    Status.TERMINATED: set(),
}
# 在矫: counted in the stock from registration to the end (DOMAIN §3.7).
ACTIVE_STATUSES = {Status.RECEIVED, Status.UNDER_CORRECTION}


class ReleaseType(models.TextChoices):
    EXPIRY = "expiry", _("期满解除")
    PARDON = "pardon", _("赦免")
    OTHER = "other", _("其他")


class TerminationType(models.TextChoices):
    REVOKED_PROBATION = "revoked_probation", _("撤销缓刑")
    REVOKED_PAROLE = "revoked_parole", _("撤销假释")
    COMMITTED = "committed", _("收监执行")
    DEATH = "death", _("死亡")
    OTHER = "other", _("其他")


class TeamRole(models.TextChoices):
    """矫正小组 members (DOMAIN §3.3)."""

    JUDICIAL_OFFICE = "judicial_office", _("司法所工作人员")
    VILLAGE_COMMITTEE = "village_committee", _("村(居)委会成员")
    FAMILY = "family", _("家庭成员或监护人")
    EMPLOYER = "employer", _("所在单位或学校人员")
    SOCIAL_WORKER = "social_worker", _("社会工作者")
    VOLUNTEER = "volunteer", _("志愿者")


class SupervisionKind(models.TextChoices):
    """日常管理 (社区矫正法 第26条)."""

    REPORT = "report", _("报告")
    CONTACT = "contact", _("通信联络")
    INFO_CHECK = "info_check", _("信息化核查")
    FIELD_VISIT = "field_visit", _("实地查访")
    # CC-11 ([V] 2012 社区矫正实施办法 第11条; [M] kept in 2020): 暂外 subjects report their
    # physical condition monthly; 保外就医 subjects hand in a re-examination every three months.
    HEALTH_REPORT = "health_report", _("身体状况报告（暂予监外执行）")
    MEDICAL_REEXAM = "medical_reexam", _("病情复查情况（保外就医）")


class OutsidePrisonGround(models.TextChoices):
    """暂予监外执行的情形 (刑事诉讼法 第265条)."""

    MEDICAL_PAROLE = "medical_parole", _("保外就医（严重疾病）")
    PREGNANT = "pregnant", _("怀孕或者正在哺乳自己婴儿")
    SELF_CARE = "self_care", _("生活不能自理")


class AlertKind(models.TextChoices):
    LEFT_COUNTY = "left_county", _("未经批准离开执行地")
    OVERDUE_RETURN = "overdue_return", _("外出逾期未归")
    LOST_CONTACT = "lost_contact", _("失去联系")
    NOT_REPORTED = "not_reported", _("逾期未报到")


class LeaveStatus(models.TextChoices):
    APPLIED = "applied", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")
    RETURNED = "returned", _("已销假")


class ApprovalLevel(models.TextChoices):
    """CC-13: who approves a leave, by its length."""

    JUDICIAL_OFFICE = "judicial_office", _("司法所")
    COUNTY = "county", _("县级社区矫正机构")
    CITY = "city", _("市级社区矫正机构")


class MonitoringGround(models.TextChoices):
    """社区矫正法 第29条: the only five grounds for 电子定位."""

    PROHIBITION_BREACH = "prohibition_breach", _("违反人民法院禁止令")
    LEFT_WITHOUT_APPROVAL = "left_without_approval", _("无正当理由未经批准离开所居住的市、县")
    WARNED_FOR_NOT_REPORTING = (
        "warned_for_not_reporting",
        _("拒不按照规定报告自己的活动情况，被给予警告"),
    )
    SECURITY_PUNISHMENT = "security_punishment", _("违反监督管理规定，被给予治安管理处罚")
    ABOUT_TO_REVOKE = "about_to_revoke", _("拟提请撤销缓刑、假释或者暂予监外执行收监执行")


class MeasureKind(models.TextChoices):
    """考核奖惩 (社区矫正法 第28、46–49条), in the order of the ladder."""

    COMMENDATION = "commendation", _("表扬")
    ADMONITION = "admonition", _("训诫")
    WARNING = "warning", _("警告")
    SECURITY_PUNISHMENT = "security_punishment", _("提请治安管理处罚")
    REVOKE_PROBATION = "revoke_probation", _("提请撤销缓刑")
    REVOKE_PAROLE = "revoke_parole", _("提请撤销假释")
    COMMITMENT = "commitment", _("提请收监执行")
    ARREST = "arrest", _("提请逮捕")
    COMMUTATION = "commutation", _("提请减刑")  # 社区矫正法 第33条 (CC-26): 减刑建议 to the court


# Sanction proposals to a court or another organ: pending until the outcome is recorded; a
# pending one blocks 解除 (CC-31) and they are the 提请 figures of the ladder.
SANCTION_PROPOSAL_KINDS = {
    MeasureKind.SECURITY_PUNISHMENT,
    MeasureKind.REVOKE_PROBATION,
    MeasureKind.REVOKE_PAROLE,
    MeasureKind.COMMITMENT,
    MeasureKind.ARREST,
}
# Every proposal with an outcome to record: the sanctions and the 减刑建议 (社区矫正法 第33条:
# to the 中级人民法院 of the executing place, which rules within 30 days, CC-26).
PROPOSAL_KINDS = {*SANCTION_PROPOSAL_KINDS, MeasureKind.COMMUTATION}


class CustodyKind(models.TextChoices):
    """被依法拘留、强制隔离戒毒或采取刑事强制措施 (社区矫正法 第32条, DOMAIN §3.3 CustodyEvent)."""

    ADMINISTRATIVE_DETENTION = "administrative_detention", _("行政拘留")
    DRUG_REHABILITATION = "drug_rehabilitation", _("强制隔离戒毒")
    CRIMINAL_DETENTION = "criminal_detention", _("刑事拘留")
    ARREST = "arrest", _("逮捕")
    OTHER_CRIMINAL_MEASURE = "other_criminal_measure", _("其他刑事强制措施")


class ProposalOutcome(models.TextChoices):
    PENDING = "pending", _("待决定")
    GRANTED = "granted", _("已采纳")
    REJECTED = "rejected", _("未采纳")


class EducationKind(models.TextChoices):
    """教育帮扶 (社区矫正法 第36–43条)."""

    GROUP = "group", _("集体教育")
    INDIVIDUAL = "individual", _("个别教育")
    COUNSELLING = "counselling", _("心理辅导")
    PUBLIC_INTEREST = "public_interest", _("公益活动")
    JOB_TRAINING = "job_training", _("职业技能培训")
    JOB_HELP = "job_help", _("就业指导")
    SCHOOLING = "schooling", _("就学帮扶")
    ASSISTANCE = "assistance", _("社会救助协助")
    HOME_VISIT = "home_visit", _("走访困难家庭")


class InvestigationStage(models.TextChoices):
    """调查评估 stage (DOMAIN §3.3)."""

    PRE_TRIAL = "pre_trial", _("审前（审判阶段）")
    PRE_PROSECUTION = "pre_prosecution", _("诉前（审查起诉阶段）")
    INVESTIGATION = "investigation", _("侦查阶段")
    PRE_PAROLE = "pre_parole", _("假释前")
    PRE_OUTSIDE = "pre_outside", _("暂予监外执行前")


class CommissioningBody(models.TextChoices):
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    POLICE = "police", _("公安机关")
    PRISON = "prison", _("监狱")


class InvestigationResult(models.TextChoices):
    SUITABLE = "suitable", _("适宜")
    UNSUITABLE = "unsuitable", _("不适宜")
