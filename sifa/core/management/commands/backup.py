"""manage.py backup [--output DIR] [--keep N]

Backs up the database (PostgreSQL: pg_dump custom format; SQLite: the online backup API) and
the files under MEDIA_ROOT into a new folder of SIFA_BACKUP_DIR, with a manifest of
checksums, migrations, row counts and report fingerprints (sifa/core/backup.py,
docs/backup.md), then removes all but the newest SIFA_BACKUP_KEEP backups. Prints the folder.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.sifa_settings import sifa_setting
from sifa.core import backup


class Command(BaseCommand):
    help = "备份数据库和上传文件，附带校验和清单（docs/backup.md）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="备份目录（默认 SIFA_BACKUP_DIR）")
        parser.add_argument(
            "--keep", type=int, help="只保留最新的这么多份备份（默认 SIFA_BACKUP_KEEP，0 全部保留）"
        )

    def handle(self, *args, output=None, keep=None, **options):
        out_dir = Path(output) if output else backup.backup_root()
        keep = sifa_setting("SIFA_BACKUP_KEEP") if keep is None else keep
        try:
            folder = backup.create_backup(out_dir)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        removed = backup.prune(out_dir, keep)
        manifest = backup.verify_backup(folder)
        tables = manifest["row_counts"]
        self.stdout.write(
            f"备份完成：{folder}（{len(tables)} 张表，{sum(tables.values())} 行，"
            f"上传文件 {len(manifest['media']['files'])} 个）"
        )
        for path in removed:
            self.stdout.write(f"已删除旧备份：{path}")
