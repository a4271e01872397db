"""Writes of assessment schemes (考核方案): create, edit, and a new version once frozen.

A scheme is edited by the bureau's section (`edit` on the bureau in the assessment line). It
is frozen when a run starts on it (`actions.runs.run_open`). An edit of a frozen scheme never
changes it: `writable_scheme` copies it as the next version (periods, categories, items) and
the edit applies to the copy, so the runs already started keep the rules they were scored by.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sifa.assessment import compute
from sifa.assessment.constants import (
    DEFAULT_BANDS,
    DEFAULT_BONUS_CAP,
    DEFAULT_PERIODS,
    LINE_KEY,
    Nature,
    Rule,
)
from sifa.assessment.models import Category, Item, Scheme, SchemePeriod
from sifa.core.records import create_checked
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind


def _require_section(actor, office) -> None:
    access.require(actor, Cap.EDIT, office, line=LINE_KEY)


def _check_bands(bands) -> list:
    try:
        cleaned = [[str(label).strip(), int(minimum)] for label, minimum in bands]
    except (TypeError, ValueError):
        raise ValidationError(_("等次格式不正确：每行写“等次名称 最低分”。")) from None
    if not cleaned or any(not label for label, _m in cleaned):
        raise ValidationError(_("请至少设置一个等次，并填写等次名称。"))
    cleaned.sort(key=lambda b: -b[1])
    if cleaned[-1][1] != 0:
        raise ValidationError(_("最低一个等次的最低分应为0。"))
    return cleaned


@transaction.atomic
def scheme_create(
    *, actor, office, year: int, name: str, bonus_cap=DEFAULT_BONUS_CAP, bands=None
) -> Scheme:
    """A new scheme with the default periods (上半年 40% / 下半年 60% [M]) and bands."""
    _require_section(actor, office)
    if office.kind != OfficeKind.JUSTICE_BUREAU:
        raise ValidationError(_("考核方案由司法局制定。"))
    if Scheme.objects.filter(office=office, year=year, name=name).exists():
        raise ValidationError(
            _("%(year)s年已有名为“%(name)s”的考核方案。") % {"year": year, "name": name}
        )
    scheme = create_checked(
        Scheme,
        office=office,
        year=year,
        name=name,
        bonus_cap=bonus_cap,
        bands=_check_bands(bands or DEFAULT_BANDS),
        created_by=actor,
    )
    for period_name, first, last, weight in DEFAULT_PERIODS:
        end = date(year, last + 1, 1) if last < 12 else date(year + 1, 1, 1)
        SchemePeriod.objects.create(
            scheme=scheme,
            name=period_name,
            start=date(year, first, 1),
            end=date.fromordinal(end.toordinal() - 1),
            weight=weight,
        )
    return scheme


@transaction.atomic
def writable_scheme(*, actor, scheme: Scheme) -> Scheme:
    """The scheme itself while not frozen, else its next version (a copy, made once)."""
    _require_section(actor, scheme.office)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if not scheme.frozen:
        return scheme
    latest = Scheme.objects.filter(
        office=scheme.office, year=scheme.year, name=scheme.name
    ).aggregate(v=Max("version"))["v"]
    newer = Scheme.objects.filter(
        office=scheme.office, year=scheme.year, name=scheme.name, version=latest
    ).first()
    if newer is not None and newer.pk != scheme.pk and not newer.frozen:
        return newer
    return _copy(scheme, version=latest + 1, actor=actor)


def _copy(scheme: Scheme, *, version: int, actor) -> Scheme:
    copy = Scheme.objects.create(
        office=scheme.office,
        year=scheme.year,
        name=scheme.name,
        version=version,
        total_points=scheme.total_points,
        bonus_cap=scheme.bonus_cap,
        bands=scheme.bands,
        replaces=scheme,
        created_by=actor,
    )
    for period in scheme.periods.all():
        SchemePeriod.objects.create(
            scheme=copy, name=period.name, start=period.start, end=period.end, weight=period.weight
        )
    categories = {}
    for category in scheme.categories.all():
        categories[category.pk] = Category.objects.create(
            scheme=copy, name=category.name, max_points=category.max_points, order=category.order
        )
    for item in scheme.items.all():
        item.pk = None
        item.scheme = copy
        item.category = categories.get(item.category_id)
        item.save()
    return copy


def counterpart(record, scheme: Scheme):
    """The same period, category or item in another version of its scheme (by name / code)."""
    if record is None or record.scheme_id == scheme.pk:
        return record
    if isinstance(record, Item):
        return scheme.items.get(code=record.code)
    if isinstance(record, Category):
        return scheme.categories.get(name=record.name, order=record.order)
    return scheme.periods.get(name=record.name)


def _check_totals(scheme: Scheme) -> None:
    """Categories add up to the scheme's total, items to their category, periods to 100%."""
    categories = list(scheme.categories.all())
    if categories and sum((c.max_points for c in categories), Decimal(0)) > scheme.total_points:
        raise ValidationError(
            _("各类别分值之和超过方案总分%(total)s分。")
            % {"total": scheme.total_points.normalize()}
        )
    for category in categories:
        items = sum((i.max_points for i in category.items.all()), Decimal(0))
        if items > category.max_points:
            raise ValidationError(
                _("“%(category)s”各项目分值之和%(items)s分，超过类别分值%(max)s分。")
                % {
                    "category": category.name,
                    "items": items.normalize(),
                    "max": category.max_points.normalize(),
                }
            )


