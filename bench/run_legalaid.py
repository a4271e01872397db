#!/usr/bin/env python
"""Scale benchmarks of legal aid (法律援助) and 12348 on the generated province.

    .venv/bin/python bench/run_legalaid.py [--database-url sqlite|postgres|URL] [--runs 5]
                                           [--explain] [--explain-over MS]

Needs the records of bench/generate_legalaid.py. Times, in milliseconds (median of `--runs`
runs after one warm-up; each run loads the user and their grants again, as a request would),
for the first city (`345100`) asked by `bench_city_leader`:

(a) June 2026 and (b) 2026-01-01 .. 06-30: every registered `legalaid.*` indicator with all its
    breakdowns through `registry.figures_many` (indicators on the same records share a query,
    as a page listing them all asks), in total; and each indicator alone (`registry.figures`);
(c) page 1 (50 rows) + count of `application_list(actor=…)` for the city leader.

`--explain` prints the plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite) of the
grouped query of every indicator slower than `--explain-over` ms (default 300) for (b).
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

PAGE_SIZE = 50
CITY_CODE = "345100"  # the first city: bench_city_leader's office
USER = "bench_city_leader"
MONTH = (date(2026, 6, 1), date(2026, 6, 30))
HALF_YEAR = (date(2026, 1, 1), date(2026, 6, 30))


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


def legalaid_indicators():
    from sifa.stats import registry

    return [i for i in registry.all_indicators() if i.key.startswith("legalaid.")]


def scope_for(office, period):
    from sifa.stats import registry

    return registry.Scope(office=office, start=period[0], end=period[1], user=fresh_user(USER))


def all_indicators(office, period):
    """Every legal-aid indicator with its breakdowns (`registry.figures_many`)."""
    from sifa.stats import registry

    return registry.figures_many(legalaid_indicators(), scope_for(office, period))


def one_indicator(indicator, office, period):
    """The value and every breakdown of one indicator, as its page reads them."""
    from sifa.stats import registry

    return registry.figures(indicator, scope_for(office, period))


def application_page():
    from django.core.paginator import Paginator

    from sifa.legalaid.selectors.applications import application_list

    paginator = Paginator(application_list(actor=fresh_user(USER)), PAGE_SIZE)
    page = paginator.page(1)
    return paginator.count, len(list(page.object_list))


def queries_of(call) -> list[str]:
    """The SQL a call sends (parameters inlined by the driver's client-side binding)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return [q["sql"] for q in captured.captured_queries]


def explain(indicator, office, period) -> None:
    """The plan of the indicator's grouped query (the last query `figures` sends)."""
    from django.db import connection

    statements = [
        sql
        for sql in queries_of(lambda: one_indicator(indicator, office, period))
        if "legalaid_" in sql
    ]
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for sql in statements:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            plan = "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
        print(f"\n-- {indicator.key}\n{sql}\n{plan}", flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="also print the slow plans")
    parser.add_argument("--explain-over", type=float, default=300.0)
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.setup_django(url)
    import generate_legalaid
    import run  # bench/run.py: machine notes

    from sifa.orgs.models import Office
    from sifa.stats import registry

    city = Office.objects.get(code=CITY_CODE)
    print(f"\n{common.database_label()} — {common.describe_sizes(common.data_sizes())}")
    print("legal aid: " + generate_legalaid.describe(generate_legalaid.legalaid_sizes()))
    print(run.machine_notes())
    print(f"median of {args.runs} runs after one warm-up, ms\n")

    def show(label, ms, note=""):
        print(f"{label:<62} {ms:9.1f}  {note}", flush=True)

    indicators = legalaid_indicators()
    per_indicator: dict[str, dict[str, float]] = {}
    for tag, period in (("a", MONTH), ("b", HALF_YEAR)):
        figures = all_indicators(city, period)
        accepted = figures["legalaid.cases_accepted"].value
        consulted = figures["legalaid.consultations"].value
        note = (
            f"{period[0]}..{period[1]}: {accepted:,} accepted, {consulted:,} consultations, "
            f"{len(indicators)} indicators, "
            f"{sum(len(i.breakdowns) for i in indicators)} breakdowns"
        )
        sent = queries_of(lambda p=period: all_indicators(city, p))
        grouped = sum("legalaid_" in sql for sql in sent)
        ms = median_ms(lambda p=period: all_indicators(city, p), args.runs)
        show(f"({tag}) all legal-aid indicators (figures_many), {CITY_CODE}", ms, note)
        print(f"{'':<62} {'':>9}  {len(sent)} queries, {grouped} of them on legal-aid tables")
        for indicator in indicators:
            per_indicator.setdefault(indicator.key, {})[tag] = median_ms(
                lambda i=indicator, p=period: one_indicator(i, city, p), args.runs
            )
    total_a = sum(v["a"] for v in per_indicator.values())
    total_b = sum(v["b"] for v in per_indicator.values())
    print(f"\n{'indicator (figures, with its breakdowns)':<44} {'bd':>3} {'(a)':>9} {'(b)':>9}")
    for indicator in indicators:
        figures = per_indicator[indicator.key]
        print(
            f"{indicator.key:<44} {len(indicator.breakdowns):>3} "
            f"{figures['a']:9.1f} {figures['b']:9.1f}"
        )
    print(f"{'sum of the per-indicator medians':<44} {'':>3} {total_a:9.1f} {total_b:9.1f}\n")

    total, _rows = application_page()
    show(
        f"(c) application_list page 1 + count, {USER}",
        median_ms(application_page, args.runs),
        f"{total:,} applications in scope",
    )

    if args.explain:
        slow = [i for i in indicators if per_indicator[i.key]["b"] > args.explain_over]
        print(f"\nplans of the indicators over {args.explain_over:.0f} ms in (b): {len(slow)}")
        for indicator in slow:
            explain(registry.get(indicator.key), city, HALF_YEAR)


if __name__ == "__main__":
    main()
