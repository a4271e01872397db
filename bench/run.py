#!/usr/bin/env python
"""Scale benchmarks of the person registry on the generated province (bench/generate.py).

    .venv/bin/python bench/run.py [--database-url sqlite|postgres|URL] [--runs 5] [--explain]

Generates the benchmark database first when it is missing (1,000,000 persons: minutes), then
times, for a township clerk, a county section, a city leader and a province leader:

* lookup of a person by 居民身份证号码 through `person_find_by_id_number` (a number in scope,
  and a valid number nobody has);
* the scoped person list through `person_list`, paginated by 50 as the list page does: page 1
  with the total count, and page 100 (or the last page when the scope has fewer);
* the same list filtered by a name fragment (page 1 with its count).

Each figure is the median of `--runs` runs after one warm-up, in milliseconds, and includes
loading the user and their grants, as one request would.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]
import experiments
import generate

PAGE_SIZE = 50
DEEP_PAGE = 100
COUNT_CAP = 10_000
NAME_FRAGMENT = "王"  # the most frequent surname: a broad, realistic name search


def median_ms(call, runs: int) -> float:
    call()  # warm-up: caches, prepared plans
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def fresh_user(username: str):
    """The user as a request would load it: grants are read again on first use."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def list_page(username: str, page_number: int, name: str | None = None) -> tuple[int, int]:
    """(total count, rows on the page) of the user's person list, as the list view pages it."""
    from django.core.paginator import Paginator

    from sifa.people.selectors import person_list

    paginator = Paginator(person_list(actor=fresh_user(username), name=name), PAGE_SIZE)
    page = paginator.page(min(page_number, paginator.num_pages))
    rows = list(page.object_list)
    return paginator.count, len(rows)


def page_rows(username: str, page_number: int) -> int:
    """The rows of one page without the total count."""
    from sifa.people.selectors import person_list

    start = (page_number - 1) * PAGE_SIZE
    return len(list(person_list(actor=fresh_user(username))[start : start + PAGE_SIZE]))


def count_all(username: str) -> int:
    from sifa.people.selectors import person_list

    return person_list(actor=fresh_user(username)).count()


def count_capped(username: str) -> int:
    """COUNT over a LIMITed subquery: what a list showing "10,000+" would need."""
    from sifa.people.selectors import person_list

    return person_list(actor=fresh_user(username)).order_by()[: COUNT_CAP + 1].count()


def sample_id_numbers(username: str, count: int) -> list[str]:
    """Plain ID numbers of persons spread over the user's scope (decrypted on read)."""
    from sifa.people.selectors import person_list

    persons = person_list(actor=fresh_user(username))
    total = persons.count()
    step = max(1, total // count)
    return [persons[i * step].id_number for i in range(count)]


def unknown_id_number() -> str:
    """A valid number that no generated person has (born on a day outside their range)."""
    from sifa.people.demo import id_check_character

    body = "34510120200229999"
    return body + id_check_character(body)


def benchmark_user(username: str, runs: int) -> list[tuple[str, str, float]]:
    from sifa.people.selectors import person_find_by_id_number

    numbers = iter(sample_id_numbers(username, runs + 1))
    missing = unknown_id_number()

    def lookup_hit():
        assert person_find_by_id_number(actor=fresh_user(username), id_number=next(numbers))

    def lookup_miss():
        assert person_find_by_id_number(actor=fresh_user(username), id_number=missing) is None

    total, _ = list_page(username, 1)
    pages = max(1, -(-total // PAGE_SIZE))
    deep = min(DEEP_PAGE, pages)
    named_total, _ = list_page(username, 1, NAME_FRAGMENT)
    return [
        ("persons in scope", f"{total:,}", 0.0),
        ("ID lookup, found", "", median_ms(lookup_hit, runs)),
        ("ID lookup, not found", "", median_ms(lookup_miss, runs)),
        (
            "list page 1 + count",
            f"{PAGE_SIZE} of {total:,}",
            median_ms(lambda: list_page(username, 1), runs),
        ),
        (
            f"list page {deep}" + (" (last)" if deep < DEEP_PAGE else "") + " + count",
            f"rows {(deep - 1) * PAGE_SIZE + 1:,}–",
            median_ms(lambda: list_page(username, deep), runs),
        ),
        ("· page 1 rows only", "", median_ms(lambda: page_rows(username, 1), runs)),
        (f"· page {deep} rows only", "", median_ms(lambda: page_rows(username, deep), runs)),
        ("· count only", "", median_ms(lambda: count_all(username), runs)),
        (
            f"· count capped at {COUNT_CAP + 1:,}",
            "",
            median_ms(lambda: count_capped(username), runs),
        ),
        (
            f"name contains “{NAME_FRAGMENT}”, page 1 + count",
            f"of {named_total:,}",
            median_ms(lambda: list_page(username, 1, NAME_FRAGMENT), runs),
        ),
    ]


def explain(username: str) -> None:
    """The query plans of the list page and its count, for the report."""
    from django.db import connection

    from sifa.people.selectors import person_list

    persons = person_list(actor=fresh_user(username))
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    print(f"\n-- {username}: page 1\n{persons[:PAGE_SIZE].explain(**options)}")
    print(f"\n-- {username}: count\n{persons.order_by().values('pk').explain(**options)}")
    hit = sample_id_numbers(username, 1)[0]
    from sifa.people.models import id_number_index

    lookup = persons.filter(id_number_hash=id_number_index(hit))
    print(f"\n-- {username}: ID lookup\n{lookup.explain(**options)}")


def machine_notes() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            models = [
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            ]
        cpu = models[0] if models else cpu
    except OSError:
        pass
    return f"{date.today()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="also print the query plans")
    parser.add_argument(
        "--scope-filter",
        choices=["like", "range", "adaptive"],
        default="like",
        help="like: the code as it is (path LIKE 'P%%'); range, adaptive: bench/experiments.py",
    )
    parser.add_argument(
        "--persons", type=int, default=common.PERSONS, help="persons to generate when missing"
    )
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.ensure_database(url)
    common.setup_django(url)
    generate.generate(url, persons=args.persons)
    experiments.use_scope_filter(args.scope_filter)

    print(f"\n{common.database_label()} — {common.describe_sizes(common.data_sizes())}")
    print(machine_notes())
    print(f"scope filter: {args.scope_filter}; median of {args.runs} runs after one warm-up, ms\n")
    header = f"{'user':<24} {'benchmark':<36} {'rows':>16} {'ms':>9}"
    print(header)
    print("-" * len(header))
    for username, *_ in common.USERS:
        for label, rows, ms in benchmark_user(username, args.runs):
            figure = f"{ms:9.1f}" if ms else ""
            print(f"{username:<24} {label:<36} {rows:>16} {figure:>9}", flush=True)
    if args.explain:
        for username, *_ in common.USERS:
            explain(username)


if __name__ == "__main__":
    main()