def check_ready(scheme: Scheme) -> None:
    """A scheme a run may start on: totals hold and the periods' weights add up to 100%."""
    _check_totals(scheme)
    weights = sum((p.weight for p in scheme.periods.all()), Decimal(0))
    if weights != 100:
        raise ValidationError(
            _("各考核期间的权重之和应为100%%，现为%(w)s%%。") % {"w": weights.normalize()}
        )
    if not scheme.items.exists():
        raise ValidationError(_("方案还没有考核项目。"))


@transaction.atomic
def scheme_update(*, actor, scheme: Scheme, bonus_cap, bands) -> Scheme:
    scheme = writable_scheme(actor=actor, scheme=scheme)
    scheme.bonus_cap = bonus_cap
    scheme.bands = _check_bands(bands)
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def period_save(*, actor, scheme: Scheme, period=None, name, start, end, weight) -> SchemePeriod:
    scheme = writable_scheme(actor=actor, scheme=scheme)
    period = counterpart(period, scheme) or SchemePeriod(scheme=scheme)
    if end < start:
        raise ValidationError(_("截止日期不能早于起始日期。"))
    period.name, period.start, period.end, period.weight = name, start, end, weight
    period.full_clean()
    period.save()
    _check_totals(scheme)
    return period


@transaction.atomic
def category_save(*, actor, scheme: Scheme, category=None, name, max_points, order) -> Category:
    scheme = writable_scheme(actor=actor, scheme=scheme)
    category = counterpart(category, scheme) or Category(scheme=scheme)
    category.name, category.max_points, category.order = name, max_points, order
    category.full_clean()
    category.save()
    _check_totals(scheme)
    return category


def _check_item(item: Item) -> None:
    errors = {}
    if item.nature == Nature.SCORED and item.category is None:
        errors["category"] = _("考核项目须属于一个类别。")
    if item.nature != Nature.SCORED and item.category is not None:
        errors["category"] = _("加分、减分项目不属于类别，请选择“无”。")
    if item.source and not compute.known_source(item.source):
        errors["source"] = _("没有编码为“%(key)s”的指标或比率。") % {"key": item.source}
    if item.rule == Rule.MANUAL and item.source:
        errors["source"] = _("人工评分项目不取数，请清空取数指标。")
    if item.rule == Rule.RATE_THRESHOLD:
        if not compute.is_ratio(item.source):
            errors["source"] = _("比率达标项目须选择一个比率。")
        if item.threshold is None or item.step is None:
            errors["threshold"] = _("请填写达标值和每低1个百分点扣分。")
    elif item.source and compute.is_ratio(item.source):
        errors["source"] = _("比率只能用于比率达标项目。")
    if item.rule in (Rule.PER_INCIDENT,) and not item.step:
        errors["step"] = _("请填写每次扣分。")
    if item.rule in (Rule.PER_INCIDENT, Rule.COUNT_TARGET) and not item.source:
        errors["source"] = _("该规则须选择取数指标。")
    if item.rule == Rule.COUNT_TARGET and not item.target:
        errors["target"] = _("请填写目标数量。")
    if item.nature != Nature.SCORED and item.source and not item.step:
        errors["step"] = _("请填写每次加（减）分。")
    if item.rule == Rule.MANUAL and not item.evidence_required and item.nature == Nature.SCORED:
        errors["evidence_required"] = _("人工评分项目须附佐证材料。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def item_save(*, actor, scheme: Scheme, item=None, **fields) -> Item:
    """Add or change an item (in the next version when the scheme is frozen)."""
    scheme = writable_scheme(actor=actor, scheme=scheme)
    item = counterpart(item, scheme) or Item(scheme=scheme)
    category = fields.pop("category", None)
    item.category = counterpart(category, scheme)
    for name, value in fields.items():
        setattr(item, name, value)
    if item.rule == Rule.MANUAL:
        item.source = ""
    _check_item(item)
    item.full_clean()
    item.save()
    _check_totals(scheme)
    return item


@transaction.atomic
def item_delete(*, actor, item: Item) -> Scheme:
    scheme = writable_scheme(actor=actor, scheme=item.scheme)
    counterpart(item, scheme).delete()
    return scheme
