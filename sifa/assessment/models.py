"""The assessment of judicial offices (司法所绩效考核, DOMAIN §9; docs/assessment.md).

* `Scheme` (考核方案): a bureau's scheme for a year, kept as data and versioned. Once a run has
  started on it (`frozen_at`), it never changes: an edit makes the next version
  (`actions.schemes`), so a finished run always shows the rules it was scored by.
* `SchemePeriod` (考核期间, e.g. 上半年 40% / 下半年 60%), `Category` (考核类别 with its maximum
  points) and `Item` (考核项目: maximum points, a rule and, for an automatic item, the
  indicator or ratio of the registry it reads).
* `Run` (考核): one period of a scheme over the judicial offices below the bureau; `Score`
  (得分) one office's points for one item — the value read from the registry or the scorer's
  points, the reason, and once finalised the fingerprint of the records behind the value
  (`FrozenRecord`, the digests of `sifa.reports.snapshots`).
* `Evidence` (佐证材料) an office's file for a manual item, stored encrypted like legal aid's
  uploads; `Objection` (异议) an office's objection to a provisional score and the answer.
"""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sifa.assessment.constants import DEFAULT_BONUS_CAP, Nature, ObjectionOutcome, Rule, RunStatus
from sifa.core.fields import EncryptedCharField
from sifa.core.models import OfficeOwnedModel, kept_link, part_of, user_link
from sifa.orgs import access

POINTS = {"max_digits": 6, "decimal_places": 2}


class Scheme(OfficeOwnedModel):
    """A bureau's assessment scheme for one year (考核方案), one version of it."""

    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("方案名称"), max_length=100)
    version = models.PositiveIntegerField(_("版本"), default=1)
    total_points = models.DecimalField(_("总分"), default=Decimal(100), **POINTS)
    bonus_cap = models.DecimalField(_("加分上限"), default=DEFAULT_BONUS_CAP, **POINTS)
    # [[label, minimum points], …] from the best band down; the last minimum is 0.
    bands = models.JSONField(_("等次"), default=list)
    frozen_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self", verbose_name=_("上一版本"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = _("考核方案")
        ordering = ["-year", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "name", "version"], name="one_scheme_version"
            )
        ]

    def __str__(self):
        return f"{self.year}年{self.name}（第{self.version}版）"

    def get_absolute_url(self):
        return reverse("assessment:scheme", args=[self.pk])

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class SchemePeriod(models.Model):
    """A period of a scheme (上半年, 下半年) and its weight in the year's score (%)."""

    scheme = part_of(Scheme, _("考核方案"), "periods")
    name = models.CharField(_("期间名称"), max_length=50)
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("截止日期"))
    weight = models.DecimalField(_("权重（%）"), **POINTS)

    office_field = "scheme__office"

    class Meta:
        verbose_name = verbose_name_plural = _("考核期间")
        ordering = ["start"]

    def __str__(self):
        return f"{self.name}（{self.weight.normalize():f}%）"


class Category(models.Model):
    """A category of a scheme (人民调解 22 分) holding scored items."""

    scheme = part_of(Scheme, _("考核方案"), "categories")
    name = models.CharField(_("类别名称"), max_length=100)
    max_points = models.DecimalField(_("分值"), **POINTS)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    office_field = "scheme__office"

    class Meta:
        verbose_name = verbose_name_plural = _("考核类别")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name}（{self.max_points.normalize():f}分）"


class Item(models.Model):
    """An item (考核项目): its points and how they are found.

    An automatic item names an indicator (`source`) or a ratio (`source` a ratio key) of the
    registry; its value for an office and period is read with the registry's grid. The rule's
    parameters: `threshold` (RATE_THRESHOLD: the rate in % giving full marks), `step` (points
    lost per percentage point below it; PER_INCIDENT and bonus/penalty items: points per
    record), `target` (COUNT_TARGET: the count giving full marks).
    """

    scheme = part_of(Scheme, _("考核方案"), "items")
    category = models.ForeignKey(
        Category, verbose_name=_("类别"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="items",
    )  # fmt: skip
    nature = models.CharField(_("性质"), max_length=16, choices=Nature.choices)
    code = models.CharField(_("编号"), max_length=20)
    text = models.CharField(_("考核内容"), max_length=300)
    max_points = models.DecimalField(_("分值"), **POINTS)
    rule = models.CharField(_("评分规则"), max_length=20, choices=Rule.choices)
    source = models.CharField(_("取数指标"), max_length=100, blank=True)
    threshold = models.DecimalField(_("达标值（%）"), null=True, blank=True, **POINTS)
    step = models.DecimalField(_("每单位扣（加）分"), null=True, blank=True, **POINTS)
    target = models.PositiveIntegerField(_("目标数量"), null=True, blank=True)
    evidence_required = models.BooleanField(_("须附佐证材料"), default=False)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    office_field = "scheme__office"

    class Meta:
        verbose_name = verbose_name_plural = _("考核项目")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="one_item_code_a_scheme")
        ]

    def __str__(self):
        return f"{self.code} {self.text}"

    @property
    def automatic(self) -> bool:
        return bool(self.source)


