"""Reads of the legal-aid rule tables (经济困难标准, 办案补贴标准) for the standards pages.

The tables are configuration, not office-owned: anyone who sees business records somewhere
(`view`) or manages code tables (`codes.manage`) may read them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sifa.legalaid.models import HardshipStandard, SubsidyRate
from sifa.orgs import access
from sifa.orgs.access import Cap


def may_read(user) -> bool:
    return access.has_capability_anywhere(
        user, Cap.VIEW, line="legalaid"
    ) or access.has_capability_anywhere(user, Cap.CODES_MANAGE)


def may_manage(user) -> bool:
    return access.has_capability_anywhere(user, Cap.CODES_MANAGE)


def require_reader(user) -> None:
    if not may_read(user):
        raise PermissionDenied(_("您没有权限查看此页面。"))


def _mark_in_force(rows: list, key, on: datetime.date) -> list:
    """Set `in_force` on the row of each key with the latest `valid_from` not after `on`."""
    current: dict = {}
    for row in rows:
        row.in_force = False
        if row.valid_from <= on:
            best = current.get(key(row))
            if best is None or row.valid_from > best.valid_from:
                current[key(row)] = row
    for row in current.values():
        row.in_force = True
    return rows


def hardship_standards(*, on: datetime.date) -> list[HardshipStandard]:
    """Every standard, by region and area, newest first; `in_force` marks those of `on`."""
    rows = list(HardshipStandard.objects.order_by("region_code", "area", "-valid_from"))
    return _mark_in_force(rows, lambda s: (s.region_code, s.area), on)


def subsidy_rates(*, on: datetime.date) -> list[SubsidyRate]:
    """Every 办案补贴标准, by matter type, newest first; `in_force` marks those of `on`."""
    rows = list(SubsidyRate.objects.order_by("matter_type", "-valid_from"))
    return _mark_in_force(rows, lambda r: r.matter_type, on)


def hardship_standard(pk: int) -> HardshipStandard:
    try:
        return HardshipStandard.objects.get(pk=pk)
    except HardshipStandard.DoesNotExist:
        raise Http404(_("未找到该记录。")) from None


def subsidy_rate(pk: int) -> SubsidyRate:
    try:
        return SubsidyRate.objects.get(pk=pk)
    except SubsidyRate.DoesNotExist:
        raise Http404(_("未找到该记录。")) from None
