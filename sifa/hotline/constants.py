"""States and choices of 12345 work orders (政务服务便民热线工单, DOMAIN §8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sifa.core.seed_codes import SeedList

LINE = "hotline"
# The API purpose (用途) of the hotline platform's push; line.py names it.
API_PUSH_ORDERS = "push_orders"

CATEGORY_CODE_LIST = "hotline_category"
CATEGORY = SeedList(
    key=CATEGORY_CODE_LIST,
    name="12345工单类别",
    source="12345热线工单分类（DOMAIN §8；地方热线工单办理规定）",
    description="12345政务服务便民热线工单的诉求类别；办理时限按类别设置（SIFA_HOTLINE_REPLY_WORKDAYS）。",
    items=(
        ("consult", "咨询"),
        ("help", "求助"),
        ("complaint", "投诉举报"),
        ("suggestion", "建议"),
        ("criticism", "批评"),
    ),
)


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    WEB = "web", _("网站")
    WECHAT = "wechat", _("微信")
    APP = "app", _("移动客户端")
    LETTER = "letter", _("信件")
    OTHER = "other", _("其他")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class Status(models.TextChoices):
    RECEIVED = "received", _("待分派")
    ASSIGNED = "assigned", _("待签收")
    SIGNED = "signed", _("办理中")
    RETURN_REQUESTED = "return_requested", _("退单审核中")
    RETURNED = "returned", _("已退单")
    REPLIED = "replied", _("已答复，待回访")
    REOPENED = "reopened", _("重办中")
    CLOSED = "closed", _("已办结")


# Open orders: the office still owes a signature or a reply.
OPEN = (Status.RECEIVED, Status.ASSIGNED, Status.SIGNED, Status.RETURN_REQUESTED, Status.REOPENED)
# Orders whose reply is owed (their reply deadline runs).
AWAITING_REPLY = (Status.SIGNED, Status.REOPENED, Status.RETURN_REQUESTED)

TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.ASSIGNED},
    Status.ASSIGNED: {Status.ASSIGNED, Status.SIGNED, Status.RETURN_REQUESTED},
    Status.SIGNED: {Status.REPLIED, Status.RETURN_REQUESTED},
    # A refused return goes back to where the order was (signed, or not yet signed).
    Status.RETURN_REQUESTED: {Status.RETURNED, Status.SIGNED, Status.ASSIGNED},
    Status.RETURNED: set(),
    Status.REPLIED: {Status.CLOSED, Status.REOPENED},
    Status.REOPENED: {Status.REPLIED},
    Status.CLOSED: set(),
}


class Callback(models.TextChoices):
    """回访结果 (the platform's callback to the citizen)."""

    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Decision(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("同意")
    REFUSED = "refused", _("不同意")
