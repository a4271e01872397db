"""Complaints against practitioners and institutions, and sanctions (投诉与惩戒, DOMAIN §6.1;
律师法 第47–51条; docs/practice.md "Complaints and discipline").

Both belong to the *supervising bureau* (the office above the institution), not to the
institution: an institution's own account (执业机构管理员) does not see complaints about its
people nor their sanctions; the bureau's sections do. Each moves through a workflow
(sifa.core.workflow) whose events are kept (`ComplaintEvent`, `SanctionEvent`), and both keep
their change history (simple_history).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.models import DetailPageMixin, OfficeOwnedModel, kept_link, part_of, person_link
from sifa.orgs import access
from sifa.practice.constants import LINE
from sifa.practice.constants_discipline import (
    Authority,
    Channel,
    ComplaintStatus,
    DecidedBy,
    SanctionKind,
    SanctionStatus,
)
from sifa.practice.models.registers import Institution, Practitioner


class Complaint(DetailPageMixin, OfficeOwnedModel):
    """投诉: against an institution, or against one of its practitioners (office: the bureau)."""

    institution = kept_link(Institution, _("被投诉机构"), related_name="complaints")
    practitioner = kept_link(
        Practitioner, _("被投诉人员"), optional=True, related_name="complaints"
    )
    number = models.CharField(
        _("投诉登记号"),
        max_length=40,
        blank=True,
        help_text=_("主管司法局的投诉登记编号（如 青司投〔2026〕12号）；可留空，填写的不能重复。"),
    )
    received_on = models.DateField(_("受理日期"), db_index=True)
    complainant = person_link(_("投诉人"), optional=True)  # empty: anonymous
    channel = models.CharField(_("投诉方式"), max_length=16, choices=Channel.choices)
    content = models.TextField(_("投诉内容"))
    due_on = models.DateField(_("办理期限"), db_index=True)
    handler = models.CharField(_("承办人"), max_length=50, blank=True)
    findings = models.TextField(_("调查情况"), blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("状态"),
        max_length=24,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    history = HistoricalRecords()
    detail_url_name = "practice:complaint_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("投诉")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "number"],
                condition=~models.Q(number=""),
                name="practice_complaint_number_per_bureau",
            )
        ]

    def __str__(self):
        target = self.practitioner.person.name if self.practitioner_id else self.institution
        return _("投诉%(target)s（%(day)s）") % {
            "target": target,
            "day": self.received_on.isoformat(),
        }

    @property
    def anonymous(self) -> bool:
        return self.complainant_id is None


class ComplaintEvent(OfficeOwnedModel):
    """A complaint's change of state (sifa.core.workflow)."""

    complaint = part_of(Complaint, _("投诉"), "events")
    from_status = models.CharField(_("原状态"), max_length=24, choices=ComplaintStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=24, choices=ComplaintStatus.choices)
    happened_on = models.DateField(_("日期"))
    reason = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("投诉办理记录")
        ordering = ["happened_on", "pk"]


class Sanction(DetailPageMixin, OfficeOwnedModel):
    """行政处罚 or 行业处分 of a practitioner, or of an institution itself (律师法 第50条:
    警告, 罚款, 停业整顿, 吊销执业证书 of a firm); office: the supervising bureau.

    `institution` is always set: the sanctioned institution, or the practitioner's institution
    when the sanction was proposed; `practitioner` is empty for a sanction of the institution.
    """

    institution = kept_link(Institution, _("执业机构"), related_name="sanctions")
    practitioner = kept_link(Practitioner, _("被处罚人员"), optional=True, related_name="sanctions")
    complaint = kept_link(Complaint, _("所涉投诉"), optional=True, related_name="sanctions")
    authority = models.CharField(_("处罚类别"), max_length=16, choices=Authority.choices)
    kind = models.CharField(_("处罚种类"), max_length=16, choices=SanctionKind.choices)
    amount = models.DecimalField(
        _("罚款金额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    months = models.PositiveSmallIntegerField(
        _("期限（月）"), null=True, blank=True, help_text=_("停止执业或停业整顿的月数")
    )
    act_on = models.DateField(_("违法违规行为发生日期"))
    facts = models.TextField(_("违法违规事实"))
    suggestion = models.TextField(_("系统提示（律师法 第51条）"), blank=True)
    decided_by = models.CharField(_("决定机关"), max_length=16, choices=DecidedBy.choices)
    decision_number = models.CharField(_("决定书文号"), max_length=60, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True, db_index=True)
    starts_on = models.DateField(_("起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=SanctionStatus.choices,
        default=SanctionStatus.PROPOSED,
    )
    history = HistoricalRecords()
    detail_url_name = "practice:sanction_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("处罚处分")
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["practitioner", "status", "kind"]),
            models.Index(fields=["institution", "status", "kind"]),
        ]

    def __str__(self):
        return f"{self.target_name} {self.get_kind_display()}"

    @property
    def of_institution(self) -> bool:
        """A sanction of the institution itself (no practitioner named)."""
        return self.practitioner_id is None

    @property
    def target_name(self) -> str:
        if self.practitioner_id:
            return self.practitioner.person.name
        return self.institution.office.name


class SanctionEvent(OfficeOwnedModel):
    """A sanction's change of state (sifa.core.workflow)."""

    sanction = part_of(Sanction, _("处罚处分"), "events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=SanctionStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=SanctionStatus.choices)
    happened_on = models.DateField(_("日期"))
    reason = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("处罚处分办理记录")
        ordering = ["happened_on", "pk"]


# --- access policies (sifa.orgs.access): the office subtree and the line. The records belong
# to the supervising bureau, so an institution's account (granted on its own office) sees none.
for _model in (Complaint, ComplaintEvent, Sanction, SanctionEvent):
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
