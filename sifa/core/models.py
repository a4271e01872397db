"""Base models shared by every app, the code tables (字典) and the working-day calendar table."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.clock import minute_text

# --- field factories: the link shapes every line declares again and again --------------------


def part_of(parent, verbose_name, related_name: str) -> models.ForeignKey:
    """The link of a record kept in its parent's file (a case's parties, a subject's leaves …):
    deleted with the parent; `parent.<related_name>` lists them."""
    return models.ForeignKey(
        parent, verbose_name=verbose_name, on_delete=models.CASCADE, related_name=related_name
    )


def kept_link(to, verbose_name, *, optional: bool = False, related_name: str = "+"):
    """A link to a record that must outlive this one (a person, a staff member, a handler …)."""
    blank = {"null": True, "blank": True} if optional else {}
    return models.ForeignKey(
        to, verbose_name=verbose_name, on_delete=models.PROTECT, related_name=related_name, **blank
    )


def person_link(
    verbose_name, *, optional: bool = False, related_name: str = "+"
) -> models.ForeignKey:
    """A person from the registry (人员库); the person outlives every record that names them.
    `related_name` only where the registry must look back (a policy's minors rule)."""
    return kept_link("people.Person", verbose_name, optional=optional, related_name=related_name)


def user_link(verbose_name) -> models.ForeignKey:
    """The user who did something (创建人, 上报人 …), when known; a user is never deleted."""
    return kept_link(settings.AUTH_USER_MODEL, verbose_name, optional=True)


def loose_link(to, verbose_name, *, related_name: str = "+") -> models.ForeignKey:
    """An optional link to a record that may go: this record stays, the link is cleared."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


# (field, language) → {value: label}: the labels of a field's fixed choices, translated once.
_CHOICE_LABELS: dict[tuple[models.Field, str | None], dict] = {}


class TimeStampedModel(models.Model):
    """Who created a record and when; every business record has these."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = user_link(_("创建人"))

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """`get_<field>_display()`: Django's answer, from the field's labels translated once per
        language. Django translates every label of the field at each call to build its table —
        a list page calls it for each row and column (status, type, source …)."""
        if not isinstance(field.choices, list | tuple):  # choices from a callable: Django's way
            return super()._get_FIELD_display(field)
        key = (field, get_language())
        labels = _CHOICE_LABELS.get(key)
        if labels is None:
            labels = _CHOICE_LABELS[key] = {
                make_hashable(value): force_str(label, strings_only=True)
                for value, label in field.flatchoices
            }
        value = getattr(self, field.attname)
        return labels.get(make_hashable(value), force_str(value, strings_only=True))


class OfficeOwnedModel(TimeStampedModel):
    """A record that belongs to one office (机构) of the tree.

    Who may see it is decided by `sifa.orgs.access` from this field; views, API and portal
    never query subclasses directly (tests/test_architecture.py enforces it).
    """

    office = models.ForeignKey(
        "orgs.Office", verbose_name=_("所属机构"), on_delete=models.PROTECT, related_name="+"
    )

    # Field path from this model to its Office, used by sifa.orgs.access.
    office_field = "office"

    class Meta:
        abstract = True


class DetailPageMixin:
    """A record with its own page: `detail_url_name` names it, taking the record's pk."""

    detail_url_name = ""

    def get_absolute_url(self):
        return reverse(self.detail_url_name, args=[self.pk])


class NumberedRecordMixin(DetailPageMixin):
    """A line's main record, known by its unique `number` (申请编号, 案件编号 …)."""

    def __str__(self):
        return self.number


class PaymentBatch(OfficeOwnedModel):
    """补贴发放批次: reviewed claims or cases paid together by the office on one date."""

    title = models.CharField(_("批次名称"), max_length=100)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True
        verbose_name = verbose_name_plural = _("补贴发放批次")

    def __str__(self):
        return self.title


class StatusEvent(OfficeOwnedModel):
    """One status change of a line's record: from, to, when, why (the immutable state history).

    The concrete model adds the foreign key to its record (案件, 矫正对象 …) with
    ``related_name="events"`` and its own verbose names in ``class Meta(StatusEvent.Meta)``.
    """

    from_status = models.CharField(_("原状态"), max_length=24, blank=True)
    to_status = models.CharField(_("新状态"), max_length=24)
    happened_on = models.DateField(_("日期"))
    reason = models.TextField(_("说明"), blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class CodeList(models.Model):
    """A named code list (字典), e.g. 纠纷类型 or 民族. Items are versioned by validity dates."""

    key = models.SlugField(_("键"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("字典")
        ordering = ["key"]

    def __str__(self):
        return f"{self.name}（{self.key}）"


class CodeItem(models.Model):
    """One entry of a code list. Records store `code`; screens show `name`.

    An item is never deleted once used: it is retired by setting `valid_to`, and a renamed
    item keeps its old name in the history table, so old records still show what they meant.
    """

    code_list = models.ForeignKey(
        CodeList, verbose_name=_("字典"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=100)
    parent_code = models.CharField(_("上级代码"), max_length=32, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    valid_from = models.DateField(_("启用日期"), null=True, blank=True)
    valid_to = models.DateField(_("停用日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("字典项")
        ordering = ["code_list", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code_list", "code"], name="core_codeitem_unique_code")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class CalendarDay(models.Model):
    """An official holiday or make-up working day (调休) the calendar package does not know.

    Entries here override `chinese_calendar`, so a bureau can enter next year's
    国务院办公厅 notice before the package is updated.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班日")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}"


class FormSubmission(models.Model):
    """One submission of a web form (表单提交), by the token the form carried: a second POST of
    the same form (a double click, a resend, a second server process) saves nothing and goes
    where the first went (sifa.core.submissions)."""

    key = models.CharField(_("表单令牌"), max_length=32, unique=True)
    path = models.CharField(_("路径"), max_length=300)
    location = models.CharField(_("结果页"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = _("表单提交")

    def __str__(self):
        return f"{self.path} {self.key}"


class IssuedNumber(models.Model):
    """文号登记: the number a document got the first time it was made (sifa.core.numbering).

    `key` names the document within its record type ("给予法律援助决定书:12"); the number is kept
    so that every later copy of the document carries the same one.
    """

    record_type = models.CharField(_("编号类别"), max_length=40)
    key = models.CharField(_("文书"), max_length=100)
    number = models.CharField(_("文号"), max_length=100, unique=True)
    year = models.PositiveIntegerField(_("年度"))
    issued_at = models.DateTimeField(_("编号时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("文号")
        constraints = [
            models.UniqueConstraint(fields=["record_type", "key"], name="issued_number_once")
        ]

    def __str__(self):
        return self.number


class Job(models.Model):
    """后台任务: long work one user started (a large import or export, 全部核查, a report set, the
    work summary), run by a worker as a task of Django's tasks framework (sifa.core.tasks).

    The user follows it on 我的任务 (rows done of total), and gets its result — a file only they
    may download, or a page to go to — or a Chinese error and a retry. Files are sealed with the
    data key (they may name people) and kept SIFA_JOB_KEEP_DAYS days."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("任务"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    # How to run it again: the page's path, method, query and form fields, host and scheme.
    request = models.JSONField(_("请求"), default=dict)
    upload = models.BinaryField(_("上传文件（加密）"), null=True, blank=True)
    upload_name = models.CharField(_("上传文件名"), max_length=200, blank=True)
    result = models.BinaryField(_("结果文件（加密）"), null=True, blank=True)
    result_name = models.CharField(_("结果文件名"), max_length=200, blank=True)
    result_type = models.CharField(_("结果文件类型"), max_length=200, blank=True)
    result_url = models.CharField(_("结果页"), max_length=500, blank=True)
    message = models.TextField(_("结果说明或错误"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    task_id = models.CharField(_("队列任务号"), max_length=64, blank=True)
    # The worker process running it, "host:pid:start" (sifa.core.tasks.this_runner): a worker
    # that starts finds the jobs whose process is gone (SIGKILL, power cut) and fails them.
    runner = models.CharField(_("执行进程"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="job_user_recent")]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0


class ScheduledRun(models.Model):
    """计划任务执行记录: one run of a scheduled job (SIFA_SCHEDULE), enqueued by the scheduler
    (`manage.py run_scheduler`) for the time it was due; (job, due time) is unique, so two
    schedulers, or a restart, never run one due time twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("成功")
        FAILED = "failed", _("失败")

    key = models.CharField(_("计划任务"), max_length=40)
    command = models.CharField(_("命令"), max_length=200)
    due_at = models.DateTimeField(_("计划时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.QUEUED)
    late = models.BooleanField(_("补执行"), default=False)
    enqueued_at = models.DateTimeField(_("入队时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    output = models.TextField(_("结果"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("计划任务执行记录")
        ordering = ["-due_at", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "due_at"], name="scheduled_run_once")]

    def __str__(self):
        return f"{self.key} {minute_text(self.due_at)}"


class ImportBatch(models.Model):
    """导入批次: one file uploaded to an import (sifa.core.imports), previewed, then applied as a
    whole or not at all, and perhaps rolled back.

    `kind` is the import's key ("mediation.cases"); `office` the office chosen as its scope
    (every row belongs to it or an office under it). The file is kept sealed with the data key
    (it names people) until it is applied or discarded; its `sha256` stays, so the same file
    uploaded again is recognised. `errors` keeps every problem found ({sheet, row, column,
    header, message}); the counts say what applying did or would do. The records it created
    or changed are its `records` (`ImportedRecord`), with the values they had before."""

    class Status(models.TextChoices):
        INVALID = "invalid", _("有错误")
        READY = "ready", _("待确认")
        APPLIED = "applied", _("已导入")
        ROLLED_BACK = "rolled_back", _("已撤销")
        DISCARDED = "discarded", _("已放弃")

    kind = models.CharField(_("导入类型"), max_length=64, db_index=True)
    # Empty: the importer's whole scope (an import run in one step by a script).
    office = models.ForeignKey(
        "orgs.Office",
        verbose_name=_("导入范围"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True, db_index=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(_("文件指纹（SHA-256）"), max_length=64, db_index=True)
    upload = models.BinaryField(_("上传文件（加密）"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status, default=Status.READY)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    # The first rows that update a record, with what changes: [{row, record, fields: [[header,
    # before, after], …]}] (the preview lists them).
    updates = models.JSONField(_("更新内容"), default=list, blank=True, encoder=DjangoJSONEncoder)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认导入人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    rolled_back_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords(excluded_fields=["upload", "errors", "updates"])

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("imports:batch", args=[self.pk])


class ImportedRecord(models.Model):
    """One record an applied import batch created or changed (`before`: its fields' values as
    stored before the change, for the roll-back). Records created with another and deleted with
    it (a case's parties and events) are not listed."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("导入批次"), on_delete=models.CASCADE, related_name="records"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("记录类型"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("记录编号"))
    created = models.BooleanField(_("新增"))
    before = models.JSONField(_("修改前"), null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        indexes = [models.Index(fields=["content_type", "object_id"], name="imported_record")]

    def __str__(self):
        return f"{self.content_type_id}#{self.object_id}"
