#!/usr/bin/env python
"""Import benchmark (issue 17): a mediation register of 200,000 cases validated and loaded
through the 数据导入 kit, end to end — upload checked whole (the preview: calamine reading,
every cell, the line's rules, the database look-ups), then confirmed (read and checked again
inside the transaction, then written through the line's bulk path) — on PostgreSQL.

    .venv/bin/python bench/run_imports.py [--database-url postgres|URL] [--rows 200000]
                                          [--seed 17] [--profile]

The database is `sifa_imports_bench` on 127.0.0.1 (created, migrated and given one county of
20 townships with 10 mediation committees each, a mediator in each, the first time; then kept
as a template and copied afresh for every run, so each run imports into the same empty
county). The register (.xlsx, made by a child process so its memory is not counted, and kept in
bench/data/) has the outcomes in the mix a county's register has: 72 % 调解成功 (with
协议涉及金额; most performed, some with 司法确认 and 回访), 14 % 调解不成, 4 % 当事人拒绝调解,
2 % 终止调解, 2 % 不予受理, 6 % still open; half the rows carry a historical 案件编号; applicants
are new persons, 60 % of respondents too (the rest organisations).

Reported: rows/s end to end (preview + confirm), wall and CPU time of this process and of the
database backend (read from /proc), the peak resident memory of this process, and where the
time goes (reading, rows and cells, the line's checks, writing).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sifa_imports_bench"
ROWS = 200_000
SEED = 17
TOWNSHIPS, COMMITTEES_PER_TOWNSHIP = 20, 10
COUNTY_CODE = "349901"
USERNAME = "bench_import_clerk"
FIRST_DAY, LAST_DAY = date(2023, 1, 1), date(2026, 6, 30)
MATTERS = ("宅基地", "债务", "赔偿", "婚姻")


# --- the database: one county, kept as a template ----------------------------------------------


def _admin(url: str):
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    return config["NAME"], psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    )


def fresh_database(url: str) -> None:
    """A copy of the template database (made the first time: migrate, county, committees)."""
    from psycopg import sql

    name, admin = _admin(url)
    template = f"{name}_template"
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if not exists.fetchone():
            print(f"building the template database {template} (migrate, county) …", flush=True)
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(template)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
            subprocess.run(  # noqa: S603 (this script, with its own arguments)
                [
                    sys.executable,
                    __file__,
                    "--build-template",
                    "--database-url",
                    _with_name(url, template),
                ],
                check=True,
            )
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )


def _with_name(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def build_template() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sifa.accounts.models import User
    from sifa.orgs.constants import MEDIATOR_POST, MediationCommitteeType, OfficeKind
    from sifa.orgs.models import Membership, Office, Role, StaffMember
    from sifa.people.models import Gender, Person

    county = Office.objects.add_root(
        dict(
            code=COUNTY_CODE,
            name="基准县司法局",
            kind=OfficeKind.JUSTICE_BUREAU,
            region_code=COUNTY_CODE,
        )
    )
    for t in range(1, TOWNSHIPS + 1):
        township = Office.objects.add_child(
            county,
            dict(
                code=f"{COUNTY_CODE}{t:03d}",
                name=f"基准{t}镇司法所",
                kind=OfficeKind.JUDICIAL_OFFICE,
                region_code=f"{COUNTY_CODE}{t:03d}",
            ),
        )
        for c in range(1, COMMITTEES_PER_TOWNSHIP + 1):
            committee = Office.objects.add_child(
                township,
                dict(
                    code=f"{COUNTY_CODE}{t:03d}{200 + c:03d}",
                    name=f"基准{t}镇{c}村人民调解委员会",
                    kind=OfficeKind.MEDIATION_COMMITTEE,
                    subtype=MediationCommitteeType.VILLAGE,
                    region_code=f"{COUNTY_CODE}{t:03d}{200 + c:03d}",
                ),
            )
            person = Person.objects.create(
                office=committee,
                name=f"调解员{t}-{c}",
                gender=Gender.FEMALE,
                birth_date=date(1975, 1, 1),
            )
            StaffMember.objects.create(
                office=committee, person=person, post=MEDIATOR_POST, start_date=date(2015, 1, 1)
            )
    user = User.objects.create_user(username=USERNAME)  # no password: it never logs in
    Membership.objects.create(user=user, office=county, role=Role.objects.get(key="section"))


# --- the register file ---------------------------------------------------------------------------


def register_path(rows: int, seed: int) -> Path:
    return common.DATA_DIR / f"mediation-register-{rows}-{seed}.xlsx"


def _resident_id(n: int, rng: random.Random) -> str:
    from stdnum.cn import ric

    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    # The address code spreads the numbers: (address, birth, sequence) never repeats.
    body = f"{34 + n // 10_000_000:02d}{(n // 1000) % 10_000:04d}{born:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def write_register(rows: int, seed: int) -> Path:
    """The register (.xlsx, write-only openpyxl): made once, kept in bench/data/."""
    from openpyxl import Workbook

    from sifa.mediation.imports.cases import CASES

    path = register_path(rows, seed)
    if path.exists():
        return path
    rng = random.Random(seed)
    headers = [f.header for f in CASES.fields]
    keys = [f.key for f in CASES.fields]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(CASES.sheet)
    sheet.append(headers)
    from sifa.core.codes import code_choices
    from sifa.mediation.constants import DISPUTE_TYPE_CODE_LIST, SOURCE_CODE_LIST

    # Clerks write the names; items valid over the whole span (not retired, not future).
    types = [name for _code, name in code_choices(DISPUTE_TYPE_CODE_LIST, FIRST_DAY)]
    sources = [name for _code, name in code_choices(SOURCE_CODE_LIST, FIRST_DAY)]
    span = (LAST_DAY - FIRST_DAY).days
    person = 0
    for n in range(rows):
        received = FIRST_DAY + timedelta(days=rng.randrange(span))
        committee = (
            f"{COUNTY_CODE}{rng.randrange(1, TOWNSHIPS + 1):03d}{200 + rng.randrange(1, 11):03d}"
        )
        person += 1
        values = {
            "number": f"TZ-{received.year}-{n:06d}" if n % 2 else "",
            "office_code": committee,
            "received_on": received,
            "source": rng.choice(sources),
            "dispute_type": rng.choice(types),
            "facts": f"第{n}号纠纷：双方因{rng.choice(MATTERS)}发生争执。",
            "amount": f"{rng.randrange(0, 500_000) / 100:,.2f}",
            "persons_involved": rng.randrange(2, 6),
            "applicant": f"申请人{n}",
            "applicant_id": _resident_id(person, rng),
        }
        if rng.random() < 0.6:
            person += 1
            values["respondent"] = f"被申请人{n}"
            values["respondent_id"] = _resident_id(person, rng)
        else:
            values["respondent"] = f"某某有限公司{n % 5000}"
        _outcome(rng, values, received)
        sheet.append([values.get(key, "") for key in keys])
    workbook.save(path)
    return path


def _outcome(rng: random.Random, values: dict, received: date) -> None:
    draw = rng.random()
    closed = min(received + timedelta(days=rng.randrange(1, 40)), LAST_DAY)
    if draw < 0.72:
        amount = rng.randrange(0, 2_000_000) / 100
        values.update(
            result="调解成功",
            closed_on=closed,
            agreement_form=rng.choice(["书面", "口头"]),
            agreement_amount=f"{amount:.2f}",
        )
        if rng.random() < 0.8:
            values.update(
                performance="已履行",
                performed_on=min(closed + timedelta(days=rng.randrange(0, 30)), LAST_DAY),
                amount_performed=f"{amount:.2f}",
            )
        if rng.random() < 0.1:
            values.update(
                confirmation_applied_on=closed + timedelta(days=5),
                confirmation_court="基准县人民法院",
                confirmation_decision="确认有效",
                confirmation_decided_on=closed + timedelta(days=15),
                court_case_number=f"(2025)基0101民特{rng.randrange(1, 9999)}号",
            )
        if rng.random() < 0.3:
            values.update(follow_up_on=closed + timedelta(days=20), follow_up_method="电话")
    elif draw < 0.86:
        values.update(result="调解不成", closed_on=closed)
    elif draw < 0.90:
        values.update(result="当事人拒绝调解", closed_on=closed)
    elif draw < 0.92:
        values.update(result="终止调解", closed_on=closed)
    elif draw < 0.94:
        values.update(result="不予受理", closed_on=received, not_mediable_matter="already_handled")
    elif draw < 0.97:
        values.update(result="调解中")
    else:
        values.update(result="已受理")


# --- measuring ---------------------------------------------------------------------------------


class Clock:
    """Wall time, this process's CPU time and the database backend's CPU time spent in named
    steps (nested steps count in their own line only)."""

    def __init__(self):
        self.spent = defaultdict(float)
        self.cpu = defaultdict(float)
        self.backend = defaultdict(float)

    @contextmanager
    def step(self, name: str):
        started, cpu, backend = time.perf_counter(), time.process_time(), backend_cpu()
        try:
            yield
        finally:
            self.spent[name] += time.perf_counter() - started
            self.cpu[name] += time.process_time() - cpu
            self.backend[name] += backend_cpu() - backend

    def wrap(self, owner, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        def timed(*args, **kwargs):
            with self.step(name):
                return original(*args, **kwargs)

        setattr(owner, attribute, timed)


_BACKEND_PID = {}


def backend_cpu() -> float:
    """CPU seconds (user + system) of this connection's PostgreSQL backend, from /proc."""
    from django.db import connection

    if connection.connection is None or id(connection.connection) not in _BACKEND_PID:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _BACKEND_PID[id(connection.connection)] = cursor.fetchone()[0]
    pid = _BACKEND_PID[id(connection.connection)]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def measure(path: Path, profile: bool) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from sifa.core.imports import batches, engine, files
    from sifa.mediation.actions import case_records
    from sifa.mediation.imports import cases
    from sifa.orgs.models import Office
    from sifa.people import actions as people_actions

    # As in production: DEBUG off, so the connection keeps no log of every statement (with the
    # import's long IN lists it would hold hundreds of MiB).
    settings.DEBUG = False
    clock = Clock()
    clock.wrap(files, "read_table", "reading the sheet (calamine)")
    clock.wrap(engine, "read_rows", "rows and cells")
    clock.wrap(case_records, "records_create", "writing cases (bulk)")
    clock.wrap(people_actions, "persons_register_many", "registering persons (bulk)")
    clock.wrap(batches, "_keep_changes", "keeping the batch's records")
    original_resolve = cases.CASES.resolve
    timed_resolve = _timed(clock, "the line's checks (resolve)", original_resolve)
    object.__setattr__(cases.CASES, "resolve", timed_resolve)  # a frozen declaration

    actor = get_user_model().objects.get(username=USERNAME)
    office = Office.objects.get(code=COUNTY_CODE)
    content = path.read_bytes()
    cpu0, backend0, wall0 = time.process_time(), backend_cpu(), time.perf_counter()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    with clock.step("preview (stage)"):
        batch = batches.stage(
            cases.CASES, actor=actor, office=office, content=content, name=path.name
        )
    assert not batch.errors, batch.errors[:5]
    with clock.step("confirm"):
        batch = batches.confirm(cases.CASES, batch, actor=actor)
    wall = time.perf_counter() - wall0
    if profiler is not None:
        import pstats

        profiler.disable()
        if os.environ.get("BENCH_PROFILE_OUT"):  # for pstats: callers, callees
            profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(
            40
        )
    return {
        "rows": batch.rows,
        "created": batch.created_count,
        "wall": wall,
        "cpu": time.process_time() - cpu0,
        "backend_cpu": backend_cpu() - backend0,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "steps": dict(clock.spent),
        "steps_cpu": dict(clock.cpu),
        "steps_backend": dict(clock.backend),
    }


