#!/usr/bin/env python
"""The kill drill (issue 16 item 9; docs/deploy.md, "Kill drill"): run by scripts/drill-kill.

    scripts/drill-kill [--rounds 20] [--keep]

1. Creates a scratch PostgreSQL database `sifa_drill_kill_<random>` (127.0.0.1:5432, user
   postgres), migrates it and adds what the writers need: an office tree, a mediation clerk, a
   legal-aid centre, corrections subjects 在矫, two API clients (check-ins, defence notices) and
   300 mediation cases (so an export job runs for a few seconds).
2. Starts gunicorn (config/gunicorn.py, production settings, 127.0.0.1 on a free port, 2 workers)
   and a task worker (`manage.py run_worker`).
3. Three writer threads, each recording every write the server acknowledged (2xx and the id or
   number it returned): mediation cases through the page form (login, CSRF, 302 to the case);
   legal-aid applications through `POST /api/v1/defence-notifications/`; check-ins through
   `POST /api/v1/check-ins/`, one or a batch of 50. API writes carry an Idempotency-Key and are
   sent again with the same key after a failure (as docs/api.md asks of a client).
4. For `--rounds` rounds: an export job is queued; at a random moment the gunicorn master and
   its workers and the task worker (while the job runs) are killed with SIGKILL; both restart.
5. Verifies against the database (`verify_acknowledged`, `verify_invariants`): every
   acknowledged write present exactly once, no write present twice, no half-written record,
   and every job of a killed worker failed with its Chinese message once the worker restarted
   (then it is retried and must succeed).
6. Prints the summary, drops the database (unless --keep) and exits 1 on any violation.
"""

# A test tool: a throwaway password, random timing (not secrets), our own programs as subprocesses.
# ruff: noqa: S105, S311, S603

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PASSWORD = "Drill-Kill-2026"
INSIDE = (30.2741, 120.1551)


# --- the ledger: what was sent and what the server acknowledged -------------------------------


@dataclass
class Write:
    kind: str  # case | application | checkins
    token: str  # the case's facts marker, the notice number, or the idempotency key
    acked: bool = False
    ident: object = None  # case pk, application number, list of check-in ids
    items: list = field(default_factory=list)  # check-ins: [(subject number, at iso)]


@dataclass
class Ledger:
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, write: Write) -> Write:
        with self.lock:
            self.writes.append(write)
        return write


# --- verification (tests/test_drill_kill.py) ----------------------------------------------------


def _one(cursor, sql, params=()):
    cursor.execute(sql, params)
    return cursor.fetchall()


def verify_acknowledged(cursor, ledger: Ledger) -> list[str]:
    """Every acknowledged write present exactly once; none present twice; a check-in batch
    stored whole or not at all."""
    problems = []
    for w in ledger.writes:
        if w.kind == "case":
            rows = _one(
                cursor,
                "SELECT id FROM mediation_mediationcase WHERE facts LIKE %s",
                [f"%{w.token}%"],
            )
            ids = [r[0] for r in rows]
            if len(ids) > 1:
                problems.append(f"case {w.token}: stored {len(ids)} times")
            if w.acked and ids != [w.ident]:
                problems.append(f"case {w.token}: acknowledged as id {w.ident}, found {ids}")
        elif w.kind == "application":
            rows = _one(
                cursor,
                "SELECT number FROM legalaid_application WHERE notice_number = %s",
                [w.token],
            )
            numbers = [r[0] for r in rows]
            if len(numbers) > 1:
                problems.append(f"application {w.token}: stored {len(numbers)} times")
            if w.acked and numbers != [w.ident]:
                problems.append(
                    f"application {w.token}: acknowledged as {w.ident}, found {numbers}"
                )
        elif w.kind == "checkins":
            found = []
            for number, at in w.items:
                rows = _one(
                    cursor,
                    "SELECT c.id FROM corrections_checkin c JOIN corrections_subject s"
                    " ON s.id = c.subject_id WHERE s.number = %s AND c.at = %s",
                    [number, datetime.datetime.fromisoformat(at)],
                )
                if len(rows) > 1:
                    problems.append(
                        f"check-ins {w.token}: ({number}, {at}) stored {len(rows)} times"
                    )
                found.extend(r[0] for r in rows)
            if found and len(found) != len(w.items):
                problems.append(
                    f"check-ins {w.token}: batch half-stored ({len(found)} of {len(w.items)})"
                )
            if w.acked and sorted(found) != sorted(w.ident or []):
                problems.append(f"check-ins {w.token}: acknowledged {w.ident}, found {found}")
    return problems


