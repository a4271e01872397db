#!/usr/bin/env python
"""The load scenario of a city's day (issue 16 item 8): server, accounts, locust, the table.

    bench/load/run [--database-url URL] [--redis-url URL] [--users 20] [--duration 120]
                   [--phases city,checkin-batch,checkin-single] [--workers N] [--port 8765]

1. Starts the production server as `make serve` does (scripts/serve: config.settings_production,
   gunicorn with config/gunicorn.py, workers from the core count unless --workers) on
   127.0.0.1:PORT, on the PostgreSQL database that holds the demo city (default sifa_loadbench;
   load it first: `DATABASE_URL=… manage.py migrate && manage.py load_demo`) with REDIS_URL set
   (used by the settings that configure a Redis cache; ignored otherwise) and DB_CONN_MAX_AGE=60.
   The demo data is encrypted with the development data key, so SIFA_DATA_KEY is that key.
   Two-factor is off for this server (SIFA_TWO_FACTOR_ROLES= and SIFA_TWO_FACTOR_CAPABILITIES=
   empty): the demo leader and clerks sign in with their password alone.
2. bench/load/setup_data.py: the check-in API client with a fresh token, the 在矫 subjects.
3. Signs in each account once (leader, jo_staff, section, cc_worker) and hands the session
   cookies to the locust users (20 sign-ins would be 20 PBKDF2 hashes in the measured minutes).
4. Runs locust headless, one run per phase, --users users for --duration seconds each:
   `city` (the mixed day, bench/load/locustfile.py), `checkin-batch` (20 clients sending batches
   of 100, no pauses), `checkin-single` (20 clients sending one check-in per request).
5. Prints and writes the table (bench/data/load-<time>/results.md) with the load average of the
   machine before and after each phase, and stops the server.

The rows written (mediation cases, check-ins) stay in the benchmark database.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv/bin/python")
DEV_DATA_KEY = base64.b64encode(b"sifa-development-data-key-32byte").decode()
ACCOUNTS = ("leader", "jo_staff", "section", "cc_worker")
PHASES = {
    "city": [],  # every user class of the locustfile, in its fixed numbers
    "checkin-batch": ["CheckinBatch"],
    "checkin-single": ["CheckinSingle"],
}


def arguments():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/sifa_loadbench")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--duration", type=int, default=120, help="seconds per phase")
    p.add_argument("--phases", default="city,checkin-batch,checkin-single")
    p.add_argument("--workers", default="", help="gunicorn workers (default: 2 × cores + 1)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument(
        "--static-collected",
        action="store_true",
        help="start gunicorn directly, without scripts/serve's check and collectstatic (about "
        "2 minutes here): for a rerun when staticfiles/ is up to date",
    )
    p.add_argument("--data-key", default=os.environ.get("SIFA_DATA_KEY", DEV_DATA_KEY))
    return p.parse_args()


def server_env(args) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings_production",
        SECRET_KEY=secrets.token_urlsafe(50),
        SIFA_DATA_KEY=args.data_key,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        DB_CONN_MAX_AGE="60",
        SIFA_TWO_FACTOR_ROLES="",
        SIFA_TWO_FACTOR_CAPABILITIES="",
        BIND=f"127.0.0.1:{args.port}",
        LOG_LEVEL="WARNING",  # no line per request: the log would cost more than some pages
        PROMETHEUS_MULTIPROC_DIR=f"/tmp/sifa-loadbench-metrics-{os.getuid()}",
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.workers:
        env["WEB_CONCURRENCY"] = args.workers
    else:
        env.pop("WEB_CONCURRENCY", None)
    return env


def wait_for(url: str, seconds: int = 600) -> None:
    """scripts/serve runs collectstatic first: about 2 minutes of compression on this machine."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(request, timeout=5)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def sign_in(base: str, username: str, password: str) -> dict:
    import requests

    session = requests.Session()
    session.headers.update(
        {"X-Forwarded-Proto": "https", "Origin": "https://" + base.split("://")[1]}
    )
    page = session.get(base + "/accounts/login/")
    for cookie in session.cookies:  # Secure cookies, sent back over the plain loopback
        cookie.secure = False
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        base + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        allow_redirects=False,
    )
    cookies = {c.name: c.value for c in session.cookies}
    if (
        answer.status_code != 302
        or "sessionid" not in cookies
        or "login" in answer.headers.get("Location", "")
    ):
        raise SystemExit(f"{username} could not sign in (status {answer.status_code})")
    return cookies


