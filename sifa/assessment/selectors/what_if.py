"""试算 (what-if): a scheme (typically the next, unfrozen version) applied to the current records
of a run's period, ranked beside the run, before the section adopts it. Nothing is saved.

Automatic items are read from the registry's grid as a run reads them (`compute.office_values`)
and scored by the same rules; a manual item takes the points the run's scorer gave the item of the
same code (within the new maximum), or 0 when the run had no such item.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sifa.assessment import compute, rules
from sifa.assessment.constants import Nature
from sifa.assessment.models import Item, Run, Scheme
from sifa.assessment.selectors.runs import office_results, run_scores
from sifa.orgs import access
from sifa.orgs.models import Office

ZERO = Decimal(0)


@dataclass
class Tried:
    office: Office
    total: Decimal
    band: str
    rank: int
    run_total: Decimal
    run_rank: int

    @property
    def moved(self) -> int:
        """Places gained (positive) or lost (negative) against the run."""
        return self.run_rank - self.rank


def _ranks(totals: dict[int, Decimal]) -> dict[int, int]:
    ordered = sorted(totals.items(), key=lambda kv: -kv[1])
    ranks, previous = {}, None
    for n, (pk, total) in enumerate(ordered):
        ranks[pk] = ranks[previous] if n and ordered[n - 1][1] == total else n + 1
        previous = pk
    return ranks


def what_if(user, scheme: Scheme, run: Run) -> list[Tried]:
    items = list(access.scope(user, Item).filter(scheme=scheme))
    scores = list(run_scores(user, run))
    offices = sorted({s.office for s in scores}, key=lambda o: o.path)
    given = {(s.office_id, s.item.code): s.points or ZERO for s in scores}
    values = compute.office_values(
        {i.source for i in items if i.source}, offices, [(run.period.start, run.period.end)]
    )
    totals = {}
    for office in offices:
        parts = {Nature.SCORED: [], Nature.BONUS: [], Nature.PENALTY: []}
        for item in items:
            if item.source:
                points = rules.automatic_points(item, values[(item.source, office.pk, 0)].value)
            else:
                points = rules.manual(
                    given.get((office.pk, item.code), ZERO), maximum=item.max_points
                )
            parts[item.nature].append(points)
        totals[office.pk] = rules.total(
            parts[Nature.SCORED], parts[Nature.BONUS], parts[Nature.PENALTY],
            bonus_cap=scheme.bonus_cap,
        )  # fmt: skip
    before = {pk: r.total for pk, r in office_results(run, scores).items()}
    ranks, run_ranks = _ranks(totals), _ranks(before)
    rows = [
        Tried(o, totals[o.pk], rules.band(totals[o.pk], scheme.bands), ranks[o.pk],
              before[o.pk], run_ranks[o.pk])
        for o in offices
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (r.rank, r.office.path))
