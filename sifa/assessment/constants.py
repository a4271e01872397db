"""Choices and defaults of the judicial office assessment (司法所绩效考核, DOMAIN §9)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

LINE_KEY = "assessment"


class Rule(models.TextChoices):
    """How an item turns a value into points (sifa.assessment.rules)."""

    RATE_THRESHOLD = "rate_threshold", _("比率达标（低于达标值按斜率扣分）")
    PER_INCIDENT = "per_incident", _("按次扣分（扣完为止）")
    COUNT_TARGET = "count_target", _("数量目标（按完成比例得分）")
    YES_NO = "yes_no", _("是否达标")
    MANUAL = "manual", _("人工评分（须附佐证材料）")


class Nature(models.TextChoices):
    """A scored item of a category, or a bonus / penalty on top of the categories."""

    SCORED = "scored", _("考核项目")
    BONUS = "bonus", _("加分项目")
    PENALTY = "penalty", _("减分项目")


class RunStatus(models.TextChoices):
    OPEN = "open", _("评分中")
    PUBLISHED = "published", _("公示中（可提出异议）")
    FINALISED = "finalised", _("已定稿")


class ObjectionOutcome(models.TextChoices):
    PENDING = "", _("待答复")
    UPHELD = "upheld", _("异议成立，已改分")
    REJECTED = "rejected", _("异议不成立，维持原分")


# Default bands [M]: the local schemes of DOMAIN §9 grade 优秀/良好/合格/不合格 (湘阴: under 60
# points cancels the subsidy). A scheme keeps its own bands; these fill a new one.
DEFAULT_BANDS = [["优秀", 90], ["良好", 80], ["合格", 60], ["不合格", 0]]
# Default period split [M]: 湘阴 — first half-year × 40% + second half-year × 60%.
DEFAULT_PERIODS = (("上半年", 1, 6, Decimal(40)), ("下半年", 7, 12, Decimal(60)))
DEFAULT_BONUS_CAP = Decimal(5)  # [M] bonus points on top of 100, at most