def read_stats(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def table(rows: list[dict]) -> str:
    lines = [
        "| request | requests | errors | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['Name']} | {int(r['Request Count']):,} | {int(r['Failure Count']):,} "
            f"| {r['50%']} | {r['95%']} | {r['99%']} | {float(r['Requests/s']):.1f} |"
        )
    return "\n".join(lines)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    args = arguments()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = ROOT / "bench/data" / f"load-{stamp}"
    out.mkdir(parents=True, exist_ok=True)
    env = server_env(args)
    base = f"http://127.0.0.1:{args.port}"

    # A database loaded before the latest migrations answers the new lines' pages with 500s.
    pending = subprocess.run(
        [PY, "manage.py", "migrate", "--check"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if pending.returncode:
        raise SystemExit(
            f"{args.database_url} has unapplied migrations: run `DATABASE_URL=… manage.py "
            f"migrate` first.\n{pending.stdout}{pending.stderr}"
        )

    setup = subprocess.run(
        [PY, str(ROOT / "bench/load/setup_data.py")], env=env, capture_output=True, text=True
    )
    if setup.returncode:
        raise SystemExit(setup.stderr or setup.stdout)
    data = json.loads(setup.stdout)

    log = (out / "server.log").open("w")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "config/gunicorn.py"]
        if args.static_collected
        else [str(ROOT / "scripts/serve")],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        start_new_session=True,
    )
    report = []
    try:
        wait_for(base + "/accounts/login/")
        data["sessions"] = {name: sign_in(base, name, data["password"]) for name in ACCOUNTS}
        setup_path = out / "setup.json"
        setup_path.write_text(json.dumps(data, ensure_ascii=False))
        workers = env.get("WEB_CONCURRENCY") or f"{2 * os.cpu_count() + 1} (2 × cores + 1)"
        report.append(
            f"Bench run {stamp}: {args.users} users, {args.duration} s per phase, gunicorn workers "
            f"{workers}, {os.cpu_count()} cores, database {args.database_url}, REDIS_URL "
            f"{args.redis_url}.\n\nData: "
            + ", ".join(f"{v:,} {k}" for k, v in data["size"].items())
            + "."
        )
        for phase in args.phases.split(","):
            before = load_average()
            subprocess.run(
                [
                    str(ROOT / ".venv/bin/locust"),
                    "-f",
                    str(ROOT / "bench/load/locustfile.py"),
                    "--headless",
                    "--host",
                    base,
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.users),
                    "--run-time",
                    f"{args.duration}s",
                    "--csv",
                    str(out / phase),
                    "--only-summary",
                    "--stop-timeout",
                    "10",
                    "--loglevel",
                    "WARNING",
                    *PHASES[phase],
                ],
                env={**os.environ, "LOAD_SETUP": str(setup_path), "LOAD_PHASE": phase},
                cwd=ROOT,
            )
            rows = read_stats(out / f"{phase}_stats.csv")
            after = load_average()
            text = f"### {phase}\n\nLoad average (1, 5, 15 min) before {before}, after {after}.\n\n"
            text += table(rows)
            for r in rows:
                if r["Name"].startswith("check-in batch of ") and float(r["Requests/s"]):
                    size = int(r["Name"].rsplit(" ", 1)[1])
                    text += f"\n\nCheck-ins/s in batches: {float(r['Requests/s']) * size:,.0f}."
            failures = out / f"{phase}_failures.csv"
            if failures.exists() and len(read_stats(failures)):
                text += "\n\nErrors:\n\n" + "\n".join(
                    f"* {f['Name']}: {f['Error']} ({f['Occurrences']}×)"
                    for f in read_stats(failures)
                )
            report.append(text)
            print("\n" + text, flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    (out / "results.md").write_text("\n\n".join(report) + "\n", encoding="utf-8")
    print(f"\n{report[0] if report else ''}\nWritten: {out / 'results.md'}")


if __name__ == "__main__":
    sys.exit(main())
