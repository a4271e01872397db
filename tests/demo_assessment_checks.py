"""Checks of the demo city's 2026 上半年 司法所考核 (sifa/assessment/demo.py), run with the city
loaded: two offices' scores recomputed here from the records — each indicator counted for the
office alone with `registry.value` (not the run's grid), the rules written out below (not
`sifa.assessment.rules`), the scorers' manual points as they were given."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sifa.assessment.constants import RunStatus
from sifa.assessment.models import Run, Score
from sifa.assessment.selectors.runs import office_results
from sifa.orgs import access
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.stats import registry
from sifa.stats.registry import Scope

H1 = (date(2026, 1, 1), date(2026, 6, 30))
CENT = Decimal("0.01")


def count(key: str, office) -> Decimal:
    return Decimal(registry.value(registry.get(key), Scope(office, *H1)))


def value_of(source: str, office) -> Decimal | None:
    """The item's value for the office alone: a count, or a ratio's rate (None: no denominator)."""
    try:
        ratio = registry.get_ratio(source)
    except KeyError:
        return count(source, office)
    numerator, denominator = count(ratio.numerator, office), count(ratio.denominator, office)
    if not denominator:
        return None
    return (numerator * 100 / denominator).quantize(CENT, ROUND_HALF_UP)


def points_by_hand(item, value) -> Decimal:
    top = item.max_points
    if item.nature != "scored":  # bonus / penalty: step a record, at most the item's points
        points = min(top, item.step * value)
    elif item.rule == "rate_threshold":
        points = (
            top
            if value is None or value >= item.threshold
            else top - (item.threshold - value) * item.step
        )
    elif item.rule == "per_incident":
        points = top - value * item.step
    elif item.rule == "count_target":
        points = top if value >= item.target else top * value / item.target
    else:
        raise AssertionError(item.rule)
    return max(Decimal(0), points).quantize(CENT, ROUND_HALF_UP)


def by_hand(office, scores) -> tuple[dict[str, Decimal], Decimal]:
    """Every item's points for the office and its total, as a clerk would compute them; the
    manual items as the scorer gave them."""
    points = {}
    for code, s in scores.items():
        points[code] = (
            points_by_hand(s.item, value_of(s.item.source, office)) if s.item.source else s.points
        )
    scored = sum(p for code, p in points.items() if scores[code].item.nature == "scored")
    bonus = sum(p for code, p in points.items() if scores[code].item.nature == "bonus")
    penalty = sum(p for code, p in points.items() if scores[code].item.nature == "penalty")
    total = max(Decimal(0), scored + min(bonus, Decimal(5)) - penalty)  # bonus cap 5 [M]
    return points, total.quantize(CENT, ROUND_HALF_UP)


def check_assessment(root) -> None:
    run = access.within(Run.objects.all(), root).get()
    assert run.status == RunStatus.FINALISED
    assert run.scheme.total_points == 100 and run.scheme.bonus_cap == 5
    assert [c.max_points for c in run.scheme.categories.all()] == [20, 22, 38, 20]
    offices = list(access.within(Office.objects.filter(kind=OfficeKind.JUDICIAL_OFFICE), root))
    assert run.scores.values("office").distinct().count() == len(offices) == 15
    results = office_results(run, run.scores.select_related("item", "office"))
    # 城东街道司法所 (the demo's 司法所 login, with the objection) and the last office.
    for office in (offices[0], offices[-1]):
        scores = {
            s.item.code: s
            for s in Score.objects.filter(run=run, office=office).select_related("item")
        }
        expected, total = by_hand(office, scores)
        assert {code: s.points for code, s in scores.items()} == expected, office
        assert results[office.pk].total == total, office
        for s in scores.values():  # every automatic score frozen with its records
            if s.item.source:
                assert len(s.fingerprint) == 64 and s.record_count == s.frozen_records.count()
    # Evidence behind every manual scored item, a reason behind every point lost.
    manual = Score.objects.filter(run=run, item__source="", item__evidence_required=True)
    assert not manual.filter(evidence__isnull=True).exists()
    lost = [s for s in manual.select_related("item") if s.points < s.item.max_points]
    assert all(s.reason for s in lost)
    assert run.scores.filter(objections__isnull=False).count() == 1
