"""States and code tables of the public legal service centres' front desk (docs/frontdesk.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LINE = "frontdesk"


class Service(models.TextChoices):
    """服务方式: what the desk did for the visitor (issue 19 item 3)."""

    ANSWERED = "answered", _("当场解答")
    REFERRED = "referred", _("转办转介")
    ACCEPTED = "accepted", _("受理申请")


class MatterCategory(models.TextChoices):
    """来访事项类别 (the usual split of a centre's register)."""

    FAMILY = "family", _("婚姻家庭")
    LABOUR = "labour", _("劳动争议")
    NEIGHBOUR = "neighbour", _("邻里纠纷")
    CONTRACT = "contract", _("合同债务")
    TRAFFIC = "traffic", _("交通事故")
    PROPERTY = "property", _("房产物业")
    INJURY = "injury", _("人身损害")
    NOTARY = "notary", _("公证事项")
    APPRAISAL = "appraisal", _("司法鉴定")
    CRIMINAL = "criminal", _("刑事")
    OTHER = "other", _("其他")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Target(models.TextChoices):
    """转办去向: the lines' records a visit can become (`sifa.frontdesk.actions.conversions`)."""

    MEDIATION_CASE = "mediation_case", _("人民调解案件")
    LEGALAID_CONSULTATION = "legalaid_consultation", _("法律援助咨询")
    LEGALAID_APPLICATION = "legalaid_application", _("法律援助申请")
    NOTARISATION = "notarisation", _("公证申请")
    APPRAISAL = "appraisal", _("司法鉴定委托")
