#!/usr/bin/env python
"""A bounded local load test of the check-in endpoint (POST /corrections/api/check-ins/).

    .venv/bin/python bench/load_checkins.py [--database-url postgres|sqlite|URL]
                                            [--singles 2000] [--batches 200] [--batch-size 100]
                                            [--clients 4 8] [--conn-max-age 0] [--keep]

Needs the subjects of bench/generate_corrections.py. Starts the application on this machine
with `manage.py runserver --noreload` (threaded: one thread per connection; gunicorn is not in
the virtual environment), in production settings: DEBUG=0 with a SECRET_KEY, a SIFA_DATA_KEY
(random, 32 bytes; the endpoint decrypts nothing), ALLOWED_HOSTS=127.0.0.1, DATABASE_URL = the
benchmark database, DB_CONN_MAX_AGE = `--conn-max-age` and SIFA_CHECKIN_TOKEN (random).

Then, for each number K of `--clients`: `--singles` requests of one check-in each, then
`--batches` requests of `--batch-size` check-ins each, sent by a pool of exactly K client threads
(`http.client`, one keep-alive connection per thread); a thread sends its next request only after
the answer to the previous one, so never more than K requests are in flight and the total is
fixed. The subjects are 在矫 subjects drawn at random; `at` is a few minutes before now; 1 % of
the locations lie outside the county fence (they raise left_county alerts, which take a row
lock on the subject). 20 requests warm up the server first (not counted).

Reports requests/s, check-ins/s, latency p50/p95/p99/max in ms and the errors, and checks that
the rows arrived (the check-in count before and after). The rows written are deleted at the end
(alerts first) unless --keep. The server is stopped at the end (its log: bench/data/).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

PATH = "/corrections/api/check-ins/"
HOST = "127.0.0.1"
WARM_UP = 20
SEED = 8_080


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, token: str, conn_max_age: int, log_path):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SIFA_DATA_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        ALLOWED_HOSTS=HOST,
        SIFA_CHECKIN_TOKEN=token,
        DB_CONN_MAX_AGE=str(conn_max_age),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    log = open(log_path, "w")  # noqa: SIM115 (closed with the server)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", "--noreload", f"{HOST}:{port}"],
        cwd=common.ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode}); see {log_path}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process, log
        except OSError:
            time.sleep(0.3)
    stop_server(process, log)
    raise SystemExit("the server did not start within 60 s")


def stop_server(process, log) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log.close()


class Targets:
    """在矫 subjects with their fence: numbers and coordinates inside or outside."""

    def __init__(self, rng: random.Random, count: int = 5_000):
        from sifa.corrections import geo
        from sifa.corrections.models import Subject

        subjects = list(
            Subject.objects.select_related("office")
            .filter(status="under_correction")
            .only("number", "office__path", "office__id")
            .order_by("?")[:count]
        )
        fences = geo.fences_for_offices(s.office for s in subjects)
        self.rows = [(s.number, fences[s.office_id]) for s in subjects if fences.get(s.office_id)]
        self.rng = rng

    def check_in(self) -> dict:
        rng = self.rng
        number, fence = rng.choice(self.rows)
        lat, lon = float(fence.latitude), float(fence.longitude)
        if rng.random() < 0.01:
            lat += 1.2  # ~130 km north: outside a 60 km fence
        else:
            lat, lon = lat + rng.uniform(-0.2, 0.2), lon + rng.uniform(-0.2, 0.2)
        at = datetime.now(UTC) - timedelta(seconds=rng.randint(60, 3_600))
        return {
            "subject": number,
            "at": at.astimezone().isoformat(timespec="seconds"),
            "latitude": round(lat, 6),
            "longitude": round(lon, 6),
            "accuracy_m": rng.randint(5, 60),
        }


def run_load(port, token, bodies, clients: int, *, per_item: int = 1, close: bool = False):
    """Send `bodies` with exactly `clients` threads; latencies, errors, check-ins stored.
    `close`: a new connection for every request (Connection: close)."""
    lock = threading.Lock()
    queue = iter(enumerate(bodies))
    latencies: list[float] = []
    errors: dict[str, int] = {}
    headers = {"Content-Type": "application/json", "X-Sifa-Token": token}
    if close:
        headers["Connection"] = "close"
    stored = [0]

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            _index, body = item
            started = time.perf_counter()
            try:
                connection.request("POST", PATH, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                closing = response.getheader("Connection", "").lower() == "close"
            except (OSError, http.client.HTTPException) as error:
                status, closing = type(error).__name__, True
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status == 201:
                    stored[0] += per_item
                else:
                    errors[str(status)] = errors.get(str(status), 0) + 1
            if close or closing:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"wall": wall, "latencies": latencies, "errors": errors, "stored": stored[0]}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(label: str, result: dict, per_request: int) -> None:
    lat = [v * 1000 for v in result["latencies"]]
    n = len(lat)
    if not n:
        return
    rps = n / result["wall"]
    print(
        f"{label:<30} {n:>6,} req in {result['wall']:6.1f} s  {rps:7.1f} req/s "
        f"{rps * per_request:8.0f} check-ins/s  p50 {statistics.median(lat):7.1f}  "
        f"p95 {percentile(lat, 0.95):7.1f}  p99 {percentile(lat, 0.99):7.1f}  "
        f"max {max(lat):7.1f} ms  errors {result['errors'] or 0}",
        flush=True,
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres")
    parser.add_argument("--singles", type=int, default=2_000)
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--clients", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--conn-max-age", type=int, default=0, help="DB_CONN_MAX_AGE")
    parser.add_argument(
        "--close", action="store_true", help="a new connection per request (Connection: close)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the rows written")
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.setup_django(url)
    import run  # bench/run.py: machine notes
    from django.db import connection, transaction

    from sifa.corrections.models import Alert, CheckIn

    rng = random.Random(SEED)
    targets = Targets(rng)
    first_id = (CheckIn.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    before = CheckIn.objects.count()
    alerts_before = Alert.objects.count()
    connection.close()  # the server gets every connection it wants
    token = secrets.token_urlsafe(32)
    port = free_port()
    log_path = common.DATA_DIR / "load-checkins-server.log"
    print(
        f"{common.database_label()}; {run.machine_notes()}; load average "
        f"{os.getloadavg()[0]:.2f}\nserver: manage.py runserver --noreload (threaded), DEBUG=0, "
        f"DB_CONN_MAX_AGE={args.conn_max_age}; client connections: "
        f"{'one per request' if args.close else 'keep-alive'}; "
        f"{len(targets.rows):,} target subjects; {before:,} check-ins before",
        flush=True,
    )
    process, log = start_server(url, port, token, args.conn_max_age, log_path)
    sent = stored = 0
    try:
        try:
            warm = [json.dumps(targets.check_in()).encode() for _ in range(WARM_UP)]
            result = run_load(port, token, warm, 1, close=args.close)
            sent, stored = sent + WARM_UP, stored + result["stored"]
            if result["errors"]:
                raise SystemExit(f"warm-up failed: {result['errors']}; see {log_path}")
            for clients in args.clients:
                singles = [json.dumps(targets.check_in()).encode() for _ in range(args.singles)]
                result = run_load(port, token, singles, clients, close=args.close)
                report(f"single, {clients} clients", result, 1)
                sent, stored = sent + args.singles, stored + result["stored"]
                batches = [
                    json.dumps([targets.check_in() for _ in range(args.batch_size)]).encode()
                    for _ in range(args.batches)
                ]
                result = run_load(
                    port, token, batches, clients, per_item=args.batch_size, close=args.close
                )
                report(f"batch of {args.batch_size}, {clients} clients", result, args.batch_size)
                sent, stored = sent + args.batches * args.batch_size, stored + result["stored"]
        finally:
            stop_server(process, log)
        after = CheckIn.objects.count()
        alerts = Alert.objects.count() - alerts_before
        print(
            f"check-ins sent {sent:,}, answered 201 {stored:,}; rows stored {after - before:,} "
            f"({before:,} → {after:,}){'' if after - before == stored else ' — MISMATCH'}; "
            f"left_county alerts raised {alerts:,}; load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    finally:
        if not args.keep:
            with transaction.atomic():
                Alert.objects.filter(check_in_id__gte=first_id).delete()
                deleted, _ = CheckIn.objects.filter(pk__gte=first_id).delete()
            print(f"deleted the {deleted:,} rows written (use --keep to keep them)")


if __name__ == "__main__":
    main()
