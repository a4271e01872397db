"""The integrity file (诚信档案) of institutions and practitioners: what the other registers of
the line do not hold yet — rewards (表彰奖励), public-interest legal service (公益法律服务) and
the decision to publish a substantiated complaint (issue 18 item 5; docs/practice.md
"Integrity file and public page").

A reward or a service record is about an institution, or about one of its practitioners (the
institution is then his institution at the time); it belongs to the institution's office, so
the institution's own account reads its file like its other records, while only the supervising
bureau records them (the actions check `edit` on the office above, as licensing does). A
complaint's publication belongs to the complaint's office (the supervising bureau).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.models import OfficeOwnedModel, kept_link
from sifa.orgs import access
from sifa.practice.constants import LINE
from sifa.practice.constants_integrity import PublicServiceKind, RewardLevel
from sifa.practice.models.discipline import Complaint
from sifa.practice.models.registers import Institution, Practitioner


class Reward(OfficeOwnedModel):
    """表彰奖励 of an institution or of one of its practitioners (office: the institution's)."""

    institution = kept_link(Institution, _("执业机构"), related_name="rewards")
    practitioner = kept_link(
        Practitioner, _("执业人员"), optional=True, related_name="rewards"
    )  # empty: the institution's own reward
    title = models.CharField(_("表彰奖励名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=16, choices=RewardLevel.choices)
    awarded_by = models.CharField(_("授予机关"), max_length=100)
    awarded_on = models.DateField(_("授予日期"), db_index=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("表彰奖励")
        ordering = ["-awarded_on", "-pk"]

    def __str__(self):
        return f"{self.awarded_on.isoformat()} {self.title}"


class PublicService(OfficeOwnedModel):
    """公益法律服务: one piece of unpaid legal service (office: the institution's)."""

    institution = kept_link(Institution, _("执业机构"), related_name="public_services")
    practitioner = kept_link(
        Practitioner, _("执业人员"), optional=True, related_name="public_services"
    )  # empty: the institution as a whole
    kind = models.CharField(_("服务类别"), max_length=16, choices=PublicServiceKind.choices)
    served_on = models.DateField(_("服务日期"), db_index=True)
    hours = models.DecimalField(
        _("服务时长（小时）"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
    )
    persons = models.PositiveIntegerField(_("服务人次"), default=0)
    description = models.CharField(_("服务内容"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("公益法律服务")
        ordering = ["-served_on", "-pk"]

    def __str__(self):
        return f"{self.served_on.isoformat()} {self.get_kind_display()}"


class ComplaintPublication(OfficeOwnedModel):
    """The bureau's decision to show a substantiated complaint on the public page, with the
    summary it wrote for the public (the complaint's own text and findings never go out)."""

    complaint = models.OneToOneField(
        Complaint,
        verbose_name=_("投诉"),
        on_delete=models.CASCADE,
        related_name="publication",
    )
    published_on = models.DateField(_("公开日期"))
    summary = models.CharField(_("公开摘要"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("投诉公开")

    def __str__(self):
        return f"{self.complaint} {self.published_on.isoformat()}"


for _model in (Reward, PublicService, ComplaintPublication):
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
