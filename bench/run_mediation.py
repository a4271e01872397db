#!/usr/bin/env python
"""Scale benchmarks of people's mediation (人民调解) on the generated province.

    .venv/bin/python bench/run_mediation.py [--database-url sqlite|postgres|URL] [--runs 5]
                                            [--explain]

Needs the cases of bench/generate_mediation.py. Times, in milliseconds (median of `--runs`
runs after one warm-up; each run loads the user and their grants again, as a request would):

(a) every registered `mediation.*` indicator with all its breakdowns (`registry.value` and
    `registry.breakdown_values` per breakdown), one month, a city subtree, asked by the city
    leader — in total and per indicator;
(b) the same for a half-year and the whole province, asked by the province leader;
(c) page 1 (50 rows) + count of `case_list(actor=…)` for the township clerk and the city leader;
(d) one hand-written SQL query giving the city month's accepted and succeeded cases by dispute
    type and the agreement amount, against (a') the same figures through the registry.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

PAGE_SIZE = 50
CITY_CODE = "345100"  # the first city: bench_city_leader's office
MONTH = (date(2026, 6, 1), date(2026, 6, 30))
HALF_YEAR = (date(2026, 1, 1), date(2026, 6, 30))
# The registry figures the hand-written query reproduces (d).
SAME_FIGURES = (
    ("mediation.cases_accepted", "type"),
    ("mediation.cases_succeeded", "type"),
    ("mediation.agreement_amount", None),
)


def median_ms(call, runs: int) -> float:
    call()  # warm-up: caches, prepared plans
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def fresh_user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def mediation_indicators():
    from sifa.stats import registry

    return [i for i in registry.all_indicators() if i.key.startswith("mediation.")]


def scope_for(username: str, office, period):
    from sifa.stats import registry

    return registry.Scope(office=office, start=period[0], end=period[1], user=fresh_user(username))


def indicator_with_breakdowns(indicator, username, office, period):
    """The value and every breakdown, as the indicator page reads them (`registry.figures`)."""
    from sifa.stats import registry

    return registry.figures(indicator, scope_for(username, office, period))


def indicator_separately(indicator, username, office, period):
    """The same figures the way the pages read them before: one query per breakdown."""
    from sifa.stats import registry

    scope = scope_for(username, office, period)
    figures = [registry.value(indicator, scope)]
    for b in indicator.breakdowns:
        figures.append(registry.breakdown_values(indicator, scope, b.key))
    return figures


def all_indicators(username, office, period):
    """Every mediation indicator with its breakdowns, indicators on the same records sharing a
    query (`registry.figures_many`, as a page listing them all would ask)."""
    from sifa.stats import registry

    if indicator_with_breakdowns is indicator_separately:
        return [indicator_separately(i, username, office, period) for i in mediation_indicators()]
    return registry.figures_many(mediation_indicators(), scope_for(username, office, period))


def same_figures_registry(username, office, period):
    """(a'): accepted and succeeded by type, and the agreement amount, through the registry."""
    from sifa.stats import registry

    scope = scope_for(username, office, period)
    result = {}
    for key, breakdown in SAME_FIGURES:
        indicator = registry.get(key)
        result[key] = (
            registry.breakdown_values(indicator, scope, breakdown)
            if breakdown
            else registry.value(indicator, scope)
        )
    return result


HAND_SQL = """
SELECT dispute_type, SUM(accepted), SUM(succeeded), SUM(amount)
FROM (
    SELECT c.dispute_type, 1 AS accepted, 0 AS succeeded, 0 AS amount
    FROM mediation_mediationcase c
    JOIN orgs_office o ON o.id = c.office_id
    WHERE o.path LIKE %(prefix)s AND c.received_on BETWEEN %(start)s AND %(end)s
    UNION ALL
    SELECT c.dispute_type, 0, 1, a.amount
    FROM mediation_agreement a
    JOIN orgs_office o ON o.id = a.office_id
    JOIN mediation_mediationcase c ON c.id = a.case_id
    WHERE o.path LIKE %(prefix)s AND a.effective_on BETWEEN %(start)s AND %(end)s
) AS figures
GROUP BY dispute_type
"""


def hand_written(office, period):
    """(d): the figures of (a') in one query (the user's subtree is the office's: city leader)."""
    from django.db import connection

    params = {"start": period[0], "end": period[1], "prefix": office.path + "%"}
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, params)
        return cursor.fetchall()


def check_same(registry_figures, hand_rows) -> str:
    """Whether (a') and (d) agree — a benchmark of two different things would be meaningless."""
    accepted = {v: n for v, _label, n in registry_figures["mediation.cases_accepted"]}
    succeeded = {v: n for v, _label, n in registry_figures["mediation.cases_succeeded"]}
    hand_accepted = {t: n for t, n, _s, _a in hand_rows if n}
    hand_succeeded = {t: s for t, _n, s, _a in hand_rows if s}
    amount = sum((a or 0) for *_rest, a in hand_rows)
    same = (
        accepted == hand_accepted
        and succeeded == hand_succeeded
        and amount == registry_figures["mediation.agreement_amount"]
    )
    return "figures agree" if same else "FIGURES DIFFER"


