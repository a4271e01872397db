"""States, choices and the code table of forensic appraisal (司法鉴定, DOMAIN §6.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sifa.core.seed_codes import SeedList

LINE = "forensic"  # the line key (Role.lines, access policies)
CATEGORY_LIST = "forensic_category"  # the code list of registered categories

# The registered categories (登记的鉴定类别): the NPCSC Decision on the management of forensic
# appraisal (2005) names 法医类, 物证类 and 声像资料类; 环境损害 was added by the 司法部 and the
# 环境保护部 in 2015 [M]. A code table, so that an administrator can add a category (e.g. a
# province's 知识产权 or 交通事故 subdivisions) without a release.
CATEGORY_SEED = SeedList(
    key=CATEGORY_LIST,
    name="司法鉴定类别",
    source="全国人大常委会关于司法鉴定管理问题的决定（2005）第2条；环境损害司法鉴定（[M] 待核实）",
    description="司法鉴定机构和司法鉴定人登记的鉴定业务类别；鉴定人只能受理其登记类别的鉴定。",
    items=(
        ("forensic_medicine", "法医类"),
        ("physical_evidence", "物证类"),
        ("audio_visual", "声像资料类"),
        ("environmental", "环境损害"),
    ),
)


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("已收到委托")
    ACCEPTED = "accepted", _("已受理")
    REFUSED = "refused", _("不予受理")
    COMPLETED = "completed", _("已办结")
    TERMINATED = "terminated", _("终止鉴定")


TRANSITIONS: dict[str, set[str]] = {
    CaseStatus.RECEIVED: {CaseStatus.ACCEPTED, CaseStatus.REFUSED},
    CaseStatus.ACCEPTED: {CaseStatus.COMPLETED, CaseStatus.TERMINATED},
    CaseStatus.REFUSED: set(),
    CaseStatus.COMPLETED: set(),
    CaseStatus.TERMINATED: set(),
}
OPEN = (CaseStatus.RECEIVED, CaseStatus.ACCEPTED)


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("受理")
    REFUSED = "refused", _("不予受理")


class ClientKind(models.TextChoices):
    """Who commissions: an organ handling a case (办案机关: 法院, 检察院, 公安 …) or a party."""

    ORGAN = "organ", _("办案机关")
    INDIVIDUAL = "individual", _("个人")
    ORGANISATION = "organisation", _("其他单位")


class Outcome(models.TextChoices):
    OPINION = "opinion", _("出具鉴定意见书")
    TERMINATED = "terminated", _("终止鉴定")


class PauseReason(models.TextChoices):
    SUPPLEMENT = "supplement", _("补充鉴定材料")
    OTHER = "other", _("其他（依规不计入时限）")


class RegistrationStatus(models.TextChoices):
    """年度登记/延续登记 of an institution or an appraiser for one year."""

    REGISTERED = "registered", _("已登记")
    CONTINUED = "continued", _("已延续")
    PENDING = "pending", _("待登记")
    NOT_CONTINUED = "not_continued", _("未予延续")


VALID_REGISTRATION = (RegistrationStatus.REGISTERED, RegistrationStatus.CONTINUED)
