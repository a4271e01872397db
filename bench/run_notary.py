#!/usr/bin/env python
"""Scale benchmarks of the 公证 line on the generated province.

    .venv/bin/python bench/run_notary.py [--database-url sqlite|postgres|URL] [--runs 5]
                                         [--explain [--explain-top N]]

Needs the records of bench/generate_notary.py. Times, in milliseconds (median of `--runs`
runs after one warm-up; each run loads the user and their grants again, as a request would):

(a) every registered `notary.*` indicator with all its breakdowns for the first city
    (`345100`) and June 2026, asked by `bench_city_leader`, through `registry.figures_grid`
    with the figures cache off; then each indicator alone;
(b) the overdue list of one notary office (`/notary/notarisations/overdue/`) as a request
    through Django's test client, as the office's own account (`bench_notary_admin`), and the
    selector alone (`overdue_list`, evaluated).
"""

from __future__ import annotations

import argparse
import os

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]
from run_practice import CITY_CODE, LEADER, MONTH, client_of, compute, explain, median_ms, page


def notary_indicators():
    from sifa.stats import registry

    return [i for i in registry.all_indicators() if i.key.startswith("notary.")]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="also print the query plans")
    parser.add_argument("--explain-top", type=int, default=4)
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    os.environ.setdefault("SIFA_TWO_FACTOR_ROLES", "")
    os.environ.setdefault("SIFA_TWO_FACTOR_CAPABILITIES", "")
    common.setup_django(url)
    from django.test.utils import setup_test_environment

    setup_test_environment()
    import generate_notary
    import run  # bench/run.py: machine notes

    from sifa.notary.models import Notarisation
    from sifa.notary.selectors.notarisations import overdue_list
    from sifa.orgs.models import Membership, Office

    city = Office.objects.get(code=CITY_CODE)
    print(f"\n{common.database_label()} — {common.describe_sizes(common.data_sizes())}")
    print("notary: " + generate_notary.describe(generate_notary.notary_sizes()))
    print(run.machine_notes() + f", load average {os.getloadavg()[0]:.2f}")
    print(f"median of {args.runs} runs after one warm-up, ms\n")

    def show(label, ms, note=""):
        print(f"{label:<66} {ms:9.1f}  {note}", flush=True)

    indicators = notary_indicators()
    in_city = Notarisation.objects.filter(office__path__startswith=city.path)
    note = (
        f"{len(indicators)} indicators, "
        f"{sum(len(i.breakdowns) for i in indicators)} breakdowns; "
        f"{in_city.count():,} notarisations in the city, "
        f"{in_city.filter(issued_on__range=MONTH).count():,} issued in the month"
    )
    show(
        f"(a) all notary indicators + breakdowns, {CITY_CODE}, {MONTH[0]:%Y-%m}",
        median_ms(lambda: compute(indicators, city, MONTH), args.runs),
        note,
    )
    print(f"\n{'indicator (with its breakdowns, alone)':<48} {'breakdowns':>10} {'ms':>9}")
    for indicator in indicators:
        ms = median_ms(lambda i=indicator: compute([i], city, MONTH), args.runs)
        print(f"{indicator.key:<48} {len(indicator.breakdowns):>10} {ms:9.1f}", flush=True)
    print()

    from django.contrib.auth import get_user_model

    office = Membership.objects.get(user__username=generate_notary.ADMIN).office
    rows = Notarisation.objects.filter(office=office)
    open_rows = rows.filter(status="accepted").count()
    note = f"{office.code}: {rows.count():,} notarisations, {open_rows:,} open"

    def selector():
        admin = get_user_model().objects.get(username=generate_notary.ADMIN)
        return list(overdue_list(actor=admin))

    show(
        "(b) overdue list, selector evaluated, the office's account",
        median_ms(selector, args.runs),
        note,
    )
    url = "/notary/notarisations/overdue/"
    page(client_of, generate_notary.ADMIN, url)
    show(
        "(b) overdue list page, the office's account",
        median_ms(lambda: page(client_of, generate_notary.ADMIN, url), args.runs),
        f"{len(selector()):,} overdue",
    )
    from django.db.models import Count

    from sifa.practice.models import Institution

    largest = (
        Institution.objects.filter(office__path__startswith=city.path, category="notary_office")
        .annotate(n=Count("notarisations"))
        .order_by("-n")
        .first()
    )

    def largest_overdue():
        leader = get_user_model().objects.get(username=LEADER)
        return list(overdue_list(actor=leader, institution=largest))

    show(
        "(b) overdue list of the city's largest office, selector, city leader",
        median_ms(largest_overdue, args.runs),
        f"{largest.office.code}: {largest.n:,} notarisations, {len(largest_overdue()):,} overdue",
    )
    if args.explain:
        explain(lambda: compute(indicators, city, MONTH), "(a)", args.explain_top)
        explain(selector, "(b) selector", args.explain_top)
        explain(lambda: page(client_of, generate_notary.ADMIN, url), "(b) page", args.explain_top)


if __name__ == "__main__":
    main()
