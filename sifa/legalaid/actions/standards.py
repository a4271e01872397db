"""Writes of the legal-aid rule tables: 经济困难标准 (第34条) and 办案补贴标准 (第52条).

These are configuration tables, not office-owned: anyone with `codes.manage` somewhere may
change them. A standard an application was assessed under, or a rate a paid batch used, is
not changed in place: an adjustment is a new row with a later `valid_from`, so past decisions
keep the figures they were made with.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.legalaid.constants import Area, MatterType
from sifa.legalaid.models import Application, HardshipStandard, SubsidyRate
from sifa.orgs import access
from sifa.orgs.access import Cap

REGION_PREFIX = re.compile(r"^\d{2,12}$")


def require_manager(actor) -> None:
    """403 unless the actor may manage code tables somewhere (configuration, not records)."""
    access.require_anywhere(actor, Cap.CODES_MANAGE, _("您没有权限执行此操作。"))


@transaction.atomic
def hardship_standard_save(
    *,
    actor,
    standard: HardshipStandard | None = None,
    region_code: str,
    area: str,
    valid_from: datetime.date,
    monthly_income_limit: Decimal,
    basis: str,
) -> HardshipStandard:
    """新增或修改经济困难标准 (第34条)."""
    require_manager(actor)
    region_code = (region_code or "").strip()
    if not REGION_PREFIX.match(region_code):
        raise ValidationError({"region_code": _("适用行政区划代码应为2至12位数字。")})
    if area not in Area.values:
        raise ValidationError({"area": _("请选择城镇或农村。")})
    if monthly_income_limit is None or monthly_income_limit < 0:
        raise ValidationError({"monthly_income_limit": _("收入上限不能为负数。")})
    if standard is not None and standard.pk:
        used = Application.objects.filter(standard=standard).count()
        if used:
            raise ValidationError(
                _("该标准已被%(count)d件申请适用，不能修改；调整标准请新增一条执行日期较晚的标准。")
                % {"count": used}
            )
    else:
        standard = HardshipStandard(created_by=actor)
    clash = HardshipStandard.objects.filter(
        region_code=region_code, area=area, valid_from=valid_from
    ).exclude(pk=standard.pk)
    if clash.exists():
        raise ValidationError(
            {"valid_from": _("该行政区划、城乡类别在同一执行日期已有经济困难标准。")}
        )
    standard.region_code = region_code
    standard.area = area
    standard.valid_from = valid_from
    standard.monthly_income_limit = monthly_income_limit
    standard.basis = (basis or "").strip()
    standard.full_clean()
    standard.save()
    return standard


def rate_in_force(matter_type: str, on: datetime.date) -> SubsidyRate | None:
    """The 办案补贴标准 of `matter_type` in force on `on`: the latest `valid_from` not after it."""
    return (
        SubsidyRate.objects.filter(matter_type=matter_type, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )


def rate_paid_cases(rate: SubsidyRate) -> int:
    """How many batched cases were paid at `rate` (archived while it was in force)."""
    cases = Application.objects.filter(
        matter_type=rate.matter_type,
        subsidy_batch__isnull=False,
        archived_on__gte=rate.valid_from,
    )
    following = (
        SubsidyRate.objects.filter(matter_type=rate.matter_type, valid_from__gt=rate.valid_from)
        .order_by("valid_from")
        .first()
    )
    if following is not None:
        cases = cases.filter(archived_on__lt=following.valid_from)
    return cases.count()


@transaction.atomic
def subsidy_rate_save(
    *,
    actor,
    rate: SubsidyRate | None = None,
    matter_type: str,
    amount: Decimal,
    valid_from: datetime.date,
) -> SubsidyRate:
    """新增或修改办案补贴标准 (第52条)."""
    require_manager(actor)
    if matter_type not in MatterType.values:
        raise ValidationError({"matter_type": _("请选择有效的案件类别。")})
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("补贴标准不能为负数。")})
    if rate is not None and rate.pk:
        used = rate_paid_cases(rate)
        if used:
            raise ValidationError(
                _(
                    "已有%(count)d件案件按该标准编入补贴发放批次，不能修改；"
                    "调整标准请新增一条执行日期较晚的标准。"
                )
                % {"count": used}
            )
    else:
        rate = SubsidyRate(created_by=actor)
    clash = SubsidyRate.objects.filter(matter_type=matter_type, valid_from=valid_from).exclude(
        pk=rate.pk
    )
    if clash.exists():
        raise ValidationError({"valid_from": _("该案件类别在同一执行日期已有补贴标准。")})
    rate.matter_type = matter_type
    rate.amount = amount
    rate.valid_from = valid_from
    rate.full_clean()
    rate.save()
    return rate
