"""12345 work orders (政务服务便民热线工单, DOMAIN §8): orders the city's hotline platform
dispatches to the bureau, assigned by the bureau's hotline desk to an office (a 司法所 or a
section), signed, answered and called back.

`office` is the office handling the order: the bureau itself until the desk assigns it, then
the assigned office; `bureau` stays the bureau whose desk received it (it decides extensions
and returns). Scoping follows `office` (access policy below): a 司法所 sees the orders assigned
to it, the bureau's desk and sections see every order of their bureau.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.clock import minute_text
from sifa.core.fields import EncryptedCharField
from sifa.core.models import (
    NumberedRecordMixin,
    OfficeOwnedModel,
    StatusEvent,
    kept_link,
    part_of,
    user_link,
)
from sifa.hotline.constants import (
    CATEGORY_CODE_LIST,
    LINE,
    Callback,
    Channel,
    Decision,
    Status,
    Urgency,
)
from sifa.orgs import access


class WorkOrder(NumberedRecordMixin, OfficeOwnedModel):
    """工单: one citizen's request from the 12345 platform, known by the platform's number."""

    number = models.CharField(_("工单编号"), max_length=40, unique=True)  # the platform's
    bureau = kept_link("orgs.Office", _("受理司法局"))
    channel = models.CharField(
        _("来源渠道"), max_length=16, choices=Channel.choices, default=Channel.PHONE
    )
    category = models.CharField(_("诉求类别"), max_length=32)  # code list hotline_category
    code_lists = {"category": CATEGORY_CODE_LIST}
    urgency = models.CharField(
        _("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    received_at = models.DateTimeField(_("派单时间"), db_index=True)
    title = models.CharField(_("工单标题"), max_length=200, blank=True)
    content = models.TextField(_("诉求内容"))
    citizen_name = models.CharField(_("诉求人"), max_length=50, blank=True)
    citizen_phone = EncryptedCharField(_("联系电话"), max_length=30, blank=True)
    address = EncryptedCharField(_("诉求地址"), max_length=200, blank=True)
    # The platform's own deadlines when it sends them; Sifa's computed ones otherwise.
    platform_sign_due = models.DateTimeField(_("平台签收时限"), null=True, blank=True)
    platform_reply_due = models.DateTimeField(_("平台办结时限"), null=True, blank=True)
    sign_due = models.DateTimeField(_("签收时限"))
    reply_due = models.DateTimeField(_("答复时限"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=24, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    assigned_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    suggestion = models.CharField(_("系统建议"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_in_time = models.BooleanField(_("按时签收"), null=True, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_in_time = models.BooleanField(_("按时答复"), null=True, blank=True)
    callback = models.CharField(_("回访结果"), max_length=16, choices=Callback.choices, blank=True)
    callback_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    returned_at = models.DateTimeField(_("退单时间"), null=True, blank=True)
    # 转为法律援助咨询: the legal-aid consultation made from this order (its pk; no FK across
    # lines, as the front desk's `Conversion` keeps a label and a pk).
    consultation_pk = models.PositiveIntegerField(_("转办的法律援助咨询"), null=True, blank=True)
    history = HistoricalRecords()
    detail_url_name = "hotline:order_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("12345工单")
        indexes = [
            models.Index(fields=["office", "received_at"]),
            models.Index(fields=["status", "reply_due"]),
        ]

    def __str__(self):
        return self.number

    @property
    def received_text(self) -> str:
        return minute_text(self.received_at)


def order_link(related_name: str):
    return part_of(WorkOrder, _("工单"), related_name)


class OrderEvent(StatusEvent):
    """A status change of a work order (签收, 答复, 重办 …)."""

    order = order_link("events")

    class Meta(StatusEvent.Meta):
        verbose_name = verbose_name_plural = _("工单办理记录")


class ExtensionRequest(OfficeOwnedModel):
    """延期申请: more working days for the reply, asked before the deadline with reasons and
    decided by the bureau (its hotline desk or section)."""

    order = order_link("extensions")
    requested_at = models.DateTimeField(_("申请时间"))
    workdays = models.PositiveSmallIntegerField(_("延期工作日数"))
    reason = models.TextField(_("延期理由"))
    decision = models.CharField(
        _("审核结果"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = user_link(_("审核人"))
    decision_note = models.TextField(_("审核意见"), blank=True)
    due_before = models.DateTimeField(_("原答复时限"))
    due_after = models.DateTimeField(_("延期后答复时限"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("延期申请")
        ordering = ["requested_at", "id"]


class ReturnRequest(OfficeOwnedModel):
    """退单申请: the order is not the bureau's duty; asked with the legal basis within the
    return window and decided by the bureau, then sent back to the platform."""

    order = order_link("returns")
    requested_at = models.DateTimeField(_("申请时间"))
    reason = models.TextField(_("退单理由"))
    legal_basis = models.CharField(_("法律依据"), max_length=300)
    from_status = models.CharField(_("申请前状态"), max_length=24)
    decision = models.CharField(
        _("审核结果"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = user_link(_("审核人"))
    decision_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("退单申请")
        ordering = ["requested_at", "id"]


# --- access policies (sifa.orgs.access): the handling office's subtree, line "hotline" -------

for _model in (WorkOrder, OrderEvent, ExtensionRequest, ReturnRequest):
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
