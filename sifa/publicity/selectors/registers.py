"""Reads of plans, the register of units and their years, always through `access.scope()`."""

from __future__ import annotations

from django.db.models import QuerySet

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.publicity.constants import LINE, PlanKind
from sifa.publicity.models import Plan, Unit, UnitYear


def plans(user) -> QuerySet[Plan]:
    return access.scope(user, Plan.objects.select_related("office", "parent")).order_by(
        "office__path", "-start_year", "kind"
    )


def plan_get(*, actor, pk) -> Plan:
    return access.get_object_or_404(actor, Plan.objects.select_related("office", "parent"), pk=pk)


def five_year_plans(user) -> QuerySet[Plan]:
    return plans(user).filter(kind=PlanKind.FIVE_YEAR)


def yearly_plans(user) -> QuerySet[Plan]:
    return plans(user).filter(kind=PlanKind.YEARLY)


def units(user, capability=Cap.VIEW) -> QuerySet[Unit]:
    return access.scope(user, Unit.objects.select_related("office"), capability).order_by(
        "office__path", "name"
    )


def unit_get(*, actor, pk) -> Unit:
    return access.get_object_or_404(actor, Unit.objects.select_related("office"), pk=pk)


def unit_years(*, actor, unit: Unit) -> QuerySet[UnitYear]:
    return access.scope(actor, UnitYear.objects.filter(unit=unit).select_related("plan"))


def unit_year_get(*, actor, pk) -> UnitYear:
    return access.get_object_or_404(actor, UnitYear.objects.select_related("unit", "office"), pk=pk)


def bureaus_to_keep(user) -> QuerySet[Office]:
    """The justice bureaus where the user may keep plans, units and exams."""
    return access.visible_offices(user, Cap.EDIT, line=LINE).filter(
        kind=OfficeKind.JUSTICE_BUREAU, is_active=True
    )


def units_named(*, actor, names) -> dict[str, list[Unit]]:
    """{name or 统一社会信用代码: the units so named} among those the actor may edit (an
    import's 单位 column)."""
    wanted = {name.strip() for name in names if name}
    found: dict[str, list[Unit]] = {}
    rows = units(actor, Cap.EDIT)
    for unit in rows.filter(name__in=wanted) | rows.filter(credit_code__in=wanted):
        for key in {unit.name, unit.credit_code} & wanted:
            found.setdefault(key, []).append(unit)
    return found
