"""Backups, restores and the restore drill (docs/backup.md).

A backup is one folder, `SIFA_BACKUP_DIR/sifa-YYYYMMDD-HHMMSS/`, holding:

* the database: `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3`
  (SQLite: a consistent copy made with SQLite's online backup API, never `cp` of a live file);
* `media.tar`: every file under MEDIA_ROOT (uploads that are not stored in the database);
* `manifest.json`: what a restore and the drill compare against — the SHA-256 of each file
  above, Sifa's version and commit, the applied migrations, the row count of every table, and
  fingerprints of the figures (registered by the apps that own them: `register_fingerprints`,
  e.g. every frozen report snapshot and the indicator values of each office and month);
* `SHA256SUMS`: the same checksums in `sha256sum -c` format, for an administrator's own check.

On PostgreSQL the dump and the manifest see the same moment: a REPEATABLE READ transaction
exports its snapshot, `pg_dump --snapshot` dumps it and the manifest is computed in a child
process that imports it (`manage.py backup_inspect --snapshot`). On SQLite the manifest is
computed on the copy itself.

A restore verifies every checksum before it touches anything and refuses a database that
already holds tables (or a MEDIA_ROOT that holds files) unless forced. The drill restores a
backup into a scratch database, compares the row counts and migrations right after the restore,
then runs `migrate`, the registered drill checks (the reports consistency check) and the
fingerprints there, in a child process pointed at the scratch database, and names every
difference.

Sifa's code runs against another database (a copy, the scratch database) in a child process
with its own DATABASE_URL: the same settings and code path as the server, no second
connection alias to thread through every query.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

from config.sifa_settings import sifa_setting

FORMAT = "sifa-backup/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_TAR = "media.tar"
PREFIX = "sifa-"
PARTIAL = ".partial"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup, restore or drill that cannot go on; the message says why (in Chinese)."""


# --- what the apps contribute ---------------------------------------------------------------

Fingerprinter = Callable[[], dict[str, str]]
DrillCheck = Callable[[], dict]
_fingerprinters: dict[str, Fingerprinter] = {}
_drill_checks: dict[str, DrillCheck] = {}


def register_fingerprints(name: str, fn: Fingerprinter) -> None:
    """`fn()` returns {key: sha256} of figures that a restore must reproduce exactly; it must be
    deterministic for the same rows and read-only (it runs in a READ ONLY transaction)."""
    _fingerprinters[name] = fn


def register_drill_check(name: str, fn: DrillCheck) -> None:
    """`fn()` runs on the restored, migrated scratch database; it returns a JSON-able summary
    and raises on failure (the drill then fails with the error)."""
    _drill_checks[name] = fn


def fingerprints() -> dict[str, dict[str, str]]:
    return {name: fn() for name, fn in sorted(_fingerprinters.items())}


def run_drill_checks() -> dict[str, dict]:
    return {name: fn() for name, fn in sorted(_drill_checks.items())}


def encryption_check() -> dict:
    """The drill check `core.encryption`: every data key that sealed a value in the restored
    database opens one of its values with the configured keys (SIFA_DATA_KEY, or
    SIFA_DATA_KEY_PREVIOUS). A backup restored without its key is ciphertext only (docs/backup.md,
    密钥托管)."""
    from django.apps import apps
    from django.db import connection

    from sifa.core import crypto
    from sifa.core.fields import encrypted_fields

    quote_name = connection.ops.quote_name
    key_ids: set[str] = set()
    opened = 0
    models = [m for m in apps.get_models() if encrypted_fields(m) and not m._meta.proxy]
    with connection.cursor() as cursor:
        for model in sorted(models, key=lambda m: m._meta.label):
            table = quote_name(model._meta.db_table)
            for column in (quote_name(f.column) for f in encrypted_fields(model)):
                cursor.execute(
                    f"SELECT SUBSTR({column}, 4, 8), MIN({column}) FROM {table} "  # noqa: S608
                    f"WHERE {column} LIKE %s GROUP BY SUBSTR({column}, 4, 8)",
                    ["v2:%"],
                )
                samples = cursor.fetchall()
                cursor.execute(
                    f"SELECT MIN({column}) FROM {table} WHERE {column} LIKE %s",  # noqa: S608
                    ["v1:%"],
                )
                legacy = cursor.fetchone()[0]
                samples += [("v1", legacy)] if legacy else []
                for key_id, value in samples:
                    try:
                        crypto.decrypt(value)
                    except crypto.KeyUnavailable:
                        raise BackupError(
                            f"{model._meta.label} 中有用数据密钥 {key_id} 加密的值，当前配置的 "
                            "SIFA_DATA_KEY / SIFA_DATA_KEY_PREVIOUS 都打不开：请从密钥托管处取出"
                            "备份当时的密钥（docs/backup.md）。"
                        ) from None
                    key_ids.add(key_id)
                    opened += 1
    return {"key_ids": sorted(key_ids), "values_opened": opened}


