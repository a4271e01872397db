#!/usr/bin/env python
"""Add people's mediation (人民调解) cases to the province benchmark database (seeded).

    .venv/bin/python bench/generate_mediation.py [--database-url sqlite|postgres|URL]
                                                 [--cases N] [--seed N] [--force]

Runs on the database bench/generate.py built (its offices and persons are kept). Migrates it,
adds one village mediation committee (村调委会) under each of the 20,000 village service
stations (paths computed here, bulk-inserted), then `--cases` cases received 2024-01-01 ..
2026-12-31, each kept by a committee, with dispute type and source from the seeded code lists,
a status and 调结 date, about 60 % with an effective `Agreement` (form, amount), about 10 %
failed, a few refused or not accepted, the rest still open; and one `CaseParty` per case (an
organisation by name: no person, to keep it cheap).

Rows are written in batches without the ORM's per-object work: COPY on PostgreSQL, executemany
INSERT on SQLite; no history rows. Then ANALYZE (SQLite) or VACUUM ANALYZE (PostgreSQL).
Existing cases are kept unless --force (which deletes the generated mediation rows first).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

import common  # bench/common.py: scripts in bench/ find each other on sys.path[0]

DEFAULT_SEED = 2_024
CASES = 1_000_000
BATCH = 50_000
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2026, 12, 31)
COMMITTEE_SUFFIX = "-TWH"  # committee code = village code + suffix
CREATED_AT = "2026-01-01 00:00:00+00:00"

# (share, outcome): cumulative thresholds drawn against rng.random().
AGREED, FAILED, REFUSED, NOT_ACCEPTED = 0.60, 0.70, 0.74, 0.76  # the rest is still open

CASE_COLUMNS = (
    "id", "created_at", "updated_at", "number", "source", "referred_by", "dispute_type",
    "facts", "claims", "amount", "persons_involved", "received_on", "status", "closed_on",
    "is_public", "risk_flags", "reported_to_police_on", "reported_to", "closing_note",
    "archived_on", "created_by_id", "office_id", "not_mediable_matter",
)  # fmt: skip
AGREEMENT_COLUMNS = (
    "id", "created_at", "updated_at", "form", "reached_on", "facts_and_issues", "terms",
    "performance_method", "performance_deadline", "amount", "parties_signed_on",
    "mediator_signed_on", "sealed_on", "effective_on", "performance", "performed_on",
    "amount_performed", "created_by_id", "office_id", "case_id",
)  # fmt: skip
PARTY_COLUMNS = (
    "id", "created_at", "updated_at", "case_id", "role", "kind", "person_id", "organisation",
    "credit_code", "agent", "created_by_id", "office_id",
)  # fmt: skip
TABLES = {
    "mediation_mediationcase": CASE_COLUMNS,
    "mediation_agreement": AGREEMENT_COLUMNS,
    "mediation_caseparty": PARTY_COLUMNS,
}
_BRANDS = ("宏达", "华泰", "恒远", "永信", "瑞丰", "金诚", "天和", "立新", "盛华", "鑫源")
_TRADES = ("纺织", "机械", "建材", "食品", "物流", "物业", "商贸", "建筑", "电子", "餐饮")


def add_committees() -> list[tuple[int, str]]:
    """One 村调委会 under each village station; [(office id, path)] of all of them."""
    from django.db import transaction

    from sifa.orgs.constants import MediationCommitteeType, OfficeKind
    from sifa.orgs.models import Office

    root = Office.objects.get(code=common.ROOT_CODE)
    committees = Office.objects.filter(
        path__startswith=root.path, kind=OfficeKind.MEDIATION_COMMITTEE
    )
    if not committees.exists():
        villages = Office.objects.filter(
            path__startswith=root.path, kind=OfficeKind.SERVICE_STATION, numchild=0
        ).order_by("path")
        new = [
            Office(
                code=village.code + COMMITTEE_SUFFIX,
                name=village.name.replace("司法行政服务站", "人民调解委员会"),
                kind=OfficeKind.MEDIATION_COMMITTEE,
                subtype=MediationCommitteeType.VILLAGE,
                region_code=village.region_code,
                depth=village.depth + 1,
                # treebeard: the parent's path + the first base-36 step (its only child).
                path=Office._get_path(village.path, village.depth + 1, 1),
                numchild=0,
            )
            for village in villages
        ]
        with transaction.atomic():
            Office.objects.bulk_create(new, batch_size=5_000)
            Office.objects.filter(pk__in=[v.pk for v in villages]).update(numchild=1)
        print(f"  committees added: {len(new):,}", flush=True)
    return list(committees.order_by("path").values_list("pk", "path"))


def code_items(key: str) -> list[str]:
    from sifa.core.models import CodeItem

    return list(
        CodeItem.objects.filter(code_list__key=key).order_by("code").values_list("code", flat=True)
    )


def case_rows(rng, first_id: int, count: int, total: int, committees, types, sources):
    """(case, agreement or None, party) tuples for ids first_id .. first_id + count - 1.

    Ids follow the receiving date, as in a live system where a case is registered the day it
    is received: the table's physical order then follows `received_on`, and a period's cases
    lie together rather than spread over the whole table (which would make every period
    query read all of it).
    """
    days = (LAST_DAY - FIRST_DAY).days + 1
    for case_id in range(first_id, first_id + count):
        office_id = rng.choice(committees)
        received = FIRST_DAY + timedelta(days=(case_id - 1) * days // total)
        closed = received + timedelta(days=rng.randint(1, 30))
        amount = f"{rng.randint(0, 200_000)}.00" if rng.random() < 0.5 else "0.00"
        outcome = rng.random()
        not_mediable = ""
        if outcome < AGREED:
            status = "agreed"
        elif outcome < FAILED:
            status = "failed"
        elif outcome < REFUSED:
            status = "closed_refused"
        elif outcome < NOT_ACCEPTED:
            status, closed = "closed_not_accepted", received
            not_mediable = "already_handled"  # PM-24: a matter of the code list, as the form asks
        else:
            status, closed = rng.choice(("registered", "in_mediation")), None
        case = (
            case_id, CREATED_AT, CREATED_AT, f"BM{received.year}-{case_id:08d}",
            rng.choice(sources), "", rng.choice(types), "（基准测试生成的纠纷情况）", "",
            amount, rng.randint(2, 6), received.isoformat(), status,
            closed.isoformat() if closed else None, False, "[]", None, "", "", None, None,
            office_id, not_mediable,
        )  # fmt: skip
        agreement = None
        if status == "agreed":
            day = closed.isoformat()
            agreed_amount = amount if amount != "0.00" else f"{rng.randint(0, 20_000)}.00"
            agreement = (
                case_id, CREATED_AT, CREATED_AT, "written" if rng.random() < 0.8 else "oral",
                day, "", "（协议内容）", "", None, agreed_amount, day, day, day, day,
                "performed" if rng.random() < 0.7 else "pending", day if rng.random() < 0.7
                else None, "0.00", None, office_id, case_id,
            )  # fmt: skip
        organisation = f"{rng.choice(_BRANDS)}{rng.choice(_TRADES)}有限公司"
        party = (
            case_id, CREATED_AT, CREATED_AT, case_id, "respondent", "legal", None, organisation,
            "", "", None, office_id,
        )  # fmt: skip
        yield case, agreement, party


def write_rows(table: str, rows: list[tuple]) -> None:
    from django.db import connection

    columns = TABLES[table]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def reset_sequences() -> None:
    """Let later inserts (the app's own) take ids after the generated ones (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT-less rowid follows max(id) by itself
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def delete_cases() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("mediation_caseparty", "mediation_agreement", "mediation_mediationcase"):
            cursor.execute(f"DELETE FROM {table}")


def generate_cases(total: int, seed: int) -> None:
    from django.db import connection, transaction

    from sifa.mediation.constants import DISPUTE_TYPE_CODE_LIST, SOURCE_CODE_LIST

    committees = [pk for pk, _path in add_committees()]
    types, sources = code_items(DISPUTE_TYPE_CODE_LIST), code_items(SOURCE_CODE_LIST)
    rng = random.Random(seed)
    started = time.monotonic()
    done = 0
    while done < total:
        count = min(BATCH, total - done)
        cases, agreements, parties = [], [], []
        for case, agreement, party in case_rows(
            rng, done + 1, count, total, committees, types, sources
        ):
            cases.append(case)
            parties.append(party)
            if agreement:
                agreements.append(agreement)
        with transaction.atomic():
            write_rows("mediation_mediationcase", cases)
            write_rows("mediation_agreement", agreements)
            write_rows("mediation_caseparty", parties)
        done += count
        if done % 100_000 == 0 or done == total:
            rate = done / (time.monotonic() - started)
            print(f"  cases: {done:,} ({rate:,.0f}/s)", flush=True)
    reset_sequences()
    print("  analysing …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def mediation_sizes() -> dict[str, int]:
    from sifa.mediation.models import Agreement, CaseParty, MediationCase
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.models import Office

    return {
        "committees": Office.objects.filter(kind=OfficeKind.MEDIATION_COMMITTEE).count(),
        "cases": MediationCase.objects.count(),
        "agreements": Agreement.objects.count(),
        "parties": CaseParty.objects.count(),
    }


def describe(sizes: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key}" for key, value in sizes.items())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="sqlite (default), postgres, or a database URL")
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="delete generated cases first")
    args = parser.parse_args(argv)
    url = common.resolve_url(args.database_url)
    common.ensure_database(url)
    common.setup_django(url)

    import generate  # bench/generate.py: the province and persons, when missing

    generate.generate(url)
    from sifa.mediation.models import MediationCase

    if args.force:
        delete_cases()
    if MediationCase.objects.exists():
        print("mediation cases already present: " + describe(mediation_sizes()))
        return
    started = time.monotonic()
    print(f"generating {args.cases:,} mediation cases into {common.database_label()} …")
    generate_cases(args.cases, args.seed)
    elapsed = time.monotonic() - started
    sizes = common.data_sizes()
    print(
        f"done in {elapsed:,.0f} s: {describe(mediation_sizes())}; "
        f"database {sizes['bytes'] / 2**20:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
