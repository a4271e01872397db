"""Monthly submissions with their frozen snapshots, consistency checks, summary templates/drafts.

* `ReportSubmission` (月报上报): one office's month. A judicial office submits; the office above
  reviews and returns (退回) or accepts (审核通过). Each submission freezes a `Snapshot`.
* `Snapshot` (冻结快照): the values of every indicator of the report set for the office's
  subtree and month, as submitted, with a fingerprint of the records behind each value
  (`SnapshotValue`) and each record's digest (`SnapshotRecord`), so that a later check names
  the records added, removed or edited since.
* `ConsistencyCheck` (一致性核查): one recomputation of a snapshot against the records.
* `SummaryTemplate` / `SummaryDraft` (工作总结): a bureau's templates with indicator
  placeholders, and the drafts made from them for an office and period.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.clock import minute_text
from sifa.core.models import OfficeOwnedModel, loose_link, part_of, user_link
from sifa.orgs import access


class ReportSubmission(OfficeOwnedModel):
    """One office's monthly report submission (月报上报)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已上报")
        RETURNED = "returned", _("已退回")
        ACCEPTED = "accepted", _("审核通过")

    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    version = models.PositiveIntegerField(_("上报次数"), default=0)
    submitted_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    submitted_by = user_link(_("上报人"))
    note = models.TextField(_("上报说明"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = user_link(_("审核人"))
    review_comment = models.TextField(_("审核意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("月报上报")
        ordering = ["-year", "-month", "office__path"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "month"], name="one_report_a_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="report_month_1_12"
            ),
        ]

    def __str__(self):
        return f"{self.office} {self.year}年{self.month}月月报"

    def current_snapshot(self):
        return self.snapshots.order_by("-version").first()


class Snapshot(models.Model):
    """The values of one submission as submitted (冻结快照); never changed afterwards."""

    submission = part_of(ReportSubmission, _("月报上报"), "snapshots")
    version = models.PositiveIntegerField(_("版本"))
    period_start = models.DateField(_("统计起日"))
    period_end = models.DateField(_("统计止日"))
    taken_at = models.DateTimeField(_("冻结时间"))
    taken_by = user_link(_("上报人"))

    office_field = "submission__office"

    class Meta:
        verbose_name = verbose_name_plural = _("冻结快照")
        constraints = [
            models.UniqueConstraint(fields=["submission", "version"], name="one_snapshot_version")
        ]

    def __str__(self):
        return f"{self.submission} 第{self.version}版"


class SnapshotValue(models.Model):
    """One frozen figure: an indicator's total, or one bucket of one of its breakdowns."""

    snapshot = part_of(Snapshot, _("冻结快照"), "values")
    indicator = models.CharField(_("指标"), max_length=100)
    breakdown = models.CharField(_("分组"), max_length=50, blank=True)  # "": the total
    bucket = models.CharField(_("分组值"), max_length=200, blank=True)  # breakdown_token
    bucket_label = models.CharField(_("分组名称"), max_length=200, blank=True)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=2)
    # The total's records: how many, and a digest of their ids and contents (empty for buckets).
    record_count = models.PositiveIntegerField(_("记录数"), null=True, blank=True)
    fingerprint = models.CharField(_("记录指纹"), max_length=64, blank=True)

    office_field = "snapshot__submission__office"

    class Meta:
        verbose_name = verbose_name_plural = _("冻结数值")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "indicator", "breakdown", "bucket"], name="one_frozen_value"
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.bucket_label or ''} = {self.value}"


class SnapshotRecord(models.Model):
    """A record behind a frozen total, with a digest of its contents at submission."""

    snapshot = part_of(Snapshot, _("冻结快照"), "records")
    indicator = models.CharField(_("指标"), max_length=100)
    record_id = models.CharField(_("记录编号"), max_length=64)
    digest = models.CharField(_("内容摘要"), max_length=64)

    office_field = "snapshot__submission__office"

    class Meta:
        verbose_name = verbose_name_plural = _("冻结记录")
        indexes = [models.Index(fields=["snapshot", "indicator"])]

    def __str__(self):
        return f"{self.indicator} #{self.record_id}"


class ConsistencyCheck(models.Model):
    """One recomputation of a snapshot (数据一致性核查): by the nightly job or on demand."""

    snapshot = part_of(Snapshot, _("冻结快照"), "checks")
    checked_at = models.DateTimeField(_("核查时间"))
    differences = models.PositiveIntegerField(_("差异数"))
    # [{"indicator", "label", "frozen", "current", "added": [...], "removed": [...],
    #   "edited": [...]}], each record as {"id", "repr", "changed_by", "changed_at"}.
    detail = models.JSONField(_("差异明细"), default=list)

    office_field = "snapshot__submission__office"

    class Meta:
        verbose_name = verbose_name_plural = _("一致性核查")
        ordering = ["-checked_at"]

    def __str__(self):
        return f"{self.snapshot} {minute_text(self.checked_at)} 差异{self.differences}"

    @property
    def consistent(self) -> bool:
        return self.differences == 0


class SummaryTemplate(OfficeOwnedModel):
    """A bureau's work-summary template (工作总结模板): Chinese text with placeholders.

    The syntax (indicator placeholders, conditions) is described in `sifa.reports.summary`
    (and docs/reports.md) and checked by it when the template is saved.
    """

    class Kind(models.TextChoices):
        HALF_YEAR = "half_year", _("半年工作总结")
        ANNUAL = "annual", _("年度工作总结")
        MONTHLY = "monthly", _("月度工作简报")

    name = models.CharField(_("模板名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("工作总结模板")
        ordering = ["office__path", "kind", "name"]

    def __str__(self):
        return self.name


class SummaryDraft(OfficeOwnedModel):
    """A work summary drafted for an office and period (工作总结稿).

    `body` starts as the template's text; the bureau edits the prose, the placeholders stay,
    and every number is filled from the indicators again when the draft is shown or exported.
    """

    template = loose_link(SummaryTemplate, _("模板"), related_name="drafts")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    period_start = models.DateField(_("统计起日"))
    period_end = models.DateField(_("统计止日"))
    # The numbers as last shown to the bureau ({placeholder: text}); an export recomputes them
    # and lists every one that changed since, so nobody signs a figure they have not seen.
    values = models.JSONField(_("核对时的数值"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("工作总结稿")
        ordering = ["-period_end", "-pk"]

    def __str__(self):
        return self.title


# --- access policies (sifa.orgs.access): office path, business line, minors rule ---

access.register_policy(ReportSubmission, access.AccessPolicy(office="office", line="reports"))
access.register_policy(Snapshot, access.AccessPolicy(office="submission__office", line="reports"))
access.register_policy(
    SnapshotValue, access.AccessPolicy(office="snapshot__submission__office", line="reports")
)
access.register_policy(
    SnapshotRecord, access.AccessPolicy(office="snapshot__submission__office", line="reports")
)
access.register_policy(
    ConsistencyCheck, access.AccessPolicy(office="snapshot__submission__office", line="reports")
)
access.register_policy(SummaryTemplate, access.AccessPolicy(office="office", line="reports"))
access.register_policy(SummaryDraft, access.AccessPolicy(office="office", line="reports"))