register_drill_check("core.encryption", encryption_check)


# --- the database, described --------------------------------------------------------------


def applied_migrations(connection) -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def row_counts(connection) -> dict[str, int]:
    """{table: rows} of every table of the database (Django's or not)."""
    quote_name = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def describe(connection) -> dict:
    """Migrations, row counts and fingerprints of the database `connection` reaches."""
    return {
        "migrations": applied_migrations(connection),
        "row_counts": row_counts(connection),
        "fingerprints": fingerprints(),
    }


def sifa_version() -> dict[str, str]:
    base = Path(settings.BASE_DIR)
    version = ""
    with contextlib.suppress(OSError, KeyError, ValueError):
        version = tomllib.loads((base / "pyproject.toml").read_text())["project"]["version"]
    commit = ""
    git = shutil.which("git")
    if git:
        done = subprocess.run(  # noqa: S603 - fixed arguments, the program found by shutil.which
            [git, "rev-parse", "HEAD"], cwd=base, capture_output=True, text=True, check=False
        )
        commit = done.stdout.strip() if done.returncode == 0 else ""
    return {"version": version, "commit": commit}


# --- databases: where a backup comes from and goes to -------------------------------------


@dataclass(frozen=True)
class Database:
    """A database by its connection settings (Django's settings dict keys)."""

    engine: str  # "postgresql" | "sqlite"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, config: dict) -> Database:
        engine_path = config["ENGINE"]
        if "postgresql" in engine_path:
            engine = "postgresql"
        elif "sqlite3" in engine_path:
            engine = "sqlite"
        else:
            raise BackupError(f"不支持的数据库引擎：{engine_path}")
        return cls(
            engine=engine,
            name=str(config["NAME"]),
            user=config.get("USER") or "",
            password=config.get("PASSWORD") or "",
            host=config.get("HOST") or "",
            port=str(config.get("PORT") or ""),
        )

    @classmethod
    def default(cls) -> Database:
        from django.db import connections

        return cls.from_settings(connections["default"].settings_dict)

    def named(self, name: str) -> Database:
        """The same server (or folder), another database."""
        return Database(self.engine, name, self.user, self.password, self.host, self.port)

    @property
    def url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{Path(self.name).resolve()}"
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        host = quote(self.host, safe="")  # empty: libpq's default (the local socket)
        port = f":{self.port}" if self.port else ""
        return f"postgres://{auth}@{host}{port}/{quote(self.name, safe='')}"

    @property
    def label(self) -> str:
        """For messages: never the password."""
        if self.engine == "sqlite":
            return str(Path(self.name).resolve())
        return f"{self.host or 'localhost'}:{self.port or 5432}/{self.name}"

    def pg_env(self) -> dict[str, str]:
        """The environment of pg_dump / pg_restore (libpq's variables; no password on argv)."""
        env = dict(os.environ)
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
            ("PGDATABASE", self.name),
        ):
            if value:
                env[key] = value
        return env

    def connect(self, dbname: str | None = None, **kwargs):
        import psycopg

        return psycopg.connect(
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
            dbname=dbname or self.name,
            **kwargs,
        )

    def is_empty(self) -> bool:
        """True when the database holds no table (a SQLite file that does not exist is empty)."""
        if self.engine == "sqlite":
            path = Path(self.name)
            if not path.exists() or path.stat().st_size == 0:
                return True
            with _closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                row = db.execute(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                ).fetchone()
            return row[0] == 0
        with self.connect() as db:
            row = db.execute(
                "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', "
                "'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
            ).fetchone()
        return row[0] == 0


