#!/usr/bin/env python
"""Add notary offices and notarisations (公证) to the province benchmark database (seeded).

    .venv/bin/python bench/generate_notary.py [--database-url sqlite|postgres|URL]
                                              [--scale 1.0] [--seed N] [--force]

Runs on the database bench/generate.py built (its offices are kept; at a scale below 1 it is
built with that share of its 1,000,000 persons). Migrates it, then, at `--scale` 1 (every count
below is multiplied by the scale):

* **500 notary offices**, each an office under a county bureau drawn at random (codes
  `<county>PX0001…`, which sort after the county's other children, so the path steps follow
  the county's `numchild`), registered as a practice `Institution` of category notary_office;
* **5,000 notaries** (`Practitioner`), persons of the generated registry, at least one an office;
* **2,000,000 notarisations**, 申请/受理日期 2024-01-01 … 2026-12-31 in id order, each at an
  office drawn in proportion to its notaries, a matter drawn from the code table (about 20 %
  涉外), its due date by the rule `notary.issue` (15 working days on the working-day calendar),
  5 % with a pause for supplements (the due date moved by it); issued within the limit (1 % late),
  1.5 % refused on an Art 31 ground, 0.5 % withdrawn; those accepted in the last six weeks
  still open (the overdue list has rows); 3 % with a fee reduced or waived;
* **200,000 consultation records** (人次 1–30);
* the user `bench_notary_admin` (执业机构管理员 of the first office of the first county).

Rows go in through the bulk kit (`sifa.core.bulk.insert_values`, COPY on PostgreSQL) in
batches; no history rows and no status events (no indicator reads them). Then VACUUM ANALYZE
(PostgreSQL) or ANALYZE (SQLite). Existing notary records are kept unless --force.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

DEFAULT_SEED = 19_050
BATCH = 100_000
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2026, 12, 31)
TODAY = date(2026, 12, 10)  # the bench's today: rows accepted after OPEN_FROM are still open
OPEN_FROM = TODAY - timedelta(days=42)
ADMIN = "bench_notary_admin"
SUFFIX = "PX"


@dataclass(frozen=True)
class Volumes:
    offices: int = 500
    notaries: int = 5_000
    notarisations: int = 2_000_000
    consultations: int = 200_000

    def scaled(self, scale: float) -> Volumes:
        values = {k: max(1, round(v * scale)) for k, v in self.__dict__.items()}
        values["notaries"] = max(values["notaries"], values["offices"])
        return Volumes(**values)


class Generator:
    def __init__(self, root, volumes: Volumes, seed: int, *, log=print):
        self.root, self.v, self.rng, self.log = root, volumes, random.Random(seed), log
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

    def add_offices(self, counties):
        from django.db.models import F

        from sifa.core import bulk
        from sifa.orgs.models import Office
        from sifa.practice.constants import OFFICE_KIND, Category, InstitutionStatus
        from sifa.practice.licences import institution_licence_number
        from sifa.practice.models import Institution

        rng = self.rng
        per_county: dict[int, int] = {c.pk: 0 for c in counties}
        for _ in range(self.v.offices):
            per_county[rng.choice(counties).pk] += 1
        new, made = [], []
        for county in counties:
            for n in range(1, per_county[county.pk] + 1):
                founded = date(rng.randint(1980, 2015), 1, 1)
                office = bulk.new(
                    Office,
                    code=f"{county.code}{SUFFIX}{n:04d}",
                    name=f"{county.name.removesuffix('司法局')}第{n}公证处",
                    kind=OFFICE_KIND[Category.NOTARY_OFFICE],
                    region_code=county.region_code,
                    established_on=founded,
                    depth=county.depth + 1,
                    path=Office._get_path(county.path, county.depth + 1, county.numchild + n),
                    numchild=0,
                )
                new.append(office)
                made.append((office, county))
        bulk.insert(new)
        for county in counties:
            if per_county[county.pk]:
                Office.objects.filter(pk=county.pk).update(
                    numchild=F("numchild") + per_county[county.pk]
                )
        rows = [
            {
                "office_id": office.pk,
                "category": Category.NOTARY_OFFICE,
                "firm_kind": "",
                "licence_number": institution_licence_number(
                    Category.NOTARY_OFFICE, county.region_code[:6], f"GN{n:07d}"
                ),
                "founded_on": office.established_on,
                "address": "",
                "head_name": "某某",
                "status": InstitutionStatus.NORMAL,
                "dissolved_on": None,
            }
            for n, (office, county) in enumerate(made, start=1)
        ]
        keys = bulk.insert_values(Institution, rows, copy=True)
        self.sizes["notary offices"] = len(keys)
        return [
            {"id": key, "office": office, "county": county, "notaries": []}
            for key, (office, county) in zip(keys, made, strict=True)
        ]

    def person_ids(self, count: int) -> list[int]:
        from sifa.people.models import Person
        from sifa.practice.models import Practitioner

        # Persons holding no licence (the applicants are citizens, not the practitioners).
        ids = list(
            Person.objects.filter(office__path__startswith=self.root.path)
            .exclude(pk__in=Practitioner.objects.values("person_id"))
            .order_by("id")
            .values_list("id", flat=True)[: count * 4]
        )
        return self.rng.sample(ids, min(len(ids), count))

    def add_notaries(self, offices) -> list[int]:
        """The notaries, each a new person of the registry with a licence; their person ids."""
        from sifa.core import bulk
        from sifa.people.demo import make_person
        from sifa.practice.constants import Category, PractitionerKind, PractitionerStatus
        from sifa.practice.models import Practitioner

        rng = self.rng
        weights = [min(rng.paretovariate(1.5), 30.0) for _ in offices]
        chosen = offices + rng.choices(offices, weights, k=self.v.notaries - len(offices))
        issued: set[str] = set()
        people = [
            make_person(
                rng,
                office=inst["office"],
                issued=issued,
                address_code=inst["county"].region_code[:6],
                region_code=inst["county"].region_code,
                born_from=date(1960, 1, 1),
                born_to=date(1995, 12, 31),
            )
            for inst in chosen
        ]
        bulk.insert(people, copy=True)
        persons = [person.pk for person in people]
        rows = [
            {
                "office_id": inst["office"].pk,
                "person_id": person,
                "category": Category.NOTARY_OFFICE,
                "institution_id": inst["id"],
                "licence_number": f"1339{serial:08d}",
                "kind": PractitionerKind.FULL_TIME,
                "licensed_on": date(rng.randint(1995, 2023), 3, 1),
                "is_partner": False,
                "status": PractitionerStatus.PRACTISING,
                "cancelled_on": None,
            }
            for serial, (inst, person) in enumerate(zip(chosen, persons, strict=False), start=1)
        ]
        keys = bulk.insert_values(Practitioner, rows, copy=True)
        for inst, key in zip(chosen, keys, strict=False):
            inst["notaries"].append(key)
        self.sizes["notaries"] = len(keys)
        return persons

    def add_notarisations(self, offices, applicants: list[int]) -> None:
        from sifa.core import bulk
        from sifa.core.calendar import WorkingCalendar
        from sifa.core.deadlines import Pause as PausedDays
        from sifa.core.deadlines import compute
        from sifa.notary import deadlines  # noqa: F401  (the rules)
        from sifa.notary.constants import (
            ISSUE_RULE,
            FeeTreatment,
            MatterCode,
            PauseReason,
            RefusalGround,
            ReliefBasis,
            Scope,
            Status,
            branch_of,
        )
        from sifa.notary.models import Notarisation, Pause

        rng, calendar = self.rng, WorkingCalendar()
        unpaused: dict[date, date] = {}
        matters = list(MatterCode)
        weights = [
            14 if m == MatterCode.INHERITANCE else 10 if m.value.startswith("power") else 4
            for m in matters
        ]
        grounds = list(RefusalGround)
        places = offices
        place_weights = [len(i["notaries"]) for i in places]
        days = (LAST_DAY - FIRST_DAY).days + 1
        total, done, started = self.v.notarisations, 0, time.monotonic()
        serials: dict[tuple[int, int], int] = {}
        pauses_total = 0
        while done < total:
            count = min(BATCH, total - done)
            picks = rng.choices(places, place_weights, k=count)
            rows, pauses = [], []
            for offset, inst in enumerate(picks):
                accepted = FIRST_DAY + timedelta(days=(done + offset) * days // total)
                if accepted > TODAY:
                    accepted = TODAY - timedelta(days=rng.randint(0, 40))
                key = (inst["id"], accepted.year)
                serials[key] = serials.get(key, 0) + 1
                matter = rng.choices(matters, weights)[0]
                foreign = rng.random() < 0.2
                paused = None
                if rng.random() < 0.05:
                    first = accepted + timedelta(days=rng.randint(1, 6))
                    paused = (first, first + timedelta(days=rng.randint(1, 10)))
                    due = compute(
                        ISSUE_RULE, accepted, pauses=[PausedDays(*paused)], calendar=calendar
                    )
                else:
                    due = unpaused.get(accepted)
                    if due is None:
                        due = unpaused[accepted] = compute(ISSUE_RULE, accepted, calendar=calendar)
                fee = Decimal(rng.choice((100, 150, 200, 300, 400)))
                row = {
                    "office_id": inst["office"].pk,
                    "institution_id": inst["id"],
                    "number": f"{accepted.year}-{serials[key]:06d}",
                    "applicant_id": rng.choice(applicants),
                    "matter_code": matter,
                    "scope": Scope.FOREIGN if foreign else Scope.DOMESTIC,
                    "branch": branch_of(matter),
                    "summary": "申请公证",
                    "use_country": "美国" if foreign else "",
                    "notary_id": rng.choice(inst["notaries"]),
                    "applied_on": accepted,
                    "accepted_on": accepted,
                    "due_on": due,
                    "status": Status.ACCEPTED,
                    "issued_on": None,
                    "certificate_number": "",
                    "refused_on": None,
                    "refusal_ground": "",
                    "refusal_reasons": "",
                    "withdrawn_on": None,
                    "fee_standard": fee,
                    "fee_charged": fee,
                    "fee_relief": Decimal(0),
                    "fee_treatment": FeeTreatment.CHARGED,
                    "relief_basis": "",
                    "relief_note": "",
                    "legal_aid_number": "",
                    "legal_aid_decided_on": None,
                    "legal_aid_centre": "",
                    "certificate_revoked_on": None,
                }
                draw = rng.random()
                if accepted >= OPEN_FROM:
                    pass  # still open on the bench's today (overdue once past due_on)
                elif draw < 0.015:
                    row.update(
                        status=Status.REFUSED,
                        refused_on=accepted + timedelta(days=rng.randint(1, 10)),
                        refusal_ground=rng.choice(grounds),
                        refusal_reasons="不予办理",
                    )
                elif draw < 0.02:
                    row.update(
                        status=Status.WITHDRAWN,
                        withdrawn_on=accepted + timedelta(days=rng.randint(1, 10)),
                    )
                else:
                    late = rng.random() < 0.01
                    issued = (
                        due + timedelta(days=rng.randint(1, 10))
                        if late
                        else (
                            accepted + timedelta(days=rng.randint(0, max(0, (due - accepted).days)))
                        )
                    )
                    row.update(
                        status=Status.ISSUED,
                        issued_on=issued,
                        certificate_number=f"（{accepted.year}）证字第{serials[key]:06d}号",
                    )
                    if rng.random() < 0.03:
                        relief = fee if rng.random() < 0.5 else fee / 2
                        row.update(
                            fee_charged=fee - relief,
                            fee_relief=relief,
                            fee_treatment=FeeTreatment.WAIVED
                            if relief == fee
                            else FeeTreatment.REDUCED,
                            relief_basis=ReliefBasis.OTHER,
                            relief_note="困难群众",
                        )
                rows.append(row)
                if paused:
                    pauses.append((len(rows) - 1, inst["office"].pk, paused))
            keys = bulk.insert_values(Notarisation, rows, copy=True)
            bulk.insert_values(
                Pause,
                [
                    {
                        "office_id": office_id,
                        "notarisation_id": keys[index],
                        "reason": PauseReason.SUPPLEMENT,
                        "first": first,
                        "last": last,
                        "note": "",
                    }
                    for index, office_id, (first, last) in pauses
                ],
                copy=True,
            )
            pauses_total += len(pauses)
            done += count
            rate = done / (time.monotonic() - started)
            self.log(f"  notarisations: {done:,} ({rate:,.0f}/s)")
        self.sizes["notarisations"] = done
        self.sizes["pauses"] = pauses_total

    def add_consultations(self, offices) -> None:
        from sifa.core import bulk
        from sifa.notary.constants import ConsultationWay
        from sifa.notary.models import Consultation

        rng = self.rng
        days = (LAST_DAY - FIRST_DAY).days
        rows = [
            {
                "office_id": inst["office"].pk,
                "institution_id": inst["id"],
                "held_on": min(TODAY, FIRST_DAY + timedelta(days=rng.randint(0, days))),
                "way": rng.choice(list(ConsultationWay)),
                "persons": rng.randint(1, 30),
                "topic": "公证法律咨询",
                "answered_by": "",
            }
            for inst in rng.choices(offices, k=self.v.consultations)
        ]
        rows.sort(key=lambda r: r["held_on"])
        for start in range(0, len(rows), BATCH):
            bulk.insert_values(Consultation, rows[start : start + BATCH], copy=True)
        self.sizes["consultations"] = len(rows)

    def add_admin(self, offices) -> None:
        from django.contrib.auth import get_user_model

        from sifa.orgs.models import Membership, Role

        user, _created = get_user_model().objects.get_or_create(
            username=ADMIN, defaults={"full_name": "公证处管理员"}
        )
        Membership.objects.get_or_create(
            user=user, office=offices[0]["office"], role=Role.objects.get(key="inst_admin")
        )

    def run(self) -> dict[str, int]:
        from django.db import transaction

        with transaction.atomic():
            offices = self.add_offices(self.counties())
            self.log(f"  notary offices: {len(offices):,}")
            notaries = self.add_notaries(offices)
            self.add_admin(offices)
        # The applicants: persons of the province's registry (bench/generate.py), or the
        # notaries themselves on a tree without them (the generators' test).
        applicants = self.person_ids(20_000) or notaries
        self.add_notarisations(offices, applicants)
        self.add_consultations(offices)
        return self.sizes


def notary_sizes() -> dict[str, int]:
    from sifa.notary.models import Consultation, Notarisation, Pause
    from sifa.practice.models import Institution

    return {
        "notary offices": Institution.objects.filter(category="notary_office").count(),
        "notarisations": Notarisation.objects.count(),
        "pauses": Pause.objects.count(),
        "consultations": Consultation.objects.count(),
    }


def describe(sizes: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key}" for key, value in sizes.items())


def delete_notary(root) -> None:
    from sifa.core import bulk
    from sifa.notary.models import Consultation, Notarisation, NotarisationEvent, Pause, Review
    from sifa.orgs.models import Membership, Office
    from sifa.people.models import Person
    from sifa.practice.models import Institution, Practitioner

    for model in (Review, Pause, NotarisationEvent, Notarisation, Consultation):
        bulk.delete(model.objects.all())
    notaries = Practitioner.objects.filter(category="notary_office")
    persons = list(notaries.values_list("person_id", flat=True))  # made for them: theirs
    bulk.delete(notaries)
    bulk.delete(Person.objects.filter(pk__in=persons))
    bulk.delete(Institution.objects.filter(category="notary_office"))
    offices = Office.objects.filter(path__startswith=root.path, kind="notary_office")
    Membership.objects.filter(office__in=offices).delete()
    offices.delete()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="delete the notary rows first")
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.ensure_database(url)
    common.setup_django(url)

    import generate  # bench/generate.py: the province and persons, when missing

    generate.generate(url, persons=max(50_000, round(common.PERSONS * min(1.0, args.scale))))
    from django.db import connection

    from sifa.notary.models import Notarisation
    from sifa.orgs.models import Office

    root = Office.objects.get(code=common.ROOT_CODE)
    if args.force:
        delete_notary(root)
    if Notarisation.objects.exists():
        print("notary records already present: " + describe(notary_sizes()))
        return
    volumes = Volumes().scaled(args.scale)
    started = time.monotonic()
    print(f"generating notary records ({volumes}) into {common.database_label()} …", flush=True)
    Generator(root, volumes, args.seed, log=lambda text: print(text, flush=True)).run()
    print("  analysing …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    elapsed = time.monotonic() - started
    sizes = common.data_sizes()
    print(
        f"done in {elapsed:,.0f} s: {describe(notary_sizes())}; "
        f"{sizes['offices']:,} offices, {sizes['persons']:,} persons, "
        f"database {sizes['bytes'] / 2**20:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
