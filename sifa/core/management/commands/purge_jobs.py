"""`manage.py purge_jobs`: delete finished background jobs (and their sealed files) older than
SIFA_JOB_KEEP_DAYS; the scheduler runs it nightly (SIFA_SCHEDULE, docs/jobs.md)."""

from django.core.management.base import BaseCommand

from sifa.core import tasks


class Command(BaseCommand):
    help = "删除超过保留期限的已结束后台任务及其文件。"

    def handle(self, *args, **options):
        self.stdout.write(f"已删除{tasks.purge_finished()}个已结束的后台任务。")
