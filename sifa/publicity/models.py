"""普法与依法治理 records (DOMAIN §7; docs/publicity.md).

* `Plan`: the five-year plan (八五普法规划 2021–2025 …) and the yearly plans under it, kept by a
  justice bureau.
* `Unit`: a unit responsible for publicity under 谁执法谁普法 (a 机关单位, an enforcement
  department, a school …). A unit is not an office of the judicial tree: each bureau keeps a
  register of its units (decision, docs/publicity.md), and the unit's records belong to the
  bureau's office. `UnitYear` is the unit's year: its responsibility list (责任清单), its staff
  on the roster (the base of exam participation), its self-report and the bureau's
  evaluation (履职评议) with a grade.
* `Event`: a publicity event (普法活动), recorded by the office that held it (a bureau, a
  司法所, a village service station), with the materials handed out by kind, its lecturers
  and photos (stored encrypted in the database, as the legal-aid uploads).
* `Exam` and `ExamResult`: the law exams (学法考试, 任前法律知识考试) and each person's result,
  imported from the exam platform's export.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.fields import EncryptedCharField
from sifa.core.models import (
    DetailPageMixin,
    OfficeOwnedModel,
    loose_link,
    part_of,
    person_link,
)
from sifa.orgs import access
from sifa.publicity.constants import (
    LINE,
    Audience,
    DispatchOrgan,
    ExamKind,
    Grade,
    MaterialKind,
    MediaLevel,
    PlanKind,
    ReviewOutcome,
    TitleLevel,
    TitleStatus,
    UnitKind,
    VpAudience,
)


class Plan(DetailPageMixin, OfficeOwnedModel):
    """普法规划 (five-year) or 年度普法工作要点 (yearly, under a five-year plan)."""

    kind = models.CharField(_("类别"), max_length=16, choices=PlanKind.choices)
    title = models.CharField(_("名称"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("起始年度"))
    end_year = models.PositiveSmallIntegerField(_("截止年度"))
    parent = loose_link("self", _("所属五年规划"), related_name="yearly_plans")
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    content = models.TextField(_("主要内容"), blank=True)
    history = HistoricalRecords()
    detail_url_name = "publicity:plan_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("普法规划")
        constraints = [
            models.UniqueConstraint(fields=["office", "title"], name="publicity_plan_once")
        ]

    def __str__(self):
        return self.title


class Unit(DetailPageMixin, OfficeOwnedModel):
    """普法责任单位: one unit of a bureau's register (谁执法谁普法)."""

    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("单位类别"), max_length=24, choices=UnitKind.choices)
    enforces_law = models.BooleanField(_("行政执法单位"), default=False)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact = models.CharField(_("普法联络员"), max_length=50, blank=True)
    active = models.BooleanField(_("在册"), default=True)
    # A school's 镇(街道), named by its 司法所 (the coverage of 法治副校长 by township).
    township = models.ForeignKey(
        "orgs.Office",
        verbose_name=_("所在镇(街道)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()
    detail_url_name = "publicity:unit_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("普法责任单位")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="publicity_unit_once")
        ]

    def __str__(self):
        return self.name


class UnitYear(OfficeOwnedModel):
    """A unit's year: 普法责任清单, staff on the roster, self-report, 履职评议."""

    unit = part_of(Unit, _("责任单位"), "years")
    year = models.PositiveSmallIntegerField(_("年度"))
    year_start = models.DateField(_("年度起始日"), db_index=True)  # 1 January: figures' date
    plan = loose_link(Plan, _("年度普法工作要点"))
    staff = models.PositiveIntegerField(_("在编在岗人数"), default=0)
    duties = models.TextField(_("普法责任清单"), blank=True)
    self_report = models.TextField(_("履职自查报告"), blank=True)
    reported_on = models.DateField(_("自查报告日期"), null=True, blank=True, db_index=True)
    grade = models.CharField(_("评议等次"), max_length=16, choices=Grade.choices, blank=True)
    evaluation = models.TextField(_("评议意见"), blank=True)
    evaluated_on = models.DateField(_("评议日期"), null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("年度普法责任")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="publicity_unit_year_once")
        ]
        ordering = ["-year"]

    def __str__(self):
        return f"{self.unit}（{self.year}年度）"


class Event(DetailPageMixin, OfficeOwnedModel):
    """普法活动, recorded by the office that held it."""

    title = models.CharField(_("活动名称"), max_length=200)
    theme = models.CharField(_("活动主题"), max_length=32)  # code list publicity_theme
    started_on = models.DateField(_("开始日期"), db_index=True)
    ended_on = models.DateField(_("结束日期"))
    place = models.CharField(_("地点"), max_length=200)
    unit = loose_link(Unit, _("主办(承办)单位"), related_name="events")
    plan = loose_link(Plan, _("所属普法规划"))
    audience = models.CharField(_("受众类别"), max_length=24, choices=Audience.choices)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    summary = models.TextField(_("活动情况"), blank=True)
    history = HistoricalRecords()
    detail_url_name = "publicity:event_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("普法活动")

    def __str__(self):
        return f"{self.title}（{self.started_on}）"


