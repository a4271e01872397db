"""Backups, restores and the restore drill (sifa/core/backup.py, docs/backup.md; issue 16 item 6).

The drill tests back up the test database itself, with committed rows (transactional tests): a
submitted month with its frozen snapshot, the standard cast, the seeded code tables. The test
database is built from the models, not by `migrate` (conftest.py; tests/test_migrations.py
proves the two equal), so the fixture `migrations_recorded` records every migration as applied,
as `migrate --fake` would, and removes the records afterwards; the drill's own `migrate` then
has nothing to apply, as on a server whose code equals the backup's.
"""

import base64
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from sifa.core import backup, crypto
from sifa.core.backup import BackupError, Database
from sifa.orgs.models import Office
from sifa.reports import actions
from sifa.reports.backup_fingerprints import indicator_fingerprints, snapshot_fingerprints
from sifa.reports.models import Snapshot, SnapshotValue
from sifa.reports.tests.test_snapshots import MONTH, YEAR, cases_in
from tests.sensitive_facts import put_sensitive_facts

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n% legal-aid application material\n"

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump/pg_restore: the PostgreSQL run"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite demo's path: the SQLite run"
)
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def migrations_recorded():
    with override_settings(MIGRATION_MODULES={}):  # pytest-django disabled them for the schema
        loader = MigrationLoader(None, ignore_no_migrations=True)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    added = [
        key for key in sorted(loader.disk_migrations) if key not in recorder.applied_migrations()
    ]
    for app, name in added:
        recorder.record_applied(app, name)
    yield sorted(f"{app}.{name}" for app, name in loader.disk_migrations)
    for app, name in added:
        recorder.record_unapplied(app, name)


def submitted_month(cast):
    cases_in(cast, cast.township_a1, [3, 9])
    return actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)


def month_keys(cast) -> tuple[str, set[str]]:
    month = f"{YEAR}-{MONTH:02d}"
    roots = {f"{root.code}/{month}" for root in Office.objects.get_root_nodes()}
    return f"{cast.township_a1.code}/{month}", {f"{cast.township_a1.code}/{month}", *roots}


def media_folder(tmp_path: Path) -> Path:
    media = tmp_path / "media"
    (media / "legalaid").mkdir(parents=True)
    (media / "legalaid" / "申请材料.pdf").write_bytes(PDF)
    return media


def manage(*args, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def rewrite_manifest(folder: Path, change) -> None:
    manifest = json.loads((folder / backup.MANIFEST).read_text())
    change(manifest)
    (folder / backup.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False))


# --- PostgreSQL -----------------------------------------------------------------------------


