#!/usr/bin/env python
"""Time the data-quality counts (docs/data-quality.md) on a city of generated records.

    .venv/bin/python bench/run_quality.py --database-url postgres://postgres@127.0.0.1:5432/q_bench

Needs a database of its own, migrated (`DATABASE_URL=… manage.py migrate`): it adds a city
(code 340100: 10 counties × 10 townships × 1 调委会), 200,000 mediation cases received
2024-01-01 … 2026-09-26 (60 % agreed with a written agreement, 10 % failed, 5 % archived, 25 %
in mediation; 1 % closed "before" they were received; amounts 0 or 1,000) and 100,000 persons
(1 % registered twice in one office under another document type), unless the city is there
already. Then `sifa.stats.data_quality.counts` for the city's 局领导 (every rule, one query each)
and each rule alone: median of 5 after one warm-up. Seeded: the same rows every time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

CITY_CODE = "340100"
CASES, PERSONS = 200_000, 100_000
SEED = 2026


def generate() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from sifa.mediation.models import Agreement, MediationCase
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.models import Membership, Office, Role
    from sifa.people.models import Person

    rnd = random.Random(SEED)
    city = Office.objects.add_root(
        dict(
            code=CITY_CODE,
            name="数据质量基准市",
            kind=OfficeKind.JUSTICE_BUREAU,
            region_code=CITY_CODE,
        )
    )
    committees = []
    for c in range(10):
        county = Office.objects.add_child(
            city,
            dict(
                code=f"3401{c + 1:02d}",
                name=f"基准县{c}",
                kind=OfficeKind.JUSTICE_BUREAU,
                region_code=f"3401{c + 1:02d}",
            ),
        )
        for t in range(10):
            code = f"3401{c + 1:02d}{t:03d}"
            town = Office.objects.add_child(
                county,
                dict(
                    code=code,
                    name=f"基准镇{c}-{t}",
                    kind=OfficeKind.JUDICIAL_OFFICE,
                    region_code=code,
                ),
            )
            committees.append(
                Office.objects.add_child(
                    town,
                    dict(
                        code=f"{code}M",
                        name=f"基准调委会{c}-{t}",
                        kind=OfficeKind.MEDIATION_COMMITTEE,
                        region_code=code,
                    ),
                )
            )
    cases = []
    for i in range(CASES):
        received = date(2024, 1, 1) + timedelta(days=i * 1000 // CASES)
        draw = rnd.random()
        status = (
            "agreed"
            if draw < 0.6
            else "failed"
            if draw < 0.7
            else "archived"
            if draw < 0.75
            else "in_mediation"
        )
        closed = None if status == "in_mediation" else received + timedelta(rnd.randint(1, 30))
        if closed and rnd.random() < 0.01:
            closed = received - timedelta(days=2)
        cases.append(
            MediationCase(
                office=committees[i % len(committees)],
                number=f"DQ{i:07d}",
                source="police",
                dispute_type="neighbourhood",
                facts="（基准测试）",
                received_on=received,
                status=status,
                closed_on=closed,
                amount=rnd.choice([0, 1000]),
                closing_note="" if status == "agreed" else "已告知其他途径。",
            )
        )
    MediationCase.objects.bulk_create(cases, batch_size=10_000)
    agreed = MediationCase.objects.filter(number__startswith="DQ", status="agreed")
    Agreement.objects.bulk_create(
        [
            Agreement(
                office_id=office_id,
                case_id=pk,
                form="written",
                reached_on=closed,
                terms="（基准测试）",
                amount=rnd.choice([0, 800]),
                effective_on=closed,
            )
            for pk, office_id, closed in agreed.values_list("pk", "office_id", "closed_on")
        ],
        batch_size=10_000,
    )
    twins = PERSONS * 99 // 100
    Person.objects.bulk_create(
        [
            Person(
                office=committees[i % len(committees)],
                name=f"基准人员{i % 50_000}",
                doc_type="resident_id" if i < twins else "other",
                birth_date=date(1970, 1, 1) + timedelta(days=i % 9_000),
            )
            for i in range(PERSONS)
        ],
        batch_size=10_000,
    )
    # The keyed hashes as the registry stores them would need every number encrypted; the
    # rules compare the hashes only, so stand-in hashes (a number every 99,000 persons again).
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM people_person WHERE name LIKE '基准人员%%'")
        first = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE people_person SET id_number_hash = md5(((id - %s) %% %s)::text)"
            " WHERE name LIKE '基准人员%%'",
            [first, twins],
        )
        cursor.execute("ANALYZE")
    leader = get_user_model().objects.create(username="bench_quality_leader")
    Membership.objects.create(user=leader, office=city, role=Role.objects.get(key="leader"))


def median_ms(call, runs: int = 5) -> float:
    call()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a database of its own, migrated")
    args = parser.parse_args()
    common.setup_django(common.resolve_url(args.database_url))

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from sifa.orgs.models import Office
    from sifa.stats import data_quality, registry

    if not Office.objects.filter(code=CITY_CODE).exists():
        started = time.perf_counter()
        with transaction.atomic():
            generate()
        print(f"generated in {time.perf_counter() - started:.0f} s")
    city = Office.objects.get(code=CITY_CODE)
    leader = get_user_model().objects.get(username="bench_quality_leader")
    print(common.database_label())
    groups = data_quality.counts(leader, city)
    print(f"all rules, the city: {median_ms(lambda: data_quality.counts(leader, city)):.0f} ms")
    scope = data_quality.today_scope(city, leader)
    for group in groups:
        for row in group.rows:
            ms = median_ms(
                lambda row=row: registry.figures_grid(
                    [row.indicator], scope, [(scope.start, scope.end)], breakdowns={}, cached=False
                )
            )
            print(f"  {row.rule.code:<58} {row.value:>7} {ms:>6.0f} ms")


if __name__ == "__main__":
    main()
