#!/usr/bin/env python
"""Scale benchmarks of community corrections (社区矫正) on the generated province.

    .venv/bin/python bench/run_corrections.py [--database-url sqlite|postgres|URL] [--runs 5]
                                              [--explain] [--explain-over MS]

Needs the records of bench/generate_corrections.py. Times, in milliseconds (median of `--runs`
runs after one warm-up; each run loads the user and their grants again, as a request would),
for the first city (`345100`) asked by `bench_city_leader`:

(a) June 2026 and (b) 2026-01-01 .. 06-30: every registered `corrections.*` indicator with all
    its breakdowns through `registry.figures_many` (indicators on the same records share a
    query, as a page listing them all asks), in total; and each indicator alone
    (`registry.figures`);
(c) page 1 (50 rows) + count of `subject_list(actor=…)` for the city leader;
(d) the check-ins of one subject in June 2026 and the day's check-ins of one 司法所 (the
    (subject, at) and (at) indexes the detail and the daily check read).

`--explain` prints the plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite) of the
grouped query of every indicator slower than `--explain-over` ms (default 300) for (b).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]
from run_legalaid import PAGE_SIZE, fresh_user, median_ms, queries_of

CITY_CODE = "345100"  # the first city: bench_city_leader's office
USER = "bench_city_leader"
MONTH = (date(2026, 6, 1), date(2026, 6, 30))
HALF_YEAR = (date(2026, 1, 1), date(2026, 6, 30))


def corrections_indicators():
    from sifa.stats import registry

    return [i for i in registry.all_indicators() if i.key.startswith("corrections.")]


def scope_for(office, period):
    from sifa.stats import registry

    return registry.Scope(office=office, start=period[0], end=period[1], user=fresh_user(USER))


def all_indicators(office, period):
    from sifa.stats import registry

    return registry.figures_many(corrections_indicators(), scope_for(office, period))


def one_indicator(indicator, office, period):
    from sifa.stats import registry

    return registry.figures(indicator, scope_for(office, period))


def subject_page():
    from django.core.paginator import Paginator

    from sifa.corrections.selectors.subjects import subject_list

    paginator = Paginator(subject_list(actor=fresh_user(USER)), PAGE_SIZE)
    page = paginator.page(1)
    return paginator.count, len(list(page.object_list))


def subject_check_ins(subject_id):
    """One subject's check-ins of June 2026, newest first (a detail page's list)."""
    from django.utils import timezone

    from sifa.corrections.models import CheckIn

    zone = timezone.get_current_timezone()
    start = datetime.combine(MONTH[0], time.min, tzinfo=zone)
    end = datetime.combine(MONTH[1] + timedelta(days=1), time.min, tzinfo=zone)
    rows = CheckIn.objects.filter(subject_id=subject_id, at__gte=start, at__lt=end)
    return len(list(rows.order_by("-at")))


def office_day_check_ins(office_id):
    """The check-ins of one 司法所 on 2026-06-15 (a daily review)."""
    from django.utils import timezone

    from sifa.corrections.models import CheckIn

    zone = timezone.get_current_timezone()
    start = datetime.combine(date(2026, 6, 15), time.min, tzinfo=zone)
    rows = CheckIn.objects.filter(
        office_id=office_id, at__gte=start, at__lt=start + timedelta(days=1)
    )
    return len(list(rows.order_by("at")))


def explain(indicator, office, period) -> None:
    """The plans of the indicator's queries on corrections tables."""
    from django.db import connection

    statements = [
        sql
        for sql in queries_of(lambda: one_indicator(indicator, office, period))
        if "corrections_" in sql
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
    import os

    import generate_corrections
    import run  # bench/run.py: machine notes

    from sifa.corrections.models import CheckIn, Subject
    from sifa.orgs.models import Office
    from sifa.stats import registry

    city = Office.objects.get(code=CITY_CODE)
    print(f"\n{common.database_label()} — {common.describe_sizes(common.data_sizes())}")
    print("corrections: " + generate_corrections.describe(generate_corrections.corrections_sizes()))
    print(run.machine_notes() + f"; load average {os.getloadavg()[0]:.2f}")
    print(f"median of {args.runs} runs after one warm-up, ms\n")

    def show(label, ms, note=""):
        print(f"{label:<62} {ms:9.1f}  {note}", flush=True)

    indicators = corrections_indicators()
    per_indicator: dict[str, dict[str, float]] = {}
    values: dict[str, dict[str, object]] = {}
    for tag, period in (("a", MONTH), ("b", HALF_YEAR)):
        figures = all_indicators(city, period)
        for key, figure in figures.items():
            values.setdefault(key, {})[tag] = figure.value
        note = (
            f"{period[0]}..{period[1]}: "
            f"{figures['corrections.under_correction'].value:,} 在矫, "
            f"{figures['corrections.received'].value:,} received, "
            f"{figures['corrections.alerts'].value:,} alerts, "
            f"{len(indicators)} indicators, "
            f"{sum(len(i.breakdowns) for i in indicators)} breakdowns"
        )
        sent = queries_of(lambda p=period: all_indicators(city, p))
        grouped = sum("corrections_" in sql for sql in sent)
        ms = median_ms(lambda p=period: all_indicators(city, p), args.runs)
        show(f"({tag}) all corrections indicators (figures_many), {CITY_CODE}", ms, note)
        print(f"{'':<62} {'':>9}  {len(sent)} queries, {grouped} of them on corrections tables")
        for indicator in indicators:
            per_indicator.setdefault(indicator.key, {})[tag] = median_ms(
                lambda i=indicator, p=period: one_indicator(i, city, p), args.runs
            )
    total_a = sum(v["a"] for v in per_indicator.values())
    total_b = sum(v["b"] for v in per_indicator.values())
    print(
        f"\n{'indicator (figures, with its breakdowns)':<50} {'bd':>3} {'(a)':>9} {'(b)':>9}"
        f" {'value (a)':>10} {'value (b)':>10}"
    )
    for indicator in indicators:
        figures = per_indicator[indicator.key]
        v = values.get(indicator.key, {})
        print(
            f"{indicator.key:<50} {len(indicator.breakdowns):>3} "
            f"{figures['a']:9.1f} {figures['b']:9.1f} {v.get('a')!s:>10} {v.get('b')!s:>10}"
        )
    print(f"{'sum of the per-indicator medians':<50} {'':>3} {total_a:9.1f} {total_b:9.1f}\n")

    total, _rows = subject_page()
    show(
        f"(c) subject_list page 1 + count, {USER}",
        median_ms(subject_page, args.runs),
        f"{total:,} subjects in scope",
    )
    subject = (
        Subject.objects.filter(office__path__startswith=city.path, status="under_correction")
        .order_by("pk")
        .first()
    )
    if subject is not None:
        count = subject_check_ins(subject.pk)
        show(
            "(d) one subject's check-ins of June 2026",
            median_ms(lambda: subject_check_ins(subject.pk), args.runs),
            f"{count} rows",
        )
        count = office_day_check_ins(subject.office_id)
        show(
            "(d) one 司法所's check-ins of 2026-06-15",
            median_ms(lambda: office_day_check_ins(subject.office_id), args.runs),
            f"{count} rows; {CheckIn.objects.count():,} check-ins in all",
        )

    if args.explain:
        slow = [i for i in indicators if per_indicator[i.key]["b"] > args.explain_over]
        print(f"\nplans of the indicators over {args.explain_over:.0f} ms in (b): {len(slow)}")
        for indicator in slow:
            explain(registry.get(indicator.key), city, HALF_YEAR)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
