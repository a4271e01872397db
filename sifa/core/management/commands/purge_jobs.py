"""`manage.py purge_jobs`: delete finished background jobs (and their sealed files) older than
SIFA_JOB_KEEP_DAYS, and drop the sealed files of import batches left unconfirmed as long; the
scheduler runs it nightly (SIFA_SCHEDULE, docs/jobs.md)."""

from django.core.management.base import BaseCommand

from sifa.core import tasks
from sifa.core.imports import batches


class Command(BaseCommand):
    help = "删除超过保留期限的已结束后台任务及其文件，以及未确认的导入文件。"

    def handle(self, *args, **options):
        self.stdout.write(f"已删除{tasks.purge_finished()}个已结束的后台任务。")
        self.stdout.write(f"已放弃{batches.purge_unconfirmed()}个未确认的导入批次。")