@on_postgresql
@pytest.mark.slow
@committed
def test_a_postgresql_backup_passes_the_drill_and_a_difference_or_damage_fails(
    cast, tmp_path, migrations_recorded
):
    submitted_month(cast)
    folder = backup.create_backup(tmp_path / "backups", media_root=media_folder(tmp_path))

    manifest = json.loads((folder / backup.MANIFEST).read_text())
    assert manifest["database"]["engine"] == "postgresql"
    assert manifest["files"][backup.PG_DUMP]["sha256"] == sha256(folder / backup.PG_DUMP)
    assert manifest["files"][backup.MEDIA_TAR]["sha256"] == sha256(folder / backup.MEDIA_TAR)
    assert manifest["media"]["files"] == {"legalaid/申请材料.pdf": hashlib.sha256(PDF).hexdigest()}
    assert manifest["migrations"] == migrations_recorded
    assert manifest["row_counts"]["reports_snapshot"] == 1
    assert manifest["row_counts"]["reports_snapshotvalue"] == SnapshotValue.objects.count() > 0
    assert manifest["fingerprints"]["reports.snapshots"] == snapshot_fingerprints()
    office_month, all_months = month_keys(cast)
    assert set(manifest["fingerprints"]["reports.indicators"]) == all_months
    assert f"{backup.PG_DUMP}\n" in (folder / backup.SUMS).read_text()

    # The drill, as an administrator runs it: restored, migrated, checked, compared, dropped.
    url = Database.default().url
    done = manage("restore_drill", "--from", folder, database_url=url)
    assert done.returncode == 0, done.stderr
    assert "恢复演练通过" in done.stdout
    assert '"checked": 1' in done.stdout  # the consistency check ran on the restored month
    scratch = re.search(r"演练数据库：\S+/(sifa_drill_\w+)", done.stdout).group(1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_database WHERE datname = %s", [scratch])
        assert cursor.fetchone()[0] == 0  # dropped afterwards

    # A restore into a database that holds tables is refused (here: the test database itself).
    with pytest.raises(BackupError, match="不是空的，已拒绝恢复"):
        backup.restore_backup(folder, media_root=tmp_path / "restored-media")
    assert Snapshot.objects.count() == 1

    # Any difference from the source fails the drill and is named.
    def claim_more(manifest):
        manifest["row_counts"]["reports_snapshot"] = 2
        manifest["fingerprints"]["reports.indicators"][office_month] = "0" * 64

    rewrite_manifest(folder, claim_more)
    done = manage("restore_drill", "--from", folder, database_url=url)
    assert done.returncode == 1
    assert "表 reports_snapshot 行数不符：备份时 2，恢复后 1" in done.stderr
    assert f"reports.indicators {office_month}：指纹不符" in done.stderr
    assert "恢复演练失败：恢复结果与备份时的数据有 2 处不同" in done.stderr

    # A damaged dump is refused before anything is restored.
    corrupt(folder / backup.PG_DUMP)
    with pytest.raises(BackupError, match=f"{backup.PG_DUMP}：校验和不符"):
        backup.restore_drill(folder)


# --- SQLite (the demo) ----------------------------------------------------------------------


@on_sqlite
@pytest.mark.slow
@committed
def test_a_sqlite_backup_is_a_consistent_copy_that_passes_the_drill(
    cast, tmp_path, migrations_recorded
):
    submitted_month(cast)
    source = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(source)) as file_db:
        connection.connection.backup(file_db)  # the test database, as a demo's file
    values = SnapshotValue.objects.count()
    assert values > 0

    # Another connection is writing (uncommitted) while the backup is taken.
    with closing(sqlite3.connect(source, isolation_level=None)) as writer:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM reports_snapshotvalue")
        folder = backup.create_backup(
            tmp_path / "backups",
            database=Database("sqlite", str(source)),
            media_root=media_folder(tmp_path),
        )
        writer.execute("ROLLBACK")

    manifest = json.loads((folder / backup.MANIFEST).read_text())
    copy = folder / backup.SQLITE_COPY
    assert manifest["files"][backup.SQLITE_COPY]["sha256"] == sha256(copy)
    assert manifest["row_counts"]["reports_snapshotvalue"] == values  # the committed rows
    with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM reports_snapshotvalue").fetchone() == (values,)
    assert not (folder / f"{backup.SQLITE_COPY}-wal").exists()
    assert manifest["fingerprints"]["reports.snapshots"] == snapshot_fingerprints()
    assert set(manifest["fingerprints"]["reports.indicators"]) == month_keys(cast)[1]

    result = backup.restore_drill(folder)
    assert result.ok, result.differences
    assert 'reports.consistency：{"checked": 1, "differing": []}' in result.notes

    # restore: into an empty file it works; over it again it is refused without --force.
    restored = Database("sqlite", str(tmp_path / "restored.sqlite3"))
    backup.restore_backup(folder, database=restored, media_root=tmp_path / "restored-media")
    assert (tmp_path / "restored-media" / "legalaid" / "申请材料.pdf").read_bytes() == PDF
    with closing(sqlite3.connect(restored.name)) as db:
        assert db.execute("SELECT COUNT(*) FROM reports_snapshotvalue").fetchone() == (values,)
    done = manage("restore", "--from", folder, database_url=restored.url)
    assert done.returncode == 1
    assert "不是空的，已拒绝恢复" in done.stderr


@on_sqlite
@committed
def test_a_damaged_sqlite_backup_is_refused_and_nothing_is_written(cast, tmp_path):
    source = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(source)) as file_db:
        connection.connection.backup(file_db)
    folder = backup.create_backup(
        tmp_path / "backups", database=Database("sqlite", str(source)), media_root=tmp_path / "m"
    )
    corrupt(folder / backup.SQLITE_COPY)
    target = tmp_path / "restored.sqlite3"

    done = manage("restore", "--from", folder, database_url=f"sqlite:///{target}")

    assert done.returncode == 1
    assert f"{backup.SQLITE_COPY}：校验和不符" in done.stderr
    assert "已拒绝恢复，未改动任何数据" in done.stderr
    assert not target.exists() or Database("sqlite", str(target)).is_empty()


