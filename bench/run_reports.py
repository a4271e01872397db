#!/usr/bin/env python
"""Scale benchmarks of the reporting layer (月报表, 工作总结, 领导驾驶舱) on the generated province.

    .venv/bin/python bench/run_reports.py [--database-url sqlite|postgres|URL] [--runs 5]

Needs the data of bench/generate.py, generate_mediation.py, generate_legalaid.py and
generate_corrections.py. Times in milliseconds, median of `--runs` runs after one warm-up; each
run loads the user and their grants again, as a request would:

(a)  the complete monthly report set (every form of every line: 本月, 本年累计, 同比, 环比, split
     by sub-office and by the forms' breakdown columns), June 2026, a city subtree, asked by the
     city leader; (a-sys) the same without a user, as a submission freezes it;
(b)  drafting the built-in half-year work summary, 2026-01-01..06-30, for the city (text);
(c)  the leader dashboard of the city for June 2026 (what its page computes);
(a') three main figures of three tables through the registry grid — 人民调解 受理 by dispute
     type, 法律援助 受理 by matter type, 社区矫正 新接收 — per sub-office, for the four periods
     of a monthly report; (d) the same figures by hand-written SQL, one pass per table.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

CITY_CODE = "345100"  # the first city: bench_city_leader's office
LEADER = "bench_city_leader"
MONTH = (date(2026, 6, 1), date(2026, 6, 30))
HALF_YEAR = (date(2026, 1, 1), date(2026, 6, 30))
# (indicator, breakdown or None): the figures (a') and (d) both compute.
SAME_FIGURES = (
    ("mediation.cases_accepted", "type"),
    ("legalaid.cases_accepted", "matter_type"),
    ("corrections.received", None),
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


def report_set(office, user=True):
    from sifa.reports import compute, definitions

    who = fresh_user(LEADER) if user else None
    return compute.compute_set(definitions.all_forms(), office, *MONTH, user=who)


def summary_text(office):
    from sifa.reports import summary, summary_defaults

    template = summary_defaults.default_template("half_year")
    rendered = summary.render(
        template.title, template.body, office, *HALF_YEAR, user=fresh_user(LEADER)
    )
    return rendered.text()


def dashboard(office):
    from sifa.reports import dashboard as dashboard_module

    return dashboard_module.build(
        fresh_user(LEADER), office, MONTH[1].year, MONTH[1].month, today=date.today()
    )


def month_periods():
    from sifa.reports.definitions import DEFAULT_MEASURES
    from sifa.reports.periods import Periods

    return Periods.of(*MONTH).needed(DEFAULT_MEASURES)


def same_figures_registry(office) -> dict:
    """(a'): {(key, period index, branch path, bucket): value} through `figures_grid`."""
    from sifa.stats import registry

    scope = registry.Scope(office, *MONTH, user=fresh_user(LEADER))
    indicators = [registry.get(key) for key, _b in SAME_FIGURES]
    shown = {key: {b} if b else set() for key, b in SAME_FIGURES}
    grid = registry.figures_grid(
        indicators, scope, month_periods(), branches=True, breakdowns=shown
    )
    result = {}
    for (key, p), figures in grid.items():
        breakdown = dict(SAME_FIGURES)[key]
        for path, tables in (figures.branch_breakdowns or {}).items():
            if breakdown:
                for stored, v in tables[breakdown].items():
                    if v:
                        result[(key, p, path, stored)] = v
        for child, v in figures.branches:
            if v and not breakdown:
                result[(key, p, child.path if child else office.path, None)] = v
    return result


def _period_sums(column: str, periods) -> tuple[str, dict]:
    sums, params = [], {}
    for p, (start, end) in enumerate(periods):
        params[f"s{p}"], params[f"e{p}"] = start, end
        sums.append(f"SUM(CASE WHEN {column} BETWEEN %(s{p})s AND %(e{p})s THEN 1 ELSE 0 END)")
    return ", ".join(sums), params


def _day_ranges(column: str, periods) -> tuple[str, dict]:
    """The periods' days as disjoint BETWEEN ranges (本年累计 and 上年同月), ORed."""
    merged = []
    for start, end in sorted(periods):
        if merged and (start - merged[-1][1]).days <= 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    conditions, params = [], {}
    for n, (start, end) in enumerate(merged):
        params[f"rs{n}"], params[f"re{n}"] = start, end
        conditions.append(f"{column} BETWEEN %(rs{n})s AND %(re{n})s")
    return " OR ".join(conditions), params


HAND_SQL = {
    "mediation.cases_accepted": (
        "c.dispute_type",
        "c.received_on",
        "mediation_mediationcase c JOIN orgs_office o ON o.id = c.office_id",
        "",
    ),
    "legalaid.cases_accepted": (
        "a.matter_type",
        "a.accepted_on",
        "legalaid_application a JOIN orgs_office o ON o.id = a.office_id",
        "AND a.accepted_on IS NOT NULL",
    ),
    "corrections.received": (
        "NULL",
        "s.registered_on",
        "corrections_subject s JOIN orgs_office o ON o.id = s.office_id"
        " LEFT JOIN corrections_placechange pc ON pc.new_subject_id = s.id",
        "AND s.registered_on IS NOT NULL AND pc.id IS NULL",
    ),
}


def hand_written(office) -> dict:
    """(d): the figures of (a'), one grouped pass per table, the same keys."""
    from django.db import connection

    from sifa.orgs.models import Office

    periods = month_periods()
    branch_length = (office.depth + 1) * Office.steplen
    result = {}
    with connection.cursor() as cursor:
        for key, (bucket, day, tables, extra) in HAND_SQL.items():
            sums, params = _period_sums(day, periods)
            ranges, range_params = _day_ranges(day, periods)
            params.update(range_params, prefix=office.path + "%")
            cursor.execute(
                f"SELECT SUBSTR(o.path, 1, {branch_length}), {bucket}, {sums} FROM {tables} "
                f"WHERE o.path LIKE %(prefix)s AND ({ranges}) {extra} GROUP BY 1, 2",
                params,
            )
            for path, stored, *values in cursor.fetchall():
                for p, v in enumerate(values):
                    if v:
                        result[(key, p, path, stored)] = v
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.setup_django(url)
    import run  # bench/run.py: machine notes

    from sifa.orgs.models import Office
    from sifa.reports import definitions

    city = Office.objects.get(code=CITY_CODE)
    print(f"\n{common.database_label()} — {common.describe_sizes(common.data_sizes())}")
    print(run.machine_notes())
    forms = definitions.all_forms()
    columns = sum(len(f.columns) for f in forms)
    indicators = len({k for f in forms for k in f.indicator_keys()})
    tables = report_set(city)
    cells = sum(len(t.rows) * len(t.subcolumns) * len(t.measures) for t in tables.values())
    print(
        f"report set: {len(forms)} forms, {columns} column groups, {indicators} indicators, "
        f"{cells:,} cells for {city.name} ({len(tables[forms[0].key].rows) - 2} sub-offices)"
    )
    print(f"median of {args.runs} runs after one warm-up, ms\n")

    def show(label, ms, note=""):
        print(f"{label:<66} {ms:9.1f}  {note}", flush=True)

    show(
        "(a) complete monthly report set, city, June 2026, city leader",
        median_ms(lambda: report_set(city), args.runs),
    )
    show(
        "(a-sys) the same without a user (as a submission freezes it)",
        median_ms(lambda: report_set(city, user=False), args.runs),
    )
    text = summary_text(city)
    show(
        "(b) half-year work summary drafted (text), city",
        median_ms(lambda: summary_text(city), args.runs),
        f"{len(text):,} characters",
    )
    show("(c) leader dashboard, city, June 2026", median_ms(lambda: dashboard(city), args.runs))
    registry_ms = median_ms(lambda: same_figures_registry(city), args.runs)
    hand_ms = median_ms(lambda: hand_written(city), args.runs)
    same = same_figures_registry(city) == hand_written(city)
    figures = len(hand_written(city))
    show("(a') 3 figures × sub-offices × 4 periods: registry grid", registry_ms)
    show(
        "(d)  the same by hand-written SQL, one pass per table",
        hand_ms,
        f"{figures:,} non-zero figures; " + ("figures agree" if same else "FIGURES DIFFER"),
    )
    print(f"\nratio (a')/(d): {registry_ms / hand_ms:.2f}")


if __name__ == "__main__":
    main()
