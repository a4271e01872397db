"""manage.py run_worker [db_worker's options]: the background-job worker (make worker, the
systemd unit deploy/sifa-worker.service).

django-tasks-db's `db_worker` with one step first: the jobs left 进行中 by a worker process of
this host that is gone (killed with SIGKILL, a power cut: it could not record the end) are
failed, with a Chinese message and 重试 (`sifa.core.tasks.recover_interrupted`).
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from sifa.core import tasks


class Command(DbWorkerCommand):
    help = "Fail the jobs of worker processes that are gone, then run django-tasks-db's worker."

    def handle(self, *args, **options):
        recovered = tasks.recover_interrupted()
        if recovered:
            self.stderr.write(
                f"run_worker: {len(recovered)} interrupted job(s) failed: "
                + ", ".join(map(str, recovered))
            )
        return super().handle(*args, **options)
