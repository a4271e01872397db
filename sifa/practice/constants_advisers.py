"""Kinds and rules of village (community) legal advisers (一村(社区)一法律顾问, DOMAIN §6.5;
docs/practice.md, "Village legal advisers")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A village or community is the tree's 村(社区)司法行政服务站 office (orgs OfficeKind
# `service_station`), under the 司法所 of its township: the contract belongs to that office.
VILLAGE_KIND = "service_station"
TOWNSHIP_KIND = "judicial_office"


class ServiceKind(models.TextChoices):
    """服务日志的服务类别 (DOMAIN §6.5: 一村一卷, 一事一记)."""

    DUTY = "duty", _("值班")
    CONSULTATION = "consultation", _("咨询")
    LECTURE = "lecture", _("讲座")
    REVIEW = "review", _("审查村规民约或合同")
    MEDIATION = "mediation", _("参与调解")
    DRAFTING = "drafting", _("代写文书")
    LEGAL_AID = "legal_aid", _("法律援助引导")


class ContractStatus(models.TextChoices):
    """A contract as the bureau sees it on a day (derived from its dates, not stored)."""

    PENDING = "pending", _("未开始")
    ACTIVE = "active", _("履行中")
    EXPIRED = "expired", _("已期满")
    TERMINATED = "terminated", _("已解除")