class EventMaterial(OfficeOwnedModel):
    """资料发放: the quantity of one kind of material handed out at an event."""

    event = part_of(Event, _("普法活动"), "materials")
    kind = models.CharField(_("资料类别"), max_length=16, choices=MaterialKind.choices)
    quantity = models.PositiveIntegerField(_("数量（份）"))

    class Meta:
        verbose_name = verbose_name_plural = _("普法资料发放")
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="publicity_material_once")
        ]


class EventLecturer(OfficeOwnedModel):
    """授课(宣讲)人: a name, linked to a practitioner of the register where there is one."""

    event = part_of(Event, _("普法活动"), "lecturers")
    name = models.CharField(_("姓名"), max_length=50)
    practitioner = loose_link("practice.Practitioner", _("执业人员"))

    class Meta:
        verbose_name = verbose_name_plural = _("宣讲人")


class EventPhoto(OfficeOwnedModel):
    """活动照片 (JPEG or PNG), stored encrypted in the database like the legal-aid uploads."""

    event = part_of(Event, _("普法活动"), "photos")
    filename = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content = EncryptedCharField(_("内容"))  # base64 of the bytes, then AES-GCM

    class Meta:
        verbose_name = verbose_name_plural = _("活动照片")


class Exam(DetailPageMixin, OfficeOwnedModel):
    """学法考试: one exam a bureau organises (年度学法考试, 任前法律知识考试 …)."""

    title = models.CharField(_("考试名称"), max_length=100)
    kind = models.CharField(_("考试类别"), max_length=24, choices=ExamKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    held_on = models.DateField(_("考试日期"), db_index=True)
    pass_mark = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=1)
    history = HistoricalRecords()
    detail_url_name = "publicity:exam_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("学法考试")
        constraints = [
            models.UniqueConstraint(fields=["office", "title"], name="publicity_exam_once")
        ]

    def __str__(self):
        return self.title


class ExamResult(OfficeOwnedModel):
    """One person's result in one exam (the platform's export); the unit's bureau owns it."""

    exam = part_of(Exam, _("考试"), "results")
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="exam_results"
    )
    person = person_link(_("考生"))
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1)
    sat_on = models.DateField(_("考试日期"), db_index=True)
    passed = models.BooleanField(_("合格"))

    class Meta:
        verbose_name = verbose_name_plural = _("考试成绩")
        constraints = [
            models.UniqueConstraint(fields=["exam", "person"], name="publicity_result_once")
        ]
        indexes = [models.Index(fields=["sat_on", "office"])]


class Inspection(OfficeOwnedModel):
    """普法考核: the bureau's yearly inspection of one township (its 司法所 stands for the 镇(街道))
    or one unit of its register: findings and score."""

    year = models.PositiveSmallIntegerField(_("考核年度"))
    inspected_on = models.DateField(_("考核日期"), db_index=True)
    township = models.ForeignKey(
        "orgs.Office",
        verbose_name=_("镇(街道)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    findings = models.TextField(_("考核情况"), blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("普法考核")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(township__isnull=True, unit__isnull=False)
                | models.Q(township__isnull=False, unit__isnull=True),
                name="publicity_inspection_one_target",
            ),
            models.UniqueConstraint(
                fields=["office", "year", "township"], name="publicity_township_inspected_once"
            ),
            models.UniqueConstraint(
                fields=["office", "year", "unit"], name="publicity_unit_inspected_once"
            ),
        ]

    def __str__(self):
        return f"{self.township or self.unit}（{self.year}年度）"


