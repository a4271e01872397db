"""Where a page's time goes: queries and the hottest functions of one request, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sifa_loadbench \\
        .venv/bin/python bench/load/profile_pages.py [--user jo_staff] [--top 25] URL...

Signs the demo user in with the test client (no password hash), asks each URL once to warm up
(process-level set-up is done by then), settles the process as a server worker is
(sifa.core.server_process), asks it --repeat times more, and prints the mean and median CPU
milliseconds (process time: what the two cores can give, whatever else runs on the machine; the
garbage collector's share apart) and the median wall milliseconds of those, the number of
queries, the most repeated query shapes and cProfile's top functions by cumulative CPU time.
`--detail` also measures the first record the list links to (`<url><id>/`), as a locust user
follows one.
"""

import argparse
import collections
import cProfile
import gc
import io
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SIFA_TWO_FACTOR_ROLES", "")
os.environ.setdefault("SIFA_TWO_FACTOR_CAPABILITIES", "")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from sifa.core.server_process import settle  # noqa: E402


class GcTimer:
    """CPU seconds the garbage collector spends while enabled (gc.callbacks)."""

    def __init__(self):
        self.total, self._started = 0.0, 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase, info):
        if phase == "start":
            self._started = time.process_time()
        else:
            self.total += time.process_time() - self._started


def shape(sql: str) -> str:
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:160]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--user", default="jo_staff")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--no-profile", action="store_true")
    p.add_argument("--repeat", type=int, default=20, help="measured requests per URL")
    p.add_argument("--detail", action="store_true", help="also the first record a list links to")
    p.add_argument("urls", nargs="+")
    args = p.parse_args()
    setup_test_environment()
    request_started.disconnect(reset_queries)  # it would empty the captured queries
    client = Client()
    client.force_login(
        get_user_model().objects.get(username=args.user),
        backend="sifa.accounts.backends.RolePermissionBackend",
    )
    urls = list(args.urls)
    while urls:
        url = urls.pop(0)
        response = client.get(url)
        if args.detail and url in args.urls:
            links = re.findall(rf'href="({re.escape(url)}\d+/)"', response.content.decode())
            if links:
                urls.insert(0, links[0])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        settle()  # as config/wsgi.py settles each server process
        collector = GcTimer()
        cpu, wall = [], []
        for _ in range(args.repeat):
            started_cpu, started = time.process_time(), time.perf_counter()
            client.get(url)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
        gc.callbacks.remove(collector._callback)
        shapes = collections.Counter(shape(q["sql"]) for q in queries.captured_queries)
        print(
            f"\n=== {url} as {args.user}: {response.status_code}, "
            f"{statistics.mean(cpu) * 1000:.1f} ms CPU (mean; median "
            f"{statistics.median(cpu) * 1000:.1f}; garbage collector "
            f"{collector.total / args.repeat * 1000:.1f}), "
            f"{statistics.median(wall) * 1000:.1f} ms wall (median) of {args.repeat}, "
            f"{len(queries)} queries"
        )
        for sql, n in shapes.most_common(8):
            print(f"  {n:4d} × {sql}")
        if args.no_profile:
            continue
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        client.get(url)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(
            "\n".join(
                line for line in out.getvalue().splitlines() if "sifa/" in line or "ncalls" in line
            )
        )


if __name__ == "__main__":
    main()
