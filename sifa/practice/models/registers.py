"""Registers of lawyers and law firms, grassroots legal service offices and workers, and the
institutions' business register (律师和基层法律服务, DOMAIN §6.1, §6.2; docs/practice.md).

An institution (律师事务所 or 基层法律服务所) *is* an office of the tree, under the bureau that
supervises it: `Institution.office` is that office, so its own accounts (执业机构管理员, granted
on it) see exactly its records, and the bureau sees every institution under it. A practitioner
belongs to the office of the institution where he practises now; a transfer moves him and keeps
the move (`Transfer`). The business register's rows (`Matter`) belong to the institution's office.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.models import DetailPageMixin, OfficeOwnedModel, kept_link, part_of, person_link
from sifa.orgs import access
from sifa.practice.constants import (
    HELD,
    LINE,
    Category,
    ClientKind,
    FirmKind,
    InstitutionStatus,
    LitigationType,
    MatterCategory,
    PractitionerKind,
    PractitionerStatus,
)

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class InstitutionManager(models.Manager):
    """Institutions with their office: an institution is named by its office (`__str__`), so
    every read that shows one needs both — an indicator's 按执业机构 labels (`in_bulk` on the
    default manager) read a city's 200 institutions in one query instead of one per row
    (bench/README.md, 律师和基层法律服务 at scale)."""

    def get_queryset(self):
        return super().get_queryset().select_related("office")


class Institution(DetailPageMixin, OfficeOwnedModel):
    """律师事务所 or 基层法律服务所: the register entry of an institution office."""

    objects = InstitutionManager()

    category = models.CharField(_("机构类别"), max_length=24, choices=Category.choices)
    firm_kind = models.CharField(
        _("组织形式"), max_length=16, choices=FirmKind.choices, blank=True
    )  # law firms only
    licence_number = models.CharField(_("执业许可证号"), max_length=18, unique=True)
    founded_on = models.DateField(_("设立日期"), db_index=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    head_name = models.CharField(_("负责人"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=InstitutionStatus.choices,
        default=InstitutionStatus.NORMAL,
    )
    dissolved_on = models.DateField(_("注销日期"), null=True, blank=True)
    history = HistoricalRecords()
    detail_url_name = "practice:institution_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("执业机构")
        constraints = [
            models.UniqueConstraint(fields=["office"], name="practice_institution_office_once")
        ]

    def __str__(self):
        return self.office.name


class Practitioner(DetailPageMixin, OfficeOwnedModel):
    """律师 or 基层法律服务工作者: one licence of one person (people.Person), practising at
    `institution` (whose office is `office`). One person holds one licence at a time."""

    person = person_link(_("人员"))
    category = models.CharField(_("执业类别"), max_length=24, choices=Category.choices)
    institution = kept_link(Institution, _("执业机构"), related_name="practitioners")
    licence_number = models.CharField(_("执业证号"), max_length=20, unique=True)
    kind = models.CharField(_("执业类型"), max_length=16, choices=PractitionerKind.choices)
    licensed_on = models.DateField(_("执业日期"), db_index=True)
    is_partner = models.BooleanField(_("合伙人"), default=False)
    status = models.CharField(
        _("执业状态"),
        max_length=16,
        choices=PractitionerStatus.choices,
        default=PractitionerStatus.PRACTISING,
    )
    cancelled_on = models.DateField(_("注销日期"), null=True, blank=True)
    history = HistoricalRecords()
    detail_url_name = "practice:practitioner_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("执业人员")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=HELD),
                name="practice_one_held_licence",
                violation_error_message=_("此人已持有有效的执业证，一人只能持有一个有效执业证。"),
            )
        ]

    def __str__(self):
        return f"{self.person}（{self.licence_number}）"


class Transfer(OfficeOwnedModel):
    """变更执业机构: a practitioner's move from one institution to another (office: the new one)."""

    practitioner = part_of(Practitioner, _("执业人员"), "transfers")
    from_institution = kept_link(Institution, _("原执业机构"))
    to_institution = kept_link(Institution, _("新执业机构"))
    moved_on = models.DateField(_("变更日期"), db_index=True)
    reason = models.CharField(_("变更原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("执业机构变更")
        ordering = ["moved_on", "pk"]


class Matter(OfficeOwnedModel):
    """业务登记台账: one matter an institution handles (office: the institution's office)."""

    institution = kept_link(Institution, _("执业机构"), related_name="matters")
    number = models.CharField(_("登记编号"), max_length=40)
    category = models.CharField(_("业务类别"), max_length=16, choices=MatterCategory.choices)
    litigation_type = models.CharField(
        _("诉讼类别"), max_length=16, choices=LitigationType.choices, blank=True
    )
    client = models.CharField(_("委托人"), max_length=100)
    client_kind = models.CharField(_("委托人类别"), max_length=16, choices=ClientKind.choices)
    cause = models.CharField(_("案由/事项"), max_length=200, blank=True)
    handler = kept_link(Practitioner, _("承办人"), optional=True)
    subject_amount = models.DecimalField(_("标的额（元）"), default=0, **MONEY)
    recovered_amount = models.DecimalField(_("索回/挽回金额（元）"), default=0, **MONEY)
    fee = models.DecimalField(_("收费（元）"), default=0, **MONEY)
    accepted_on = models.DateField(_("收案日期"), db_index=True)
    closed_on = models.DateField(_("结案/期满日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("业务登记")
        ordering = ["-accepted_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"], name="practice_matter_number_once"
            )
        ]
        indexes = [
            models.Index(fields=["office", "accepted_on"]),
            # One institution's register (its page, the register list narrowed to it): newest
            # first, and counted by an index-only scan (the office is the scope's join).
            models.Index(
                fields=["institution", "-accepted_on"],
                include=["office"],
                name="practice_matter_inst_date_idx",
            ),
            # The stock of adviser clients (indicators.adviser_matters) on PostgreSQL: an
            # index-only scan of the adviser rows instead of a scan of the register.
            models.Index(
                fields=["closed_on"],
                include=["id", "accepted_on", "office", "institution", "category", "client_kind"],
                condition=Q(category=MatterCategory.ADVISER),
                name="practice_matter_adviser_idx",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.client}"


# --- access policies (sifa.orgs.access): the office subtree and the line ---
for _model in (Institution, Practitioner, Transfer, Matter):
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
