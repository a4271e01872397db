#!/usr/bin/env python
"""Scale benchmarks of lawyers and grassroots legal services (律师和基层法律服务) on the
generated province.

    .venv/bin/python bench/run_practice.py [--database-url sqlite|postgres|URL] [--runs 5]
                                           [--explain [--explain-top N]]

Needs the records of bench/generate_practice.py. Times, in milliseconds (median of `--runs`
runs after one warm-up; each run loads the user and their grants again, as a request would):

(a) every registered `practice.*` indicator with all its breakdowns for the first city
    (`345100`) and June 2026, asked by `bench_city_leader`, through `registry.figures_grid`
    (indicators on the same records share one grouped query, as `figures_many` and the pages
    do) with the figures cache off — computed from the rows every time; then each indicator
    alone;
(b) the register list of one firm, as a request through Django's test client (middleware,
    view, template): 业务登记台账 (`/practice/matters/`) as the firm's own account
    (`bench_firm_admin`, 执业机构管理员), the same list narrowed to that firm by the city
    leader (`?within=`), and the firm's page with its register (`/practice/institutions/<pk>/`);
    for the firm of `bench_firm_admin` and for the city's largest firm.

`--explain` prints EXPLAIN ANALYZE (PostgreSQL) of the `--explain-top` slowest queries of (a)
and of each page of (b).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

CITY_CODE = "345100"  # the first city: bench_city_leader's office
LEADER = "bench_city_leader"
MONTH = (date(2026, 6, 1), date(2026, 6, 30))


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


def practice_indicators():
    from sifa.stats import registry

    return [i for i in registry.all_indicators() if i.key.startswith("practice.")]


def compute(indicators, office, period, *, cached=False):
    """The figures of `indicators` with every breakdown, computed (the cache is off) or, with
    `cached`, as a page asks (served from the figures cache while nothing changed)."""
    from sifa.stats import registry

    scope = registry.Scope(office=office, start=period[0], end=period[1], user=fresh_user(LEADER))
    return registry.figures_grid(indicators, scope, [period], cached=cached)


def page(client_of, username: str, url: str):
    response = client_of(username).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


_CLIENTS: dict = {}


def client_of(username: str):
    """A test client signed in as `username` (no password check), kept per user."""
    from django.test import Client

    if username not in _CLIENTS:
        client = Client()
        client.force_login(
            fresh_user(username), backend="sifa.accounts.backends.RolePermissionBackend"
        )
        _CLIENTS[username] = client
    return _CLIENTS[username]


def captured(call):
    """The queries `call` sends, slowest first: [(ms, sql)]."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        call()
    rows = [(float(q["time"]) * 1000, q["sql"]) for q in context.captured_queries]
    return sorted(rows, key=lambda r: -r[0])


def explain(call, label: str, top: int) -> None:
    from django.db import connection

    queries = captured(call)
    total = sum(ms for ms, _sql in queries)
    print(f"\n=== {label}: {len(queries)} queries, {total:.1f} ms of SQL ===")
    for ms, sql in queries[:top]:
        print(f"\n-- {ms:.1f} ms\n{sql[:1500]}")
        if connection.vendor == "postgresql" and sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print("\n".join(row[0] for row in cursor.fetchall()))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="also print the query plans")
    parser.add_argument("--explain-top", type=int, default=4)
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    # As bench/load/profile_pages.py: no second factor for the benchmark users' sessions.
    os.environ.setdefault("SIFA_TWO_FACTOR_ROLES", "")
    os.environ.setdefault("SIFA_TWO_FACTOR_CAPABILITIES", "")
    common.setup_django(url)
    from django.db.models import Count
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, as in a test
    import generate_practice
    import run  # bench/run.py: machine notes

    from sifa.orgs.models import Membership, Office
    from sifa.practice.models import Institution, Matter

    city = Office.objects.get(code=CITY_CODE)
    print(f"\n{common.database_label()} — {common.describe_sizes(common.data_sizes())}")
    print("practice: " + generate_practice.describe(generate_practice.practice_sizes()))
    print(run.machine_notes() + f", load average {os.getloadavg()[0]:.2f}")
    print(f"median of {args.runs} runs after one warm-up, ms\n")

    def show(label, ms, note=""):
        print(f"{label:<66} {ms:9.1f}  {note}", flush=True)

    # (a)
    indicators = practice_indicators()
    in_city = Matter.objects.filter(office__path__startswith=city.path)
    note = (
        f"{len(indicators)} indicators, "
        f"{sum(len(i.breakdowns) for i in indicators)} breakdowns; "
        f"{in_city.count():,} register rows in the city, "
        f"{in_city.filter(accepted_on__range=MONTH).count():,} accepted in the month"
    )
    show(
        f"(a) all practice indicators + breakdowns, {CITY_CODE}, {MONTH[0]:%Y-%m}",
        median_ms(lambda: compute(indicators, city, MONTH), args.runs),
        note,
    )
    show(
        "(a') the same through the figures cache (a page's default), repeated",
        median_ms(lambda: compute(indicators, city, MONTH, cached=True), args.runs),
    )
    print(f"\n{'indicator (with its breakdowns, alone)':<48} {'breakdowns':>10} {'ms':>9}")
    for indicator in indicators:
        ms = median_ms(lambda i=indicator: compute([i], city, MONTH), args.runs)
        print(f"{indicator.key:<48} {len(indicator.breakdowns):>10} {ms:9.1f}", flush=True)
    print()

    # (b)
    own = Membership.objects.get(user__username=generate_practice.FIRM_ADMIN).office
    largest = (
        Institution.objects.filter(office__path__startswith=city.path, category="law_firm")
        .annotate(n=Count("matters"))
        .order_by("-n")
        .first()
    )
    firms = [("first firm", Institution.objects.get(office=own))]
    if largest.pk != firms[0][1].pk:
        firms.append(("largest firm", largest))
    pages = []
    for label, firm in firms:
        rows = firm.matters.count()
        note = f"{firm.office.code}: {rows:,} register rows"
        if label == "first firm":
            pages.append(
                (
                    "(b) 业务登记台账, the firm's own account",
                    "bench_firm_admin",
                    "/practice/matters/",
                    note,
                )
            )
        pages.append(
            (f"(b) 业务登记台账 ?within=, city leader, {label}", LEADER,
             f"/practice/matters/?within={firm.office_id}", note)
        )  # fmt: skip
        pages.append(
            (f"(b) the firm's page with its register, city leader, {label}", LEADER,
             f"/practice/institutions/{firm.pk}/", note)
        )  # fmt: skip
    for label, username, url, note in pages:
        page(client_of, username, url)
        show(label, median_ms(lambda u=username, p=url: page(client_of, u, p), args.runs), note)

    if args.explain:
        explain(lambda: compute(indicators, city, MONTH), "(a)", args.explain_top)
        for label, username, url, _note in pages:
            explain(lambda u=username, p=url: page(client_of, u, p), label, args.explain_top)


if __name__ == "__main__":
    main()