def case_page(username: str):
    from django.core.paginator import Paginator

    from sifa.mediation.selectors.cases import case_list

    paginator = Paginator(case_list(actor=fresh_user(username)), PAGE_SIZE)
    page = paginator.page(1)
    return paginator.count, len(list(page.object_list))


def mediation_sizes() -> str:
    import generate_mediation

    return generate_mediation.describe(generate_mediation.mediation_sizes())


def explain(office, period, slowest) -> None:
    from django.db import connection

    from sifa.stats import registry

    scope = scope_for("bench_city_leader", office, period)
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    for indicator in slowest:
        qs = registry.records(indicator, scope).order_by()
        print(f"\n-- {indicator.key}: value\n{qs.values('pk').explain(**options)}")
    with connection.cursor() as cursor:
        prefix = "EXPLAIN ANALYZE" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
        cursor.execute(
            prefix + HAND_SQL,
            {"start": period[0], "end": period[1], "prefix": office.path + "%"},
        )
        print("\n-- hand-written query\n" + "\n".join(str(r) for r in cursor.fetchall()))


def measure_period(user, office, period, runs, per_indicator, tag):
    """(total ms, note) for every indicator at once; fills per_indicator[key][tag]."""
    accepted = same_figures_registry(user, office, period)["mediation.cases_accepted"]
    note = f"{period[0]}..{period[1]}: {sum(n for *_x, n in accepted):,} cases accepted"
    total_ms = median_ms(lambda: all_indicators(user, office, period), runs)
    for indicator in mediation_indicators():
        ms = median_ms(lambda i=indicator: indicator_with_breakdowns(i, user, office, period), runs)
        per_indicator.setdefault(indicator.key, {})[tag] = ms
    return total_ms, note


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="also print the query plans")
    parser.add_argument(
        "--separately",
        action="store_true",
        help="compare: value and each breakdown in a query of its own (the earlier way)",
    )
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.setup_django(url)
    if args.separately:
        global indicator_with_breakdowns
        indicator_with_breakdowns = indicator_separately
    import run  # bench/run.py: machine notes

    from sifa.orgs.models import Office

    city = Office.objects.get(code=CITY_CODE)
    province = Office.objects.get(code=common.ROOT_CODE)
    print(f"\n{common.database_label()} — {common.describe_sizes(common.data_sizes())}")
    print(f"mediation: {mediation_sizes()}")
    print(run.machine_notes())
    print(f"median of {args.runs} runs after one warm-up, ms\n")

    def show(label, ms, note=""):
        print(f"{label:<62} {ms:9.1f}  {note}", flush=True)

    # (a) and (b), in total and per indicator
    per_indicator = {}
    for tag, user, office, period in (
        ("a", "bench_city_leader", city, MONTH),
        ("b", "bench_province_leader", province, HALF_YEAR),
    ):
        total_ms, note = measure_period(user, office, period, args.runs, per_indicator, tag)
        show(f"({tag}) all mediation indicators + breakdowns, {office.code}", total_ms, note)
    print(f"\n{'indicator (with its breakdowns)':<40} {'breakdowns':>10} {'(a)':>9} {'(b)':>9}")
    for indicator in mediation_indicators():
        figures = per_indicator[indicator.key]
        print(
            f"{indicator.key:<40} {len(indicator.breakdowns):>10} "
            f"{figures['a']:9.1f} {figures['b']:9.1f}"
        )
    print()

    # (c)
    for user in ("bench_township_clerk", "bench_city_leader"):
        total, _rows = case_page(user)
        show(
            f"(c) case_list page 1 + count, {user}",
            median_ms(lambda u=user: case_page(u), args.runs),
            f"{total:,} cases in scope",
        )

    # (a') against (d)
    registry_ms = median_ms(
        lambda: same_figures_registry("bench_city_leader", city, MONTH), args.runs
    )
    hand_ms = median_ms(lambda: hand_written(city, MONTH), args.runs)
    agreement = check_same(
        same_figures_registry("bench_city_leader", city, MONTH), hand_written(city, MONTH)
    )
    show("(a') accepted + succeeded by type, amount: registry, city month", registry_ms)
    show("(d)  the same in one hand-written SQL query", hand_ms, agreement)
    all_a = median_ms(lambda: all_indicators("bench_city_leader", city, MONTH), args.runs)
    print(f"\nratio (a')/(d): {registry_ms / hand_ms:.1f}; ratio (a)/(d): {all_a / hand_ms:.1f}")

    if args.explain:
        slowest = sorted(mediation_indicators(), key=lambda i: -per_indicator[i.key]["a"])[:3]
        explain(city, MONTH, slowest)


if __name__ == "__main__":
    main()
