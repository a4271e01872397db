#!/usr/bin/env python
"""Add community corrections (社区矫正) records to the province benchmark database (seeded).

    .venv/bin/python bench/generate_corrections.py [--database-url sqlite|postgres|URL]
                                                   [--subjects N] [--checkins N]
                                                   [--seed N] [--force]

Runs on the database bench/generate.py built (its offices and persons, and any mediation or
legal-aid records, are kept). Migrates it, then writes:

* one `Geofence` per county bureau (a centre per county on a grid over the province, 60 km);
* `--subjects` correction episodes notified 2022-01-01 .. 2026-12-31 (ids follow the notification
  date), spread over the 1,300 司法所; the person is an existing benchmark person drawn at random
  (a person may have several episodes); 3 % minors; 缓刑 70 %, 假释 15 %, 管制 3 %, 暂外 12 %;
  reported 0–9 days after the notice (5 % late), registered and announced the day they report;
  the term is 6–36 months, short terms much more frequent (6 + 30·u⁸ months, mean ≈ 9) so that
  about 15,000 are 在矫 at any time once the stock has built up; 4 % end early (terminated:
  revocations, committed, death), the rest are released at term end (期满解除) unless the term
  runs past 2026-12-31 (still 在矫); those notified in the last days stay 待报到;
* every status change as a `SubjectEvent`; 管理类别 and 犯罪类型 from the seeded code lists;
* measures: 表扬 10 %, 训诫 5 %, 警告 5 % of the episodes, and for each revocation its 提请
  (撤销缓刑 / 撤销假释 / 收监执行) with outcome 已采纳 on the termination day;
* supervision records (报告 / 通信联络 / 信息化核查 / 实地查访) about every 60 days of each episode;
* one 集体教育 per 司法所 and month with up to 8 of the 在矫 subjects of that 司法所 as
  participants, and one 个别教育 per 司法所 and month with one participant;
* `--checkins` location check-ins over the active days of the episodes (each active subject is
  drawn on a day with the probability that gives the total), 1 % outside the county fence, each
  of those with a `left_county` alert (90 % handled within three days); ids in time order.

Rows are streamed in batches without the ORM's per-object work: COPY on PostgreSQL, executemany
INSERT on SQLite; no history rows. Then ANALYZE (SQLite) or VACUUM ANALYZE (PostgreSQL).
Existing corrections records are kept unless --force (which deletes them first). The default of
20,000,000 check-ins is meant for PostgreSQL; on SQLite use e.g. `--checkins 1000000`.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]
from generate_legalaid import Table, reset_sequences, weighted, write_rows

DEFAULT_SEED = 2_022
SUBJECTS = 100_000
CHECKINS = 20_000_000
BATCH = 20_000
CHECKIN_BATCH = 200_000
FIRST_DAY, LAST_DAY = date(2022, 1, 1), date(2026, 12, 31)
CREATED = "2026-01-01 00:00:00"
FENCE_KM = 60
OUTSIDE_SHARE = 0.01
MINOR_SHARE = 0.03
EARLY_END_SHARE = 0.04

_SENTENCES = (("probation", 70), ("parole", 15), ("control", 3), ("outside_prison", 12))
_CRIMES = (
    "危险驾驶罪", "盗窃罪", "诈骗罪", "故意伤害罪", "交通肇事罪", "开设赌场罪",
    "帮助信息网络犯罪活动罪", "职务侵占罪",
)  # fmt: skip
_TERMINATIONS = {
    "probation": (("revoked_probation", 70), ("death", 10), ("other", 20)),
    "parole": (("revoked_parole", 70), ("death", 10), ("other", 20)),
    "control": (("death", 40), ("other", 60)),
    "outside_prison": (("committed", 70), ("death", 20), ("other", 10)),
}
_REVOCATION_MEASURE = {
    "revoked_probation": "revoke_probation",
    "revoked_parole": "revoke_parole",
    "committed": "commitment",
}
_SUPERVISION_KINDS = (("report", 40), ("contact", 30), ("info_check", 20), ("field_visit", 10))
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError(day)


def offices():
    """(townships: [(id, county index)], counties: [Office]) of the benchmark province."""
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.models import Office

    root = Office.objects.get(code=common.ROOT_CODE)
    under_root = Office.objects.filter(path__startswith=root.path)
    counties = list(
        under_root.filter(kind=OfficeKind.JUSTICE_BUREAU, depth=root.depth + 2).order_by("path")
    )
    county_index = {c.path: i for i, c in enumerate(counties)}
    steplen = Office.steplen
    townships = [
        (pk, county_index[path[: len(path) - steplen]])
        for pk, path in under_root.filter(kind=OfficeKind.JUDICIAL_OFFICE)
        .order_by("path")
        .values_list("pk", "path")
    ]
    return townships, counties


def fence_centres(count: int) -> list[tuple[float, float]]:
    """A centre per county on a 10-wide grid, 1.5° apart (fences of 60 km never overlap)."""
    return [(29.5 + (i // 10) * 1.5, 115.0 + (i % 10) * 1.5) for i in range(count)]


def add_fences(counties, centres) -> None:
    from sifa.corrections.models import Geofence

    present = set(Geofence.objects.values_list("office_id", flat=True))
    new = [
        Geofence(office=c, latitude=f"{lat:.6f}", longitude=f"{lon:.6f}", radius_km=FENCE_KM)
        for c, (lat, lon) in zip(counties, centres, strict=True)
        if c.pk not in present
    ]
    Geofence.objects.bulk_create(new)
    print(f"  geofences added: {len(new):,}", flush=True)


class Generator:
    def __init__(self, seed: int, vendor: str):
        from sifa.corrections import models as m

        self.offset = "+08" if vendor == "postgresql" else ""
        created = CREATED + ("+00:00" if vendor == "postgresql" else "")
        self.rng = random.Random(seed)
        self.vendor = vendor
        self.t = {
            name: Table(model, created)
            for name, model in (
                ("subject", m.Subject),
                ("event", m.SubjectEvent),
                ("category", m.CategoryChange),
                ("measure", m.Measure),
                ("supervision", m.Supervision),
                ("education", m.Education),
                ("participation", m.Education.subjects.through),
                ("checkin", m.CheckIn),
                ("alert", m.Alert),
            )
        }
        self.ids = dict.fromkeys(self.t, 0)
        # (subject id, office id, county index, active from, active until (exclusive))
        self.active: list[tuple[int, int, int, date, date]] = []

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def name(self) -> str:
        return self.rng.choice(_SURNAMES) + self.rng.choice("建国华明丽芳伟强军英秀兰平红")

    def stamp(self, day: date, seconds: int) -> str:
        """A timestamp at `seconds` after local (Asia/Shanghai) midnight of `day`: with its
        offset for PostgreSQL, in naive UTC for SQLite (as Django stores it there)."""
        if self.offset:
            h, rest = divmod(seconds, 3600)
            return f"{day.isoformat()} {h:02d}:{rest // 60:02d}:{rest % 60:02d}{self.offset}"
        moment = datetime(day.year, day.month, day.day) + timedelta(seconds=seconds - 8 * 3600)
        return moment.isoformat(sep=" ")

    def flush(self, out: dict[str, list]) -> None:
        from django.db import transaction

        with transaction.atomic():
            for name, rows in out.items():
                write_rows(self.t[name], rows)
                rows.clear()

    # --- subjects -----------------------------------------------------------------------------

    def subjects(self, total, townships, persons, categories, crime_categories) -> None:
        rng, t = self.rng, self.t
        days = (LAST_DAY - FIRST_DAY).days + 1
        sentences = weighted(_SENTENCES)
        out = {name: [] for name in ("subject", "event", "category", "measure", "supervision")}
        events = out["event"]
        started = time.monotonic()
        for sid in range(1, total + 1):
            if sid % BATCH == 1 and out["subject"]:
                self.flush(out)  # a batch whose last subject stayed 待报到
            notified = FIRST_DAY + timedelta(days=(sid - 1) * days // total)
            office, county = rng.choice(townships)
            sentence = rng.choices(*sentences)[0]
            crime = rng.choice(_CRIMES)
            crime_category = rng.choice(crime_categories)
            months = 6 + round(30 * rng.random() ** 8)
            effective = notified - timedelta(days=rng.randint(0, 3))
            report_due = effective + timedelta(days=10)
            late = rng.random() < 0.05
            reported = (
                report_due + timedelta(days=rng.randint(1, 20))
                if late
                else notified + timedelta(days=rng.randint(0, max(0, (report_due - notified).days)))
            )
            category = rng.choice(categories)
            values = {
                "id": sid,
                "office_id": office,
                "number": f"JZ{notified.year}{sid:07d}",
                "person_id": rng.choice(persons),
                "sentence_type": sentence,
                "crime": crime,
                "crime_category": crime_category,
                "original_sentence": f"有期徒刑{max(6, months)}个月",
                "sentence_months": months,
                "decision_organ": (
                    "court" if sentence in ("probation", "control") else "prison_admin"
                ),
                "decision_organ_name": "（决定机关）",
                "judgment_number": f"（{effective.year}）刑字第{sid}号",
                "judgment_effective_on": effective,
                "is_minor": rng.random() < MINOR_SHARE,
                "notified_on": notified,
                "documents_received_on": notified,
                "receipt_sent_on": notified + timedelta(days=rng.randint(0, 4)),
                "report_due_on": report_due,
            }

            def event(from_status, to_status, on, sid=sid, office=office):
                events.append(
                    t["event"].row(
                        id=self.next_id("event"),
                        office_id=office,
                        subject_id=sid,
                        from_status=from_status,
                        to_status=to_status,
                        happened_on=on,
                    )
                )

            event("", "awaiting_report", notified)
            if reported > LAST_DAY:
                values["status"] = "awaiting_report"
                out["subject"].append(t["subject"].row(**values))
                continue
            start = reported
            end = add_months(start, months) - timedelta(days=1)
            values.update(
                reported_on=reported,
                report_type="late" if late else "on_time",
                registered_on=reported,
                announced_on=reported,
                category=category,
                correction_start=start,
                correction_end=end,
            )
            event("awaiting_report", "received", reported)
            event("received", "under_correction", reported)
            out["category"].append(
                t["category"].row(
                    id=self.next_id("category"),
                    office_id=office,
                    subject_id=sid,
                    to_category=category,
                    changed_on=reported,
                    reason="（入矫评估）",
                )
            )
            ended = None
            if rng.random() < EARLY_END_SHARE:
                ended = start + timedelta(days=rng.randint(30, max(31, (end - start).days - 1)))
                if ended <= LAST_DAY:
                    kind = rng.choices(*weighted(_TERMINATIONS[sentence]))[0]
                    values.update(status="terminated", terminated_on=ended, termination_type=kind)
                    event("under_correction", "terminated", ended)
                    if kind in _REVOCATION_MEASURE:
                        self.measure(out, sid, office, _REVOCATION_MEASURE[kind], ended, ended)
                else:
                    ended = None
            if ended is None:
                if end + timedelta(days=1) <= LAST_DAY:
                    ended = end + timedelta(days=1)
                    values.update(
                        status="released",
                        released_on=end,
                        release_type="expiry",
                        certificate_number=f"JJ{end.year}{sid:07d}",
                    )
                    event("under_correction", "released", end)
                else:
                    values["status"] = "under_correction"
            until = ended or LAST_DAY + timedelta(days=1)  # exclusive
            self.active.append((sid, office, county, start, until))
            span = (until - start).days
            for kind, share in (("commendation", 0.10), ("admonition", 0.05), ("warning", 0.05)):
                if rng.random() < share:
                    on = start + timedelta(days=rng.randint(0, span - 1))
                    self.measure(out, sid, office, kind, on, None)
            kinds = weighted(_SUPERVISION_KINDS)
            for offset in range(rng.randint(0, 59), span, 60):
                out["supervision"].append(
                    t["supervision"].row(
                        id=self.next_id("supervision"),
                        office_id=office,
                        subject_id=sid,
                        kind=rng.choices(*kinds)[0],
                        happened_on=start + timedelta(days=offset),
                        content="（日常管理情况）",
                        anomaly=rng.random() < 0.02,
                    )
                )
            out["subject"].append(t["subject"].row(**values))
            if sid % BATCH == 0:
                self.flush(out)
                rate = sid / (time.monotonic() - started)
                print(f"  subjects: {sid:,} ({rate:,.0f}/s)", flush=True)
        self.flush(out)  # the rest (and any batch ended by a subject still 待报到)

    def measure(self, out, sid, office, kind, on, outcome_on) -> None:
        values = {
            "id": self.next_id("measure"),
            "office_id": office,
            "subject_id": sid,
            "kind": kind,
            "facts": "（基准测试生成的事实）",
            "decided_on": on if outcome_on is None else on - timedelta(days=20),
            "decided_by": self.name(),
        }
        if outcome_on is not None:
            values.update(addressee="（人民法院）", outcome="granted", outcome_on=outcome_on)
        out["measure"].append(self.t["measure"].row(**values))

    # --- education ----------------------------------------------------------------------------

    def education(self) -> None:
        rng, t = self.rng, self.t
        by_office: dict[int, list[tuple[int, date, date]]] = {}
        for sid, office, _county, start, until in self.active:
            by_office.setdefault(office, []).append((sid, start, until))
        out = {"education": [], "participation": []}
        month = FIRST_DAY
        while month <= LAST_DAY:
            for office in sorted(by_office):
                for kind, size in (("group", 8), ("individual", 1)):
                    held = month + timedelta(days=rng.randint(0, 27))
                    active = [s for s, a, b in by_office[office] if a <= held < b]
                    if not active:
                        continue
                    eid = self.next_id("education")
                    out["education"].append(
                        t["education"].row(
                            id=eid,
                            office_id=office,
                            kind=kind,
                            held_on=held,
                            topic="（教育内容）",
                            hours="2.0" if kind == "group" else "1.0",
                            staff_count=rng.randint(1, 3),
                        )
                    )
                    for sid in rng.sample(active, min(size, len(active))):
                        out["participation"].append(
                            t["participation"].row(
                                id=self.next_id("participation"),
                                education_id=eid,
                                subject_id=sid,
                            )
                        )
            self.flush(out)
            month = add_months(month, 1)
        print(
            f"  education: {self.ids['education']:,} activities, "
            f"{self.ids['participation']:,} participations",
            flush=True,
        )

    # --- check-ins and alerts -----------------------------------------------------------------

    def checkins(self, total: int, centres) -> None:
        """Day by day: each active subject checks in with probability p (total / active days)."""
        rng = self.rng
        active_days = sum((until - start).days for *_x, start, until in self.active)
        p = total / active_days
        print(
            f"  check-ins: {active_days:,} active subject-days → {total:,} check-ins "
            f"(p = {p:.3f} a day)",
            flush=True,
        )
        starts: dict[date, list] = {}
        ends: dict[date, list] = {}
        for row in self.active:
            starts.setdefault(row[3], []).append(row)
            ends.setdefault(row[4], []).append(row)
        current: dict[int, tuple[int, int]] = {}  # sid → (office, county)
        t_check, t_alert = self.t["checkin"], self.t["alert"]
        check_rows, alert_rows = [], []
        produced, remaining_days, reported = 0, active_days, 0
        started = time.monotonic()
        day = FIRST_DAY
        while day <= LAST_DAY:
            for sid, *_rest in ends.get(day, ()):
                del current[sid]
            for sid, office, county, _s, _u in starts.get(day, ()):
                current[sid] = (office, county)
            active = len(current)
            if active:
                # draw the day's count so that the total comes out exact
                expected = (total - produced) * active / remaining_days
                count = min(active, int(expected) + (rng.random() < expected - int(expected)))
                remaining_days -= active
                chosen = rng.sample(list(current), count) if count else []
                times = sorted(
                    (rng.randint(6 * 3600, 22 * 3600 - 1), sid) for sid in chosen
                )  # 06:00–21:59 local
                for seconds, sid in times:
                    office, county = current[sid]
                    lat, lon = centres[county]
                    outside = rng.random() < OUTSIDE_SHARE
                    if outside:
                        lat, lon = lat + rng.choice((-1, 1)) * rng.uniform(0.7, 1.4), lon + 0.5
                    else:
                        lat, lon = lat + rng.uniform(-0.2, 0.2), lon + rng.uniform(-0.2, 0.2)
                    cid = self.next_id("checkin")
                    at = self.stamp(day, seconds)
                    check_rows.append(
                        t_check.row(
                            id=cid,
                            office_id=office,
                            subject_id=sid,
                            at=at,
                            latitude=f"{lat:.6f}",
                            longitude=f"{lon:.6f}",
                            accuracy_m=rng.randint(5, 60),
                            outside=outside,
                        )
                    )
                    if outside:
                        handled = rng.random() < 0.9
                        alert_rows.append(
                            t_alert.row(
                                id=self.next_id("alert"),
                                office_id=office,
                                subject_id=sid,
                                kind="left_county",
                                raised_at=at,
                                detail="定位在执行地以外，不在批准的外出或经常性跨市县活动期间。",
                                check_in_id=cid,
                                handled_on=day + timedelta(days=rng.randint(0, 3))
                                if handled
                                else None,
                                handling="（已核实处置）" if handled else "",
                            )
                        )
                produced += count
            if len(check_rows) >= CHECKIN_BATCH or day == LAST_DAY:
                self.flush({"checkin": check_rows, "alert": alert_rows})
                if produced >= reported + 2_000_000 or day == LAST_DAY:
                    reported = produced
                    rate = produced / (time.monotonic() - started)
                    print(f"  check-ins: {produced:,} to {day} ({rate:,.0f} rows/s)", flush=True)
            day += timedelta(days=1)


# Children first: the order DELETE needs.
GENERATED_TABLES = (
    "corrections_alert",
    "corrections_checkin",
    "corrections_education_subjects",
    "corrections_education",
    "corrections_supervision",
    "corrections_measure",
    "corrections_categorychange",
    "corrections_subjectevent",
    "corrections_subject",
    "corrections_geofence",
)


def delete_generated() -> None:
    """Empty every table of the corrections app (the bench database holds generated rows only;
    a resettlement record pointing at a subject would make this fail, on purpose)."""
    from django.apps import apps
    from django.db import connection, transaction

    tables = [
        model._meta.db_table
        for model in apps.get_app_config("corrections").get_models(include_auto_created=True)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE needs the tables referencing these (resettlement, and what refers to
            # those) in the same statement: taken along when empty, refused otherwise.
            while True:
                cursor.execute(
                    "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint"
                    " WHERE contype = 'f' AND confrelid::regclass::text = ANY(%s)"
                    " AND NOT conrelid::regclass::text = ANY(%s)",
                    [tables, tables],
                )
                others = [row[0] for row in cursor.fetchall()]
                if not others:
                    break
                for other in others:
                    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {other})")
                    if cursor.fetchone()[0]:
                        raise SystemExit(f"{other} refers to corrections records: not deleting")
                tables.extend(others)
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in GENERATED_TABLES:
                cursor.execute(f"DELETE FROM {table}")


def generate_corrections(subjects: int, checkins: int, seed: int) -> None:
    from django.db import connection

    from sifa.core.models import CodeItem
    from sifa.corrections.constants import CATEGORY_CODE_LIST, CRIME_CATEGORY_CODE_LIST
    from sifa.people.models import Person

    townships, counties = offices()
    centres = fence_centres(len(counties))
    add_fences(counties, centres)
    persons = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    categories = list(
        CodeItem.objects.filter(code_list__key=CATEGORY_CODE_LIST)
        .order_by("code")
        .values_list("code", flat=True)
    )
    crime_categories = list(
        CodeItem.objects.filter(code_list__key=CRIME_CATEGORY_CODE_LIST)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if not categories or not crime_categories:
        raise SystemExit("the corrections code lists are empty: migrate first")
    generator = Generator(seed, connection.vendor)
    t0 = time.monotonic()
    generator.subjects(subjects, townships, persons, categories, crime_categories)
    t1 = time.monotonic()
    generator.education()
    t2 = time.monotonic()
    generator.checkins(checkins, centres)
    t3 = time.monotonic()
    print(
        f"  times: subjects {t1 - t0:,.0f} s, education {t2 - t1:,.0f} s, "
        f"check-ins {t3 - t2:,.0f} s ({checkins / max(t3 - t2, 1e-9):,.0f} rows/s)",
        flush=True,
    )
    reset_sequences(t.name for t in generator.t.values())
    print("  analysing …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  analysed in {time.monotonic() - t3:,.0f} s", flush=True)


def corrections_sizes() -> dict[str, int]:
    from django.db import connection

    sizes = {}
    with connection.cursor() as cursor:
        for table in reversed(GENERATED_TABLES):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            sizes[table.removeprefix("corrections_")] = cursor.fetchone()[0]
    return sizes


def describe(sizes: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key}" for key, value in sizes.items())


def table_bytes() -> str:
    """Heap + index size of the check-in and alert tables (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        parts = []
        for table in ("corrections_checkin", "corrections_alert", "corrections_subject"):
            cursor.execute("SELECT pg_relation_size(%s), pg_indexes_size(%s)", [table, table])
            heap, index = cursor.fetchone()
            parts.append(f"{table} {heap / 2**20:,.0f} MiB + indexes {index / 2**20:,.0f} MiB")
        return "; ".join(parts)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--subjects", type=int, default=SUBJECTS)
    parser.add_argument("--checkins", type=int, default=CHECKINS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="delete corrections records first")
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.ensure_database(url)
    common.setup_django(url)

    import generate  # bench/generate.py: the province and persons, when missing

    generate.generate(url)  # also migrates
    from sifa.corrections.models import Subject

    if args.force:
        delete_generated()
    if Subject.objects.exists():
        print("corrections records already present: " + describe(corrections_sizes()))
        return
    before = common.data_sizes()["bytes"]
    started = time.monotonic()
    print(
        f"generating {args.subjects:,} correction subjects and {args.checkins:,} check-ins "
        f"into {common.database_label()} at {datetime.now():%H:%M:%S} …",
        flush=True,
    )
    generate_corrections(args.subjects, args.checkins, args.seed)
    elapsed = time.monotonic() - started
    after = common.data_sizes()["bytes"]
    print(
        f"done in {elapsed:,.0f} s: {describe(corrections_sizes())}; "
        f"database {after / 2**20:,.0f} MiB (was {before / 2**20:,.0f}) {table_bytes()}"
    )


if __name__ == "__main__":
    main()
