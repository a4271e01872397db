"""Kinds and states of complaints and sanctions (投诉与惩戒, DOMAIN §6.1; 律师法 第47–51条;
docs/practice.md "Complaints and discipline")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

COMPLAINT_RULE = "practice.complaint"  # the handling deadline (sifa/practice/deadlines.py)


class Channel(models.TextChoices):
    """How a complaint came in."""

    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网络（12348平台等）")
    REFERRED = "referred", _("上级交办或有关部门转办")
    OTHER = "other", _("其他")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    INVESTIGATING = "investigating", _("调查中")
    SUBSTANTIATED = "substantiated", _("投诉成立")
    NOT_SUBSTANTIATED = "not_substantiated", _("投诉不成立")


OPEN_COMPLAINT = (ComplaintStatus.RECEIVED, ComplaintStatus.INVESTIGATING)
CONCLUDED = (ComplaintStatus.SUBSTANTIATED, ComplaintStatus.NOT_SUBSTANTIATED)

COMPLAINT_TRANSITIONS: dict[str, set[str]] = {
    ComplaintStatus.RECEIVED: {ComplaintStatus.INVESTIGATING},
    ComplaintStatus.INVESTIGATING: set(CONCLUDED),
    ComplaintStatus.SUBSTANTIATED: set(),
    ComplaintStatus.NOT_SUBSTANTIATED: set(),
}


class Authority(models.TextChoices):
    """行政处罚 by the justice department, or 行业处分 by the bar association."""

    ADMINISTRATIVE = "administrative", _("行政处罚")
    INDUSTRY = "industry", _("行业处分")


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("警告")
    FINE = "fine", _("罚款")
    SUSPENSION = "suspension", _("停止执业")
    CLOSURE = "closure", _("停业整顿")  # of an institution (律师法 第50条)
    REVOCATION = "revocation", _("吊销执业证书")


# Kinds by target: a practitioner is suspended (停止执业), an institution closed for
# rectification (停业整顿); warnings, fines and revocation apply to both.
PRACTITIONER_KINDS = (
    SanctionKind.WARNING,
    SanctionKind.FINE,
    SanctionKind.SUSPENSION,
    SanctionKind.REVOCATION,
)
INSTITUTION_KINDS = (
    SanctionKind.WARNING,
    SanctionKind.FINE,
    SanctionKind.CLOSURE,
    SanctionKind.REVOCATION,
)


class DecidedBy(models.TextChoices):
    """Who decides (律师法 第47–51条): warnings, fines and suspensions the 设区的市级 department,
    revocation the province; 行业处分 the bar association."""

    CITY = "city", _("设区的市级司法行政部门")
    PROVINCE = "province", _("省级司法行政部门")
    BAR = "bar", _("律师协会")


class SanctionStatus(models.TextChoices):
    PROPOSED = "proposed", _("拟处罚")
    DECIDED = "decided", _("已决定")
    WITHDRAWN = "withdrawn", _("不予处罚")
    ANNULLED = "annulled", _("已撤销")


SANCTION_TRANSITIONS: dict[str, set[str]] = {
    SanctionStatus.PROPOSED: {SanctionStatus.DECIDED, SanctionStatus.WITHDRAWN},
    SanctionStatus.DECIDED: {SanctionStatus.ANNULLED},
    SanctionStatus.WITHDRAWN: set(),
    SanctionStatus.ANNULLED: set(),
}

# 律师法 第48–49、51条: a suspension lasts one to twelve months.
SUSPENSION_MONTHS = (1, 12)
# 律师法 第50条: 停业整顿 of a law firm lasts one to six months (DOMAIN §6.1).
CLOSURE_MONTHS = (1, 6)
# 律师法 第51条: a repeat within one year after a warning → suspension; within two years after a
# suspension has ended → revocation.
WARNING_WINDOW_MONTHS = 12
SUSPENSION_WINDOW_MONTHS = 24
