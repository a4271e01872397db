"""Annual inspection of practice institutions (年度检查考核) and the lawyers' annual assessment
(律师执业年度考核), DOMAIN §6.1, §6.2; docs/practice.md ("Annual inspection").

A bureau opens the inspection of one year for one category of institution under it
(`Inspection`, office: that bureau); each institution then has one `Submission` (office: the
institution's office, so its own account sees it and nobody else's), which moves through
`SUBMISSION_TRANSITIONS` with every step kept as a `SubmissionEvent`. The materials are
uploaded files kept encrypted in the database (`Material`). An `Assessment` is the bar
association's result for one lawyer and one year (office: the lawyer's institution).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.fields import EncryptedCharField
from sifa.core.models import (
    DetailPageMixin,
    OfficeOwnedModel,
    StatusEvent,
    kept_link,
    part_of,
)
from sifa.orgs import access
from sifa.practice.constants import LINE, Category
from sifa.practice.constants_inspection import AssessmentResult, MaterialKind, SubmissionStatus
from sifa.practice.models.registers import MONEY, Institution, Practitioner


class Inspection(DetailPageMixin, OfficeOwnedModel):
    """年度检查考核: the inspection of `year` for one category, opened by the bureau `office`."""

    category = models.CharField(_("机构类别"), max_length=24, choices=Category.choices)
    year = models.PositiveSmallIntegerField(_("考核年度"))
    opened_on = models.DateField(_("启动日期"))
    due_on = models.DateField(_("材料报送截止日期"))
    history = HistoricalRecords()
    detail_url_name = "practice:inspection_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("年度检查考核")
        ordering = ["-year", "category", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "category", "year"], name="practice_inspection_once"
            )
        ]

    def __str__(self):
        return _("%(year)s年度%(category)s年度检查考核") % {
            "year": self.year,
            "category": self.get_category_display(),
        }


class Submission(DetailPageMixin, OfficeOwnedModel):
    """One institution's annual inspection: its materials, its business statistics (counted
    from its register when it submits), the review (初审) and the decision."""

    inspection = kept_link(Inspection, _("年度检查考核"), related_name="submissions")
    institution = kept_link(Institution, _("执业机构"), related_name="inspections")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    due_on = models.DateField(_("材料报送截止日期"), db_index=True)
    # The day after `due_on`: from it an institution that has not submitted is late (the
    # indicator of institutions not submitted is a stock from this day until `submitted_on`).
    late_from = models.DateField(_("逾期起始日期"), db_index=True)
    status = models.CharField(
        _("状态"),
        max_length=24,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.PENDING,
        db_index=True,
    )
    summary = models.TextField(_("执业情况简述"), blank=True)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    # Business statistics of the year, counted from the register (业务登记台账) on submission.
    litigation_count = models.PositiveIntegerField(_("诉讼业务（件）"), default=0)
    non_litigation_count = models.PositiveIntegerField(_("非诉讼业务（件）"), default=0)
    adviser_count = models.PositiveIntegerField(_("常年法律顾问（家）"), default=0)
    subject_amount = models.DecimalField(_("标的额（元）"), default=0, **MONEY)
    recovered_amount = models.DecimalField(_("索回/挽回金额（元）"), default=0, **MONEY)
    fees = models.DecimalField(_("业务收费（元）"), default=0, **MONEY)
    practitioner_count = models.PositiveIntegerField(_("执业人员（人）"), default=0)
    reviewed_on = models.DateField(_("初审日期"), null=True, blank=True)
    review_opinion = models.TextField(_("初审意见"), blank=True)
    decided_on = models.DateField(_("考核决定日期"), null=True, blank=True, db_index=True)
    decision_reason = models.TextField(_("考核意见"), blank=True)
    rectification_until = models.DateField(_("整改期限"), null=True, blank=True)
    history = HistoricalRecords()
    detail_url_name = "practice:submission_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("年度检查考核材料")
        ordering = ["-year", "institution__office__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"], name="practice_submission_once_a_year"
            )
        ]

    def __str__(self):
        return _("%(institution)s %(year)s年度检查考核") % {
            "institution": self.institution,
            "year": self.year,
        }


class SubmissionEvent(StatusEvent):
    """One step of a submission: from, to, who (created_by), when, why."""

    submission = part_of(Submission, _("年度检查考核材料"), "events")

    class Meta(StatusEvent.Meta):
        verbose_name = verbose_name_plural = _("年度检查考核记录")


class Material(OfficeOwnedModel):
    """One uploaded file of a submission, stored encrypted in the database."""

    submission = part_of(Submission, _("年度检查考核材料"), "materials")
    kind = models.CharField(_("材料类别"), max_length=24, choices=MaterialKind.choices)
    filename = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content = EncryptedCharField(_("内容"))  # base64 of the bytes, then AES-GCM

    class Meta:
        verbose_name = verbose_name_plural = _("年度检查考核上传材料")
        ordering = ["kind", "id"]


class Assessment(OfficeOwnedModel):
    """律师执业年度考核: the bar association's result for one lawyer and one year."""

    practitioner = part_of(Practitioner, _("执业人员"), "assessments")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    result = models.CharField(_("考核结果"), max_length=24, choices=AssessmentResult.choices)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("律师执业年度考核")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "year"], name="practice_assessment_once_a_year"
            )
        ]

    def __str__(self):
        return f"{self.practitioner} {self.year} {self.get_result_display()}"


for _model in (Inspection, Submission, SubmissionEvent, Material, Assessment):
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
