"""法律援助 records: providers and handlers, duty rosters, consultations (12348 included),
applications and notifications with their decision, assignment, handling, closing, quality
checks, complaints, subsidies and the standards the eligibility rules read (DOMAIN §5).

An `Application` is the one record of a legal-aid matter from intake to archive, whether it
began as an application or as a notification by a handling organ (通知辩护/代理): its `office`
is the legal-aid centre (or the workstation that took it in) that keeps it. The network itself
(centres, workstations, liaison points) is the office tree (`orgs.Office` kinds).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.clock import minute_text
from sifa.core.fields import EncryptedCharField
from sifa.core.models import (
    DetailPageMixin,
    NumberedRecordMixin,
    OfficeOwnedModel,
    PaymentBatch,
    StatusEvent,
    TimeStampedModel,
    kept_link,
    loose_link,
    part_of,
    person_link,
)
from sifa.legalaid.constants import (
    CONSULTATION_CATEGORY_CODE_LIST,
    ApplicantGroup,
    Area,
    Basis,
    Channel,
    CriminalStage,
    DefenceGround,
    DutyKind,
    DutyPeriod,
    EventKind,
    ExemptionProof,
    HandlerKind,
    HardshipCheck,
    Matter,
    MatterType,
    NotifyingOrgan,
    ObjectionResult,
    Origin,
    Outcome,
    ProviderKind,
    QualityGrade,
    QualityKind,
    Referral,
    Satisfaction,
    Status,
    TerminationGround,
)
from sifa.orgs import access

MONEY = {"max_digits": 14, "decimal_places": 2}


# --- who does the work -------------------------------------------------------------------


class Provider(OfficeOwnedModel):
    """承办机构: a law firm, a 基层法律服务所 or the centre itself, on the roster of `office`."""

    name = models.CharField(_("机构名称"), max_length=100)
    kind = models.CharField(_("机构类别"), max_length=24, choices=ProviderKind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    active = models.BooleanField(_("在册"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("承办机构")

    def __str__(self):
        return self.name


class Handler(OfficeOwnedModel):
    """承办人员: a lawyer, grassroots legal worker, centre staff member or volunteer."""

    provider = kept_link(Provider, _("承办机构"), related_name="handlers")
    person = person_link(_("人员"))
    kind = models.CharField(_("人员类别"), max_length=24, choices=HandlerKind.choices)
    licence_number = models.CharField(_("执业证号"), max_length=30, blank=True)
    practising_since = models.DateField(_("执业开始日期"), null=True, blank=True)
    # 法律援助法 第26条: ≥ 3 years of criminal defence for life/death-penalty cases.
    criminal_defence_since = models.DateField(_("从事刑事辩护起始日期"), null=True, blank=True)
    juvenile_experience = models.BooleanField(_("熟悉未成年人身心特点"), default=False)
    active = models.BooleanField(_("在册"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("承办人员")

    def __str__(self):
        return f"{self.person}（{self.provider}）"


class DutyShift(OfficeOwnedModel):
    """值班: a handler on duty at a centre, workstation or liaison point (`office`) one day, or
    at a public legal service centre's or station's front desk (律师, 公证员, 调解员, 法援 —
    `kind`), with the moments the handler signed in and out (docs/frontdesk.md)."""

    on_date = models.DateField(_("值班日期"), db_index=True)
    period = models.CharField(_("时段"), max_length=16, choices=DutyPeriod.choices)
    kind = models.CharField(
        _("值班类别"), max_length=16, choices=DutyKind.choices, default=DutyKind.LEGAL_AID
    )
    handler = kept_link(Handler, _("值班人员"))
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    signed_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    place = models.CharField(_("值班地点"), max_length=100, blank=True)
    persons_helped = models.PositiveIntegerField(_("提供法律帮助人次"), default=0)
    notes = models.TextField(_("值班情况"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("值班记录")
        ordering = ["-on_date", "period"]


# --- the rules' tables --------------------------------------------------------------------


class HardshipStandard(TimeStampedModel):
    """经济困难标准 (法律援助法 第34条): set by the province, by region and area, dated.

    A standard applies to applications received on or after `valid_from` until the next one
    for the same region and area; an application keeps the standard it was assessed under.
    `region_code` is a prefix of administrative division codes (e.g. "34" a province,
    "3451" a city); the longest matching prefix wins.
    """

    region_code = models.CharField(_("适用行政区划代码"), max_length=12)
    area = models.CharField(_("城乡"), max_length=8, choices=Area.choices)
    valid_from = models.DateField(_("执行日期"))
    monthly_income_limit = models.DecimalField(
        _("家庭人均月收入上限（元）"), validators=[MinValueValidator(0)], **MONEY
    )
    basis = models.CharField(_("依据"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("经济困难标准")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "area", "valid_from"], name="legalaid_standard_unique"
            )
        ]

    def __str__(self):
        return f"{self.region_code} {self.get_area_display()} {self.valid_from}"


class SubsidyRate(TimeStampedModel):
    """办案补贴标准 (第52条): yuan per case by matter type, dated (set with the finance dept)."""

    matter_type = models.CharField(_("案件类别"), max_length=24, choices=MatterType.choices)
    amount = models.DecimalField(_("补贴标准（元/件）"), **MONEY)
    valid_from = models.DateField(_("执行日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("办案补贴标准")
        constraints = [
            models.UniqueConstraint(
                fields=["matter_type", "valid_from"], name="legalaid_rate_unique"
            )
        ]


# --- consultations ------------------------------------------------------------------------


class Consultation(DetailPageMixin, OfficeOwnedModel):
    """法律咨询 by any channel, 12348 calls included (DOMAIN §5.3, §5.6).

    The caller may stay anonymous: `person` links a registered person when known; otherwise
    only the name given is kept, and the phone number encrypted.
    """

    channel = models.CharField(_("咨询渠道"), max_length=16, choices=Channel.choices)
    consulted_at = models.DateTimeField(_("咨询时间"), db_index=True)
    person = person_link(_("咨询人"), optional=True)
    caller_name = models.CharField(_("咨询人姓名"), max_length=50, blank=True)
    caller_phone = EncryptedCharField(_("联系电话"), blank=True)
    category = models.CharField(_("咨询类别"), max_length=32)  # code list
    code_lists = {"category": CONSULTATION_CATEGORY_CODE_LIST}
    question = models.TextField(_("咨询问题"))
    answer = models.TextField(_("解答内容"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), default=0)
    satisfaction = models.CharField(
        _("满意度"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    referral = models.CharField(
        _("处理结果"), max_length=16, choices=Referral.choices, default=Referral.ANSWERED
    )
    call_id = models.CharField(_("话务流水号"), max_length=40, blank=True)
    answered_by = models.CharField(_("接待人"), max_length=50, blank=True)
    follow_up_required = models.BooleanField(_("需要回访"), default=False)
    followed_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    # The link to what the consultation became, kept both ways (the other side points back).
    mediation_case = loose_link(
        "mediation.MediationCase",
        _("转人民调解案件"),
        related_name="legal_aid_consultations",
    )
    history = HistoricalRecords()
    detail_url_name = "legalaid:consultation_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("法律咨询")
        indexes = [models.Index(fields=["office", "consulted_at"])]

    def __str__(self):
        return f"{minute_text(self.consulted_at)} {self.get_channel_display()}"


# --- applications and cases ---------------------------------------------------------------


class Application(NumberedRecordMixin, OfficeOwnedModel):
    """法律援助申请/案件: one matter from intake (or notification) to archive (DOMAIN §5.4)."""

    number = models.CharField(_("申请编号"), max_length=40, unique=True)
    origin = models.CharField(_("案件来源"), max_length=16, choices=Origin.choices)
    channel = models.CharField(
        _("申请渠道"), max_length=16, choices=Channel.choices, default=Channel.VISIT
    )
    consultation = loose_link(Consultation, _("来源咨询"), related_name="applications")
    applicant = person_link(_("申请人/受援人"))
    agent_name = models.CharField(_("代为申请人"), max_length=50, blank=True)
    agent_relation = models.CharField(_("与申请人关系"), max_length=30, blank=True)
    matter_type = models.CharField(_("案件类别"), max_length=24, choices=MatterType.choices)
    matter = models.CharField(_("援助事项"), max_length=24, choices=Matter.choices)
    facts = models.TextField(_("案情及申请理由"))
    adverse_party = models.CharField(_("对方当事人"), max_length=100, blank=True)
    amount_claimed = models.DecimalField(_("请求金额（元）"), default=0, **MONEY)
    # Eligibility as assessed (kept: later changes of the rules do not rewrite it).
    area = models.CharField(_("城乡"), max_length=8, choices=Area.choices, blank=True)
    household_size = models.PositiveIntegerField(_("家庭人口"), null=True, blank=True)
    household_monthly_income = models.DecimalField(
        _("家庭月收入（元）"), null=True, blank=True, **MONEY
    )
    basis = models.CharField(_("援助依据"), max_length=16, choices=Basis.choices, blank=True)
    hardship_check = models.CharField(
        _("经济状况审查方式"), max_length=16, choices=HardshipCheck.choices, blank=True
    )
    exemption_proof = models.CharField(
        _("免予核查情形"), max_length=24, choices=ExemptionProof.choices, blank=True
    )
    standard = kept_link(HardshipStandard, _("适用经济困难标准"), optional=True)
    eligibility_explanation = models.TextField(_("审查意见（规则说明）"), blank=True)
    # Intake
    received_on = models.DateField(_("收到申请日期"), db_index=True)
    detained = models.BooleanField(_("申请人被羁押"), default=False)
    custody_received_at = models.DateTimeField(_("羁押场所收到申请时间"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("转交时间"), null=True, blank=True)
    supplement_requested_on = models.DateField(_("补充材料通知日期"), null=True, blank=True)
    supplement_items = models.TextField(_("需补充材料"), blank=True)
    supplement_due_on = models.DateField(_("补充材料期限"), null=True, blank=True)
    supplied_on = models.DateField(_("补齐材料日期"), null=True, blank=True)
    pre_aid = models.BooleanField(_("先行提供法律援助"), default=False)
    pre_aid_reason = models.CharField(_("先行提供理由"), max_length=200, blank=True)
    # Notification (通知辩护/代理, 第25、35、36条)
    notifying_organ = models.CharField(
        _("通知机关类别"), max_length=16, choices=NotifyingOrgan.choices, blank=True
    )
    notifying_organ_name = models.CharField(_("通知机关"), max_length=100, blank=True)
    notice_number = models.CharField(_("通知书文号"), max_length=60, blank=True)
    criminal_stage = models.CharField(
        _("诉讼阶段"), max_length=16, choices=CriminalStage.choices, blank=True
    )
    notification_ground = models.CharField(_("通知理由"), max_length=100, blank=True)
    serious_charge = models.BooleanField(_("可能判处无期徒刑、死刑"), default=False)
    # 法律援助法 第25条第一款: the ground of a suspect or defendant who applies directly.
    defence_ground = models.CharField(
        _("第二十五条情形"), max_length=24, choices=DefenceGround.choices, blank=True
    )
    # Decision (第43条)
    status = models.CharField(
        _("状态"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    # Due dates as computed by the deadline rules when the period started (法律援助法 第36、
    # 43条): the to-do lists and the timeliness figures read these, so both agree, and SQL can
    # compare them (the holiday calendar is not something a query can apply).
    decision_due_on = models.DateField(_("审查决定期限"), null=True, blank=True)
    decided_on = models.DateField(_("审查决定日期"), null=True, blank=True)
    assignment_due_on = models.DateField(_("指派期限"), null=True, blank=True)
    refusal_reasons = models.TextField(_("不予援助理由"), blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True, db_index=True)
    # Objection (第49条): filed with and decided by the 司法行政部门 that set the agency up
    # (`objection_authority`, the nearest 司法局 above the agency), never by the agency itself.
    objection_authority = kept_link("orgs.Office", _("异议审查机关"), optional=True)
    objection_filed_on = models.DateField(_("提出异议日期"), null=True, blank=True, db_index=True)
    objection_reasons = models.TextField(_("异议理由"), blank=True)
    objection_decided_on = models.DateField(_("异议审查决定日期"), null=True, blank=True)
    objection_result = models.CharField(
        _("异议审查结果"), max_length=16, choices=ObjectionResult.choices, blank=True
    )
    # Outcome and closing (第48、50条)
    outcome = models.CharField(_("办理结果"), max_length=16, choices=Outcome.choices, blank=True)
    ended_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    money_recovered = models.DecimalField(_("挽回经济损失（元）"), default=0, **MONEY)
    termination_ground = models.CharField(
        _("终止理由"), max_length=24, choices=TerminationGround.choices, blank=True
    )
    terminated_on = models.DateField(_("终止日期"), null=True, blank=True)
    materials_submitted_on = models.DateField(_("提交结案材料日期"), null=True, blank=True)
    reviewed_on = models.DateField(_("结案审查日期"), null=True, blank=True)
    archive_number = models.CharField(_("档案号"), max_length=40, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    foundation_funded = models.BooleanField(_("基金会资助"), default=False)
    subsidy_amount = models.DecimalField(_("办案补贴（元）"), null=True, blank=True, **MONEY)
    subsidy_batch = kept_link(
        "SubsidyBatch", _("补贴发放批次"), optional=True, related_name="applications"
    )
    # Online applications (portal): the applicant's query code, stored as a keyed hash only.
    query_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords()
    detail_url_name = "legalaid:application_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("法律援助案件")
        indexes = [
            models.Index(fields=["office", "accepted_on"]),
            models.Index(fields=["office", "received_on"]),
            models.Index(fields=["office", "decided_on"]),  # decisions, refusals (bench/)
        ]
        constraints = [
            # One case per notice: a repeated notice (通知书) of the same organ is not a new case.
            models.UniqueConstraint(
                fields=["notifying_organ_name", "notice_number"],
                condition=~models.Q(notice_number=""),
                name="one_case_per_notice",
            )
        ]


def _case_link(*, related_name: str) -> models.ForeignKey:
    """The 案件 a record of its intake or handling belongs to (and is deleted with)."""
    return part_of(Application, _("案件"), related_name)


class ApplicantGroupMembership(OfficeOwnedModel):
    """One group (未成年人, 农民工 …) the applicant belongs to; counted per group (受援人群体)."""

    application = _case_link(related_name="groups")
    group = models.CharField(_("群体"), max_length=24, choices=ApplicantGroup.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("受援人群体")
        constraints = [
            models.UniqueConstraint(fields=["application", "group"], name="legalaid_group_once")
        ]


class Material(OfficeOwnedModel):
    """申请材料: one item of the checklist, provided or not (一次性告知 lists the missing)."""

    application = _case_link(related_name="materials")
    name = models.CharField(_("材料名称"), max_length=100)
    required = models.BooleanField(_("必需"), default=True)
    provided_on = models.DateField(_("提交日期"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("申请材料")
        ordering = ["id"]


class Upload(OfficeOwnedModel):
    """An uploaded file (online application materials), stored encrypted in the database."""

    application = _case_link(related_name="uploads")
    filename = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content = EncryptedCharField(_("内容"))  # base64 of the bytes, then AES-GCM

    class Meta:
        verbose_name = verbose_name_plural = _("上传材料")


class ApplicationEvent(StatusEvent):
    """One status change: from, to, when, why (the immutable history of the case)."""

    application = _case_link(related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = verbose_name_plural = _("案件状态变更")
        indexes = [models.Index(fields=["to_status", "from_status"])]  # refusals (indicators)


class Assignment(OfficeOwnedModel):
    """指派 (第43条, 程序规定 第25–27条); a replacement adds a new one and ends the old."""

    application = _case_link(related_name="assignments")
    provider = kept_link(Provider, _("承办机构"))
    handler = kept_link(Handler, _("承办人员"))
    assigned_on = models.DateField(_("指派日期"), db_index=True)
    agreement_signed_on = models.DateField(_("委托协议签订日期"), null=True, blank=True)
    ended_on = models.DateField(_("更换日期"), null=True, blank=True)
    conflict_note = models.TextField(_("利益冲突审查情况"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("指派")
        ordering = ["assigned_on", "id"]


class HandlingEvent(OfficeOwnedModel):
    """承办情况: a meeting, file reading, hearing … or a progress report to the aided person."""

    application = _case_link(related_name="handling_events")
    kind = models.CharField(_("事项"), max_length=24, choices=EventKind.choices)
    happened_on = models.DateField(_("日期"))
    notes = models.TextField(_("情况"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("承办记录")
        ordering = ["happened_on", "id"]


class QualityCheck(OfficeOwnedModel):
    """质量监管: hearing attendance, file review, judicial opinion, follow-up, peer review."""

    application = _case_link(related_name="quality_checks")
    kind = models.CharField(_("方式"), max_length=24, choices=QualityKind.choices)
    checked_on = models.DateField(_("日期"), db_index=True)
    grade = models.CharField(_("评定"), max_length=16, choices=QualityGrade.choices, blank=True)
    satisfaction = models.CharField(
        _("受援人满意度"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    notes = models.TextField(_("情况"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("质量检查")


class Complaint(OfficeOwnedModel):
    """投诉 (第55、56条): about a case or its handler; decided and answered."""

    application = loose_link(Application, _("案件"), related_name="complaints")
    received_on = models.DateField(_("收到投诉日期"), db_index=True)
    complainant = models.CharField(_("投诉人"), max_length=50)
    content = models.TextField(_("投诉内容"))
    result = models.TextField(_("处理结果"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("投诉")


class SubsidyBatch(PaymentBatch):
    """办案补贴发放批次: reviewed cases paid together by the centre (`office`)."""


# --- access policies (sifa.orgs.access): office path, business line, minors rule ---

# Every legal-aid record is reached through its own office and belongs to the legal-aid line.
_LEGALAID_RECORDS = (
    Provider,
    Handler,
    DutyShift,
    Consultation,
    Application,
    ApplicantGroupMembership,
    Material,
    Upload,
    ApplicationEvent,
    Assignment,
    HandlingEvent,
    QualityCheck,
    Complaint,
    SubsidyBatch,
)
for _model in _LEGALAID_RECORDS:
    access.register_policy(_model, access.AccessPolicy(office="office", line="legalaid"))