INVARIANTS = {
    "mediation case with fewer than two parties": """
        SELECT c.id FROM mediation_mediationcase c
        WHERE (SELECT count(*) FROM mediation_caseparty p WHERE p.case_id = c.id) < 2""",
    "mediation case without its status history": """
        SELECT c.id FROM mediation_mediationcase c WHERE NOT EXISTS
          (SELECT 1 FROM mediation_caseevent e WHERE e.case_id = c.id AND e.from_status = '')""",
    "mediation case whose status is not its last event's": """
        SELECT c.id FROM mediation_mediationcase c
        WHERE c.status IS DISTINCT FROM (SELECT e.to_status FROM mediation_caseevent e
                                         WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1)""",
    "mediation case without a number": """
        SELECT id FROM mediation_mediationcase WHERE number = ''""",
    "legal-aid application without its status history": """
        SELECT a.id FROM legalaid_application a WHERE NOT EXISTS
          (SELECT 1 FROM legalaid_applicationevent e
           WHERE e.application_id = a.id AND e.from_status = '')""",
    "legal-aid application whose status is not its last event's": """
        SELECT a.id FROM legalaid_application a
        WHERE a.status IS DISTINCT FROM (SELECT e.to_status FROM legalaid_applicationevent e
                                         WHERE e.application_id = a.id
                                         ORDER BY e.id DESC LIMIT 1)""",
    "legal-aid application without a number": """
        SELECT id FROM legalaid_application WHERE number = ''""",
    "idempotency key whose check-ins are missing": """
        SELECT k.id FROM api_idempotencykey k
        CROSS JOIN LATERAL jsonb_path_query(k.response::jsonb, 'strict $.**.id') AS i(id)
        WHERE k.path LIKE '%%/check-ins/' AND k.status < 300
          AND NOT EXISTS (SELECT 1 FROM corrections_checkin c WHERE c.id = (i.id)::bigint)""",
    "idempotency key whose application is missing": """
        SELECT k.id FROM api_idempotencykey k
        WHERE k.path LIKE '%%/defence-notifications/' AND k.status < 300
          AND NOT EXISTS (SELECT 1 FROM legalaid_application a
                          WHERE a.number = k.response::jsonb ->> 'number')""",
    "background job left 进行中": """
        SELECT id FROM core_job WHERE status = 'running'""",
}


def verify_invariants(cursor) -> list[str]:
    """Nothing half-written: each rule is a query that finds the rows breaking it."""
    from django.db import connection

    vendor = connection.vendor
    problems = []
    for name, sql in INVARIANTS.items():
        if vendor != "postgresql" and "jsonb" in sql:
            continue  # the API's stored answers are checked on PostgreSQL (the drill's engine)
        ids = [r[0] for r in _one(cursor, sql)]
        if ids:
            problems.append(f"{name}: {len(ids)} ({', '.join(map(str, ids[:10]))})")
    return problems


# --- HTTP --------------------------------------------------------------------------------------


class Http:
    def __init__(self, port: int):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            head = {"Host": self.host, "X-Forwarded-Proto": "https", **(headers or {})}
            if self.cookies:
                head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=head)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _eq, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), data
        finally:
            conn.close()

    def form(self, path, fields: dict):
        from urllib.parse import urlencode

        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{self.host}",
            "Referer": f"https://{self.host}{path}",
        }
        return self.request("POST", path, urlencode(fields, doseq=True), headers)


def csrf_of(html: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1).decode() if match else ""


# --- the drill -----------------------------------------------------------------------------------


