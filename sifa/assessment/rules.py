"""The rule engine (评分规则): pure functions from a value to points, tested at each boundary.

Every function takes Decimals (or ints) and returns the points as a Decimal rounded to two
places, half up, never below 0 nor above the item's maximum:

* `rate_threshold`: a rate (%) at or above the threshold gives full marks; below it, `step`
  points are lost per percentage point short (调解成功率 ≥ 98% 得满分，每低1个百分点扣1分).
  A rate without a denominator (nothing to assess in the period) gives full marks [decision].
* `per_incident`: `step` points lost per record (1 point per overdue investigation), floor 0.
* `count_target`: `target` or more gives full marks, fewer the proportional share.
* `yes_no`: full marks or nothing; an automatic yes/no item is met when its count is 0
  (无民转刑案件, 无脱管).
* `manual`: the scorer's points, within [0, maximum].
* `bonus_points` / `penalty_points`: `step` a record, up to the item's maximum; the bonus of an
  office over all items is capped by the scheme's `bonus_cap` [M] (`total`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from sifa.assessment.constants import Nature, Rule

CENT = Decimal("0.01")
ZERO = Decimal(0)


def rounded(points) -> Decimal:
    return Decimal(points).quantize(CENT, ROUND_HALF_UP)


def clamp(points, maximum) -> Decimal:
    """Points within [0, maximum], rounded."""
    return rounded(min(max(Decimal(points), ZERO), Decimal(maximum)))


def rate_threshold(rate, *, maximum, threshold, step) -> Decimal:
    if rate is None or Decimal(rate) >= Decimal(threshold):
        return clamp(maximum, maximum)
    short = Decimal(threshold) - Decimal(rate)
    return clamp(Decimal(maximum) - short * Decimal(step), maximum)


def per_incident(count, *, maximum, step) -> Decimal:
    return clamp(Decimal(maximum) - Decimal(count) * Decimal(step), maximum)


def count_target(count, *, maximum, target) -> Decimal:
    if not target or Decimal(count) >= Decimal(target):
        return clamp(maximum, maximum)
    return clamp(Decimal(maximum) * Decimal(count) / Decimal(target), maximum)


def yes_no(met: bool, *, maximum) -> Decimal:
    return clamp(maximum if met else 0, maximum)


def manual(points, *, maximum) -> Decimal:
    return clamp(points, maximum)


def bonus_points(count, *, maximum, step) -> Decimal:
    """Points added (or, for a penalty item, deducted): `step` a record, at most `maximum`."""
    return clamp(Decimal(count) * Decimal(step), maximum)


penalty_points = bonus_points


def automatic_points(item, value) -> Decimal:
    """The points of an automatic item (an `Item` or anything with its fields) for `value`."""
    maximum = item.max_points
    if item.nature != Nature.SCORED:
        return bonus_points(value or 0, maximum=maximum, step=item.step or 0)
    if item.rule == Rule.RATE_THRESHOLD:
        return rate_threshold(
            value, maximum=maximum, threshold=item.threshold or 0, step=item.step or 0
        )
    if item.rule == Rule.PER_INCIDENT:
        return per_incident(value or 0, maximum=maximum, step=item.step or 0)
    if item.rule == Rule.COUNT_TARGET:
        return count_target(value or 0, maximum=maximum, target=item.target or 0)
    if item.rule == Rule.YES_NO:
        return yes_no(not value, maximum=maximum)
    raise ValueError(f"rule {item.rule!r} is not automatic")


def total(
    scored: Iterable[Decimal], bonus: Iterable[Decimal], penalty: Iterable[Decimal], *, bonus_cap
) -> Decimal:
    """An office's score for a period: the scored items, plus the bonus (at most `bonus_cap`),
    minus the penalties, never below 0."""
    added = min(sum(bonus, ZERO), Decimal(bonus_cap))
    return rounded(max(sum(scored, ZERO) + added - sum(penalty, ZERO), ZERO))


def weighted(period_totals: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """The year's score from (period total, weight %) pairs: 上半年 × 40% + 下半年 × 60%."""
    return rounded(sum((Decimal(t) * Decimal(w) / 100 for t, w in period_totals), ZERO))


def band(points, bands) -> str:
    """The band (等次) of `points`: the first [label, minimum] whose minimum it reaches."""
    for label, minimum in sorted(bands, key=lambda b: -Decimal(str(b[1]))):
        if Decimal(points) >= Decimal(str(minimum)):
            return label
    return ""
