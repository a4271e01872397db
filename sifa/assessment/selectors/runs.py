"""Reads of runs (考核): the ranking, an office's scores, a score's records and what changed
behind a frozen score."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from sifa.assessment import compute, rules
from sifa.assessment.constants import Nature, RunStatus
from sifa.assessment.freezing import frozen_digests
from sifa.assessment.models import Category, Evidence, Objection, Run, Score
from sifa.orgs import access
from sifa.orgs.models import Office
from sifa.stats import registry

ZERO = Decimal(0)


def runs(user):
    """The runs the user sees: those of the bureaus in sight, and those assessing an office in
    sight (a 司法所 sees the run it is scored in, though not the bureau that runs it)."""
    organised = access.scope(user, Run).values("pk")
    assessed = access.scope(user, Score).values("run_id")
    return Run.objects.filter(Q(pk__in=organised) | Q(pk__in=assessed)).select_related(
        "scheme", "period", "office"
    )


def run(user, pk: int) -> Run:
    """A run the user sees (see `runs`), else 404."""
    found = runs(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该记录。"))
    return found


def run_scores(user, run: Run):
    return (
        access.scope(user, Score)
        .filter(run=run)
        .select_related("item", "item__category", "office")
        .order_by("office__path", "item__order", "item__code")
    )


def score(user, pk: int) -> Score:
    qs = access.scope(user, Score).select_related(
        "item", "item__category", "office", "run", "run__period", "run__scheme", "scored_by"
    )
    return access.get_object_or_404(user, qs, pk=pk)


def evidence(user, pk: int) -> Evidence:
    return access.get_object_or_404(user, access.scope(user, Evidence), pk=pk)


def objection(user, pk: int) -> Objection:
    return access.get_object_or_404(
        user, access.scope(user, Objection).select_related("score", "score__run"), pk=pk
    )


def pending_objections(user, run: Run):
    return (
        access.scope(user, Objection)
        .filter(score__run=run, outcome="")
        .select_related("score__office", "score__item")
    )


# --- results (排名) -----------------------------------------------------------------------


@dataclass
class OfficeResult:
    office: Office
    categories: list[Decimal]
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    band: str
    unscored: int = 0
    rank: int = 0
    previous: Decimal | None = None
    change: Decimal | None = None
    scores: list[Score] = field(default_factory=list)


def office_results(run: Run, scores) -> dict[int, OfficeResult]:
    """{office pk: OfficeResult} of a run's scores (an unscored item counts 0 until scored)."""
    categories = list(Category.objects.filter(scheme_id=run.scheme_id).order_by("order", "pk"))
    by_office: dict[int, list[Score]] = defaultdict(list)
    offices = {}
    for s in scores:
        by_office[s.office_id].append(s)
        offices[s.office_id] = s.office
    results = {}
    for pk, own in by_office.items():
        per_category = {c.pk: ZERO for c in categories}
        scored, bonus, penalty = [], [], []
        for s in own:
            points = s.points or ZERO
            if s.item.nature == Nature.BONUS:
                bonus.append(points)
            elif s.item.nature == Nature.PENALTY:
                penalty.append(points)
            else:
                scored.append(points)
                per_category[s.item.category_id] = (
                    per_category.get(s.item.category_id, ZERO) + points
                )
        total = rules.total(scored, bonus, penalty, bonus_cap=run.scheme.bonus_cap)
        results[pk] = OfficeResult(
            office=offices[pk],
            categories=[per_category[c.pk] for c in categories],
            bonus=min(sum(bonus, ZERO), run.scheme.bonus_cap),
            penalty=sum(penalty, ZERO),
            total=total,
            band=rules.band(total, run.scheme.bands),
            unscored=sum(1 for s in own if s.points is None),
            scores=own,
        )
    return results


def previous_run(user, run: Run) -> Run | None:
    return (
        runs(user)
        .filter(office=run.office, period__end__lt=run.period.start)
        .order_by("-period__end")
        .first()
    )


def ranking(user, run: Run) -> tuple[list[Category], list[OfficeResult], Run | None]:
    """The offices ranked by total (ties share a rank), with the change since the previous run."""
    categories = list(Category.objects.filter(scheme_id=run.scheme_id).order_by("order", "pk"))
    results = office_results(run, run_scores(user, run))
    before = previous_run(user, run)
    earlier = office_results(before, run_scores(user, before)) if before else {}
    rows = sorted(results.values(), key=lambda r: (-r.total, r.office.path))
    for n, row in enumerate(rows):
        row.rank = rows[n - 1].rank if n and rows[n - 1].total == row.total else n + 1
        if row.office.pk in earlier:
            row.previous = earlier[row.office.pk].total
            row.change = row.total - row.previous
    return categories, rows, before


# --- a score's records ----------------------------------------------------------------------


