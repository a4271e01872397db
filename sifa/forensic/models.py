"""司法鉴定 records (DOMAIN §6.4; docs/forensic.md).

A forensic institution (司法鉴定机构) and an appraiser (司法鉴定人) are the practice line's
`Institution` / `Practitioner` of category `forensic_institution` (one register for every
supervised institution). This line keeps what only appraisal needs: the categories each is
registered in (`CategoryRegistration`), the yearly registration (`AnnualRegistration`) and the
cases (`Case`) with their paused time (`CasePause`), appraisers and status history. Every row
belongs to the institution's office, so the institution's own account sees its own only.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.models import (
    DetailPageMixin,
    OfficeOwnedModel,
    StatusEvent,
    kept_link,
    part_of,
    person_link,
)
from sifa.forensic.constants import (
    LINE,
    CaseStatus,
    ClientKind,
    Decision,
    Outcome,
    PauseReason,
    RegistrationStatus,
)
from sifa.orgs import access

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class CategoryRegistration(OfficeOwnedModel):
    """A category (code of `forensic_category`) an institution — or, with `practitioner`, one of
    its appraisers — is registered in."""

    institution = kept_link("practice.Institution", _("鉴定机构"))
    practitioner = kept_link("practice.Practitioner", _("鉴定人"), optional=True)
    category = models.CharField(_("鉴定类别"), max_length=32)
    registered_on = models.DateField(_("登记日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("登记鉴定类别")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "category"],
                condition=Q(practitioner__isnull=True),
                name="forensic_inst_category_once",
            ),
            models.UniqueConstraint(
                fields=["practitioner", "category"],
                condition=Q(practitioner__isnull=False),
                name="forensic_appraiser_category_once",
            ),
        ]


class AnnualRegistration(OfficeOwnedModel):
    """年度登记/延续: the registration of an institution (or, with `practitioner`, an appraiser)
    for `year` and its status."""

    institution = kept_link("practice.Institution", _("鉴定机构"))
    practitioner = kept_link("practice.Practitioner", _("鉴定人"), optional=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("登记状态"), max_length=16, choices=RegistrationStatus.choices)
    decided_on = models.DateField(_("办理日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("年度登记")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"],
                condition=Q(practitioner__isnull=True),
                name="forensic_inst_year_once",
            ),
            models.UniqueConstraint(
                fields=["practitioner", "year"],
                condition=Q(practitioner__isnull=False),
                name="forensic_appraiser_year_once",
            ),
        ]


class Case(DetailPageMixin, OfficeOwnedModel):
    """司法鉴定案件: one commission (委托) to an institution and what became of it."""

    institution = kept_link("practice.Institution", _("鉴定机构"))
    number = models.CharField(_("案件编号"), max_length=40)
    client = models.CharField(_("委托人"), max_length=100)
    client_kind = models.CharField(_("委托人类别"), max_length=16, choices=ClientKind.choices)
    client_person = person_link(_("委托人（个人）"), optional=True)
    category = models.CharField(_("鉴定类别"), max_length=32)
    matter = models.CharField(_("鉴定事项"), max_length=200)
    received_on = models.DateField(_("收到委托日期"), db_index=True)
    by_letter = models.BooleanField(_("函件委托"), default=False)
    decision_due = models.DateField(_("受理决定期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    decision = models.CharField(_("受理决定"), max_length=16, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    refusal_reason = models.CharField(_("不予受理理由"), max_length=200, blank=True)
    effective_on = models.DateField(_("委托生效日期"), null=True, blank=True)
    # The completion due date: 30 working days after `effective_on`, without the paused days,
    # plus the extension; empty before the commission takes effect and while a pause is open.
    completion_due = models.DateField(_("办结期限"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日数"), default=0)
    extension_reason = models.CharField(_("延长理由"), max_length=200, blank=True)
    extension_approved_by = models.CharField(_("批准延长的机构负责人"), max_length=50, blank=True)
    extension_approved_on = models.DateField(_("批准延长日期"), null=True, blank=True)
    client_notified_on = models.DateField(_("告知委托人日期"), null=True, blank=True)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    # The day the case left the institution's hands: the refusal or the completion (a stock's
    # end: 在办案件).
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=16, choices=Outcome.choices, blank=True)
    opinion_number = models.CharField(_("鉴定文书编号"), max_length=60, blank=True)
    fee = models.DecimalField(_("鉴定费（元）"), default=0, **MONEY)
    complaints = models.PositiveSmallIntegerField(_("投诉次数"), default=0)
    appraisers = models.ManyToManyField(
        "practice.Practitioner", verbose_name=_("鉴定人"), related_name="+", blank=True
    )
    history = HistoricalRecords(excluded_fields=["appraisers"])
    detail_url_name = "forensic:case_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("司法鉴定案件")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"], name="forensic_case_number_once"
            )
        ]
        indexes = [
            models.Index(fields=["office", "received_on"]),
            # A city's month (bench/README.md, 司法鉴定 at scale): the flows by decision and by
            # completion, and the stock of open cases (closed_on empty or after the day), read
            # a date range of the whole table before the office join.
            models.Index(fields=["decided_on"], name="forensic_case_decided_idx"),
            models.Index(fields=["completed_on"], name="forensic_case_completed_idx"),
            models.Index(fields=["closed_on"], name="forensic_case_closed_idx"),
            models.Index(
                fields=["office", "completion_due"],
                condition=Q(status="accepted"),
                name="forensic_case_open_due_idx",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def overdue_completed(self) -> bool:
        return bool(self.completed_on and self.completion_due) and (
            self.completed_on > self.completion_due
        )


class CasePause(OfficeOwnedModel):
    """期间扣除: days that do not count towards completion (补充鉴定材料 …), `last` empty while
    it lasts."""

    case = part_of(Case, _("鉴定案件"), "pauses")
    reason = models.CharField(_("原因"), max_length=16, choices=PauseReason.choices)
    first = models.DateField(_("起始日期"))
    last = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("期间扣除")
        ordering = ["first", "pk"]


class CaseEvent(StatusEvent):
    case = part_of(Case, _("鉴定案件"), "events")

    class Meta(StatusEvent.Meta):
        verbose_name = verbose_name_plural = _("鉴定案件状态变更")


# --- access policies (sifa.orgs.access): the institution's office subtree and the line ---
for _model in (CategoryRegistration, AnnualRegistration, Case, CasePause, CaseEvent):
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
