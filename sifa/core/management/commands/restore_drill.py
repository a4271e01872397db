"""manage.py restore_drill [--from DIR] [--keep]

The restore drill (docs/backup.md): restores a backup (default: the latest in SIFA_BACKUP_DIR)
into a new scratch database on the configured server, runs migrations and the reports
consistency check there, and compares the row count of every table, the migrations and the
report fingerprints with the backup's manifest. Exit status 0 when all agree; otherwise each
difference is printed and the command fails. The scratch database is dropped unless --keep.
"""

from django.core.management.base import BaseCommand, CommandError

from sifa.core import backup


class Command(BaseCommand):
    help = "恢复演练：把备份恢复到临时数据库，迁移、核查并与备份清单逐项比对。"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", help="备份目录（默认最新一份）")
        parser.add_argument("--keep", action="store_true", help="保留演练数据库以便检查")

    def handle(self, *args, source=None, keep=False, **options):
        try:
            result = backup.restore_drill(source, keep=keep)
        except backup.BackupError as exc:
            raise CommandError(f"恢复演练失败：{exc}") from exc
        self.stdout.write(f"备份：{result.backup}")
        self.stdout.write(f"演练数据库：{result.scratch}")
        for note in result.notes:
            self.stdout.write(note)
        if not result.ok:
            for difference in result.differences:
                self.stderr.write(difference)
            raise CommandError(
                f"恢复演练失败：恢复结果与备份时的数据有 {len(result.differences)} 处不同（见上）。"
            )
        self.stdout.write(self.style.SUCCESS("恢复演练通过：行数、迁移和报表指纹与备份时一致。"))
