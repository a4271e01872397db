"""States and choices of resettlement and assistance (安置帮教, DOMAIN §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.sifa_settings import default

# RA-1: five years after release from prison or from correction — the default of the setting
# SIFA_RS_ASSISTANCE_YEARS ([V-local] 福建 分类帮教 measures 第2条); read the setting through
# `actions.persons.assistance_years()`.
ASSISTANCE_YEARS = default("SIFA_RS_ASSISTANCE_YEARS")
API_NOTIFY_RELEASE = (
    "notify_release"  # the API purpose (用途) of the release notice; line.py names it
)


class Source(models.TextChoices):
    PRISON = "prison", _("刑满释放")
    CORRECTION = "correction", _("解除社区矫正")


class Status(models.TextChoices):
    NOTIFIED = "notified", _("已收到释放通知")
    CONNECTED = "connected", _("已衔接")
    NOT_CONNECTED = "not_connected", _("未衔接（下落不明）")
    ENDED = "ended", _("帮教结束")


TRANSITIONS: dict[str, set[str]] = {
    Status.NOTIFIED: {Status.CONNECTED, Status.NOT_CONNECTED},
    Status.NOT_CONNECTED: {Status.CONNECTED, Status.ENDED},
    Status.CONNECTED: {Status.ENDED},
    Status.ENDED: set(),
}


class EndReason(models.TextChoices):
    EXPIRED = "expired", _("帮教期满")
    DEATH = "death", _("死亡")
    MOVED = "moved", _("迁出")
    REOFFENDED = "reoffended", _("重新犯罪被收监")


class RiskLevel(models.TextChoices):
    LOW = "low", _("低")
    MEDIUM = "medium", _("中")
    HIGH = "high", _("高")


class PlacementKind(models.TextChoices):
    JOB = "job", _("就业")
    SCHOOL = "school", _("就学")
    LOW_INCOME = "low_income", _("纳入低保")
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助")
    TEMPORARY_AID = "temporary_aid", _("临时救助")
    TRAINING = "training", _("技能培训")
