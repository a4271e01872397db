"""`/healthz/` for the load balancer and the monitoring (django-health-check; docs/deploy.md).

200 when every check passes, 500 when one fails; `?format=json` (or `Accept:
application/json`) answers a JSON object of check → "OK" or the error. The checks:

* database: `SELECT 1` on the default database (django-health-check);
* cache: set, get and delete a key in the default cache (django-health-check);
* storage: write and delete a file where uploads are kept (django-health-check);
* disk: free space on the disks of the uploads and an SQLite database (`DiskSpace`);
* migrations: every migration on disk is applied (`MigrationsApplied`);
* task queue lag: the oldest waiting task is younger than SIFA_HEALTH_MAX_TASK_LAG_SECONDS
  (`TaskQueueLag`, reading the hook `task_queue_lag_seconds`).

No check's message names a person, a record or a secret: the page is not behind a login.
"""

import dataclasses
import functools
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from config.sifa_settings import sifa_setting
from sifa.core import metrics


def task_queue_lag_seconds() -> float | None:
    """The age in seconds of the oldest task waiting in the queue (0 when none waits), or None
    when there is no queue to measure: Django's immediate backend (tests, the demo) runs a task
    where it is enqueued. Also reports the queue's length to the metrics."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return None
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    metrics.set_queue_length(waiting.count())
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return 0.0 if oldest is None else (timezone.now() - oldest).total_seconds()


@dataclasses.dataclass
class TaskQueueLag(HealthCheck):
    """Fails when the oldest waiting task has waited longer than the limit: the worker is down
    or cannot keep up."""

    queue: str = "default"
    probe: Callable[[], float | None] | None = dataclasses.field(default=None, repr=False)

    def run(self):
        lag = (self.probe or task_queue_lag_seconds)()
        if lag is None:
            return
        metrics.set_queue_lag(lag, queue=self.queue)
        limit = int(sifa_setting("SIFA_HEALTH_MAX_TASK_LAG_SECONDS"))
        if lag > limit:
            raise ServiceUnavailable(f"oldest task waiting {lag:.0f} s (limit {limit} s)")


@functools.lru_cache(maxsize=4)
def _migrations_on_disk(_modules_setting_id: int) -> frozenset[tuple[str, str]]:
    """Every migration of the code this process runs (read once: about 0.5 s of one core;
    keyed on MIGRATION_MODULES so a test that changes it reads again)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Fails while a migration on disk is not applied (an upgrade half done)."""

    alias: str = "default"

    def run(self):
        connection = connections[self.alias]
        on_disk = _migrations_on_disk(id(settings.MIGRATION_MODULES))
        # A pool thread runs the check: a connection it opens is closed again.
        with connection.temporary_connection():
            recorder = MigrationRecorder(connection)
            applied = set(recorder.applied_migrations()) if recorder.has_table() else set()
        missing = on_disk - applied
        if missing:
            raise ServiceUnavailable(f"{len(missing)} migration(s) not applied")


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def disk_paths() -> list[Path]:
    """Where Sifa writes: the uploads, and the database file when it is SQLite."""
    paths = [Path(settings.MEDIA_ROOT)]
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        name = str(database["NAME"])
        if not name.startswith("file:"):
            paths.append(Path(name).parent)
    return paths


@dataclasses.dataclass
class DiskSpace(HealthCheck):
    """Fails when a disk Sifa writes to has less than SIFA_HEALTH_MIN_FREE_DISK_MB free."""

    min_free_mb: int | None = dataclasses.field(default=None, repr=False)
    paths: list[Path] | None = dataclasses.field(default=None, repr=False)

    def run(self):
        limit = self.min_free_mb
        if limit is None:
            limit = int(sifa_setting("SIFA_HEALTH_MIN_FREE_DISK_MB"))
        for index, path in enumerate(self.paths or disk_paths()):
            free_mb = shutil.disk_usage(_existing(Path(path))).free // (1024 * 1024)
            if free_mb < limit:
                # The disk's place in the list, not its path: the page is public.
                raise ServiceUnavailable(f"disk {index + 1}: {free_mb} MB free (limit {limit} MB)")


CHECKS = (
    "health_check.checks.Database",
    "health_check.checks.Cache",
    "health_check.checks.Storage",
    DiskSpace,
    MigrationsApplied,
    TaskQueueLag,
)


class HealthView(HealthCheckView):
    checks = CHECKS
