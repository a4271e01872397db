"""人民调解 records: committee members, screening, cases, agreements, subsidies, centre work.

A mediation committee (调委会) is an `orgs.Office` of kind `mediation_committee`; its mediators
are `orgs.StaffMember` rows with post `mediator`. Records here belong to the office that keeps
them (`office`): a case to its committee, a screening to the office that screened.
No model has a fee field: 人民调解法 第4条 forbids charging (PM-2).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.models import (
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
from sifa.mediation.constants import (
    DISPUTE_TYPE_CODE_LIST,
    SOURCE_CODE_LIST,
    AgreementForm,
    CaseStatus,
    ConfirmationDecision,
    FindingHandling,
    MemberRole,
    PartyKind,
    PartyRole,
    Performance,
    RiskLevel,
    ScreeningKind,
)
from sifa.orgs import access


def linked_case(verbose_name):
    """An optional link to the mediation case a record led to; the record stays if the case goes."""
    return loose_link("mediation.MediationCase", verbose_name)


class CommitteeMember(OfficeOwnedModel):
    """调委会委员: a person elected to a committee (`office`) for a three-year term (PM-5)."""

    person = person_link(_("人员"))
    role = models.CharField(_("职务"), max_length=16, choices=MemberRole.choices)
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期届满"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("调委会委员")

    def __str__(self):
        return f"{self.person}（{self.get_role_display()}）"


class CommitteeProfile(OfficeOwnedModel):
    """调委会概况 (DOMAIN §2.2): 设立单位, 指导司法所 and 印章备案 of one committee (`office`).

    The established date is `Office.established_on`; the rules on the guiding office live in
    `sifa.mediation.actions.committees.committee_profile_save`.
    """

    host_unit = models.CharField(_("设立单位"), max_length=100)
    guiding_office = kept_link("orgs.Office", _("指导司法所"), optional=True)
    seal_registered = models.BooleanField(_("印章已备案"), default=False)
    seal_registered_on = models.DateField(_("印章备案日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("调委会概况")
        constraints = [
            models.UniqueConstraint(fields=["office"], name="mediation_one_profile_per_committee")
        ]

    def __str__(self):
        return f"{self.office}（{self.host_unit}）"


class MediatorTraining(OfficeOwnedModel):
    """人民调解员培训记录 (人民调解法 第14条: the county department trains mediators)."""

    mediator = kept_link("orgs.StaffMember", _("调解员"))
    held_on = models.DateField(_("培训日期"))
    topic = models.CharField(_("培训内容"), max_length=200)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    organiser = models.CharField(_("组织单位"), max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("调解员培训")


class MediatorMisconduct(OfficeOwnedModel):
    """调解员违纪记录 (人民调解法 第15条: criticism, or removal/dismissal when serious)."""

    mediator = kept_link("orgs.StaffMember", _("调解员"))
    occurred_on = models.DateField(_("发生日期"))
    description = models.TextField(_("情况"))
    measure = models.CharField(_("处理"), max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = _("调解员违纪记录")


class Screening(OfficeOwnedModel):
    """矛盾纠纷排查: one routine (monthly) or special (holiday / major event) screening."""

    screened_on = models.DateField(_("排查日期"), db_index=True)
    kind = models.CharField(_("排查类型"), max_length=16, choices=ScreeningKind.choices)
    occasion = models.CharField(_("专项名称"), max_length=100, blank=True)
    scope = models.CharField(_("排查范围"), max_length=200)
    notes = models.TextField(_("情况说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("矛盾纠纷排查")

    def __str__(self):
        return f"{self.screened_on} {self.get_kind_display()} {self.scope}"


class ScreeningFinding(OfficeOwnedModel):
    """A dispute found by a screening (排查发现纠纷), with its risk and how it was handled."""

    screening = part_of(Screening, _("排查"), "findings")
    found_on = models.DateField(_("发现日期"), db_index=True)
    dispute_type = models.CharField(_("纠纷类型"), max_length=32)
    description = models.TextField(_("纠纷情况"))
    # Fields whose values are codes of a code table: the change history shows their names.
    code_lists = {"dispute_type": DISPUTE_TYPE_CODE_LIST}
    risk_level = models.CharField(_("风险等级"), max_length=16, choices=RiskLevel.choices)
    handling = models.CharField(_("处置方式"), max_length=16, choices=FindingHandling.choices)
    case = linked_case(_("调解案件"))

    class Meta:
        verbose_name = verbose_name_plural = _("排查发现纠纷")


class MediationCase(NumberedRecordMixin, OfficeOwnedModel):
    """纠纷案件: a dispute accepted for mediation by a committee (`office`)."""

    number = models.CharField(_("案件编号"), max_length=40, unique=True)
    source = models.CharField(_("纠纷来源"), max_length=32)  # code list mediation_source
    referred_by = models.CharField(_("移送单位"), max_length=100, blank=True)
    dispute_type = models.CharField(_("纠纷类型"), max_length=32, db_index=True)
    code_lists = {"source": SOURCE_CODE_LIST, "dispute_type": DISPUTE_TYPE_CODE_LIST}
    facts = models.TextField(_("纠纷简要情况"))
    claims = models.TextField(_("当事人请求"), blank=True)
    amount = models.DecimalField(
        _("涉及金额（元）"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    persons_involved = models.PositiveIntegerField(_("涉及人数"), default=2)
    received_on = models.DateField(_("受理日期"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    closed_on = models.DateField(_("调结日期"), null=True, blank=True, db_index=True)
    is_public = models.BooleanField(_("公开调解"), default=False)
    risk_flags = models.JSONField(_("风险标识"), default=list, blank=True)
    reported_to_police_on = models.DateField(_("报告公安日期"), null=True, blank=True)
    reported_to = models.CharField(_("报告单位"), max_length=100, blank=True)
    closing_note = models.TextField(_("终结说明"), blank=True)  # referral note / routes told
    # 不予受理: which matter of the code list mediation_not_mediable it is (PM-24).
    not_mediable_matter = models.CharField(_("不予调解事项"), max_length=32, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    mediators = models.ManyToManyField(
        "orgs.StaffMember", verbose_name=_("调解员"), blank=True, related_name="+"
    )
    history = HistoricalRecords()
    detail_url_name = "mediation:case_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("调解案件")
        indexes = [models.Index(fields=["office", "received_on"])]


def _case_link(related_name: str) -> models.ForeignKey:
    """The 案件 a record of its mediation belongs to (and is deleted with)."""
    return part_of(MediationCase, _("案件"), related_name)


class CaseParty(OfficeOwnedModel):
    """当事人: a natural person from the registry, or a legal person / organisation by name."""

    case = _case_link("parties")
    role = models.CharField(_("身份"), max_length=16, choices=PartyRole.choices)
    kind = models.CharField(_("类型"), max_length=16, choices=PartyKind.choices)
    person = person_link(_("自然人"), optional=True)
    organisation = models.CharField(_("单位名称"), max_length=100, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    agent = models.CharField(_("代理人"), max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("当事人")

    def __str__(self):
        return str(self.person) if self.person_id else self.organisation


class CaseEvent(StatusEvent):
    """One status change of a case: from, to, who, when, why (the immutable state history)."""

    case = _case_link("events")

    class Meta(StatusEvent.Meta):
        verbose_name = verbose_name_plural = _("案件状态变更")


class MediationSession(OfficeOwnedModel):
    """调解记录/笔录 (人民调解法 第27条: the mediator records each mediation)."""

    case = _case_link("sessions")
    held_at = models.DateTimeField(_("调解时间"))
    place = models.CharField(_("地点"), max_length=100)
    participants = models.TextField(_("参加人员"))
    summary = models.TextField(_("调解情况"))

    class Meta:
        verbose_name = verbose_name_plural = _("调解记录")
        ordering = ["held_at"]


class Agreement(OfficeOwnedModel):
    """调解协议 (人民调解法 第28–31条): written or oral, effective date derived (PM-17/18)."""

    case = models.OneToOneField(
        MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="agreement"
    )
    form = models.CharField(_("协议形式"), max_length=16, choices=AgreementForm.choices)
    reached_on = models.DateField(_("达成日期"))
    facts_and_issues = models.TextField(_("主要事实、争议事项及责任"), blank=True)
    terms = models.TextField(_("协议内容"))
    performance_method = models.CharField(_("履行方式"), max_length=200, blank=True)
    performance_deadline = models.DateField(_("履行期限"), null=True, blank=True)
    amount = models.DecimalField(
        _("协议涉及金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    parties_signed_on = models.DateField(_("当事人签名日期"), null=True, blank=True)
    mediator_signed_on = models.DateField(_("调解员签名日期"), null=True, blank=True)
    sealed_on = models.DateField(_("调委会盖章日期"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True, db_index=True)
    performance = models.CharField(
        _("履行情况"), max_length=16, choices=Performance.choices, default=Performance.PENDING
    )
    performed_on = models.DateField(_("履行日期"), null=True, blank=True, db_index=True)
    amount_performed = models.DecimalField(
        _("已履行金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("调解协议")

    def __str__(self):
        return f"{self.case.number}（{self.get_form_display()}）"

    def get_absolute_url(self):
        """An agreement is shown on its case's page (the drill-down of 调解成功 links here)."""
        return self.case.get_absolute_url()


