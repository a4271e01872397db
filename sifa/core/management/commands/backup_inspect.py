"""manage.py backup_inspect --output FILE [--snapshot ID] [--migrate] [--checks]

The part of backup, restore and the drill that runs Sifa's own code against a database: the
backup and drill commands (sifa/core/backup.py) start it in a child process with DATABASE_URL
pointed at the database to describe. It writes JSON to FILE:

* by default: the applied migrations, the row count of every table and the registered
  fingerprints (`backup.describe`);
* `--snapshot ID`: the same, inside a REPEATABLE READ transaction that imports the PostgreSQL
  snapshot the backup's pg_dump reads, so that the manifest describes exactly the dump;
* `--migrate` (the drill): migrations and row counts as restored (`restored`), then `migrate`,
  then the migrations and fingerprints after it, and with `--checks` the registered drill
  checks (the reports consistency check).

Every cache is replaced by a private in-process one for the run: figures computed from a copy
or from the backup's instant must never land in the shared cache the live server reads.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings

from sifa.core import backup


class Command(BaseCommand):
    help = "备份、恢复和恢复演练的内部步骤：描述当前数据库（迁移、各表行数、报表指纹）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="写入 JSON 结果的文件")
        parser.add_argument("--snapshot", default="", help="PostgreSQL 导出的快照编号")
        parser.add_argument("--migrate", action="store_true", help="先记录恢复后的状态，再迁移")
        parser.add_argument("--checks", action="store_true", help="迁移后运行演练核查")

    def handle(self, *args, **options):
        private = {
            alias: {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"backup-inspect-{alias}",
            }
            for alias in settings.CACHES
        }
        with override_settings(CACHES=private):
            self.inspect(**options)

    def inspect(self, *, output, snapshot, migrate, checks, **options):
        if snapshot:
            if connection.vendor != "postgresql":
                raise CommandError("--snapshot 仅用于 PostgreSQL。")
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
                answer = backup.describe(connection)
        elif migrate:
            answer = {
                "restored": {
                    "migrations": backup.applied_migrations(connection),
                    "row_counts": backup.row_counts(connection),
                }
            }
            call_command("migrate", interactive=False, verbosity=0)
            answer["migrations"] = backup.applied_migrations(connection)
            answer["fingerprints"] = backup.fingerprints()
            answer["checks"] = backup.run_drill_checks() if checks else {}
        else:
            answer = backup.describe(connection)
        Path(output).write_text(json.dumps(answer, ensure_ascii=False))
