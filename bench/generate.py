#!/usr/bin/env python
"""Generate a province-sized benchmark database (deterministic from the seed).

    .venv/bin/python bench/generate.py [--database-url sqlite|postgres|URL] [--persons N]
                                       [--seed N] [--force]

Builds 1 province bureau, 13 city bureaus, 100 county bureaus, 1,300 judicial offices and
20,000 village service stations (21,414 offices), then 1,000,000 persons spread over the
villages (90 %) and judicial offices (10 %), each with a valid 居民身份证号码 and a mobile
number stored exactly as the application stores them: AES-GCM encrypted (EncryptedCharField)
with keyed search hashes (Person.set_id_number / set_phone). Finally the benchmark users of
bench/common.py get their memberships. An existing benchmark database is kept unless --force.

No history rows are written for the generated records (the benchmarks do not read them).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date
from pathlib import Path

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

DEFAULT_SEED = 1_000_000
BATCH = 10_000
VILLAGE_SHARE = 0.9  # the rest of the persons are registered at judicial offices
BORN_FROM, BORN_TO = date(1940, 1, 1), date(2007, 12, 31)


def split_evenly(total: int, parts: int) -> list[int]:
    """`total` spread over `parts` as evenly as possible (the first ones get one more)."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def build_offices():
    """The province tree in memory: root saved, everything else bulk-inserted."""
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.demo import OfficeTree
    from sifa.orgs.models import Office

    province = Office.objects.add_root(
        instance=Office(
            code=common.ROOT_CODE,
            name="样本省司法厅",
            kind=OfficeKind.JUSTICE_BUREAU,
            region_code="340000",
        )
    )
    tree = OfficeTree(province)
    levels = {"province": [province], "city": [], "county": [], "township": [], "village": []}

    def add(level, parent, code, name, kind):
        office = tree.add(parent, code=code, name=name, kind=kind, region_code=code)
        levels[level].append(office)
        return office

    counties_per_city = split_evenly(common.COUNTIES, common.CITIES)
    townships_per_county = iter(split_evenly(common.TOWNSHIPS, common.COUNTIES))
    villages_per_township = iter(split_evenly(common.VILLAGES, common.TOWNSHIPS))
    for c in range(common.CITIES):
        city_code = f"34{51 + c:02d}00"
        city = add(
            "city", province, city_code, f"样本{c + 1:02d}市司法局", OfficeKind.JUSTICE_BUREAU
        )
        for k in range(counties_per_city[c]):
            county_code = f"{city_code[:4]}{k + 1:02d}"
            county_name = f"{city.name[:-3]}{k + 1:02d}县"
            county = add(
                "county", city, county_code, f"{county_name}司法局", OfficeKind.JUSTICE_BUREAU
            )
            for t in range(next(townships_per_county)):
                township_code = f"{county_code}{t + 1:03d}"
                township_name = f"{county_name}{t + 1:02d}镇"
                township = add(
                    "township",
                    county,
                    township_code,
                    f"{township_name}司法所",
                    OfficeKind.JUDICIAL_OFFICE,
                )
                for v in range(next(villages_per_township)):
                    add(
                        "village",
                        township,
                        f"{township_code}{201 + v:03d}",
                        f"{township_name}{v + 1:02d}村司法行政服务站",
                        OfficeKind.SERVICE_STATION,
                    )
    tree.save(history=False)
    return levels


def generate_persons(levels, total: int, seed: int) -> None:
    from django.db import connection, transaction

    from sifa.people.demo import make_person
    from sifa.people.models import Person

    rng = random.Random(seed)
    villages, townships = levels["village"], levels["township"]
    issued: set[str] = set()
    started = time.monotonic()
    done = 0
    while done < total:
        batch = []
        for _ in range(min(BATCH, total - done)):
            office = rng.choice(villages if rng.random() < VILLAGE_SHARE else townships)
            batch.append(
                make_person(
                    rng,
                    office=office,
                    issued=issued,
                    address_code=office.region_code[:6],
                    region_code=office.region_code,
                    born_from=BORN_FROM,
                    born_to=BORN_TO,
                )
            )
        with transaction.atomic():
            # Encryption runs here, in EncryptedCharField.get_prep_value, as in the app.
            Person.objects.bulk_create(batch, batch_size=2_000)
        done += len(batch)
        if done % 100_000 == 0 or done == total:
            rate = done / (time.monotonic() - started)
            print(f"  persons: {done:,} ({rate:,.0f}/s)", flush=True)
    # The steady state of a live database: planner statistics, and on PostgreSQL a vacuumed
    # table whose visibility map lets counts use index-only scans (autovacuum does both there).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def add_users(levels) -> None:
    from django.contrib.auth import get_user_model

    from sifa.orgs.models import Membership, Role

    for username, role_key, level in common.USERS:
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.set_unusable_password()
        user.save()
        Membership.objects.get_or_create(
            user=user, office=levels[level][0], role=Role.objects.get(key=role_key)
        )


def is_generated() -> bool:
    from sifa.orgs.models import Office

    return Office.objects.filter(code=common.ROOT_CODE).exists()


def drop_database(url: str) -> None:
    import dj_database_url

    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-wal", "-shm"):
            Path(config["NAME"] + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as connection:
        name = sql.Identifier(config["NAME"])
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def generate(url: str, *, persons: int = common.PERSONS, seed: int = DEFAULT_SEED) -> None:
    """Migrate the (Django-configured) database at `url` and fill it, unless already done."""
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    if is_generated():
        print("benchmark data already present: " + common.describe_sizes(common.data_sizes()))
        return
    started = time.monotonic()
    print(f"generating into {common.database_label()} ({url}) …", flush=True)
    with transaction.atomic():
        levels = build_offices()
        add_users(levels)
    print(f"  offices: {sum(len(v) for v in levels.values()):,}", flush=True)
    generate_persons(levels, persons, seed)
    elapsed = time.monotonic() - started
    print(f"done in {elapsed:,.0f} s: " + common.describe_sizes(common.data_sizes()))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--persons", type=int, default=common.PERSONS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="drop the database and regenerate")
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    if args.force:
        drop_database(url)
    common.ensure_database(url)
    common.setup_django(url)
    generate(url, persons=args.persons, seed=args.seed)


if __name__ == "__main__":
    main()
