"""公共法律服务中心/工作站 front desk: the visitor register (来访登记), the links of a visit to the
records it became in the other lines, and consultation events held outside (法律咨询活动).

The duty roster is legal aid's `DutyShift` (kinds 律师, 公证员, 调解员, 法援), read and written
through `sifa.legalaid.selectors` / `.actions` (docs/frontdesk.md).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sifa.core import clock
from sifa.core.fields import EncryptedCharField
from sifa.core.models import DetailPageMixin, OfficeOwnedModel, part_of, person_link
from sifa.frontdesk.constants import LINE, MatterCategory, Satisfaction, Service, Target
from sifa.orgs import access


class Visit(DetailPageMixin, OfficeOwnedModel):
    """来访登记: one citizen received at a centre's or station's desk (`office`)."""

    detail_url_name = "frontdesk:visit_detail"

    visited_at = models.DateTimeField(_("来访时间"), db_index=True)
    # The registry's person when the visitor gave an ID number; the name alone otherwise.
    person = person_link(_("来访人"), optional=True)
    visitor_name = models.CharField(_("来访人姓名"), max_length=50)
    # Only for a visitor named without ID (a registered person's phone is in the registry).
    phone = EncryptedCharField(_("联系电话"), blank=True)
    category = models.CharField(_("事项类别"), max_length=16, choices=MatterCategory.choices)
    matter = models.TextField(_("来访事项"))
    service = models.CharField(_("服务方式"), max_length=16, choices=Service.choices)
    answer = models.TextField(_("解答内容"), blank=True)
    referred_to = models.CharField(_("转办转介去向"), max_length=100, blank=True)
    satisfaction = models.CharField(
        _("满意度"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    received_by = models.CharField(_("接待人员"), max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("来访登记")
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["office", "visited_at"], name="frontdesk_visit_office_at")]

    def __str__(self):
        return f"{self.visitor_name} {clock.local_day(self.visited_at):%Y-%m-%d}"


class Conversion(OfficeOwnedModel):
    """转办记录: the record of another line a visit became (`target`), by its model label and
    primary key; both pages show the link (`sifa.core.record_links`)."""

    visit = part_of(Visit, _("来访登记"), related_name="conversions")
    target = models.CharField(_("转办去向"), max_length=32, choices=Target.choices)
    record_label = models.CharField(_("记录类型"), max_length=64)  # "legalaid.application"
    record_pk = models.PositiveBigIntegerField(_("记录编号"))
    record_title = models.CharField(_("记录名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("转办记录")
        constraints = [
            models.UniqueConstraint(
                fields=["record_label", "record_pk"], name="frontdesk_conversion_one_record"
            )
        ]


class OutreachEvent(OfficeOwnedModel):
    """法律咨询活动: a consultation event held outside the centre (场次, 人次)."""

    held_on = models.DateField(_("活动日期"), db_index=True)
    place = models.CharField(_("活动地点"), max_length=100)
    topic = models.CharField(_("活动主题"), max_length=100, blank=True)
    sessions = models.PositiveIntegerField(_("场次"), default=1, validators=[MinValueValidator(1)])
    persons = models.PositiveIntegerField(_("咨询人次"), default=0)
    notes = models.TextField(_("活动情况"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("法律咨询活动")
        ordering = ["-held_on", "-id"]


for _model in (Visit, Conversion, OutreachEvent):
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