def _timed(clock: Clock, name: str, function):
    def timed(*args, **kwargs):
        with clock.step(name):
            return function(*args, **kwargs)

    return timed


def report(result: dict) -> None:
    from django.db import connection

    created = f"{result['created']:,} cases created"
    print(f"\n{result['rows']:,} rows ({created}) on {common.database_label()}")
    print(
        f"  end to end (preview + confirm): {result['wall']:.1f} s wall  →  "
        f"{result['rows'] / result['wall']:,.0f} rows/s"
    )
    print(
        f"  CPU: this process {result['cpu']:.1f} s; database backend {result['backend_cpu']:.1f} s"
    )
    print(f"  peak resident memory of this process: {result['peak_mib']:,.0f} MiB")
    print(
        "  where the time goes (s: wall, CPU of this process, CPU of the database backend;"
        " a step's time includes the steps inside it):"
    )
    for name, seconds in sorted(result["steps"].items(), key=lambda item: -item[1]):
        cpu, backend = result["steps_cpu"][name], result["steps_backend"][name]
        print(f"    {seconds:8.1f} {cpu:8.1f} {backend:8.1f}  {name}")
    print(f"  load average: {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores; {connection.vendor}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the run")
    parser.add_argument("--build-template", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write-register", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    if args.build_template:
        common.setup_django(url)
        build_template()
        return
    if args.write_register:
        common.setup_django(url)
        write_register(args.rows, args.seed)
        return
    common.DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = register_path(args.rows, args.seed)
    fresh_database(url)
    if not path.exists():
        print(f"writing the register {path.name} …", flush=True)
        subprocess.run(  # noqa: S603 (this script, with its own arguments)
            [
                sys.executable,
                __file__,
                "--write-register",
                "--rows",
                str(args.rows),
                "--seed",
                str(args.seed),
                "--database-url",
                url,
            ],
            check=True,
        )
    common.setup_django(url)
    report(measure(path, args.profile))


if __name__ == "__main__":
    main()
