"""社区矫正 records (DOMAIN §3): investigation assessments, subjects (one per correction episode)
with their team, plan, category history, supervision, check-ins and alerts, leave, moves,
electronic monitoring, lost contact, rewards and sanctions, education, release and termination.

A subject belongs to the 司法所 that does the daily work entrusted by the county's 社区矫正机构
(`office`); the institution's staff are granted on the county bureau, whose subtree holds every
司法所 of the county, so both see the subject and nobody else does. A minor's records are further
restricted to roles holding `Cap.MINORS` (社区矫正法 第54条), through `sifa.orgs.access`.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.fields import EncryptedCharField, EncryptedDecimalField
from sifa.core.models import (
    DetailPageMixin,
    OfficeOwnedModel,
    StatusEvent,
    kept_link,
    loose_link,
    part_of,
    person_link,
)
from sifa.corrections.constants import (
    CATEGORY_CODE_LIST,
    CRIME_CATEGORY_CODE_LIST,
    AlertKind,
    ApprovalLevel,
    CommissioningBody,
    CustodyKind,
    DecisionOrgan,
    EducationKind,
    InvestigationResult,
    InvestigationStage,
    LeaveStatus,
    MeasureKind,
    MonitoringGround,
    OutsidePrisonGround,
    ProposalOutcome,
    ReleaseType,
    ReportType,
    SentenceType,
    Status,
    SupervisionKind,
    TeamRole,
    TerminationType,
)
from sifa.orgs import access

# --- 调查评估 -------------------------------------------------------------------------------


class Investigation(DetailPageMixin, OfficeOwnedModel):
    """调查评估: a commission to assess whether community correction suits a person (CC-5)."""

    commission_number = models.CharField(_("委托编号"), max_length=60)
    commissioning_body = models.CharField(
        _("委托机关类别"), max_length=16, choices=CommissioningBody.choices
    )
    commissioning_name = models.CharField(_("委托机关"), max_length=100)
    stage = models.CharField(_("委托阶段"), max_length=16, choices=InvestigationStage.choices)
    person = person_link(_("被调查评估对象"))
    crime = EncryptedCharField(_("涉嫌罪名"), max_length=100)
    proposed_sentence = EncryptedCharField(_("拟适用刑罚"), max_length=100, blank=True)
    received_on = models.DateField(_("收到委托日期"), db_index=True)
    summary_procedure = models.BooleanField(_("速裁程序"), default=False)
    due_on = models.DateField(_("完成期限"))  # stored when received (working days, CC-5)
    investigators = models.CharField(_("调查人员"), max_length=200, blank=True)
    items = models.TextField(_("调查事项及情况"), blank=True)
    result = models.CharField(
        _("评估意见"), max_length=16, choices=InvestigationResult.choices, blank=True
    )
    reasons = models.TextField(_("评估理由"), blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True, db_index=True)
    adopted = models.BooleanField(_("委托机关采信"), null=True, blank=True)
    adoption_recorded_on = models.DateField(_("采信情况登记日期"), null=True, blank=True)
    history = HistoricalRecords()
    detail_url_name = "corrections:investigation_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("调查评估")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "commission_number"], name="corrections_commission_once"
            )
        ]

    def __str__(self):
        return f"{self.commission_number} {self.person}"


# --- the subject ----------------------------------------------------------------------------


class Subject(DetailPageMixin, OfficeOwnedModel):
    """社区矫正对象: one correction episode of a person (DOMAIN §3.3)."""

    number = models.CharField(_("矫正编号"), max_length=40, unique=True)
    # `corrections_subjects`: the person registry's minors rule looks back through it.
    person = person_link(_("人员"), related_name="corrections_subjects")
    sentence_type = models.CharField(_("矫正类别"), max_length=16, choices=SentenceType.choices)
    # The offence and the sentence are encrypted (docs/security.md 敏感信息加密); the coded
    # category stays in clear for the statistics that break subjects down by it.
    crime = EncryptedCharField(_("罪名"), max_length=100)
    crime_category = models.CharField(_("犯罪类型"), max_length=32, blank=True)  # code list
    code_lists = {"crime_category": CRIME_CATEGORY_CODE_LIST, "category": CATEGORY_CODE_LIST}
    original_sentence = EncryptedCharField(_("原判刑罚"), max_length=100)
    sentence_months = models.PositiveIntegerField(
        _("考验期/刑期（月）"), null=True, blank=True
    )  # 缓刑考验期, 管制刑期, 假释剩余刑期, 暂外 remaining term
    accessory_penalty = EncryptedCharField(_("附加刑"), max_length=100, blank=True)
    prohibition_order = EncryptedCharField(_("禁止令"), blank=True)
    decision_organ = models.CharField(
        _("决定机关类别"), max_length=16, choices=DecisionOrgan.choices
    )
    decision_organ_name = models.CharField(_("决定机关"), max_length=100)
    judgment_number = models.CharField(_("判决书/裁定书/决定书文号"), max_length=100)
    judgment_effective_on = models.DateField(_("判决/裁定/决定生效日期"))
    offence_on = models.DateField(_("犯罪日期"), null=True, blank=True)
    # Derived, never typed: under 18 on `offence_on` (else on the judgment's effect), from the
    # person's birth date (actions.subjects.subject_is_minor, kept current by the actions).
    is_minor = models.BooleanField(_("未成年人"), default=False, db_index=True, editable=False)
    investigation = loose_link(Investigation, _("调查评估"), related_name="subjects")
    # Intake (CC-1…CC-6)
    notified_on = models.DateField(_("收到执行通知日期"))
    documents_received_on = models.DateField(_("收到法律文书日期"), null=True, blank=True)
    receipt_sent_on = models.DateField(_("回执发送日期"), null=True, blank=True)
    report_due_on = models.DateField(_("报到期限"))
    reported_on = models.DateField(_("报到日期"), null=True, blank=True)
    # 暂予监外执行的情形 (刑事诉讼法 第265条): 保外就医 brings the three-monthly re-examination.
    outside_prison_ground = models.CharField(
        _("暂予监外执行情形"), max_length=16, choices=OutsidePrisonGround.choices, blank=True
    )
    # 暂予监外执行 (CC-3, 社区矫正法 第21条第2–3款): the person is handed over by 看守所/监狱/公安
    # within 10 days; a late handover is that organ's, booked here, not the subject's 超期报到.
    handover_organ = models.CharField(_("移交机关"), max_length=100, blank=True)
    handover_late = models.BooleanField(_("移交超期"), default=False)
    report_type = models.CharField(
        _("报到情况"), max_length=16, choices=ReportType.choices, blank=True
    )
    registered_on = models.DateField(_("接收登记日期"), null=True, blank=True, db_index=True)
    announced_on = models.DateField(_("入矫宣告日期"), null=True, blank=True)
    category = models.CharField(_("管理类别"), max_length=32, blank=True)  # code list
    # The correction period (DOMAIN §3.2): computed, or set by hand with a reason.
    correction_start = models.DateField(_("矫正起始日期"), null=True, blank=True)
    correction_end = models.DateField(_("矫正期满日期"), null=True, blank=True)
    period_override_reason = models.CharField(_("矫正期限人工调整理由"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=24, choices=Status.choices, default=Status.AWAITING_REPORT
    )
    # The end of the episode (CC-29, CC-30)
    released_on = models.DateField(_("解除矫正日期"), null=True, blank=True, db_index=True)
    release_type = models.CharField(
        _("解除类型"), max_length=16, choices=ReleaseType.choices, blank=True
    )
    certificate_number = models.CharField(_("解除社区矫正证明书编号"), max_length=60, blank=True)
    terminated_on = models.DateField(_("终止矫正日期"), null=True, blank=True, db_index=True)
    termination_type = models.CharField(
        _("终止类型"), max_length=24, choices=TerminationType.choices, blank=True
    )
    transferred_on = models.DateField(_("迁出日期"), null=True, blank=True, db_index=True)
    # 再犯罪: a new crime committed during correction, as established (DOMAIN §3.7 再犯罪率).
    new_crime_on = models.DateField(_("查实再犯罪日期"), null=True, blank=True, db_index=True)
    new_crime_note = EncryptedCharField(_("再犯罪情况"), blank=True)
    ended_note = models.TextField(_("解除/终止说明"), blank=True)
    history = HistoricalRecords()
    detail_url_name = "corrections:subject_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("社区矫正对象")
        indexes = [models.Index(fields=["office", "registered_on"])]

    def __str__(self):
        return f"{self.number} {self.person}"


def subject_link(related_name: str):
    """The link of a record kept in a subject's file (its events, team, supervision, leaves …):
    deleted with the subject; `subject.<related_name>` lists them."""
    return part_of(Subject, _("矫正对象"), related_name)


class SubjectEvent(StatusEvent):
    """One status change of a subject: from, to, when, why (the immutable state history)."""

    subject = subject_link("events")

    class Meta(StatusEvent.Meta):
        verbose_name = verbose_name_plural = _("矫正状态变更")


class TeamMember(OfficeOwnedModel):
    """矫正小组 member (CC-8: a woman for a woman; CC-32: someone versed in minors)."""

    subject = subject_link("team")
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("身份"), max_length=24, choices=TeamRole.choices)
    is_female = models.BooleanField(_("女性"), default=False)
    versed_in_minors = models.BooleanField(_("熟悉未成年人身心特点"), default=False)
    phone = EncryptedCharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("矫正小组成员")


class CorrectionPlan(OfficeOwnedModel):
    """矫正方案, versioned: a new version when it is adjusted (社区矫正法 第24条)."""

    subject = subject_link("plans")
    version = models.PositiveIntegerField(_("版本"))
    made_on = models.DateField(_("制定日期"))
    content = models.TextField(_("方案内容"))

    class Meta:
        verbose_name = verbose_name_plural = _("矫正方案")
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "version"], name="corrections_plan_version")
        ]


class CategoryChange(OfficeOwnedModel):
    """分类管理: a change of 管理类别 with its reason (the first one sets it at intake)."""

    subject = subject_link("categories")
    from_category = models.CharField(_("原类别"), max_length=32, blank=True)
    to_category = models.CharField(_("新类别"), max_length=32)
    code_lists = {"from_category": CATEGORY_CODE_LIST, "to_category": CATEGORY_CODE_LIST}
    changed_on = models.DateField(_("调整日期"))
    reason = models.TextField(_("理由"))

    class Meta:
        verbose_name = verbose_name_plural = _("管理类别调整")
        ordering = ["changed_on", "id"]


# --- daily supervision ----------------------------------------------------------------------


class Supervision(OfficeOwnedModel):
    """报告, 通信联络, 信息化核查, 实地查访 (社区矫正法 第26条)."""

    subject = subject_link("supervisions")
    kind = models.CharField(_("方式"), max_length=16, choices=SupervisionKind.choices)
    happened_on = models.DateField(_("日期"), db_index=True)
    content = models.TextField(_("情况"))
    anomaly = models.BooleanField(_("发现异常"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = _("日常管理记录")


class Geofence(OfficeOwnedModel):
    """The area of an executing county (`office`, a justice bureau) for location check-ins: a
    centre and a radius. A check-in farther away is outside the county (configurable; a real
    boundary polygon can replace it without changing the rule)."""

    latitude = models.DecimalField(_("中心纬度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("中心经度"), max_digits=9, decimal_places=6)
    radius_km = models.DecimalField(
        _("半径（公里）"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = verbose_name_plural = _("执行地范围")
        constraints = [models.UniqueConstraint(fields=["office"], name="corrections_one_fence")]


class CheckIn(OfficeOwnedModel):
    """A location check-in (定位签到) received through the API (`office` = the subject's)."""

    subject = subject_link("check_ins")
    at = models.DateTimeField(_("时间"), db_index=True)
    # Where the subject was: encrypted; `outside` is computed in Python when it arrives.
    latitude = EncryptedDecimalField(_("纬度"), max_digits=9, decimal_places=6)
    longitude = EncryptedDecimalField(_("经度"), max_digits=9, decimal_places=6)
    accuracy_m = models.PositiveIntegerField(_("精度（米）"), default=0)
    outside = models.BooleanField(_("在执行地以外"), default=False)
    on_leave = models.BooleanField(_("外出请假期间"), default=False)

    # No figure counts check-ins (thousands a minute): writing one renews no cached figure
    # (sifa.stats.figure_cache); the alerts they raise do.
    counted_by_figures = False

    class Meta:
        verbose_name = verbose_name_plural = _("定位签到")
        indexes = [models.Index(fields=["subject", "at"])]


class Alert(OfficeOwnedModel):
    """预警: something the 司法所 must look at (left the county, overdue return, lost contact)."""

    subject = subject_link("alerts")
    kind = models.CharField(_("类型"), max_length=24, choices=AlertKind.choices)
    raised_at = models.DateTimeField(_("预警时间"), db_index=True)
    detail = models.CharField(_("情况"), max_length=200)
    check_in = models.ForeignKey(
        CheckIn, verbose_name=_("定位签到"), on_delete=models.SET_NULL, null=True, blank=True
    )
    handled_on = models.DateField(_("处置日期"), null=True, blank=True)
    handling = models.TextField(_("处置情况"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("预警")


class LostContact(OfficeOwnedModel):
    """失去联系/脱管 (社区矫正法 第30条): from when to when, and the search."""

    subject = subject_link("lost_contacts")
    lost_on = models.DateField(_("失联日期"), db_index=True)
    found_on = models.DateField(_("找回日期"), null=True, blank=True)
    search = models.TextField(_("查找情况"), blank=True)
    police_notified_on = models.DateField(_("通报公安日期"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("失去联系")


class Custody(OfficeOwnedModel):
    """被依法拘留、强制隔离戒毒或采取刑事强制措施 (社区矫正法 第32条): the organ notifies the
    社区矫正机构. While one is open (no `ended_on`) the subject cannot be released (CC-31:
    司办通〔2021〕94号, DOMAIN §11 "Block 解除 while … criminal compulsory measure is pending")."""

    subject = subject_link("custodies")
    kind = models.CharField(_("措施类型"), max_length=32, choices=CustodyKind.choices)
    organ = models.CharField(_("决定机关"), max_length=100)
    start_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    outcome = models.CharField(_("结束情况"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("羁押及强制措施")
        ordering = ["start_on", "id"]


# --- leave, moves, monitoring ----------------------------------------------------------------


class Leave(OfficeOwnedModel):
    """外出 (CC-13): the approval level follows the length and the two-month total."""

    subject = subject_link("leaves")
    applied_on = models.DateField(_("申请日期"))
    start_on = models.DateField(_("外出开始日期"))
    end_on = models.DateField(_("外出结束日期"))
    destination = models.CharField(_("目的地"), max_length=100)
    reason = models.CharField(_("事由"), max_length=200)
    approval_level = models.CharField(_("审批层级"), max_length=16, choices=ApprovalLevel.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=LeaveStatus.choices, default=LeaveStatus.APPLIED
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decided_by = models.CharField(_("审批人"), max_length=50, blank=True)
    procuratorate_notified_on = models.DateField(_("通报检察院日期"), null=True, blank=True)
    returned_on = models.DateField(_("销假日期"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("外出")
        ordering = ["-start_on", "-id"]


class FrequentCrossing(OfficeOwnedModel):
    """经常性跨市县活动 (CC-14): one approval, valid up to six months."""

    subject = subject_link("crossings")
    destination = models.CharField(_("前往地区"), max_length=100)
    reason = models.CharField(_("事由"), max_length=200)
    valid_from = models.DateField(_("有效期起"))
    valid_to = models.DateField(_("有效期止"))

    class Meta:
        verbose_name = verbose_name_plural = _("经常性跨市县活动")


class PlaceChange(OfficeOwnedModel):
    """执行地变更 (CC-15) between two county offices inside Sifa; `office` = the old 司法所."""

    subject = subject_link("place_changes")
    to_office = kept_link("orgs.Office", _("新执行地司法所"))
    applied_on = models.DateField(_("申请日期"))
    opinion_requested_on = models.DateField(_("征求意见日期"), null=True, blank=True)
    opinion_replied_on = models.DateField(_("新执行地回复日期"), null=True, blank=True)
    approved = models.BooleanField(_("同意变更"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    reported_on = models.DateField(_("到新执行地报到日期"), null=True, blank=True)
    new_subject = models.OneToOneField(
        Subject,
        verbose_name=_("新执行地矫正档案"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moved_from",
    )

    class Meta:
        verbose_name = verbose_name_plural = _("执行地变更")


class Monitoring(OfficeOwnedModel):
    """电子定位 (社区矫正法 第29条): one of five grounds, the county head's approval, ≤ 3 months;
    an extension is a new row after re-assessment (`extends`)."""

    subject = subject_link("monitorings")
    ground = models.CharField(_("适用情形"), max_length=32, choices=MonitoringGround.choices)
    approved_by = models.CharField(_("批准人（县级司法行政部门负责人）"), max_length=50)
    approved_on = models.DateField(_("批准日期"))
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("期限届满日期"))
    extends = models.OneToOneField(
        "self",
        verbose_name=_("延长的前次定位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extension",
    )
    reassessment = models.TextField(_("延长前的重新评估"), blank=True)
    released_on = models.DateField(_("解除日期"), null=True, blank=True)
    release_reason = models.CharField(_("解除原因"), max_length=200, blank=True)
    device_id = models.CharField(_("设备编号"), max_length=60, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("电子定位")


# --- rewards and sanctions --------------------------------------------------------------------


class Measure(OfficeOwnedModel):
    """考核奖惩: 表扬, 训诫, 警告, and the proposals to other organs with their outcome."""

    subject = subject_link("measures")
    kind = models.CharField(_("类型"), max_length=24, choices=MeasureKind.choices)
    facts = models.TextField(_("事实"))
    evidence = models.TextField(_("证据"), blank=True)
    decided_on = models.DateField(_("决定/提请日期"), db_index=True)
    decided_by = models.CharField(_("决定人"), max_length=50)
    addressee = models.CharField(_("提请机关"), max_length=100, blank=True)
    outcome = models.CharField(
        _("处理结果"), max_length=16, choices=ProposalOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("考核奖惩")
        ordering = ["decided_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.decided_on}"


# --- education and assistance ------------------------------------------------------------------


class Education(OfficeOwnedModel):
    """教育帮扶 activity (group or individual) with hours and participants."""

    kind = models.CharField(_("类型"), max_length=24, choices=EducationKind.choices)
    held_on = models.DateField(_("日期"), db_index=True)
    topic = models.CharField(_("内容"), max_length=200)
    hours = models.DecimalField(
        _("时长（小时）"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    staff_count = models.PositiveIntegerField(_("参加工作人员数"), default=0)
    subjects = models.ManyToManyField(
        Subject,
        verbose_name=_("参加矫正对象"),
        blank=True,
        related_name="education",
        through="Participation",
    )

    class Meta:
        verbose_name = verbose_name_plural = _("教育帮扶")


class Participation(models.Model):
    """One subject's part in an education activity (参加人次); it belongs to the activity's office
    (`office_field`), so the registry can count participations like any office-owned record."""

    office_field = "education__office"

    # The implicit M2M table was created by a migration, which gives such tables the project's
    # DEFAULT_AUTO_FIELD (bigint), whatever the app declares (tests/test_migrations.py).
    id = models.BigAutoField(primary_key=True)
    education = models.ForeignKey(Education, verbose_name=_("教育帮扶"), on_delete=models.CASCADE)
    subject = models.ForeignKey(Subject, verbose_name=_("矫正对象"), on_delete=models.CASCADE)

    class Meta:
        db_table = "corrections_education_subjects"  # the table the implicit M2M created
        verbose_name = verbose_name_plural = _("教育帮扶参加人次")
        unique_together = [("education", "subject")]

    def __str__(self):
        return f"{self.education.held_on} {self.education.topic}：{self.subject}"


# --- access policies (sifa.orgs.access): office path, business line, minors rule ---

# Every corrections record is reached through its office and belongs to the corrections line;
# a subject's own file is further restricted when the subject is a minor (社区矫正法 第54条).
_OFFICE_RECORDS = (
    Investigation,
    SubjectEvent,
    TeamMember,
    CorrectionPlan,
    CategoryChange,
    Geofence,
    Education,
)
_SUBJECT_FILE_RECORDS = (
    Supervision,
    CheckIn,
    Alert,
    LostContact,
    Custody,
    Leave,
    FrequentCrossing,
    PlaceChange,
    Monitoring,
    Measure,
)
for _model in _OFFICE_RECORDS:
    access.register_policy(_model, access.AccessPolicy(office="office", line="corrections"))
for _model in _SUBJECT_FILE_RECORDS:
    access.register_policy(
        _model, access.AccessPolicy(office="office", line="corrections", minor="subject__is_minor")
    )
access.register_policy(
    Subject, access.AccessPolicy(office="office", line="corrections", minor="is_minor")
)
access.register_policy(
    Participation, access.AccessPolicy(office="education__office", line="corrections")
)