class Drill:
    def __init__(self, rounds: int, keep: bool):
        self.rounds, self.keep = rounds, keep
        self.name = f"sifa_drill_kill_{secrets.token_hex(4)}"
        self.url = f"postgres://postgres@127.0.0.1:5432/{self.name}"
        self.port = free_port()
        self.ledger = Ledger()
        self.stop = threading.Event()
        self.up = threading.Event()
        self.kills = {"gunicorn master": 0, "gunicorn worker": 0, "task worker": 0}
        self.jobs_running_at_kill: list[int] = []
        self.attempts = 0
        self.tmp = Path(tempfile.mkdtemp(prefix="drill-kill-"))
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SIFA_DATA_KEY": base64.b64encode(os.urandom(32)).decode(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": self.url,
            "SIFA_TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "PROMETHEUS_MULTIPROC_DIR": str(self.tmp / "metrics"),
        }
        self.gunicorn = self.worker = None

    # setup ---------------------------------------------------------------------------------

    def create_database(self):
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        os.environ.update(self.env)
        import django

        sys.path.insert(0, str(ROOT))
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)  # as scripts/serve does
        self.seed()

    def seed(self):
        import datetime

        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from sifa.api import actions as api_actions
        from sifa.corrections.models import Geofence
        from sifa.corrections.tests.factories import make_active_subject, make_worker
        from sifa.legalaid.tests.factories import make_centre
        from sifa.mediation.actions.cases import PartyInput, case_register
        from sifa.mediation.tests.factories import make_committee
        from tests.factories import add_office, build_cast, grant

        cast = build_cast()
        self.committee = make_committee(cast.township_a1)
        self.centre = make_centre(cast.county_a)
        clerk = get_user_model().objects.create(username="drill_clerk", full_name="演练")
        clerk.set_password(PASSWORD)
        clerk.save()
        grant(clerk, cast.township_a1, "jo_staff")
        self.clerk = clerk
        worker = make_worker(cast.county_a)
        Geofence.objects.create(
            office=cast.county_a, latitude=INSIDE[0], longitude=INSIDE[1], radius_km=30
        )
        self.subjects = [make_active_subject(worker, cast.township_a1).number for _ in range(4)]
        _c, self.checkin_token = api_actions.client_create(
            actor=cast.sysadmin, office=cast.county_a, name="演练签到", agency_kind="checkin_app",
            purposes=["submit_checkin"], rate_per_minute=10_000,
        )  # fmt: skip
        _c, self.police_token = api_actions.client_create(
            actor=cast.sysadmin, office=cast.county_a, name="演练公安局", agency_kind="police",
            purposes=["notify_defence"], rate_per_minute=10_000,
        )  # fmt: skip
        today = timezone.localdate()
        for n in range(300):
            case_register(
                actor=clerk, office=self.committee, source=self.case_source,
                dispute_type=self.case_type,
                facts=f"演练预置案件 seed-{n}", received_on=today - datetime.timedelta(days=1),
                parties=[PartyInput(role="applicant", kind="legal", organisation="甲公司"),
                         PartyInput(role="respondent", kind="legal", organisation="乙公司")],
            )  # fmt: skip
        del add_office

    @property
    def case_source(self):
        from sifa.core.codes import code_choices
        from sifa.mediation.constants import SOURCE_CODE_LIST

        return code_choices(SOURCE_CODE_LIST)[0][0]

    @property
    def case_type(self):
        from sifa.core.codes import code_choices
        from sifa.mediation.constants import DISPUTE_TYPE_CODE_LIST

        return code_choices(DISPUTE_TYPE_CODE_LIST)[0][0]

    # processes -----------------------------------------------------------------------------

    def start_gunicorn(self):
        log = open(self.tmp / "gunicorn.log", "ab")  # noqa: SIM115
        self.gunicorn = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--config", "config/gunicorn.py"],
            cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, _h, _b = Http(self.port).request("GET", "/accounts/login/", timeout=5)
                if status == 200 and len(children(self.gunicorn.pid)) >= 2:
                    self.up.set()
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 120 s; see " + str(self.tmp))

    def start_worker(self):
        log = open(self.tmp / "worker.log", "ab")  # noqa: SIM115
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", "run_worker", "--no-reload", "--no-startup-delay",
             "--interval", "0.5"],
            cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip

    def kill_gunicorn(self):
        self.up.clear()
        victims = [*children(self.gunicorn.pid), self.gunicorn.pid]
        random.shuffle(victims)
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
            self.kills["gunicorn master" if pid == self.gunicorn.pid else "gunicorn worker"] += 1
            time.sleep(random.uniform(0, 0.3))
        self.gunicorn.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.gunicorn.pid, signal.SIGKILL)

    def kill_worker(self):
        os.kill(self.worker.pid, signal.SIGKILL)
        self.worker.wait()
        self.kills["task worker"] += 1

    # writers -------------------------------------------------------------------------------

    def wait_up(self):
        while not self.up.wait(0.5):
            if self.stop.is_set():
                return False
        return True

    def write_cases(self):
        http_ = Http(self.port)
        logged_in = False
        while not self.stop.is_set():
            if not self.wait_up():
                return
            try:
                if not logged_in:
                    _s, _h, page = http_.request("GET", "/accounts/login/")
                    status, _h, _b = http_.form(
                        "/accounts/login/",
                        {"csrfmiddlewaretoken": csrf_of(page), "username": "drill_clerk",
                         "password": PASSWORD},
                    )  # fmt: skip
                    logged_in = status == 302
                    continue
                status, _h, page = http_.request("GET", "/mediation/cases/register/")
                if status != 200:
                    logged_in = status != 302 and logged_in
                    continue
            except OSError:
                continue
            token = f"drill-{uuid.uuid4().hex}"
            write = self.ledger.add(Write("case", token))
            fields = {
                "csrfmiddlewaretoken": csrf_of(page), "office": self.committee.pk,
                "received_on": time.strftime("%Y-%m-%d"), "source": self.case_source,
                "dispute_type": self.case_type, "facts": f"演练纠纷 {token}", "amount": "0",
                "persons_involved": "2", "parties-TOTAL_FORMS": "2", "parties-INITIAL_FORMS": "0",
                "parties-MIN_NUM_FORMS": "2", "parties-MAX_NUM_FORMS": "20",
                "parties-0-role": "applicant", "parties-0-kind": "legal",
                "parties-0-organisation": "甲公司", "parties-1-role": "respondent",
                "parties-1-kind": "legal", "parties-1-organisation": "乙公司",
            }  # fmt: skip
            try:
                status, headers, body = http_.form("/mediation/cases/register/", fields)
            except OSError:
                continue
            match = re.search(r"/mediation/cases/(\d+)/", headers.get("Location", ""))
            if status == 302 and match:
                write.acked, write.ident = True, int(match.group(1))
            elif status == 200:
                raise SystemExit(f"case form refused: {body.decode()[:3000]}")

    def api_write(self, token, path, payload, key):
        """Send until acknowledged (same Idempotency-Key), or the drill ends; the answer."""
        body = json.dumps(payload)
        while not self.stop.is_set() or self.up.is_set():
            if not self.wait_up():
                return None
            try:
                status, _h, data = Http(self.port).request(
                    "POST", path, body,
                    {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                     "Idempotency-Key": key},
                )  # fmt: skip
            except OSError:
                continue
            if status in (200, 201):
                return json.loads(data)
            if status < 500:
                raise SystemExit(f"{path} refused {status}: {data.decode()[:2000]}")
            if self.stop.is_set():
                return None
        return None

    def write_applications(self):
        from sifa.resettlement.tests.factories import resident_id

        while not self.stop.is_set():
            key = uuid.uuid4().hex
            notice = f"演练通援字〔2026〕{key[:12]}号"
            write = self.ledger.add(Write("application", notice))
            answer = self.api_write(
                self.police_token, "/api/v1/defence-notifications/",
                {"office_code": self.centre.code, "notice_number": notice,
                 "notified_on": time.strftime("%Y-%m-%d"), "criminal_stage": "investigation",
                 "notification_ground": "犯罪嫌疑人系未成年人", "facts": "涉嫌盗窃罪。",
                 "name": "演练人员", "id_number": resident_id(birth="20100301")},
                key,
            )  # fmt: skip
            if answer:
                write.acked, write.ident = True, answer["number"]

    def write_checkins(self):
        base = time.time() - 600
        serial = 0
        while not self.stop.is_set():
            size = random.choice([1, 1, 50])
            items = []
            for _ in range(size):
                serial += 1
                items.append((random.choice(self.subjects), base + serial / 1000))
            stamped = [(number, iso(moment)) for number, moment in items]
            key = uuid.uuid4().hex
            write = self.ledger.add(Write("checkins", key, items=stamped))
            payload = [
                {"subject": n, "at": at, "latitude": INSIDE[0], "longitude": INSIDE[1],
                 "accuracy_m": 10}
                for n, at in stamped
            ]  # fmt: skip
            answer = self.api_write(
                self.checkin_token, "/api/v1/check-ins/", payload if size > 1 else payload[0], key
            )
            if answer is not None:
                rows = answer if isinstance(answer, list) else [answer]
                write.acked, write.ident = True, [row["id"] for row in rows]

    # the run -------------------------------------------------------------------------------

    def enqueue_export(self):
        from sifa.core import tasks
        from sifa.core.models import Job

        job = Job.objects.create(
            user=self.clerk, title="导出调解案件（演练）", total=0,
            request={"path": "/mediation/cases/export/", "method": "GET", "query": "",
                     "post": {}, "file_field": "", "host": f"127.0.0.1:{self.port}",
                     "secure": True},
        )  # fmt: skip
        tasks.enqueue(job)
        return job

    def run(self) -> int:
        started = time.monotonic()
        print(f"drill-kill: database {self.name}, port {self.port}, logs {self.tmp}", flush=True)
        self.create_database()
        setup_seconds = time.monotonic() - started
        from django.db import connection

        from sifa.core import tasks
        from sifa.core.models import Job

        self.start_gunicorn()
        self.start_worker()
        writers = [
            threading.Thread(target=t, daemon=True)
            for t in (self.write_cases, self.write_applications, self.write_checkins)
        ]
        for thread in writers:
            thread.start()
        interrupted_seen = []
        for n in range(1, self.rounds + 1):
            job = self.enqueue_export()
            time.sleep(random.uniform(1.0, 4.0))
            # The task worker: at a random moment while the export runs (if it has started).
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                status = Job.objects.filter(pk=job.pk).values_list("status", flat=True)[0]
                if status != Job.Status.QUEUED:
                    break
                time.sleep(0.2)
            time.sleep(random.uniform(0, 1.5))
            self.kill_worker()
            if Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).exists():
                self.jobs_running_at_kill.append(job.pk)
            self.kill_gunicorn()
            connection.close()
            time.sleep(random.uniform(0, 1))
            self.start_worker()
            self.start_gunicorn()
            print(f"  round {n}: killed, restarted", flush=True)
        time.sleep(3)
        self.stop.set()
        for thread in writers:
            thread.join(timeout=120)
        # Every job of a killed worker must now be failed with its message; retry them.
        time.sleep(2)
        for pk in self.jobs_running_at_kill:
            job = Job.objects.get(pk=pk)
            if job.status == Job.Status.FAILED and job.message == tasks.INTERRUPTED:
                interrupted_seen.append(pk)
                tasks.retry(job)
        deadline = time.monotonic() + 300
        while Job.objects.exclude(status__in=["succeeded", "failed"]).exists():
            if time.monotonic() > deadline:
                break
            time.sleep(1)
        self.worker.send_signal(signal.SIGTERM)
        self.worker.wait(timeout=60)
        os.killpg(self.gunicorn.pid, signal.SIGTERM)
        self.gunicorn.wait(timeout=60)

        with connection.cursor() as cursor:
            problems = verify_acknowledged(cursor, self.ledger) + verify_invariants(cursor)
        missed = sorted(set(self.jobs_running_at_kill) - set(interrupted_seen))
        for pk in missed:
            state = Job.objects.filter(pk=pk).values_list("status", "message").first()
            if state and state[0] != "succeeded":
                problems.append(f"job {pk} of a killed worker not recovered: {state}")
        not_done = list(
            Job.objects.filter(pk__in=interrupted_seen)
            .exclude(status="succeeded")
            .values_list("pk", "status", "message")
        )
        for row in not_done:
            problems.append(f"retried job {row[0]} did not succeed: {row[1:]}")
        jobs = Job.objects.count()
        connection.close()
        self.summary(problems, setup_seconds, time.monotonic() - started, jobs, interrupted_seen)
        return 1 if problems else 0

    def summary(self, problems, setup_seconds, seconds, jobs, interrupted):
        print("\ndrill-kill summary")
        print(
            f"  rounds {self.rounds}; kills: "
            + ", ".join(f"{k} {v}" for k, v in self.kills.items())
        )
        for kind, label in (("case", "mediation cases (page form)"),
                            ("application", "legal-aid applications (API)"),
                            ("checkins", "check-in requests (API, 1 or 50)")):  # fmt: skip
            writes = [w for w in self.ledger.writes if w.kind == kind]
            acked = [w for w in writes if w.acked]
            items = sum(len(w.items) for w in acked) if kind == "checkins" else len(acked)
            print(f"  {label}: attempted {len(writes)}, acknowledged {len(acked)}"
                  + (f" ({items} check-ins)" if kind == "checkins" else ""))  # fmt: skip
        print(f"  export jobs {jobs}; running when their worker was killed "
              f"{len(self.jobs_running_at_kill)}; failed as interrupted and retried "
              f"{len(interrupted)}")  # fmt: skip
        print(f"  acknowledged writes missing or duplicated, half-written records: {len(problems)}")
        for problem in problems[:50]:
            print(f"    {problem}")
        print(f"  setup (create, migrate, seed) {setup_seconds:.0f} s; whole drill {seconds:.0f} s")
        print("  RESULT: " + ("FAILED" if problems else "OK"))

    def drop(self):
        import psycopg

        if self.keep:
            print(f"drill-kill: kept database {self.name}")
            return
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def iso(moment: float) -> str:
    import datetime

    zone = datetime.timezone(datetime.timedelta(hours=8))
    return datetime.datetime.fromtimestamp(moment, zone).isoformat(timespec="microseconds")


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    options = parser.parse_args()
    drill = Drill(options.rounds, options.keep)
    try:
        return drill.run()
    finally:
        for process in (drill.gunicorn, drill.worker):
            if process and process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        drill.stop.set()
        drill.drop()


if __name__ == "__main__":
    sys.exit(main())
