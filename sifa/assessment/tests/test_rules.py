"""The rule engine at each boundary (pure functions, no database)."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from sifa.assessment import rules
from sifa.assessment.constants import Nature, Rule


def test_rate_exactly_at_the_threshold_gets_full_marks_and_below_loses_by_the_slope():
    assert rules.rate_threshold(D("98.00"), maximum=10, threshold=98, step=1) == D("10.00")
    assert rules.rate_threshold(D("97.99"), maximum=10, threshold=98, step=1) == D("9.99")
    assert rules.rate_threshold(D("95.5"), maximum=10, threshold=98, step=2) == D("5.00")
    assert rules.rate_threshold(D("100"), maximum=10, threshold=98, step=1) == D("10.00")


def test_rate_far_below_stops_at_zero_and_no_denominator_is_full_marks():
    assert rules.rate_threshold(D("50"), maximum=10, threshold=98, step=1) == D("0.00")
    assert rules.rate_threshold(None, maximum=10, threshold=98, step=1) == D("10.00")


def test_per_incident_deducts_until_zero():
    assert rules.per_incident(0, maximum=8, step=1) == D("8.00")
    assert rules.per_incident(3, maximum=8, step=D("0.5")) == D("6.50")
    assert rules.per_incident(8, maximum=8, step=1) == D("0.00")
    assert rules.per_incident(9, maximum=8, step=1) == D("0.00")  # floor 0


def test_count_target_full_at_the_target_proportional_below():
    assert rules.count_target(2, maximum=6, target=2) == D("6.00")
    assert rules.count_target(5, maximum=6, target=2) == D("6.00")
    assert rules.count_target(1, maximum=6, target=2) == D("3.00")
    assert rules.count_target(0, maximum=6, target=2) == D("0.00")
    assert rules.count_target(1, maximum=5, target=3) == D("1.67")


def test_yes_no_and_manual_within_the_maximum():
    assert rules.yes_no(True, maximum=5) == D("5.00")
    assert rules.yes_no(False, maximum=5) == D("0.00")
    assert rules.manual(D("4.5"), maximum=5) == D("4.50")
    assert rules.manual(7, maximum=5) == D("5.00")
    assert rules.manual(-1, maximum=5) == D("0.00")


def test_bonus_above_its_maximum_is_capped_and_the_total_bonus_by_the_scheme():
    assert rules.bonus_points(3, maximum=2, step=1) == D("2.00")
    assert rules.bonus_points(2, maximum=2, step=1) == D("2.00")
    assert rules.bonus_points(1, maximum=2, step=D("0.5")) == D("0.50")
    # 96 + bonus 3 + 3 capped at 5 - penalty 2 = 99
    assert rules.total([D(96)], [D(3), D(3)], [D(2)], bonus_cap=5) == D("99.00")
    assert rules.total([D(96)], [D(5)], [], bonus_cap=5) == D("101.00")
    assert rules.total([D(1)], [], [D(3)], bonus_cap=5) == D("0.00")  # never below 0


def test_weighted_year_and_bands_at_their_minimum():
    assert rules.weighted([(D(80), D(40)), (D(90), D(60))]) == D("86.00")
    bands = [["优秀", 90], ["良好", 80], ["合格", 60], ["不合格", 0]]
    assert rules.band(D("90.00"), bands) == "优秀"
    assert rules.band(D("89.99"), bands) == "良好"
    assert rules.band(D("60"), bands) == "合格"
    assert rules.band(D("59.99"), bands) == "不合格"


@pytest.mark.parametrize(
    ("rule", "nature", "value", "expected"),
    [
        (Rule.RATE_THRESHOLD, Nature.SCORED, D("97"), D("8.00")),
        (Rule.PER_INCIDENT, Nature.SCORED, D("3"), D("4.00")),
        (Rule.COUNT_TARGET, Nature.SCORED, D("1"), D("5.00")),
        (Rule.YES_NO, Nature.SCORED, D("0"), D("10.00")),
        (Rule.YES_NO, Nature.SCORED, D("1"), D("0.00")),
        (Rule.PER_INCIDENT, Nature.BONUS, D("30"), D("10.00")),
        (Rule.PER_INCIDENT, Nature.PENALTY, D("3"), D("6.00")),
    ],
)
def test_an_items_rule_picks_its_function(rule, nature, value, expected):
    item = SimpleNamespace(
        rule=rule, nature=nature, max_points=D(10), threshold=D(98), step=D(2), target=2
    )
    assert rules.automatic_points(item, value) == expected