# --- the pieces, on either engine -----------------------------------------------------------


def test_the_indicator_fingerprint_follows_a_record_and_the_snapshot_one_does_not(cast):
    cases = cases_in(cast, cast.township_a1, [3, 9])
    submission = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    office_month, _ = month_keys(cast)
    indicators, snapshots = indicator_fingerprints(), snapshot_fingerprints()
    facts = cases[0].facts

    cases[0].facts = "上报后补充的纠纷情况。"
    cases[0].save()
    assert indicator_fingerprints()[office_month] != indicators[office_month]
    assert snapshot_fingerprints() == snapshots  # the frozen figures never move
    cases[0].facts = facts
    cases[0].save()
    assert indicator_fingerprints() == indicators
    assert set(snapshots) == {f"{office_month}/v{submission.version}"}


def test_the_comparison_names_missing_migrations_tables_and_fingerprints():
    manifest = {
        "migrations": ["core.0001_initial", "reports.0001_initial"],
        "row_counts": {"a": 1, "b": 2},
        "fingerprints": {"reports.snapshots": {"x/2026-03/v1": "1", "y/2026-03/v1": "2"}},
    }
    restored = {"migrations": ["core.0001_initial"], "row_counts": {"a": 1, "c": 0}}
    finished = {"fingerprints": {"reports.snapshots": {"x/2026-03/v1": "1", "z/2026-03/v1": "3"}}}

    assert backup.compare(manifest, restored, finished) == [
        "迁移记录缺失：reports.0001_initial",
        "表 b 行数不符：备份时 2，恢复后 （无此表）",
        "表 c 行数不符：备份时 （无此表），恢复后 0",
        "reports.snapshots y/2026-03/v1：恢复后缺失",
        "reports.snapshots z/2026-03/v1：恢复后多出",
    ]


def test_prune_keeps_the_newest_complete_backups(tmp_path):
    for name in ("sifa-20260101-010000", "sifa-20260102-010000", "sifa-20260103-010000"):
        (tmp_path / name).mkdir()
        (tmp_path / name / backup.MANIFEST).write_text("{}")
    (tmp_path / "sifa-20260104-010000.partial").mkdir()  # cut short: neither latest nor pruned

    removed = backup.prune(tmp_path, keep=2)

    assert [p.name for p in removed] == ["sifa-20260101-010000"]
    assert backup.latest_backup(tmp_path).name == "sifa-20260103-010000"
    assert (tmp_path / "sifa-20260104-010000.partial").exists()


def test_the_drill_fails_when_no_configured_key_opens_the_restored_data(cast, settings):
    put_sensitive_facts(cast, id_number="33010219800101123X")
    key_id = crypto.current_key().key_id

    assert key_id in backup.encryption_check()["key_ids"]
    original = settings.SIFA_DATA_KEY
    settings.SIFA_DATA_KEY = base64.b64encode(b"k" * 32).decode()  # another key, not escrowed
    with pytest.raises(BackupError, match=f"数据密钥 {key_id} 加密的值.*请从密钥托管处取出"):
        backup.encryption_check()
    settings.SIFA_DATA_KEY_PREVIOUS = original  # mid-rotation: the old key is still read
    assert key_id in backup.encryption_check()["key_ids"]


@pytest.mark.parametrize(
    "url",
    [
        "postgres://sifa:p%40ss@127.0.0.1:5432/sifa",
        "postgres://sifa@%2Fvar%2Frun%2Fpostgresql/sifa",  # the local socket
        "postgres://sifa@/sifa",  # libpq's default host
    ],
)
def test_the_child_process_reaches_the_same_database(url):
    import dj_database_url

    database = Database.from_settings(dj_database_url.parse(url))

    assert dj_database_url.parse(database.url) == dj_database_url.parse(url)
    assert "p@ss" not in database.label