class Run(OfficeOwnedModel):
    """One period's assessment of the judicial offices below a bureau (考核)."""

    scheme = kept_link(Scheme, _("考核方案"), related_name="runs")
    period = kept_link(SchemePeriod, _("考核期间"), related_name="runs")
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.OPEN
    )
    opened_at = models.DateTimeField(_("开始时间"))
    opened_by = user_link(_("发起人"))
    computed_at = models.DateTimeField(_("取数时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    objection_deadline = models.DateField(_("异议截止日期"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    finalised_by = user_link(_("定稿人"))

    class Meta:
        verbose_name = verbose_name_plural = _("考核")
        ordering = ["-period__start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["office", "period"], name="one_run_a_period")
        ]

    def __str__(self):
        return f"{self.scheme.year}年{self.period.name}{self.scheme.name}"

    def get_absolute_url(self):
        return reverse("assessment:run", args=[self.pk])


class Score(OfficeOwnedModel):
    """One judicial office's points for one item in a run (`office`: the 司法所)."""

    run = part_of(Run, _("考核"), "scores")
    item = kept_link(Item, _("考核项目"), related_name="scores")
    value = models.DecimalField(_("取数值"), max_digits=20, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(
        _("分子"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("分母"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    points = models.DecimalField(_("得分"), null=True, blank=True, **POINTS)
    reason = models.TextField(_("评分理由"), blank=True)
    scored_by = user_link(_("评分人"))
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    # Finalised: the records behind `value` (count and fingerprint, sifa.reports.snapshots).
    record_count = models.PositiveIntegerField(_("记录数"), null=True, blank=True)
    fingerprint = models.CharField(_("记录指纹"), max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("考核得分")
        ordering = ["office__path", "item__order", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "office", "item"], name="one_score_an_item")
        ]

    def __str__(self):
        return f"{self.office} {self.item.code}"

    def get_absolute_url(self):
        return reverse("assessment:score", args=[self.pk])


class FrozenRecord(models.Model):
    """A record behind a finalised score's value, with its digest at finalisation."""

    score = part_of(Score, _("考核得分"), "frozen_records")
    indicator = models.CharField(_("指标"), max_length=100)
    record_id = models.CharField(_("记录编号"), max_length=64)
    digest = models.CharField(_("内容摘要"), max_length=64)

    office_field = "score__office"

    class Meta:
        verbose_name = verbose_name_plural = _("考核冻结记录")
        indexes = [models.Index(fields=["score", "indicator"])]

    def __str__(self):
        return f"{self.indicator} #{self.record_id}"


class Evidence(OfficeOwnedModel):
    """A file an office uploaded for a manual item (佐证材料), stored encrypted."""

    score = part_of(Score, _("考核得分"), "evidence")
    filename = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content = EncryptedCharField(_("内容"))  # base64 of the bytes, then AES-GCM
    uploaded_by = user_link(_("上传人"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("佐证材料")
        ordering = ["pk"]

    def __str__(self):
        return self.filename


class Objection(models.Model):
    """An office's objection to a provisional score (异议) and the section's answer."""

    score = part_of(Score, _("考核得分"), "objections")
    text = models.TextField(_("异议理由"))
    raised_by = user_link(_("提出人"))
    raised_at = models.DateTimeField(_("提出时间"))
    outcome = models.CharField(
        _("答复结果"), max_length=16, choices=ObjectionOutcome.choices, blank=True
    )
    answer = models.TextField(_("答复意见"), blank=True)
    points_before = models.DecimalField(_("原得分"), null=True, blank=True, **POINTS)
    answered_by = user_link(_("答复人"))
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    office_field = "score__office"

    class Meta:
        verbose_name = verbose_name_plural = _("考核异议")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.score} 异议"


# --- access policies (sifa.orgs.access) ---

# No indicator counts the assessment's own rows: saving or deleting them renews no cached figure
# (sifa.stats.figure_cache), so finalising a run or unloading the demo costs no lookup per row.
for _model, _office in (
    (Scheme, "office"),
    (SchemePeriod, "scheme__office"),
    (Category, "scheme__office"),
    (Item, "scheme__office"),
    (Run, "office"),
    (Score, "office"),
    (FrozenRecord, "score__office"),
    (Evidence, "office"),
    (Objection, "score__office"),
):
    _model.counted_by_figures = False
    access.register_policy(_model, access.AccessPolicy(office=_office, line="assessment"))
