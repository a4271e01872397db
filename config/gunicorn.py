"""gunicorn settings for Sifa (make serve, deploy/sifa.service; docs/deploy.md).

Environment: BIND (default 127.0.0.1:8000, the address nginx proxies to: keep it on loopback, as
Django believes X-Forwarded-Proto from whoever reaches it), WEB_CONCURRENCY (workers; default
2 × cores + 1), GUNICORN_TIMEOUT (seconds; default 120), PROMETHEUS_MULTIPROC_DIR (a directory
emptied at each start, so /internal/metrics adds up every worker's figures).
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
# Sync workers: Sifa's requests wait on PostgreSQL, and one request per process keeps the
# per-request state (request id, database connection) simple. 2 × cores + 1 is gunicorn's advice.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A city-wide export or summary may run in a request until background jobs take it over.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# A fresh process now and then bounds the memory a long-running worker can collect.
max_requests = 2000
max_requests_jitter = 200
# No access log here: Sifa logs each request itself (logger sifa.request) without the query
# string, which may carry an ID number; gunicorn's access log would write the whole URL.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "sifa"
# gunicorn's control socket (gunicornc) would live in the service user's home, read-only under
# deploy/sifa.service; Sifa does not use it.
control_socket_disable = True
# Only nginx on this host may set X-Forwarded-Proto / -For for gunicorn itself.
forwarded_allow_ips = "127.0.0.1,::1"


def on_starting(server):
    """Empty the metrics directory: figures of a previous run's processes must not add up."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    """A worker that ends leaves its gauges; live ones only are reported."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