def score_links(score: Score) -> list[tuple[str, str]]:
    """[(label, drill-down url)] of the records behind an automatic score's value."""
    if not score.item.automatic:
        return []
    period = score.run.period
    return compute.drill_downs(score.item.source, score.office, period.start, period.end)


@dataclass
class Changes:
    """The records behind a frozen score that changed since it was frozen."""

    score: Score
    added: list[str]
    removed: list[str]
    edited: list[str]

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.edited)


def _describe(indicator_key: str, pks: list[str]) -> list[str]:
    if not pks:
        return []
    model = registry.get(indicator_key).model
    found = {str(r.pk): str(r) for r in model._base_manager.filter(pk__in=pks)}
    return [found.get(pk, f"#{pk}（已删除）") for pk in pks]


def score_changes(score: Score) -> Changes | None:
    """For a finalised automatic score: the records added, removed and edited since (by their
    digests, as the report submissions' consistency check compares them)."""
    if score.run.status != RunStatus.FINALISED or not score.item.automatic:
        return None
    then = {(r.indicator, r.record_id): r.digest for r in score.frozen_records.all()}
    now = frozen_digests(score)
    added, removed, edited = [], [], []
    for kind, keys in (
        (added, [k for k in now if k not in then]),
        (removed, [k for k in then if k not in now]),
        (edited, [k for k in now if k in then and now[k] != then[k]]),
    ):
        by_indicator = defaultdict(list)
        for key, pk in keys:
            by_indicator[key].append(pk)
        for key, pks in by_indicator.items():
            kind += [f"{registry.get(key).label}：{text}" for text in _describe(key, sorted(pks))]
    return Changes(score, added, removed, edited)


def run_changes(user, run: Run) -> list[Changes]:
    """一致性核查 of a finalised run: every automatic score whose records changed."""
    if run.status != RunStatus.FINALISED:
        return []
    result = []
    scores = run_scores(user, run).exclude(item__source="").prefetch_related("frozen_records")
    for s in scores:
        s.run = run
        changes = score_changes(s)
        if changes is not None and changes.any:
            result.append(changes)
    return result


@dataclass
class YearResult:
    office: Office
    periods: list[Decimal | None]  # each run's total, None when the office was not assessed
    total: Decimal  # Σ period total × weight %, of the runs held so far
    band: str
    rank: int = 0


def year_ranking(user, scheme) -> tuple[list[Run], list[YearResult]]:
    """年度综合: the year's runs of a scheme (any version) weighted by their periods
    (上半年 × 40% + 下半年 × 60% [M]); a period without a run yet counts nothing."""
    year_runs = list(
        runs(user)
        .filter(office=scheme.office, scheme__year=scheme.year, scheme__name=scheme.name)
        .order_by("period__start")
    )
    per_run = [office_results(r, run_scores(user, r)) for r in year_runs]
    offices = {pk: result.office for results in per_run for pk, result in results.items()}
    rows = []
    for pk, office in offices.items():
        totals = [results[pk].total if pk in results else None for results in per_run]
        total = rules.weighted(
            (t, r.period.weight) for t, r in zip(totals, year_runs, strict=True) if t is not None
        )
        rows.append(YearResult(office, totals, total, rules.band(total, scheme.bands)))
    rows.sort(key=lambda r: (-r.total, r.office.path))
    for n, row in enumerate(rows):
        row.rank = rows[n - 1].rank if n and rows[n - 1].total == row.total else n + 1
    return year_runs, rows


def radar(run: Run, result: OfficeResult) -> dict:
    """The office's category points against the average of all the run's offices (ECharts radar).

    The average is an aggregate of every office of the run (the bureau's published figure), so an
    office sees it though it sees only its own scores.
    """
    categories = list(Category.objects.filter(scheme_id=run.scheme_id).order_by("order", "pk"))
    everyone = list(
        office_results(run, Score.objects.filter(run=run).select_related("item", "office")).values()
    )
    count = len(everyone) or 1
    average = [
        (sum((r.categories[i] for r in everyone), ZERO) / count).quantize(Decimal("0.01"))
        for i in range(len(categories))
    ]
    return {
        "indicators": [{"name": c.name, "max": float(c.max_points)} for c in categories],
        "office": [float(p) for p in result.categories],
        "average": [float(p) for p in average],
        "labels": [str(result.office), "全部司法所平均"],
    }


def objections_to_answer(user) -> list[Objection]:
    """Pending objections of published runs whose bureau the user scores for (`edit` on it)."""
    rows = (
        access.scope(user, Objection)
        .filter(outcome="", score__run__status=RunStatus.PUBLISHED)
        .select_related("score__office", "score__item", "score__run__office")
        .order_by("score__run__objection_deadline", "pk")
    )
    return [
        o for o in rows if access.can(user, access.Cap.EDIT, o.score.run.office, line="assessment")
    ]