class _closing:
    """sqlite3's connection as a context manager closes nothing; this one does."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        return self.db

    def __exit__(self, *exc):
        self.db.close()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装与数据库服务器版本相同的 PostgreSQL 客户端。")
    return path


def _run(args: list[str], *, env=None, what: str) -> None:
    # Our own arguments: a program found by shutil.which and paths this module made.
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what}失败（退出码 {done.returncode}）：{done.stderr.strip()[-2000:]}")


# --- Sifa itself, run against another database ---------------------------------------------


def inspect(
    database: Database, *, snapshot: str = "", migrate: bool = False, checks: bool = False
) -> dict:
    """Run `manage.py backup_inspect` against `database` in a child process; its JSON answer.

    The child has the same settings but DATABASE_URL, and no read replica (the scratch
    database has none)."""
    with tempfile.TemporaryDirectory(prefix="sifa-inspect-") as folder:
        answer = Path(folder) / "answer.json"
        args = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "backup_inspect"]
        args += ["--output", str(answer)]
        if snapshot:
            args += ["--snapshot", snapshot]
        if migrate:
            args.append("--migrate")
        if checks:
            args.append("--checks")
        env = {**os.environ, "DATABASE_URL": database.url}
        env.pop("DATABASE_REPLICA_URL", None)
        done = subprocess.run(  # noqa: S603 - this Python, manage.py and our own options
            args, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0 or not answer.exists():
            raise BackupError(
                f"在数据库 {database.label} 上运行 backup_inspect 失败（退出码 "
                f"{done.returncode}）：{done.stderr.strip()[-3000:]}"
            )
        return json.loads(answer.read_text())


# --- making a backup ----------------------------------------------------------------------


def backup_root() -> Path:
    folder = Path(sifa_setting("SIFA_BACKUP_DIR"))
    return folder if folder.is_absolute() else Path(settings.BASE_DIR) / folder


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def create_backup(
    out_dir: Path | None = None,
    *,
    database: Database | None = None,
    media_root: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Make a backup folder under `out_dir` (default SIFA_BACKUP_DIR); returns its path.

    It is written as `<name>.partial` and renamed when complete, so a backup cut short is never
    taken for the latest one."""
    out_dir = Path(out_dir or backup_root())
    database = database or Database.default()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    now = now or timezone.now()
    out_dir.mkdir(parents=True, exist_ok=True)
    name = PREFIX + timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    while (out_dir / name).exists() or (out_dir / (name + PARTIAL)).exists():
        name = f"{name.split('.')[0]}.{secrets.token_hex(2)}"
    work = out_dir / (name + PARTIAL)
    work.mkdir()
    try:
        if database.engine == "postgresql":
            data_file, described, server = _dump_postgres(database, work / PG_DUMP)
        else:
            data_file, described, server = _copy_sqlite(database, work / SQLITE_COPY)
        media_files = _pack_media(media_root, work / MEDIA_TAR)
        files = {
            path.name: {"sha256": sha256_file(path), "bytes": path.stat().st_size}
            for path in (data_file, work / MEDIA_TAR)
        }
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "sifa": sifa_version(),
            # Which escrowed key opens the encrypted columns (an id, not the key: crypto.py).
            "data_key_id": _data_key_id(),
            "database": {"engine": database.engine, "name": database.name, "server": server},
            "files": files,
            "media": {"root": str(media_root), "files": media_files},
            **described,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        sums = "".join(f"{info['sha256']}  {n}\n" for n, info in sorted(files.items()))
        sums += f"{sha256_file(work / MANIFEST)}  {MANIFEST}\n"
        (work / SUMS).write_text(sums)
        final = out_dir / name
        work.rename(final)
        return final
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _data_key_id() -> str:
    from sifa.core import crypto

    return crypto.current_key().key_id


def _dump_postgres(database: Database, target: Path) -> tuple[Path, dict, str]:
    """pg_dump and the manifest from one exported snapshot (the same moment)."""
    import psycopg

    pg_dump = _tool("pg_dump")
    with database.connect() as db:
        db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        db.read_only = True
        server = db.execute("SHOW server_version").fetchone()[0]
        snapshot = db.execute("SELECT pg_export_snapshot()").fetchone()[0]
        _run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            env=database.pg_env(),
            what="pg_dump ",
        )
        described = inspect(database, snapshot=snapshot)
        db.rollback()
    return target, described, f"PostgreSQL {server}"


