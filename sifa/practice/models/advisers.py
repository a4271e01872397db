"""Village (community) legal advisers (一村(社区)一法律顾问, DOMAIN §6.5; docs/practice.md).

A contract retains one practitioner (律师 or 基层法律服务工作者) of an institution as the legal
adviser of one village or community — the tree's 村(社区)司法行政服务站 office under the
township's 司法所 — for a period and a fee. The contract and its service logs belong to the
village's office (`office`), so the township's 司法所 and the bureaus above see them and the
figures split by township along the tree; the adviser's institution sees them through the
selectors (`selectors.advisers`), which add the rows of its own institution to `access.scope`.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.models import DetailPageMixin, OfficeOwnedModel, kept_link, part_of
from sifa.orgs import access
from sifa.practice.constants import LINE
from sifa.practice.constants_advisers import ContractStatus, ServiceKind
from sifa.practice.models.registers import MONEY, Institution, Practitioner


class AdviserContract(DetailPageMixin, OfficeOwnedModel):
    """村(社区)法律顾问合同: office is the village (服务站); `township` its 司法所."""

    township = kept_link("orgs.Office", _("乡镇(街道)"))
    adviser = kept_link(Practitioner, _("法律顾问"), related_name="adviser_contracts")
    institution = kept_link(Institution, _("执业机构"), related_name="adviser_contracts")
    starts_on = models.DateField(_("起始日期"), db_index=True)
    ends_on = models.DateField(_("期满日期"))
    terminated_on = models.DateField(_("解除日期"), null=True, blank=True)
    termination_reason = models.CharField(_("解除原因"), max_length=200, blank=True)
    # The first day the contract is no longer in force: the day after 期满日期, or the day of
    # 解除 (set by the actions); the end of the stock (exclusive).
    lapses_on = models.DateField(_("失效日期"), db_index=True)
    fee = models.DecimalField(_("服务费（元）"), default=0, **MONEY)
    renews = models.ForeignKey(
        "self",
        verbose_name=_("续签自"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
    )
    history = HistoricalRecords()
    detail_url_name = "practice:adviser_contract_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("村(社区)法律顾问合同")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["office", "starts_on", "lapses_on"])]

    def __str__(self):
        return f"{self.office.name} · {self.adviser.person.name}"

    def status_on(self, day) -> str:
        if self.terminated_on and day >= self.terminated_on:
            return ContractStatus.TERMINATED
        if day < self.starts_on:
            return ContractStatus.PENDING
        if day >= self.lapses_on:
            return ContractStatus.EXPIRED
        return ContractStatus.ACTIVE


class ServiceLog(OfficeOwnedModel):
    """服务日志: one service the adviser gave the village (一事一记); office: the village."""

    contract = part_of(AdviserContract, _("法律顾问合同"), "logs")
    kind = models.CharField(_("服务类别"), max_length=16, choices=ServiceKind.choices)
    served_on = models.DateField(_("服务日期"), db_index=True)
    hours = models.DecimalField(
        _("服务时长（小时）"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    persons = models.PositiveIntegerField(_("服务人次"), default=0)
    note = models.CharField(_("服务内容"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("法律顾问服务日志")
        ordering = ["-served_on", "-pk"]
        indexes = [models.Index(fields=["office", "served_on"])]

    def __str__(self):
        return f"{self.served_on} {self.get_kind_display()} {self.contract.office.name}"


for _model in (AdviserContract, ServiceLog):
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
