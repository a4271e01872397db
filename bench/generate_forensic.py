#!/usr/bin/env python
"""Add forensic appraisal (司法鉴定) to the province benchmark database (seeded).

    .venv/bin/python bench/generate_forensic.py [--database-url sqlite|postgres|URL]
                                                [--scale 1.0] [--seed N] [--force]

Runs on the database bench/generate.py built (its offices are kept). Migrates it, then, at
`--scale` 1 (every count below is multiplied by the scale):

* **300 forensic institutions**, each an office of kind `forensic_institution` under a county
  bureau drawn at random (codes `<county>PJ0001…`), registered as a practice `Institution` of
  category `forensic_institution` with a valid 统一社会信用代码, in one to three of the four
  categories (法医类 most often), with its annual registration of 2026;
* **3,000 appraisers** (a `people.Person` and a practice `Practitioner` each) at institutions
  drawn with skewed weights (every institution has two at least in each of its categories),
  registered in one or two of their institution's categories;
* **300,000 cases**, 收到委托日期 2024-01-01 … 2026-12-31 in id order, each at an institution
  drawn in proportion to its appraisers, in one of its categories: 30 % by letter, 6 % refused,
  2 % decided late; the accepted ones with two appraisers of the category, 15 % with paused
  time for supplementary materials, 5 % extended, 3 % completed late, 1 % stalled (never
  completed: the overdue lists have rows), and completed when the day has come; the due dates
  computed by sifa/forensic/deadlines.py on the working-day calendar;
* the user `bench_forensic_admin` (执业机构管理员 of the first institution of the first county).

Rows go in through the project's bulk kit (`sifa.core.bulk.insert_values`, COPY on PostgreSQL)
in batches; no history rows and no status events (no indicator reads them). Then VACUUM
ANALYZE (PostgreSQL) or ANALYZE (SQLite). Existing forensic records are kept unless --force.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

DEFAULT_SEED = 19_052
BATCH = 50_000
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2026, 12, 31)
ADMIN = "bench_forensic_admin"
SUFFIX = "PJ"
CATEGORIES = ("forensic_medicine", "physical_evidence", "audio_visual", "environmental")
CATEGORY_WEIGHTS = (60, 25, 10, 5)
CLIENTS = ("人民法院", "公安局", "人民检察院", "公安局交通警察大队", "生态环境局", "保险公司")
FORENSIC_TABLES = (
    "forensic_case_appraisers",
    "forensic_casepause",
    "forensic_caseevent",
    "forensic_case",
    "forensic_annualregistration",
    "forensic_categoryregistration",
)


@dataclass(frozen=True)
class Volumes:
    institutions: int = 300
    appraisers: int = 3_000
    cases: int = 300_000

    def scaled(self, scale: float) -> Volumes:
        values = {k: max(1, round(v * scale)) for k, v in self.__dict__.items()}
        values["appraisers"] = max(values["appraisers"], 6 * values["institutions"])
        return Volumes(**values)


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


class Generator:
    def __init__(self, root, volumes: Volumes, seed: int, *, log=print, today: date | None = None):
        self.root = root
        self.v = volumes
        self.rng = random.Random(seed)
        self.log = log
        self.today = today or date.today()
        self.sizes: dict[str, int] = {}

    def counties(self):
        from sifa.orgs.constants import OfficeKind
        from sifa.orgs.models import Office

        return list(
            Office.objects.filter(
                path__startswith=self.root.path,
                kind=OfficeKind.JUSTICE_BUREAU,
                depth=self.root.depth + 2,
            ).order_by("path")
        )

    def add_institutions(self, counties):
        from django.db.models import F
        from stdnum.cn import uscc

        from sifa.core import bulk
        from sifa.orgs.models import Office
        from sifa.practice.constants import LICENCE_PREFIX, OFFICE_KIND, Category
        from sifa.practice.models import Institution

        rng = self.rng
        per_county: dict[int, int] = {}
        for _ in range(self.v.institutions):
            county = rng.choice(counties)
            per_county[county.pk] = per_county.get(county.pk, 0) + 1
        offices, made = [], []
        for county in counties:
            for n in range(1, per_county.get(county.pk, 0) + 1):
                founded = day_between(rng, date(2005, 1, 1), date(2022, 12, 31))
                office = bulk.new(
                    Office,
                    code=f"{county.code}{SUFFIX}{n:04d}",
                    name=f"{county.name.removesuffix('司法局')}第{n}司法鉴定所",
                    kind=OFFICE_KIND[Category.FORENSIC_INSTITUTION],
                    region_code=county.region_code,
                    established_on=founded,
                    depth=county.depth + 1,
                    path=Office._get_path(county.path, county.depth + 1, county.numchild + n),
                    numchild=0,
                )
                offices.append(office)
                made.append((office, county))
        bulk.insert(offices)
        for county in counties:
            if per_county.get(county.pk):
                Office.objects.filter(pk=county.pk).update(
                    numchild=F("numchild") + per_county[county.pk]
                )
        rows = []
        for n, (office, county) in enumerate(made, start=1):
            stem = (
                f"{LICENCE_PREFIX[Category.FORENSIC_INSTITUTION]}{county.region_code[:6]}JD{n:07d}"
            )
            rows.append(
                {
                    "office_id": office.pk,
                    "category": Category.FORENSIC_INSTITUTION,
                    "firm_kind": "",
                    "licence_number": stem + uscc.calc_check_digit(stem),
                    "founded_on": office.established_on,
                    "address": f"{county.name.removesuffix('司法局')}健康路{rng.randint(1, 300)}号",
                    "head_name": "张某某",
                    "status": "normal",
                    "dissolved_on": None,
                }
            )
        keys = bulk.insert_values(Institution, rows, copy=True)
        institutions = []
        registrations, annual = [], []
        for key, (office, county) in zip(keys, made, strict=True):
            k = rng.choices((1, 2, 3), (50, 35, 15))[0]
            categories = []
            while len(categories) < k:
                category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
                if category not in categories:
                    categories.append(category)
            institutions.append(
                {"id": key, "office": office, "county": county, "categories": categories}
            )
            for category in categories:
                registrations.append(self._registration(office, key, None, category))
            annual.append(self._annual(office, key, None))
        self.registrations, self.annual = registrations, annual
        self.sizes["institutions"] = len(institutions)
        return institutions

    @staticmethod
    def _registration(office, institution_id, practitioner_id, category):
        return {
            "office_id": office.pk,
            "institution_id": institution_id,
            "practitioner_id": practitioner_id,
            "category": category,
            "registered_on": date(2016, 1, 1),
        }

    @staticmethod
    def _annual(office, institution_id, practitioner_id):
        return {
            "office_id": office.pk,
            "institution_id": institution_id,
            "practitioner_id": practitioner_id,
            "year": 2026,
            "status": "continued",
            "decided_on": date(2026, 1, 20),
            "note": "",
        }

    def add_appraisers(self, institutions):
        from sifa.core import bulk
        from sifa.forensic.models import AnnualRegistration, CategoryRegistration
        from sifa.people.demo import make_person
        from sifa.practice.models import Practitioner

        rng = self.rng
        issued: set[str] = set()
        # Two in each of an institution's categories, the rest drawn with skewed weights.
        plan = [(inst, c) for inst in institutions for c in inst["categories"] for _ in range(2)]
        weights = [min(rng.paretovariate(1.3), 40.0) for _ in institutions]
        for inst in rng.choices(institutions, weights, k=max(0, self.v.appraisers - len(plan))):
            plan.append((inst, rng.choice(inst["categories"])))
        persons = [
            make_person(
                rng,
                office=inst["office"],
                issued=issued,
                address_code=inst["county"].region_code[:6],
                region_code=inst["county"].region_code,
                born_from=date(1960, 1, 1),
                born_to=date(1995, 12, 31),
            )
            for inst, _category in plan
        ]
        bulk.insert(persons, copy=True)
        rows = []
        for serial, ((inst, _category), person) in enumerate(zip(plan, persons, strict=True), 1):
            rows.append(
                {
                    "office_id": inst["office"].pk,
                    "person_id": person.pk,
                    "category": "forensic_institution",
                    "institution_id": inst["id"],
                    "licence_number": f"34{inst['county'].region_code[:6]}{serial:07d}",
                    "kind": "full_time" if rng.random() < 0.8 else "part_time",
                    "licensed_on": day_between(rng, date(2008, 1, 1), date(2023, 12, 31)),
                    "is_partner": False,
                    "status": "practising",
                    "cancelled_on": None,
                }
            )
        keys = bulk.insert_values(Practitioner, rows, copy=True)
        for key, (inst, category) in zip(keys, plan, strict=True):
            own = [category]
            others = [c for c in inst["categories"] if c != category]
            if others and rng.random() < 0.3:
                own.append(rng.choice(others))
            for c in own:
                inst.setdefault("holders", {}).setdefault(c, []).append(key)
                self.registrations.append(self._registration(inst["office"], inst["id"], key, c))
            self.annual.append(self._annual(inst["office"], inst["id"], key))
        bulk.insert_values(CategoryRegistration, self.registrations, copy=True)
        bulk.insert_values(AnnualRegistration, self.annual, copy=True)
        self.sizes["appraisers"] = len(keys)
        self.sizes["category registrations"] = len(self.registrations)

    def add_cases(self, institutions):
        from sifa.core import bulk
        from sifa.core.calendar import WorkingCalendar
        from sifa.core.deadlines import Pause
        from sifa.forensic import deadlines
        from sifa.forensic.models import Case, CasePause

        rng = self.rng
        calendar = WorkingCalendar()
        through = Case.appraisers.through
        weights = [sum(len(v) for v in inst["holders"].values()) for inst in institutions]
        days = (LAST_DAY - FIRST_DAY).days
        received_days = sorted(
            FIRST_DAY + timedelta(days=rng.randint(0, days)) for _ in range(self.v.cases)
        )
        counters: dict[tuple[int, int], int] = {}
        done = 0
        for start in range(0, len(received_days), BATCH):
            rows, extras = [], []
            for received in received_days[start : start + BATCH]:
                if received > self.today:
                    break
                inst = rng.choices(institutions, weights)[0]
                row, extra = self._case(rng, calendar, deadlines, Pause, inst, received, counters)
                rows.append(row)
                extras.append(extra)
            if not rows:
                break
            keys = bulk.insert_values(Case, rows, copy=True)
            links, pauses = [], []
            for key, row, (appraisers, pause) in zip(keys, rows, extras, strict=True):
                links += [{"case_id": key, "practitioner_id": a} for a in appraisers]
                if pause is not None:
                    pauses.append(
                        {
                            "office_id": row["office_id"],
                            "case_id": key,
                            "reason": "supplement",
                            "first": pause.first,
                            "last": pause.last,
                            "note": "",
                        }
                    )
            bulk.insert_values(through, links, copy=True)
            bulk.insert_values(CasePause, pauses, copy=True)
            done += len(rows)
            self.log(f"  cases: {done:,}")
        self.sizes["cases"] = done

    def _case(self, rng, calendar, deadlines, Pause, inst, received, counters):
        category = rng.choice(list(inst["holders"]))
        by_letter = rng.random() < 0.3
        key = (inst["id"], received.year)
        counters[key] = counters.get(key, 0) + 1
        row = {
            "office_id": inst["office"].pk,
            "institution_id": inst["id"],
            "number": f"{received.year}-{counters[key]:06d}",
            "client": inst["county"].name.removesuffix("司法局") + rng.choice(CLIENTS),
            "client_kind": "organ",
            "client_person_id": None,
            "category": category,
            "matter": "鉴定事项",
            "received_on": received,
            "by_letter": by_letter,
            "decision_due": deadlines.decision_due(
                received, by_letter=by_letter, calendar=calendar
            ),
            "status": "received",
            "decision": "",
            "decided_on": None,
            "refusal_reason": "",
            "effective_on": None,
            "completion_due": None,
            "extension_days": 0,
            "extension_reason": "",
            "extension_approved_by": "",
            "extension_approved_on": None,
            "client_notified_on": None,
            "completed_on": None,
            "closed_on": None,
            "outcome": "",
            "opinion_number": "",
            "fee": Decimal(0),
            "complaints": 0,
        }
        limit = 10 if by_letter else 7
        decided = calendar.add_working_days(received, rng.randint(1, limit))
        if rng.random() < 0.02:
            decided = calendar.add_working_days(received, limit + rng.randint(1, 5))
        if decided > self.today:
            return row, ((), None)
        row["decided_on"] = decided
        if rng.random() < 0.06:
            row.update(decision="refused", status="refused", closed_on=decided)
            row["refusal_reason"] = "材料不具备鉴定条件"
            return row, ((), None)
        row.update(decision="accepted", status="accepted", effective_on=decided)
        holders = inst["holders"][category]
        appraisers = rng.sample(holders, min(2, len(holders)))
        pause = None
        if rng.random() < 0.15:
            first = decided + timedelta(days=rng.randint(3, 20))
            pause = Pause(first, first + timedelta(days=rng.randint(3, 12)))
            if pause.last >= self.today:
                pause = None
        if rng.random() < 0.05:
            row["extension_days"] = rng.choice((10, 15, 20, 30))
            row["extension_reason"] = "案情复杂"
            row["extension_approved_by"] = "机构负责人"
            row["extension_approved_on"] = calendar.add_working_days(decided, 25)
            row["client_notified_on"] = row["extension_approved_on"]
        due = deadlines.completion_due(
            decided,
            [pause] if pause else [],
            extension=row["extension_days"],
            calendar=calendar,
        )
        row["completion_due"] = due
        if rng.random() < 0.01:  # stalled: never completed
            return row, (appraisers, pause)
        if rng.random() < 0.03:
            completed = due + timedelta(days=rng.randint(1, 20))
        else:
            completed = min(calendar.add_working_days(decided, rng.randint(8, 28)), due)
        if completed > self.today:
            return row, (appraisers, pause)
        terminated = rng.random() < 0.03
        row.update(
            completed_on=completed,
            closed_on=completed,
            status="terminated" if terminated else "completed",
            outcome="terminated" if terminated else "opinion",
            opinion_number="" if terminated else f"鉴{row['number']}",
            fee=Decimal(0) if terminated else Decimal(rng.randrange(800, 8000, 50)),
            complaints=1 if rng.random() < 0.01 else 0,
        )
        return row, (appraisers, pause)

    def add_admin(self, institutions):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password

        from sifa.orgs.models import Membership, Role

        first = institutions[0]
        user, _created = get_user_model().objects.get_or_create(
            username=ADMIN,
            defaults={"password": make_password(None), "full_name": "鉴定机构管理员"},
        )
        Membership.objects.get_or_create(
            user=user, office=first["office"], role=Role.objects.get(key="inst_admin")
        )

    def run(self) -> dict[str, int]:
        counties = self.counties()
        institutions = self.add_institutions(counties)
        self.log(f"  institutions: {len(institutions):,}")
        self.add_appraisers(institutions)
        self.log(f"  appraisers: {self.sizes['appraisers']:,}")
        self.add_cases(institutions)
        self.add_admin(sorted(institutions, key=lambda i: i["office"].path))
        return self.sizes


def delete_forensic(root) -> None:
    """Every forensic row, the appraisers (and their persons) and the institution offices."""
    from django.db import connection, transaction

    from sifa.orgs.models import Membership, Office
    from sifa.people.models import Person
    from sifa.practice.models import Institution, Practitioner

    kind = "forensic_institution"
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in FORENSIC_TABLES:
                cursor.execute(f"DELETE FROM {table}")  # fixed names
        appraisers = Practitioner.objects.filter(category=kind)
        persons = list(appraisers.values_list("person_id", flat=True))
        appraisers._raw_delete("default")
        Institution.objects.filter(category=kind)._raw_delete("default")
        for start in range(0, len(persons), 10_000):
            Person.objects.filter(pk__in=persons[start : start + 10_000])._raw_delete("default")
        offices = Office.objects.filter(path__startswith=root.path, kind=kind)
        Membership.objects.filter(office__in=offices).delete()
        counts: dict[str, int] = {}
        steplen = Office.steplen
        for path in offices.values_list("path", flat=True):
            counts[path[:-steplen]] = counts.get(path[:-steplen], 0) + 1
        offices._raw_delete("default")
        for path, n in counts.items():
            office = Office.objects.get(path=path)
            Office.objects.filter(pk=office.pk).update(numchild=office.numchild - n)


def forensic_sizes() -> dict[str, int]:
    from sifa.forensic import models as m
    from sifa.practice.models import Institution, Practitioner

    return {
        "institutions": Institution.objects.filter(category="forensic_institution").count(),
        "appraisers": Practitioner.objects.filter(category="forensic_institution").count(),
        "cases": m.Case.objects.count(),
        "pauses": m.CasePause.objects.count(),
    }


def describe(sizes: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key}" for key, value in sizes.items())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="delete the forensic rows first")
    parser.add_argument(
        "--persons",
        type=int,
        default=common.PERSONS,
        help="persons of the base province when bench/generate.py has not run yet",
    )
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.ensure_database(url)
    common.setup_django(url)

    import generate  # bench/generate.py: the province and persons, when missing

    generate.generate(url, persons=args.persons)
    from django.db import connection

    from sifa.forensic.models import Case
    from sifa.orgs.models import Office

    root = Office.objects.get(code=common.ROOT_CODE)
    if args.force:
        delete_forensic(root)
    if Case.objects.exists():
        print("forensic records already present: " + describe(forensic_sizes()))
        return
    volumes = Volumes().scaled(args.scale)
    started = time.monotonic()
    print(f"generating forensic records ({volumes}) into {common.database_label()} …", flush=True)
    Generator(root, volumes, args.seed, log=lambda text: print(text, flush=True)).run()
    print("  analysing …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    elapsed = time.monotonic() - started
    sizes = common.data_sizes()
    print(
        f"done in {elapsed:,.0f} s: {describe(forensic_sizes())}; "
        f"{sizes['offices']:,} offices, {sizes['persons']:,} persons, "
        f"database {sizes['bytes'] / 2**20:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