class Article(OfficeOwnedModel):
    """信息宣传: an article about the office's work published in the media."""

    title = models.CharField(_("标题"), max_length=200)
    outlet = models.CharField(_("刊发媒体"), max_length=100)
    level = models.CharField(_("媒体级别"), max_length=16, choices=MediaLevel.choices)
    published_on = models.DateField(_("刊发日期"), db_index=True)
    link = models.URLField(_("链接"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("信息宣传")

    def __str__(self):
        return self.title


class Appointment(OfficeOwnedModel):
    """法治副校长聘任: a person appointed to one school (a unit of kind 学校) by a dispatching
    organ, from `started_on` until `ended_on` (exclusive: the term's anniversary, or the day
    after an early end). The school's bureau owns it."""

    school = models.ForeignKey(
        Unit, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="appointments"
    )
    person = person_link(_("法治副校长"))
    organ = models.CharField(_("派出机关"), max_length=16, choices=DispatchOrgan.choices)
    organ_name = models.CharField(_("派出单位"), max_length=100, blank=True)
    started_on = models.DateField(_("聘任日期"), db_index=True)
    ended_on = models.DateField(_("聘期届满(离任)日期"), db_index=True)
    end_reason = models.CharField(_("离任原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("法治副校长聘任")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__gt=models.F("started_on")),
                name="publicity_appointment_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.person}（{self.school}）"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("publicity:school_detail", args=[self.school_id])


class VpActivity(OfficeOwnedModel):
    """法治副校长 activity at the school: date, class hours, topic, audience."""

    appointment = part_of(Appointment, _("法治副校长聘任"), "activities")
    held_on = models.DateField(_("日期"), db_index=True)
    hours = models.DecimalField(_("课时"), max_digits=4, decimal_places=1)
    topic = models.CharField(_("主题"), max_length=200)
    audience = models.CharField(_("对象"), max_length=16, choices=VpAudience.choices)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("法治副校长授课")

    def __str__(self):
        return f"{self.appointment.school}：{self.topic}（{self.held_on}）"


class AppointmentYear(OfficeOwnedModel):
    """An appointment's calendar year (within its term): the class hours given so far. Kept by
    the actions (appointment and activity writes); the base of the 4-hour rule's figure."""

    appointment = part_of(Appointment, _("法治副校长聘任"), "years")
    year = models.PositiveSmallIntegerField(_("年度"))
    year_start = models.DateField(_("年度起始日"), db_index=True)
    year_next = models.DateField(_("次年起始日"))
    hours = models.DecimalField(_("已授课时"), max_digits=6, decimal_places=1, default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("法治副校长年度课时")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "year"], name="publicity_appointment_year_once"
            )
        ]

    def __str__(self):
        return f"{self.appointment}（{self.year}年度）"


class SchoolCover(OfficeOwnedModel):
    """A span in which a school had at least one 法治副校长 (the union of its appointments'
    terms, kept by the actions): the numerator of the coverage rate, one school once."""

    school = part_of(Unit, _("学校"), "covers")
    covered_from = models.DateField(_("起始日期"))
    covered_until = models.DateField(_("截止日期(不含)"))

    class Meta:
        verbose_name = verbose_name_plural = _("法治副校长配备期间")

    def __str__(self):
        return str(self.school)


class VillageFile(DetailPageMixin, OfficeOwnedModel):
    """A village's (社区's) file of 民主法治示范村 and 法律明白人: the office is the village's
    service station; `households` is the base of the 法律明白人 target."""

    households = models.PositiveIntegerField(_("户数"), default=0)
    history = HistoricalRecords()
    detail_url_name = "publicity:village_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("示范村(社区)档案")
        constraints = [models.UniqueConstraint(fields=["office"], name="publicity_village_once")]

    def __str__(self):
        return self.office.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse(self.detail_url_name, args=[self.office_id])


class VillageTitle(OfficeOwnedModel):
    """民主法治示范村(社区) title of one level, named in one year; a review that revokes or
    cancels it ends it on the review date (`ended_on`, exclusive)."""

    level = models.CharField(_("命名级别"), max_length=16, choices=TitleLevel.choices)
    named_year = models.PositiveSmallIntegerField(_("命名年度"))
    named_on = models.DateField(_("命名日期"), db_index=True)
    document = models.CharField(_("命名文件"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=TitleStatus.choices, default=TitleStatus.VALID
    )
    ended_on = models.DateField(_("撤销(注销)日期"), null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("民主法治示范村(社区)命名")
        constraints = [
            models.UniqueConstraint(fields=["office", "level"], name="publicity_title_once")
        ]

    def __str__(self):
        return f"{self.office}（{self.get_level_display()}，{self.named_year}年）"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("publicity:village_detail", args=[self.office_id])


class TitleReview(OfficeOwnedModel):
    """复核 of a title (every two years): 保留 / 撤销 / 注销."""

    title = part_of(VillageTitle, _("命名"), "reviews")
    reviewed_on = models.DateField(_("复核日期"), db_index=True)
    outcome = models.CharField(_("复核结论"), max_length=16, choices=ReviewOutcome.choices)
    note = models.TextField(_("复核意见"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("示范村(社区)复核")

    def __str__(self):
        return f"{self.title}：{self.get_outcome_display()}（{self.reviewed_on}）"


class LawSavvy(OfficeOwnedModel):
    """法律明白人 of a village (office: the village's service station)."""

    person = person_link(_("法律明白人"))
    since = models.DateField(_("确定日期"), db_index=True)
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("法律明白人")

    def __str__(self):
        return str(self.person)


# --- access policies (sifa.orgs.access): office path, business line ---

for _model in (
    Plan, Unit, UnitYear, Event, EventMaterial, EventLecturer, EventPhoto, Exam, Inspection,
    Article, Appointment, VpActivity, AppointmentYear, SchoolCover, VillageFile, VillageTitle,
    TitleReview, LawSavvy,
):  # fmt: skip
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
access.register_policy(ExamResult, access.AccessPolicy(office="office", line=LINE))
