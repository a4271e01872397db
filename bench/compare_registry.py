#!/usr/bin/env python
"""The indicator registry of a git revision against the working tree's, on one benchmark database,
runs interleaved — a fair comparison on a machine whose load changes from minute to minute.

    .venv/bin/python bench/compare_registry.py --database-url URL [--rev 35b844a]
        [--office 345100] [--prefix practice.] [--user bench_city_leader] [--branches] [--runs 9]

Both registries compute `figures_grid` of every indicator whose key starts with `--prefix`, for
the office and June 2026, as `--user` (each run loads the user again, as a request would), with
the figures cache off. The figures of both must be equal (value, every breakdown, the tree split)
or the script stops. Reported per registry: the median and the fastest wall time, the median
CPU time of this process (Python), and the CPU time of the PostgreSQL backend per run (from
/proc; parallel workers not included) — the two CPU figures hardly depend on the machine's load.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

MONTH = (date(2026, 6, 1), date(2026, 6, 30))


def load_registry_of(rev: str):
    """`sifa/stats/registry.py` as it was at `rev`, as a module of its own (no registrations:
    it computes the indicator objects the current registry holds)."""
    source = subprocess.run(  # noqa: S603 (a revision the developer names)
        ["git", "show", f"{rev}:sifa/stats/registry.py"],  # noqa: S607
        cwd=common.ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "registry_at_rev.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("registry_at_rev", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["registry_at_rev"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="postgres or a database URL")
    parser.add_argument("--rev", default="HEAD", help="the git revision of the old registry")
    parser.add_argument("--office", default="345100", help="office code (default: the first city)")
    parser.add_argument("--prefix", default="practice.", help="indicator keys starting so")
    parser.add_argument("--user", default="bench_city_leader")
    parser.add_argument("--branches", action="store_true", help="with the tree split")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    common.setup_django(common.resolve_url(args.database_url))
    from django.contrib.auth import get_user_model
    from django.db import connection

    from sifa.orgs.models import Office
    from sifa.stats import registry as new

    old = load_registry_of(args.rev)
    office = Office.objects.get(code=args.office)
    indicators = [i for i in new.all_indicators() if i.key.startswith(args.prefix)]

    def compute(module):
        user = get_user_model().objects.get(username=args.user)
        scope = module.Scope(office=office, start=MONTH[0], end=MONTH[1], user=user)
        return module.figures_grid(indicators, scope, [MONTH], cached=False, branches=args.branches)

    def comparable(grid):
        return {k: (f.value, f.breakdowns, f.branches) for k, f in grid.items()}

    if comparable(compute(old)) != comparable(compute(new)):
        sys.exit("the two registries give different figures")

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def backend_cpu() -> float:
        with open(f"/proc/{backend}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    wall = {"old": [], "new": []}
    python = {"old": [], "new": []}
    server = {"old": 0.0, "new": 0.0}
    for _ in range(args.runs):
        for name, module in (("old", old), ("new", new)):
            started, cpu, pg = time.perf_counter(), time.process_time(), backend_cpu()
            compute(module)
            wall[name].append(time.perf_counter() - started)
            python[name].append(time.process_time() - cpu)
            server[name] += backend_cpu() - pg
    print(
        f"{len(indicators)} indicators {args.prefix}*, office {args.office}, "
        f"branches={args.branches}, {args.runs} runs each, interleaved; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    for name, label in (("old", f"registry at {args.rev}"), ("new", "working tree")):
        print(
            f"  {label:<24} median {statistics.median(wall[name]) * 1000:7.1f} ms"
            f"  (fastest {min(wall[name]) * 1000:7.1f}),"
            f" Python CPU {statistics.median(python[name]) * 1000:6.1f} ms,"
            f" PostgreSQL backend CPU {server[name] / args.runs * 1000:6.1f} ms per run"
        )


if __name__ == "__main__":
    main()
