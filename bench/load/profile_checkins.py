"""Where a check-in request's time goes, in process (issue 16 item 8's check-in targets).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sifa_loadbench \\
        .venv/bin/python bench/load/profile_checkins.py [--requests 200] [--batch 1] [--top 30]

Prepares the load scenario's check-in client (bench/load/setup_data.py: a fresh token), then
sends --requests check-in requests of --batch check-ins each through Django's test client (the
whole middleware stack and DRF, no HTTP, no server), after settling the process as a server
worker is (sifa.core.server_process). Prints CPU milliseconds per request (and how much of it
the garbage collector took)
(process time: what the two cores can give, whatever else runs on the machine), wall
milliseconds, queries per request, and cProfile's top functions (PROFILE_DUMP=<file> also
writes the profile for pstats). The rows stay in the database.
"""

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

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


def scenario() -> dict:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench/load/setup_data.py")],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    return json.loads(out.stdout)


def body(subjects, batch: int):
    now = timezone.now()
    items = []
    for i in range(batch):
        s = random.choice(subjects)
        items.append(
            {
                "subject": s["number"],
                "at": (now - timedelta(seconds=i)).isoformat(),
                "latitude": s["latitude"],
                "longitude": s["longitude"],
                "accuracy_m": 15,
            }
        )
    return items if batch > 1 else items[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--no-profile", action="store_true", help="time without cProfile's overhead")
    args = p.parse_args()
    data = scenario()
    setup_test_environment()
    request_started.disconnect(reset_queries)  # it would empty the captured queries
    client = Client(HTTP_AUTHORIZATION=f"Bearer {data['token']}")
    url = "/api/v1/check-ins/"

    def send():
        response = client.post(
            url, body(data["subjects"], args.batch), content_type="application/json"
        )
        assert response.status_code == 201, (response.status_code, response.content[:300])

    for _ in range(5):  # warm-up: imports, caches, connection
        send()
    settle()  # as config/wsgi.py settles each server process
    collector = GcTimer()
    with CaptureQueriesContext(connection) as queries:
        send()
    profiler = cProfile.Profile(time.process_time)  # CPU time, not waits for the database
    cpu, wall = time.process_time(), time.perf_counter()
    if not args.no_profile:
        profiler.enable()
    for _ in range(args.requests):
        send()
    profiler.disable()
    if os.environ.get("PROFILE_DUMP"):
        profiler.dump_stats(os.environ["PROFILE_DUMP"])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    collected = collector.total
    n = args.requests
    print(f"data: {data['size']}")
    print(
        f"{n} requests of {args.batch} check-in(s): {cpu / n * 1000:.1f} ms CPU, "
        f"{wall / n * 1000:.1f} ms wall a request"
        f"{'' if args.no_profile else ' (profiled)'}; {collected / n * 1000:.1f} ms of it "
        f"in the garbage collector; {len(queries)} queries a request"
    )
    for q in queries.captured_queries:
        print("  ", q["sql"][:150])
    if args.no_profile:
        return
    for order in ("cumulative", "tottime"):
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(args.top)
        print(text.getvalue())


if __name__ == "__main__":
    main()
