#!/usr/bin/env python
"""The go-live imports of community corrections, timed: subjects (在矫) and check-in history.

    .venv/bin/python bench/run_checkin_import.py [--database-url postgres|sqlite|URL]
                                                 [--subjects 1000] [--rows 1000000]
                                                 [--seed 17] [--keep]

Runs on a database of its own (default PostgreSQL `sifa_bench_golive` on 127.0.0.1:5432,
created and migrated when missing; `sqlite` is bench/data/golive.sqlite3). Each run first
removes what an earlier run imported (subjects, their persons, check-ins, batches), then:

1. writes a register of `--subjects` subjects 在矫 at one county's two 司法所 (valid ID numbers,
   every column the forms have) as a UTF-8 CSV, and imports it as a county's 社区矫正工作人员
   would: `batches.stage` (the preview: every row read and checked) then `batches.confirm` (checked
   again inside the transaction, then written through `subject_records.records_create`);
2. writes `--rows` check-ins of those subjects (a few a day each, from their 接收登记 to
   yesterday, 1 % outside the county's fence) as a UTF-8 CSV, and imports it the same way
   (`check_ins_history`: executemany writes, no ORM save per row).

Generating the files is not timed. Reported per import: seconds of the preview and of the
confirmation, rows/s end to end (preview included), and the process's peak resident memory
(`ru_maxrss`) before, after the preview and after the confirmation, and the CPU seconds of this
process (the database server's are not counted). The history is imported in files of
`--file-rows` rows (default 500,000: SIFA_IMPORT_MAX_ROWS, the production limit of one file; a
larger value raises the limit for the run). Benchmarks measure and report; they never assert a
timing (DESIGN §6).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import time
from datetime import date, datetime, timedelta

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sifa_bench_golive"
SQLITE_URL = f"sqlite:///{common.DATA_DIR / 'golive.sqlite3'}"
CITY, COUNTY = "BENCH-GL-3400", "BENCH-GL-3401"
TOWNSHIPS = ("BENCH-GL-340101", "BENCH-GL-340102")
CENTRE = (29.3, 120.1)  # the county's fence, 40 km
WORKER = "bench_golive_worker"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_id(rng: random.Random, serial: int) -> str:
    from stdnum.cn import ric

    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    body = f"340101{born:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def world():
    """The offices, the county's fence and the worker (made once, kept between runs)."""
    from django.contrib.auth import get_user_model

    from sifa.corrections.models import Geofence
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.models import Membership, Office, Role

    city = Office.objects.filter(code=CITY).first()
    if city is None:
        bureau = OfficeKind.JUSTICE_BUREAU
        city = Office.objects.add_root(
            {"code": CITY, "name": "基准市司法局", "kind": bureau, "region_code": "340100"}
        )
        county = Office.objects.add_child(
            city, {"code": COUNTY, "name": "基准县司法局", "kind": bureau, "region_code": "340101"}
        )
        for index, code in enumerate(TOWNSHIPS, start=1):
            Office.objects.add_child(
                Office.objects.get(pk=county.pk),
                {
                    "code": code,
                    "name": f"基准{index}镇司法所",
                    "kind": OfficeKind.JUDICIAL_OFFICE,
                    "region_code": f"340101{index:03d}",
                },
            )
    county = Office.objects.get(code=COUNTY)
    Geofence.objects.get_or_create(
        office=county,
        defaults={"latitude": CENTRE[0], "longitude": CENTRE[1], "radius_km": 40},
    )
    user, created = get_user_model().objects.get_or_create(username=WORKER)
    if created:
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, office=county, role=Role.objects.get(key="cc_worker"))
    return county, get_user_model().objects.get(pk=user.pk)


def clean(county) -> None:
    """Remove what an earlier run imported in the county (its batches first)."""
    from sifa.core.models import ImportBatch
    from sifa.corrections.models import CheckIn, Subject
    from sifa.orgs import access
    from sifa.people.models import Person

    ImportBatch.objects.filter(office=county).delete()
    subjects = access.within(Subject.objects, county)
    CheckIn.objects.filter(subject__in=subjects)._raw_delete(CheckIn.objects.db)
    persons = list(subjects.values_list("person_id", flat=True))
    subjects.delete()
    Person.objects.filter(pk__in=persons).delete()


def subjects_csv(count: int, rng: random.Random) -> bytes:
    from sifa.corrections.imports.subjects import SUBJECTS

    headers = [field.header for field in SUBJECTS.fields]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for serial in range(1, count + 1):
        effective = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 600))
        values = {
            "矫正编号": f"GL-{serial:06d}",
            "姓名": f"对象{serial}",
            "身份证号码": resident_id(rng, 2 * serial + 1),  # odd: a man
            "执行地司法所": TOWNSHIPS[serial % 2],
            "矫正类别": "缓刑",
            "罪名": "盗窃罪",
            "原判刑罚": "有期徒刑二年，缓刑三年",
            "考验期/刑期（月）": "36",
            "决定机关类别": "人民法院",
            "决定机关": "基准县人民法院",
            "判决书/裁定书/决定书文号": f"（{effective.year}）皖0101刑初{serial}号",
            "判决/裁定/决定生效日期": effective.isoformat(),
            "收到执行通知日期": (effective + timedelta(days=2)).isoformat(),
            "收到法律文书日期": (effective + timedelta(days=2)).isoformat(),
            "状态": "在矫",
            "报到日期": (effective + timedelta(days=5)).isoformat(),
            "入矫宣告日期": (effective + timedelta(days=6)).isoformat(),
            "管理类别": "普通",
            "矫正小组成员": "王五（司法所）、李梅（家属，女）",
        }
        writer.writerow([values.get(header, "") for header in headers])
    return out.getvalue().encode("utf-8")