def _copy_sqlite(database: Database, target: Path) -> tuple[Path, dict, str]:
    """A consistent copy with SQLite's online backup API, then the manifest from the copy."""
    source_path = Path(database.name)
    if not source_path.exists():
        raise BackupError(f"SQLite 数据库文件不存在：{source_path}")
    with (
        _closing(sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)) as source,
        _closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)  # all pages in one step: one consistent read
    described = inspect(database.named(str(target)))
    with _closing(sqlite3.connect(target)) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    return target, described, f"SQLite {sqlite3.sqlite_version}"


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def _pack_media(media_root: Path, target: Path) -> dict[str, str]:
    """Every file under MEDIA_ROOT into an (uncompressed) tar; {relative path: sha256}."""
    files = {}
    with tarfile.open(target, "w") as tar:
        for path in _media_files(media_root):
            relative = path.relative_to(media_root).as_posix()
            files[relative] = sha256_file(path)
            tar.add(path, arcname=relative, recursive=False)
    return files


def prune(out_dir: Path, keep: int) -> list[Path]:
    """Remove all but the `keep` newest complete backups (keep 0: remove none)."""
    if keep <= 0:
        return []
    old = list_backups(out_dir)[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


def list_backups(out_dir: Path) -> list[Path]:
    """Complete backups in `out_dir`, oldest first (a folder with a manifest, not .partial)."""
    if not out_dir.is_dir():
        return []
    found = [
        p
        for p in out_dir.iterdir()
        if p.is_dir()
        and p.name.startswith(PREFIX)
        and not p.name.endswith(PARTIAL)
        and (p / MANIFEST).is_file()
    ]
    return sorted(found, key=lambda p: p.name)


def latest_backup(out_dir: Path | None = None) -> Path:
    out_dir = Path(out_dir or backup_root())
    found = list_backups(out_dir)
    if not found:
        raise BackupError(f"{out_dir} 中没有完整的备份。")
    return found[-1]


# --- verifying and restoring --------------------------------------------------------------


def verify_backup(folder: Path) -> dict:
    """The manifest, once every file it lists has its recorded SHA-256; BackupError if not."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} 不是备份目录：缺少 {MANIFEST}。") from None
    except ValueError as exc:
        raise BackupError(f"{folder / MANIFEST} 已损坏，无法读取：{exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}：不认识的备份格式 {manifest.get('format')!r}。")
    bad = []
    for name, info in sorted(manifest["files"].items()):
        path = folder / name
        if not path.is_file():
            bad.append(f"{name}：文件缺失")
            continue
        found = sha256_file(path)
        if found != info["sha256"]:
            bad.append(f"{name}：校验和不符（清单 {info['sha256']}，实际 {found}）")
    if bad:
        raise BackupError(f"备份 {folder} 校验失败，已拒绝恢复，未改动任何数据：" + "；".join(bad))
    return manifest


def restore_backup(
    folder: Path,
    *,
    database: Database | None = None,
    media_root: Path | None = None,
    force: bool = False,
) -> dict:
    """Restore a verified backup into `database` and `media_root`; returns the manifest.

    Refuses a database holding tables, or a MEDIA_ROOT holding files, unless `force`."""
    folder = Path(folder)
    manifest = verify_backup(folder)
    database = database or Database.default()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = manifest["database"]["engine"]
    if engine != database.engine:
        raise BackupError(f"这是 {engine} 数据库的备份，不能恢复到 {database.engine} 数据库。")
    if not force:
        if not database.is_empty():
            raise BackupError(
                f"目标数据库 {database.label} 不是空的，已拒绝恢复（会覆盖现有数据）。"
                "请恢复到新建的空数据库；确需覆盖时加 --force。"
            )
        if _media_files(media_root):
            raise BackupError(
                f"上传文件目录 {media_root} 中已有文件，已拒绝恢复。确需覆盖时加 --force。"
            )
    if engine == "postgresql":
        args = [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction"]
        if force:
            args += ["--clean", "--if-exists"]
        args += [f"--dbname={database.name}", str(folder / PG_DUMP)]
        _run(args, env=database.pg_env(), what="pg_restore ")
    else:
        target = Path(database.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            _closing(sqlite3.connect(f"file:{folder / SQLITE_COPY}?mode=ro", uri=True)) as src,
            _closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst)  # replaces every page of the target
    _unpack_media(folder / MEDIA_TAR, media_root, manifest["media"]["files"])
    return manifest


def _unpack_media(tar_path: Path, media_root: Path, expected: dict[str, str]) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tar_path) as tar:
        tar.extractall(media_root, filter="data")  # no absolute paths, no escape from the root
    bad = [
        name
        for name, digest in sorted(expected.items())
        if not (media_root / name).is_file() or sha256_file(media_root / name) != digest
    ]
    if bad:
        raise BackupError("恢复后的上传文件校验和不符：" + "、".join(bad))


# --- the drill ----------------------------------------------------------------------------


@dataclass
class DrillResult:
    backup: Path
    scratch: str
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def compare(manifest: dict, restored: dict, finished: dict) -> list[str]:
    """Every difference between the source (manifest) and the drill's database.

    `restored`: migrations and row counts right after the restore (before `migrate`);
    `finished`: fingerprints after `migrate`."""
    differences = []
    source_migrations, copy_migrations = set(manifest["migrations"]), set(restored["migrations"])
    for name in sorted(source_migrations - copy_migrations):
        differences.append(f"迁移记录缺失：{name}")
    for name in sorted(copy_migrations - source_migrations):
        differences.append(f"多出迁移记录：{name}")
    source_counts, copy_counts = manifest["row_counts"], restored["row_counts"]
    for table in sorted(set(source_counts) | set(copy_counts)):
        was, now = source_counts.get(table), copy_counts.get(table)
        if was != now:
            differences.append(
                f"表 {table} 行数不符：备份时 {_or_missing(was)}，恢复后 {_or_missing(now)}"
            )
    for name, source in sorted(manifest["fingerprints"].items()):
        copy = finished["fingerprints"].get(name, {})
        for key in sorted(set(source) | set(copy)):
            if source.get(key) != copy.get(key):
                if key not in copy:
                    what = "恢复后缺失"
                elif key not in source:
                    what = "恢复后多出"
                else:
                    what = "指纹不符"
                differences.append(f"{name} {key}：{what}")
    return differences


def _or_missing(count) -> str:
    return "（无此表）" if count is None else str(count)


def restore_drill(folder: Path | None = None, *, keep: bool = False) -> DrillResult:
    """Restore a backup (default: the latest in SIFA_BACKUP_DIR) into a scratch database, run
    migrations, the drill checks and the fingerprints there, and compare with the manifest.

    The scratch database (and media folder) is removed afterwards unless `keep`."""
    folder = Path(folder) if folder else latest_backup()
    manifest = verify_backup(folder)
    source = Database.default()
    if manifest["database"]["engine"] != source.engine:
        raise BackupError(
            f"这是 {manifest['database']['engine']} 数据库的备份；演练在当前配置的 "
            f"{source.engine} 服务器上进行，引擎须相同。"
        )
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    scratch_dir = Path(tempfile.mkdtemp(prefix="sifa-drill-"))
    if source.engine == "postgresql":
        scratch = source.named(f"sifa_drill_{stamp}_{secrets.token_hex(3)}")
        with source.connect(dbname="postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{scratch.name}"')
    else:
        scratch = source.named(str(scratch_dir / "drill.sqlite3"))
    result = DrillResult(backup=folder, scratch=scratch.label)
    try:
        restore_backup(folder, database=scratch, media_root=scratch_dir / "media")
        answer = inspect(scratch, migrate=True, checks=True)
        result.differences = compare(manifest, answer["restored"], answer)
        applied = sorted(set(answer["migrations"]) - set(answer["restored"]["migrations"]))
        if applied:
            result.notes.append(f"演练库上新应用了 {len(applied)} 个迁移：" + "、".join(applied))
        for name, summary in answer["checks"].items():
            result.notes.append(f"{name}：{json.dumps(summary, ensure_ascii=False)}")
        media = len(manifest["media"]["files"])
        result.notes.append(f"上传文件 {media} 个，校验和一致。")
    finally:
        if not keep:
            if scratch.engine == "postgresql":
                with source.connect(dbname="postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{scratch.name}" WITH (FORCE)')
            shutil.rmtree(scratch_dir, ignore_errors=True)
        else:
            result.notes.append(f"演练数据库已保留：{scratch.label}；上传文件：{scratch_dir}")
    return result
