#!/usr/bin/env python
"""Scale benchmarks of forensic appraisal (司法鉴定) on the generated province.

    .venv/bin/python bench/run_forensic.py [--database-url sqlite|postgres|URL] [--runs 5]
                                           [--explain [--explain-top N]]

Needs the records of bench/generate_forensic.py. Times, in milliseconds (median of `--runs`
runs after one warm-up; each run loads the user and their grants again, as a request would):

(a) every registered `forensic.*` indicator with all its breakdowns for the first city
    (`345100`) and a month (June 2026), asked by `bench_city_leader`, through
    `registry.figures_grid` with the figures cache off — computed from the rows every time;
    then each indicator alone;
(b) the overdue list of one institution (`/forensic/cases/?due=overdue`) as a request through
    Django's test client, as the institution's own account (`bench_forensic_admin`) and as the
    city leader narrowed to the city's largest institution; and the selector alone.

`--explain` prints EXPLAIN ANALYZE (PostgreSQL) of the slowest queries.
"""

from __future__ import annotations

import argparse
import os
from datetime import date

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]
import run_practice  # the timing helpers (median_ms, client_of, explain)

CITY_CODE = "345100"
LEADER = "bench_city_leader"
ADMIN = "bench_forensic_admin"
MONTH = (date(2026, 6, 1), date(2026, 6, 30))


def forensic_indicators():
    from sifa.stats import registry

    return [i for i in registry.all_indicators() if i.key.startswith("forensic.")]


def compute(indicators, office, period):
    from sifa.stats import registry

    user = run_practice.fresh_user(LEADER)
    scope = registry.Scope(office=office, start=period[0], end=period[1], user=user)
    return registry.figures_grid(indicators, scope, [period], cached=False)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--explain-top", type=int, default=4)
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    os.environ.setdefault("SIFA_TWO_FACTOR_ROLES", "")
    os.environ.setdefault("SIFA_TWO_FACTOR_CAPABILITIES", "")
    common.setup_django(url)
    from django.db.models import Count
    from django.test.utils import setup_test_environment

    setup_test_environment()
    import generate_forensic
    import run

    from sifa.forensic.models import Case
    from sifa.forensic.selectors import cases as selectors
    from sifa.orgs.models import Office

    city = Office.objects.get(code=CITY_CODE)
    print(f"\n{common.database_label()} — {common.describe_sizes(common.data_sizes())}")
    print("forensic: " + generate_forensic.describe(generate_forensic.forensic_sizes()))
    print(run.machine_notes() + f", load average {os.getloadavg()[0]:.2f}")
    print(f"median of {args.runs} runs after one warm-up, ms\n")

    def show(label, ms, note=""):
        print(f"{label:<66} {ms:9.1f}  {note}", flush=True)

    median = run_practice.median_ms
    indicators = forensic_indicators()
    in_city = Case.objects.filter(office__path__startswith=city.path)
    month_cases = in_city.filter(received_on__range=MONTH).count()
    show(
        f"(a) all {len(indicators)} forensic indicators, city month",
        median(lambda: compute(indicators, city, MONTH), args.runs),
        f"{in_city.count():,} cases in the city, {month_cases:,} received in the month",
    )
    for indicator in indicators:
        show(
            f"    {indicator.key}", median(lambda i=indicator: compute([i], city, MONTH), args.runs)
        )

    admin = run_practice.fresh_user(ADMIN)
    own = selectors.case_list(actor=admin, due=selectors.DUE_OVERDUE)
    first = own.first()
    total = Case.objects.filter(office=first.office).count() if first else 0

    def overdue_page():
        actor = run_practice.fresh_user(ADMIN)
        return list(selectors.case_list(actor=actor, due=selectors.DUE_OVERDUE)[:50])

    show(
        "(b) overdue list of the admin's institution: selector, first page",
        median(overdue_page, args.runs),
        f"{own.count():,} overdue of {total:,} cases",
    )
    url = "/forensic/cases/?due=overdue"
    client = run_practice.client_of(ADMIN)
    show(
        "    the page as the institution's account",
        median(lambda: run_practice.page(lambda _u: client, ADMIN, url), args.runs),
    )
    largest = (
        in_city.values("office").annotate(n=Count("id")).order_by("-n").values_list("office", "n")
    )[:1]
    if largest:
        office_id, n = largest[0]
        within = f"{url}&within={office_id}"
        show(
            "    the page as the city leader, narrowed to the largest institution",
            median(lambda: run_practice.page(run_practice.client_of, LEADER, within), args.runs),
            f"{n:,} cases",
        )
    if args.explain:
        run_practice.explain(lambda: compute(indicators, city, MONTH), "(a)", args.explain_top)
        run_practice.explain(
            lambda: run_practice.page(lambda _u: client, ADMIN, url), "(b)", args.explain_top
        )


if __name__ == "__main__":
    main()