def check_ins_csv(subjects, rows: int, rng: random.Random) -> bytes:
    from sifa.corrections.imports.check_ins import CHECK_INS

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([field.header for field in CHECK_INS.fields])
    yesterday = date.today() - timedelta(days=1)
    spans = [(s.number, s.registered_on, (yesterday - s.registered_on).days) for s in subjects]
    written = 0
    per_subject = -(-rows // len(spans))
    for number, first, days in spans:
        seconds = sorted(rng.sample(range(days * 86_400), min(per_subject, days * 86_400)))
        for offset in seconds:
            if written == rows:
                break
            at = datetime.combine(first, datetime.min.time()) + timedelta(seconds=offset)
            far = rng.random() < 0.01
            lat = CENTRE[0] + (1.9 if far else rng.uniform(-0.2, 0.2))
            lon = CENTRE[1] + (1.4 if far else rng.uniform(-0.2, 0.2))
            writer.writerow([number, f"{at:%Y-%m-%d %H:%M:%S}", f"{lat:.6f}", f"{lon:.6f}", 20])
            written += 1
    return out.getvalue().encode("utf-8")


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def split(content: bytes, rows: int) -> list[bytes]:
    """A CSV in files of at most `rows` data rows, each with the header."""
    lines = content.decode("utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    return [
        (header + "".join(body[start : start + rows])).encode("utf-8")
        for start in range(0, len(body), rows)
    ]


def timed_import(spec, actor, office, content: bytes, name: str) -> dict:
    from sifa.core.imports import batches

    rss_before = peak_mib()
    cpu = cpu_s()
    start = time.perf_counter()
    batch = batches.stage(spec, actor=actor, office=office, content=content, name=name)
    staged = time.perf_counter()
    if batch.error_count:
        raise SystemExit(f"{name}: {batch.error_count} errors, e.g. {batch.errors[:3]}")
    rss_staged = peak_mib()
    batch = batches.confirm(spec, batch, actor=actor)
    done = time.perf_counter()
    return {
        "rows": batch.rows,
        "created": batch.created_count,
        "preview_s": staged - start,
        "confirm_s": done - staged,
        "total_s": done - start,
        "rows_per_s": batch.rows / (done - start),
        "cpu_s": cpu_s() - cpu,
        "peak_before": rss_before,
        "peak_preview": rss_staged,
        "peak_after": peak_mib(),
    }


def show(label: str, result: dict) -> None:
    print(
        f"{label:<34} {result['rows']:>10,} rows  preview {result['preview_s']:7.1f} s  "
        f"confirm {result['confirm_s']:7.1f} s  total {result['total_s']:7.1f} s  "
        f"{result['rows_per_s']:9,.0f} rows/s  CPU {result['cpu_s']:6.1f} s  "
        f"peak RSS {result['peak_before']:,.0f} → "
        f"{result['peak_preview']:,.0f} → {result['peak_after']:,.0f} MiB",
        flush=True,
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres", help="postgres (default), sqlite, URL"
    )
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--file-rows",
        type=int,
        default=500_000,
        help="rows per check-in file (default 500,000: SIFA_IMPORT_MAX_ROWS in production)",
    )
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--keep", action="store_true", help="keep the imported rows at the end")
    args = parser.parse_args(argv)
    url = {"postgres": POSTGRES_URL, "sqlite": SQLITE_URL}.get(args.database_url, args.database_url)
    common.ensure_database(url)
    common.setup_django(url)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    settings.SIFA_IMPORT_MAX_ROWS = max(args.file_rows, args.subjects) + 1
    import run  # bench/run.py: machine notes

    from sifa.corrections.imports.check_ins import CHECK_INS
    from sifa.corrections.imports.subjects import SUBJECTS
    from sifa.corrections.models import Subject
    from sifa.orgs import access

    county, worker = world()
    clean(county)
    rng = random.Random(args.seed)
    print(f"\n{common.database_label()} — {run.machine_notes()}")

    register = subjects_csv(args.subjects, rng)
    show("subjects (在矫)", timed_import(SUBJECTS, worker, county, register, "在矫.csv"))

    subjects = list(access.within(Subject.objects, county).order_by("number"))
    history = check_ins_csv(subjects, args.rows, rng)
    parts = split(history, args.file_rows)
    del history
    print(f"check-in files: {len(parts)} of at most {args.file_rows:,} rows", flush=True)
    totals = {"rows": 0, "preview_s": 0.0, "confirm_s": 0.0, "total_s": 0.0, "cpu_s": 0.0}
    for number, part in enumerate(parts, start=1):
        result = timed_import(CHECK_INS, worker, county, part, f"签到{number}.csv")
        show(f"check-in history, file {number}", result)
        for key in totals:
            totals[key] += result[key]
    totals["rows_per_s"] = totals["rows"] / totals["total_s"]
    totals.update(peak_before=0, peak_preview=0, peak_after=peak_mib())
    show("check-in history, all files", totals)
    if not args.keep:
        clean(county)


if __name__ == "__main__":
    main()
