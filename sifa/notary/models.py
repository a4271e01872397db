"""公证 records (DOMAIN §6.3; 公证法 2017; docs/notary.md).

A notarisation belongs to the notary office's office (`office` = `institution.office`): the
office's own account (执业机构管理员) keeps it, the supervising bureau sees every office under
it, another notary office does not see it (404). Its 15 working days (公证法 第30条) run from
acceptance and stand still for the pauses recorded as `Pause` rows; `due_on` keeps the date so
computed (recomputed by the actions whenever a pause changes), so lists, to-dos and the 超期
figure compare dates in SQL.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.models import (
    DetailPageMixin,
    NumberedRecordMixin,
    OfficeOwnedModel,
    StatusEvent,
    kept_link,
    part_of,
    person_link,
)
from sifa.notary.constants import (
    LINE,
    Branch,
    ConsultationWay,
    FeeTreatment,
    MatterCode,
    PauseReason,
    RefusalGround,
    ReliefBasis,
    ReviewOutcome,
    ReviewStatus,
    Scope,
    Status,
)
from sifa.orgs import access

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Notarisation(NumberedRecordMixin, OfficeOwnedModel):
    """公证事项: one application to a notary office, from application to certificate."""

    institution = kept_link("practice.Institution", _("公证机构"), related_name="notarisations")
    number = models.CharField(_("受理编号"), max_length=40)
    applicant = person_link(_("申请人"))
    matter_code = models.CharField(_("公证事项"), max_length=24, choices=MatterCode.choices)
    scope = models.CharField(
        _("国内/涉外"), max_length=12, choices=Scope.choices, default=Scope.DOMESTIC
    )
    branch = models.CharField(_("民事/经济"), max_length=12, choices=Branch.choices)
    summary = models.CharField(_("申请事项摘要"), max_length=200)
    use_country = models.CharField(_("使用地（国家或地区）"), max_length=50, blank=True)
    notary = kept_link("practice.Practitioner", _("承办公证员"), optional=True)
    applied_on = models.DateField(_("申请日期"), db_index=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True, db_index=True)
    due_on = models.DateField(_("出证期限"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.APPLIED
    )
    issued_on = models.DateField(_("出证日期"), null=True, blank=True, db_index=True)
    certificate_number = models.CharField(_("公证书编号"), max_length=60, blank=True)
    refused_on = models.DateField(_("不予办理日期"), null=True, blank=True, db_index=True)
    refusal_ground = models.CharField(
        _("不予办理理由（公证法 第31条）"),
        max_length=24,
        choices=RefusalGround.choices,
        blank=True,
    )
    refusal_reasons = models.TextField(_("不予办理的具体理由"), blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    # Fee (公证法 第34条; 法律援助法 第53条)
    fee_standard = models.DecimalField(_("应收公证费（元）"), default=0, **MONEY)
    fee_charged = models.DecimalField(_("实收公证费（元）"), default=0, **MONEY)
    fee_relief = models.DecimalField(_("减免公证费（元）"), default=0, **MONEY)
    fee_treatment = models.CharField(
        _("收费情况"), max_length=12, choices=FeeTreatment.choices, blank=True
    )
    relief_basis = models.CharField(
        _("减免依据"), max_length=12, choices=ReliefBasis.choices, blank=True
    )
    relief_note = models.CharField(_("减免说明"), max_length=200, blank=True)
    legal_aid_number = models.CharField(_("法律援助申请编号"), max_length=40, blank=True)
    legal_aid_decided_on = models.DateField(_("给予法律援助决定日期"), null=True, blank=True)
    legal_aid_centre = models.CharField(_("法律援助机构"), max_length=100, blank=True)
    certificate_revoked_on = models.DateField(_("公证书撤销日期"), null=True, blank=True)
    history = HistoricalRecords()
    detail_url_name = "notary:notarisation_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("公证事项")
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"], name="notary_number_per_institution"
            ),
            models.UniqueConstraint(
                fields=["institution", "certificate_number"],
                condition=~Q(certificate_number=""),
                name="notary_certificate_number_once",
                violation_error_message=_("该公证书编号已被使用。"),
            ),
        ]
        indexes = [
            models.Index(fields=["office", "issued_on"], name="notary_office_issued_idx"),
            models.Index(fields=["office", "accepted_on"], name="notary_office_accepted_idx"),
            # The open notarisations of an office by their due date (overdue list, to-dos).
            models.Index(
                fields=["office", "due_on"],
                condition=Q(status="accepted"),
                name="notary_open_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.get_matter_code_display()}"


class NotarisationEvent(StatusEvent):
    notarisation = part_of(Notarisation, _("公证事项"), "events")

    class Meta(StatusEvent.Meta):
        verbose_name = verbose_name_plural = _("公证办理记录")


class Pause(OfficeOwnedModel):
    """期间扣除: days the 15 working days stand still (公证法 第30条); open while `last` is
    empty."""

    notarisation = part_of(Notarisation, _("公证事项"), "pauses")
    reason = models.CharField(_("扣除事由"), max_length=16, choices=PauseReason.choices)
    first = models.DateField(_("起始日期"))
    last = models.DateField(_("截止日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("不计入办证期限的期间")
        ordering = ["first", "pk"]


class Review(DetailPageMixin, OfficeOwnedModel):
    """复查 (公证法 第39条): a party's request that the office review an issued certificate."""

    notarisation = kept_link(Notarisation, _("公证事项"), related_name="reviews")
    requested_by = models.CharField(_("申请人"), max_length=100)
    received_on = models.DateField(_("收到复查申请日期"), db_index=True)
    request = models.TextField(_("复查请求及理由"))
    due_on = models.DateField(_("复查期限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.RECEIVED
    )
    decided_on = models.DateField(_("复查决定日期"), null=True, blank=True, db_index=True)
    outcome = models.CharField(
        _("复查结果"), max_length=12, choices=ReviewOutcome.choices, blank=True
    )
    reasons = models.TextField(_("复查决定理由"), blank=True)
    history = HistoricalRecords()
    detail_url_name = "notary:review_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("公证复查")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return _("%(number)s 的复查（%(day)s）") % {
            "number": self.notarisation.number,
            "day": self.received_on.isoformat(),
        }


class Consultation(OfficeOwnedModel):
    """义务解答公证法律咨询: a day's (or an event's) free consultations, counted in 人次."""

    institution = kept_link("practice.Institution", _("公证机构"), related_name="+")
    held_on = models.DateField(_("日期"), db_index=True)
    way = models.CharField(_("方式"), max_length=12, choices=ConsultationWay.choices)
    persons = models.PositiveIntegerField(_("人次"), validators=[MinValueValidator(1)])
    topic = models.CharField(_("咨询内容"), max_length=200)
    answered_by = models.CharField(_("解答人"), max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("公证法律咨询")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["office", "held_on"], name="notary_consult_office_idx")]

    def __str__(self):
        return _("%(day)s %(topic)s（%(persons)s人次）") % {
            "day": self.held_on.isoformat(),
            "topic": self.topic,
            "persons": self.persons,
        }


# --- access policies (sifa.orgs.access): the notary office's subtree and the line ---
for _model in (Notarisation, NotarisationEvent, Pause, Review, Consultation):
    access.register_policy(_model, access.AccessPolicy(office="office", line=LINE))
