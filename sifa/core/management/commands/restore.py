"""manage.py restore --from DIR [--force]

Verifies every checksum of a backup (sifa/core/backup.py), then restores its database into the
configured one (DATABASE_URL) and its files into MEDIA_ROOT. Refuses a database that already
holds tables, or a MEDIA_ROOT with files, unless --force. Run `migrate` afterwards when the
code is newer than the backup (docs/backup.md).
"""

from django.core.management.base import BaseCommand, CommandError

from sifa.core import backup


class Command(BaseCommand):
    help = "从备份恢复数据库和上传文件：先核对校验和；目标数据库非空时拒绝，除非加 --force。"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="备份目录")
        parser.add_argument("--force", action="store_true", help="覆盖非空的数据库和上传文件目录")

    def handle(self, *args, source, force, **options):
        try:
            manifest = backup.restore_backup(source, force=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        database = backup.Database.default()
        self.stdout.write(
            f"已恢复 {source}（{manifest['created_at']}，Sifa {manifest['sifa']['version']} "
            f"{manifest['sifa']['commit'][:12]}）到 {database.label}。"
            "如代码比备份新，请运行 manage.py migrate。"
        )
