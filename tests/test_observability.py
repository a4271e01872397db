"""Health check, metrics, request ids, JSON logs and Sentry (sifa.core.health, sifa.core.metrics,
sifa.core.observability; docs/deploy.md), and no personal data in the logs."""

import datetime
import gzip
import io
import json
import logging
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from health_check.exceptions import ServiceUnavailable
from prometheus_client import REGISTRY

from sifa.core import metrics
from sifa.core.health import DiskSpace, MigrationsApplied, TaskQueueLag, task_queue_lag_seconds
from sifa.core.observability import REQUEST_ID_HEADER, RequestIdFilter
from sifa.people.actions import person_register
from sifa.people.models import DocumentType

ZHANG_ID = "11010519491231002X"
ZHANG_PHONE = "13812345678"
TOKEN = "metrics-test-token-0123456789"


@pytest.fixture
def zhang(cast):
    return person_register(
        actor=cast.township_clerk,
        office=cast.township_a1,
        name="张三",
        doc_type=DocumentType.RESIDENT_ID,
        id_number=ZHANG_ID,
        phone=ZHANG_PHONE,
        ethnicity="01",
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def captured_log():
    """The log as production writes it with LOG_LEVEL=DEBUG: the root logger at DEBUG (the
    loggers settings.LOGGING holds higher keep their level), the JSON formatter and the
    request-id filter of settings.LOGGING."""
    stream = io.StringIO()
    config = dict(settings.LOGGING["formatters"]["json"])
    formatter = import_string(config.pop("()"))(**config)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def records(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


# --- /healthz/ ----------------------------------------------------------------------------------


def test_healthz_passes_every_check(db, client, media):
    response = client.get("/healthz/", {"format": "json"})

    assert response.status_code == 200, response.content
    results = response.json()
    names = {key.split("(")[0] for key in results}
    expected = {"Database", "Cache", "Storage", "DiskSpace", "MigrationsApplied", "TaskQueueLag"}
    assert expected <= names
    assert set(results.values()) == {"OK"}


def test_healthz_fails_when_the_disk_is_short(db, client, media, settings):
    settings.SIFA_HEALTH_MIN_FREE_DISK_MB = 10**12  # more than any disk has

    response = client.get("/healthz/", {"format": "json"})

    assert response.status_code == 500
    assert response.json()["DiskSpace()"].startswith("Unavailable: disk 1:")
    assert str(media) not in response.content.decode()  # the page is public: no paths


def test_healthz_needs_no_login_and_no_https_redirect_in_production(db, client, media, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

    assert client.get("/healthz/", {"format": "json"}).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 301  # everything else: HTTPS


def test_disk_check_measures_the_given_paths(tmp_path):
    DiskSpace(min_free_mb=0, paths=[tmp_path / "not" / "yet"]).run()  # nearest existing parent
    with pytest.raises(ServiceUnavailable, match="MB free"):
        DiskSpace(min_free_mb=10**12, paths=[tmp_path]).run()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # DDL: django_migrations
def test_migrations_check_fails_while_a_migration_is_not_applied(settings):
    settings.MIGRATION_MODULES = {}  # the real migrations (the test database skipped them)
    recorder = MigrationRecorder(connection)
    existed = recorder.has_table()
    recorder.ensure_schema()
    try:
        for app_label, name in MigrationLoader(connection).disk_migrations:
            recorder.record_applied(app_label, name)
        MigrationsApplied().run()

        latest = MigrationLoader(connection).graph.leaf_nodes("people")[0]
        recorder.record_unapplied(*latest)

        with pytest.raises(ServiceUnavailable, match="not applied"):
            MigrationsApplied().run()
    finally:
        if not existed:
            with connection.schema_editor() as editor:
                editor.delete_model(MigrationRecorder.Migration)


def test_task_queue_check_passes_without_a_queue():
    assert task_queue_lag_seconds() is None  # the immediate backend (tests) has no queue
    TaskQueueLag().run()


def test_task_queue_check_fails_when_the_oldest_task_waits_too_long(settings):
    settings.SIFA_HEALTH_MAX_TASK_LAG_SECONDS = 300
    TaskQueueLag(probe=lambda: 299.0).run()

    with pytest.raises(ServiceUnavailable, match="oldest task waiting 900 s"):
        TaskQueueLag(queue="exports", probe=lambda: 900.0).run()
    assert REGISTRY.get_sample_value("sifa_task_queue_lag_seconds", {"queue": "exports"}) == 900.0


# --- /internal/metrics --------------------------------------------------------------------------


def test_metrics_endpoint_is_off_without_a_token(db, client, settings):
    settings.SIFA_METRICS_TOKEN = ""
    assert client.get("/internal/metrics").status_code == 404


def test_metrics_endpoint_refuses_a_missing_or_wrong_token(db, client, settings):
    settings.SIFA_METRICS_TOKEN = TOKEN
    assert client.get("/internal/metrics").status_code == 403
    wrong = client.get("/internal/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert b"django_http" not in wrong.content


def test_metrics_report_latency_by_view_and_tasks(cast, login, client, settings):
    settings.SIFA_METRICS_TOKEN = TOKEN
    login(cast.township_clerk).get(reverse("people:person_list"))
    with metrics.task_timer("tests.export"):
        pass
    with pytest.raises(ZeroDivisionError), metrics.task_timer("tests.failing"):
        raise ZeroDivisionError
    metrics.set_queue_length(7, queue="default")

    response = client.get("/internal/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    text = response.content.decode()
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert latency + '{method="GET",view="people:person_list"}' in text
    assert 'sifa_task_duration_seconds_count{outcome="succeeded",task="tests.export"}' in text
    assert 'sifa_task_failures_total{task="tests.failing"}' in text
    assert 'sifa_task_queue_length{queue="default"} 7.0' in text
    failures = REGISTRY.get_sample_value("sifa_task_failures_total", {"task": "tests.failing"})
    assert failures >= 1


# --- request ids --------------------------------------------------------------------------------


def test_every_response_carries_a_fresh_request_id(db, client):
    first = client.get(reverse("accounts:login"))[REQUEST_ID_HEADER]
    second = client.get(reverse("accounts:login"))[REQUEST_ID_HEADER]
    assert len(first) == 32 and first != second


def test_a_request_id_is_taken_from_a_trusted_proxy_only(db, client, settings):
    def answered_id(request_id):
        response = client.get(reverse("accounts:login"), headers={"X-Request-ID": request_id})
        return response[REQUEST_ID_HEADER]

    settings.SIFA_TRUSTED_PROXIES = ()
    assert answered_id("nginx-4f1c2a9b7e") != "nginx-4f1c2a9b7e"

    settings.SIFA_TRUSTED_PROXIES = ("127.0.0.1",)  # the test client's peer address
    assert answered_id("nginx-4f1c2a9b7e") == "nginx-4f1c2a9b7e"
    assert "<" not in answered_id("bad id <script>")


def test_the_404_page_names_the_request_id(cast, login):
    response = login(cast.township_clerk).get("/no-such-page/")
    assert response.status_code == 404
    assert response[REQUEST_ID_HEADER] in response.content.decode()
    assert "请求编号" in response.content.decode()


def test_the_403_page_names_the_request_id(cast, login, zhang):
    url = reverse("people:person_reveal", args=[zhang.pk, "id_number"])
    response = login(cast.township_clerk).post(url)
    assert response.status_code == 403
    assert response[REQUEST_ID_HEADER] in response.content.decode()


@pytest.mark.urls("tests.observability_urls")
def test_the_500_page_names_the_request_id_and_the_log_has_it(db, client, captured_log):
    client.raise_request_exception = False

    response = client.get("/test-boom/")

    assert response.status_code == 500
    request_id = response[REQUEST_ID_HEADER]
    assert request_id in response.content.decode()
    logged = records(captured_log)
    error = next(r for r in logged if r["logger"] == "django.request" and r["level"] == "ERROR")
    assert error["request_id"] == request_id
    assert "Boom" in error["exc_info"]


# --- logs ---------------------------------------------------------------------------------------


def test_each_request_is_logged_once_as_json_with_its_id(cast, login, captured_log):
    response = login(cast.township_clerk).get(reverse("people:person_list"), {"name": "张"})

    lines = [r for r in records(captured_log) if r["logger"] == "sifa.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == response[REQUEST_ID_HEADER]
    path = reverse("people:person_list")
    assert (line["method"], line["path"], line["status"]) == ("GET", path, 200)
    assert line["view"] == "people:person_list"
    assert line["user_id"] == cast.township_clerk.pk
    assert "张" not in captured_log.getvalue()  # the query string is never logged


def test_no_personal_data_in_the_logs_at_debug(cast, login, zhang, captured_log):
    """A leader reveals an ID number and a phone, and a clerk searches by the ID number: with
    every logger at DEBUG (and SQL logged as under DEBUG=1), neither number is in the log."""
    # As an administrator chasing a slow page would: every query and its parameters logged.
    connection.force_debug_cursor = True
    queries = logging.getLogger("django.db.backends")
    queries.setLevel(logging.DEBUG)
    try:
        leader = login(cast.city_leader)
        for field in ("id_number", "phone"):
            url = reverse("people:person_reveal", args=[zhang.pk, field])
            assert leader.post(url).status_code == 200
            assert leader.post(url, headers={"HX-Request": "true"}).status_code == 200
        clerk = login(cast.township_clerk)
        assert clerk.get(reverse("shell:search"), {"q": ZHANG_ID}).status_code == 200
        # Django logs a 404 itself ("Not Found: …"), with the request on the record.
        assert clerk.get("/no-such-page/", {"id_number": ZHANG_ID}).status_code == 404
    finally:
        connection.force_debug_cursor = False
        queries.setLevel(logging.NOTSET)

    text = captured_log.getvalue()
    assert "people:person_reveal" in text  # the reveals were logged …
    assert "django.db.backends" in text  # … and so were the queries behind them
    assert "Not Found: /no-such-page/" in text
    for secret in (ZHANG_ID, ZHANG_ID.lower(), ZHANG_ID[:-1], ZHANG_PHONE):
        leaks = [line[:600] for line in text.splitlines() if secret in line]
        assert secret not in text, leaks


# --- Sentry -------------------------------------------------------------------------------------


class _Collector(BaseHTTPRequestHandler):
    received: list[bytes]

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":  # sentry-sdk compresses with brotli when the module is installed
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    _Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.urls("tests.observability_urls")
def test_sentry_receives_errors_without_personal_data(cast, login, sentry_server):
    import sentry_sdk

    from sifa.core.observability import init_sentry

    init_sentry(f"http://publickey@127.0.0.1:{sentry_server.server_port}/1", environment="test")
    try:
        client = login(cast.city_leader)
        client.raise_request_exception = False
        response = client.post(
            f"/test-boom/?id_number={ZHANG_ID}",
            {"phone": ZHANG_PHONE},
            headers={"X-Sifa-Note": ZHANG_PHONE},
        )
        assert response.status_code == 500
        sentry_sdk.flush(timeout=10)
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: reporting off for the rest of the run

    sent = b"".join(_Collector.received).decode("utf-8", "replace")
    assert "boom for the 500 page" in sent  # the error arrived …
    assert response[REQUEST_ID_HEADER]
    for secret in (ZHANG_ID, ZHANG_PHONE, "sessionid", client.cookies["sessionid"].value):
        assert secret not in sent, secret  # … without the person, the body, the session


def test_settings_start_sentry_only_with_a_dsn():
    """config.settings calls init_sentry when SENTRY_DSN is set (in a subprocess: the settings
    are read once per process)."""
    probe = (
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options.get('send_default_pii'), "
        "c.options.get('include_local_variables'), c.options.get('max_request_body_size'))"
    )

    def run(**env):
        base = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", probe],
            cwd=Path(__file__).resolve().parent.parent,
            env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1].split()

    assert run()[0] == "False"
    assert run(SENTRY_DSN="http://publickey@127.0.0.1:9/1") == ["True", "False", "False", "never"]


def test_task_queue_lag_is_the_age_of_the_oldest_waiting_task(db, settings):
    from django.tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    from sifa.core.tasks import run_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert task_queue_lag_seconds() == 0.0  # a queue, nobody waiting
    assert REGISTRY.get_sample_value("sifa_task_queue_length", {"queue": "default"}) == 0.0

    task_backends["default"].enqueue(run_job, args=[0], kwargs={})
    task_backends["default"].enqueue(run_job, args=[0], kwargs={})
    ten_minutes_ago = timezone.now() - datetime.timedelta(minutes=10)
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("enqueued_at")[0].pk).update(
        enqueued_at=ten_minutes_ago
    )

    assert 600 <= task_queue_lag_seconds() < 660
    assert REGISTRY.get_sample_value("sifa_task_queue_length", {"queue": "default"}) == 2.0
    with pytest.raises(ServiceUnavailable, match="oldest task waiting"):
        TaskQueueLag().run()