class JudicialConfirmation(OfficeOwnedModel):
    """司法确认 (人民调解法 第33条; 法释〔2011〕5号)."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("调解协议"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    applied_on = models.DateField(_("申请日期"))
    court = models.CharField(_("人民法院"), max_length=100)
    # 人民调解法 第33条: 双方当事人 … 共同向人民法院申请司法确认 — each side's consent is recorded.
    applicant_consented = models.BooleanField(_("申请人一方同意申请司法确认"), default=False)
    respondent_consented = models.BooleanField(_("被申请人一方同意申请司法确认"), default=False)
    court_case_number = models.CharField(_("调确字案号"), max_length=60, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    decision = models.CharField(
        _("结果"),
        max_length=16,
        choices=ConfirmationDecision.choices,
        default=ConfirmationDecision.PENDING,
    )
    decided_on = models.DateField(_("裁定日期"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("司法确认")


class FollowUp(OfficeOwnedModel):
    """回访: a visit or call on the performance of an agreement or after a failed mediation."""

    case = _case_link("follow_ups")
    visited_on = models.DateField(_("回访日期"))
    method = models.CharField(_("回访方式"), max_length=16)  # 电话 / 上门
    performance = models.CharField(
        _("履行情况"), max_length=16, choices=Performance.choices, blank=True
    )
    satisfied = models.BooleanField(_("当事人满意"), null=True)
    notes = models.TextField(_("回访情况"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("回访记录")


class SubsidyRate(TimeStampedModel):
    """以案定补 rate: yuan per successful case by difficulty grade and committee level (local)."""

    grade = models.CharField(_("难易等级"), max_length=16)  # 简易 / 一般 / 疑难 / 重大
    committee_level = models.CharField(_("调委会层级"), max_length=16)  # village / township / …
    amount = models.DecimalField(_("补贴标准（元/件）"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("执行日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("个案补贴标准")
        constraints = [
            models.UniqueConstraint(
                fields=["grade", "committee_level", "valid_from"], name="mediation_rate_unique"
            )
        ]


class SubsidyBatch(PaymentBatch):
    """个案补贴发放批次: approved claims paid together by the bureau (`office`)."""


class SubsidyClaim(OfficeOwnedModel):
    """个案补贴申请: claim → 司法所 review (file check) → 司法局 approval → payment batch."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已申报")
        REVIEWED = "reviewed", _("司法所已审核")
        APPROVED = "approved", _("司法局已批准")
        REJECTED = "rejected", _("未通过")
        PAID = "paid", _("已发放")

    case = models.OneToOneField(
        MediationCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="subsidy"
    )
    grade = models.CharField(_("难易等级"), max_length=16)
    amount = models.DecimalField(_("补贴金额（元）"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    file_checked_on = models.DateField(_("卷宗核查日期"), null=True, blank=True, db_index=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    rejection_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)
    batch = kept_link(SubsidyBatch, _("发放批次"), optional=True, related_name="claims")
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("个案补贴")


class Reception(OfficeOwnedModel):
    """调处中心接待来访: one batch of visitors received (leaders' reception days flagged)."""

    received_on = models.DateField(_("接待日期"), db_index=True)
    persons = models.PositiveIntegerField(_("人数"), validators=[MinValueValidator(1)])
    matter = models.CharField(_("来访事项"), max_length=200)
    leader = models.CharField(_("接访领导"), max_length=50, blank=True)  # 领导接访日 when set
    pre_visit_guidance = models.BooleanField(_("预访疏导"), default=False)
    case = linked_case(_("受理案件"))

    class Meta:
        verbose_name = verbose_name_plural = _("来访接待")


class PetitionDissuaded(OfficeOwnedModel):
    """成功劝阻群体性上访: one group (批) with its number of persons."""

    dissuaded_on = models.DateField(_("劝阻日期"), db_index=True)
    persons = models.PositiveIntegerField(_("人数"), validators=[MinValueValidator(1)])
    matter = models.CharField(_("事由"), max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = _("劝阻群体性上访")


class EscalationPrevented(OfficeOwnedModel):
    """防止纠纷矛盾激化: a dispute kept from turning into a criminal case or group incident."""

    prevented_on = models.DateField(_("日期"), db_index=True)
    description = models.TextField(_("情况"))
    persons = models.PositiveIntegerField(_("涉及人数"), default=1)
    case = linked_case(_("调解案件"))

    class Meta:
        verbose_name = verbose_name_plural = _("防激化")


# --- access policies (sifa.orgs.access): office path, business line, minors rule ---

# Every mediation record is reached through its own office and belongs to the mediation line.
_MEDIATION_RECORDS = (
    CommitteeMember,
    CommitteeProfile,
    MediatorTraining,
    MediatorMisconduct,
    Screening,
    ScreeningFinding,
    MediationCase,
    CaseParty,
    CaseEvent,
    MediationSession,
    Agreement,
    JudicialConfirmation,
    FollowUp,
    SubsidyBatch,
    SubsidyClaim,
    Reception,
    PetitionDissuaded,
    EscalationPrevented,
)
for _model in _MEDIATION_RECORDS:
    access.register_policy(_model, access.AccessPolicy(office="office", line="mediation"))
