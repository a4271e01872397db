"""Shared by bench/generate.py and bench/run.py: which database, Django set-up, data sizes.

The benchmark database is never the development database: SQLite under bench/data/, or the
PostgreSQL database `sifa_bench` (created when missing).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"
SQLITE_URL = f"sqlite:///{DATA_DIR / 'bench.sqlite3'}"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sifa_bench"
DATABASE_URLS = {"sqlite": SQLITE_URL, "postgres": POSTGRES_URL}

# The generated province (fictional codes under province 34).
ROOT_CODE = "BENCH-340000"
CITIES = 13
COUNTIES = 100
TOWNSHIPS = 1_300
VILLAGES = 20_000
PERSONS = 1_000_000

# Benchmark users: (username, role key, level of their office)
USERS = [
    ("bench_township_clerk", "jo_staff", "township"),
    ("bench_county_section", "section", "county"),
    ("bench_city_leader", "leader", "city"),
    ("bench_province_leader", "leader", "province"),
]


def resolve_url(url: str | None) -> str:
    """`sqlite`, `postgres` or a full URL (default: the SQLite file)."""
    url = url or os.environ.get("BENCH_DATABASE_URL") or "sqlite"
    return DATABASE_URLS.get(url, url)


def ensure_database(url: str) -> None:
    """Create the SQLite directory or the PostgreSQL database when missing."""
    import dj_database_url

    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created PostgreSQL database {config['NAME']}")


def setup_django(url: str) -> None:
    """Point Django at the benchmark database (before anything imports the settings)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def data_sizes() -> dict[str, int]:
    """Row counts and the database size in bytes."""
    from django.db import connection

    from sifa.orgs.models import Office
    from sifa.people.models import Person

    sizes = {"offices": Office.objects.count(), "persons": Person.objects.count()}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            sizes["bytes"] = pages * cursor.fetchone()[0]
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
            sizes["bytes"] = cursor.fetchone()[0]
    return sizes


def describe_sizes(sizes: dict[str, int]) -> str:
    return (
        f"{sizes['offices']:,} offices, {sizes['persons']:,} persons, "
        f"database {sizes['bytes'] / 2**20:,.0f} MiB"
    )
