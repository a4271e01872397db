"""安置帮教 records (DOMAIN §4): persons released from prison or from community correction,
assisted for five years by the 司法所 of their residence (`office`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.fields import EncryptedCharField
from sifa.core.models import DetailPageMixin, OfficeOwnedModel, part_of, person_link
from sifa.orgs import access
from sifa.resettlement.constants import EndReason, PlacementKind, RiskLevel, Source, Status


class ReleasedPerson(DetailPageMixin, OfficeOwnedModel):
    """安置帮教对象: one release (from prison or from correction) and its five-year window."""

    person = person_link(_("人员"))
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    subject = models.OneToOneField(
        "corrections.Subject",
        verbose_name=_("社区矫正档案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resettlement",
    )
    prison = models.CharField(_("释放单位"), max_length=100, blank=True)
    crime = EncryptedCharField(_("罪名"), max_length=100)  # encrypted (docs/security.md)
    original_sentence = EncryptedCharField(_("原判刑罚"), max_length=100, blank=True)
    released_on = models.DateField(_("释放/解矫日期"), db_index=True)
    certificate_number = models.CharField(_("释放证明书/解矫证明书编号"), max_length=60, blank=True)
    notice_received_on = models.DateField(_("收到通知日期"), null=True, blank=True)
    key_person = models.BooleanField(_("重点帮教对象"), default=False)
    key_reason = models.CharField(_("列为重点的理由"), max_length=200, blank=True)
    met_at_gate = models.BooleanField(_("必接必送"), default=False)
    met_by = models.CharField(_("接送人员"), max_length=100, blank=True)
    risk_level = models.CharField(
        _("风险等级"), max_length=8, choices=RiskLevel.choices, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.NOTIFIED
    )
    connected_on = models.DateField(_("衔接日期"), null=True, blank=True)
    assistance_end = models.DateField(_("帮教期满日期"), db_index=True)
    ended_on = models.DateField(_("帮教结束日期"), null=True, blank=True)
    end_reason = models.CharField(
        _("结束原因"), max_length=16, choices=EndReason.choices, blank=True
    )
    history = HistoricalRecords()
    detail_url_name = "resettlement:person_detail"

    class Meta:
        verbose_name = verbose_name_plural = _("安置帮教对象")
        constraints = [  # one record per release (the prisons' API may repeat a notice)
            models.UniqueConstraint(fields=["person", "released_on"], name="resettlement_once")
        ]

    def __str__(self):
        return f"{self.person}（{self.released_on}）"


def released_link(related_name: str):
    """The link of a record kept in an assisted person's file (team, visits, placements …):
    deleted with it; `released.<related_name>` lists them."""
    return part_of(ReleasedPerson, _("帮教对象"), related_name)


class HelpTeamMember(OfficeOwnedModel):
    """帮教小组 member."""

    released = released_link("team")
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("身份"), max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = _("帮教小组成员")


class Visit(OfficeOwnedModel):
    """走访/帮教记录."""

    released = released_link("visits")
    visited_on = models.DateField(_("日期"), db_index=True)
    content = models.TextField(_("情况"))

    class Meta:
        verbose_name = verbose_name_plural = _("帮教走访")


class Placement(OfficeOwnedModel):
    """安置: a job, schooling, social assistance … found for the person."""

    released = released_link("placements")
    kind = models.CharField(_("安置方式"), max_length=24, choices=PlacementKind.choices)
    placed_on = models.DateField(_("日期"), db_index=True)
    detail = models.CharField(_("情况"), max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = _("安置")


class Reoffence(OfficeOwnedModel):
    """重新违法犯罪 of an assisted person."""

    released = released_link("reoffences")
    occurred_on = models.DateField(_("日期"), db_index=True)
    description = models.TextField(_("情况"))
    criminal = models.BooleanField(_("刑事犯罪"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("重新违法犯罪")


# --- access policies (sifa.orgs.access): office path, business line, minors rule ---

access.register_policy(
    ReleasedPerson,
    access.AccessPolicy(office="office", line="resettlement", minor="subject__is_minor"),
)
for _model in (HelpTeamMember, Visit, Placement, Reoffence):
    access.register_policy(_model, access.AccessPolicy(office="office", line="resettlement"))
