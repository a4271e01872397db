"""Prometheus metrics that Sifa's own code reports (docs/deploy.md, 监控).

Request latency by view comes from django-prometheus's middleware (config/settings.py); this
module holds the figures only Sifa knows: background tasks and the task queue. Any process may
call these functions — the web workers, the task worker, the scheduler. With
PROMETHEUS_MULTIPROC_DIR set (make serve, deploy/sifa.service, deploy/sifa-worker.service), every
process writes its figures to files in that directory and `/internal/metrics` adds them up, so
one scrape sees the whole server; without it (tests, the demo) they stay in the process.

Labels are task names only: never an argument, a record id or a person.

    from sifa.core import metrics

    with metrics.task_timer("reports.consistency_check"):
        run_check()                      # duration observed; an exception counts as a failure
    metrics.set_queue_length(pending, queue="default")
"""

from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

from prometheus_client import Counter, Gauge, Histogram

# Seconds: from a quick row update to a city-wide export or summary.
TASK_BUCKETS = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, float("inf"))

TASK_DURATION = Histogram(
    "sifa_task_duration_seconds",
    "Duration of background tasks, by task name and outcome",
    ["task", "outcome"],
    buckets=TASK_BUCKETS,
)
TASK_FAILURES = Counter(
    "sifa_task_failures_total", "Background tasks that ended with an error", ["task"]
)
TASK_QUEUE_LENGTH = Gauge(
    "sifa_task_queue_length",
    "Tasks waiting to run, by queue",
    ["queue"],
    multiprocess_mode="livemax",  # the last reading of the process that reported it
)
TASK_QUEUE_LAG = Gauge(
    "sifa_task_queue_lag_seconds",
    "Age of the oldest task still waiting, by queue",
    ["queue"],
    multiprocess_mode="livemax",
)

SUCCEEDED = "succeeded"
FAILED = "failed"


def observe_task(task: str, seconds: float, *, failed: bool = False) -> None:
    """Record one finished task: its duration, and a failure when it failed."""
    TASK_DURATION.labels(task=task, outcome=FAILED if failed else SUCCEEDED).observe(seconds)
    if failed:
        TASK_FAILURES.labels(task=task).inc()


@contextmanager
def task_timer(task: str) -> Iterator[None]:
    """Time the block as one run of `task`; an exception leaving it is recorded as a failure
    and raised again."""
    started = perf_counter()
    try:
        yield
    except BaseException:
        observe_task(task, perf_counter() - started, failed=True)
        raise
    observe_task(task, perf_counter() - started)


def set_queue_length(length: int, *, queue: str = "default") -> None:
    TASK_QUEUE_LENGTH.labels(queue=queue).set(length)


def set_queue_lag(seconds: float, *, queue: str = "default") -> None:
    TASK_QUEUE_LAG.labels(queue=queue).set(seconds)
