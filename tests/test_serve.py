"""The production server (make serve, config/gunicorn.py; docs/deploy.md), started for real.

`scripts/serve` refuses to start without its settings and names them; gunicorn with the
production settings answers /healthz/, redirects pages to HTTPS, names each request and adds up
every worker's metrics. The server runs on an empty SQLite file (its own process cannot see the
test database), so /healthz/ reports the migrations as not applied: the check sees the truth.
"""

import base64
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "serve-test-metrics-token"
HOST = "sifa.example.gov.cn"

pytestmark = pytest.mark.slow


def production_environment(tmp_path, **extra) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SIFA_", "DJANGO_", "PROMETHEUS_"))
        and key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG", "SENTRY_DSN"}
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(48),
        SIFA_DATA_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings_production",
    )
    env.update(extra)
    return env


def test_make_serve_names_every_missing_setting(tmp_path):
    env = production_environment(tmp_path)
    for name in ("SECRET_KEY", "SIFA_DATA_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        env.pop(name)

    result = subprocess.run(
        ["scripts/serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert "missing required settings: SECRET_KEY SIFA_DATA_KEY ALLOWED_HOSTS DATABASE_URL" in (
        result.stderr
    )


def test_make_serve_reads_an_environment_file(tmp_path):
    """A file named by ENV_FILE provides the settings: with all four there, only the one left
    out is named."""
    env = production_environment(tmp_path)
    values = {name: env.pop(name) for name in ("SECRET_KEY", "SIFA_DATA_KEY", "ALLOWED_HOSTS")}
    env.pop("DATABASE_URL")
    env_file = tmp_path / "sifa.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in values.items()))

    result = subprocess.run(
        ["scripts/serve"],
        cwd=ROOT,
        env={**env, "ENV_FILE": str(env_file)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "missing required settings: DATABASE_URL" in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, **headers):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": HOST, **headers}
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = production_environment(
        tmp_path,
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        SIFA_METRICS_TOKEN=TOKEN,
        LOG_LEVEL="INFO",
    )
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "config/gunicorn.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120  # a wait for the start, not a timing assertion
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                if get(port, "/healthz/?format=json")[0] in {200, 500}:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not answer: " + (tmp_path / "gunicorn.log").read_text())
        yield port, tmp_path / "gunicorn.log"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def healthz_count(port: int) -> float:
    headers = {"Authorization": f"Bearer {TOKEN}", "X-Forwarded-Proto": "https"}
    status, _, text = get(port, "/internal/metrics", **headers)
    assert status == 200
    name = 'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="healthz"}'
    return float(next(line for line in text.splitlines() if line.startswith(name)).split()[-1])


def test_gunicorn_serves_sifa_with_the_production_settings(gunicorn):
    port, log = gunicorn

    status, headers, body = get(port, "/healthz/?format=json")
    assert status == 500  # an empty database: the health check says so
    results = json.loads(body)
    assert results["Database(alias='default')"] == "OK"
    assert results["MigrationsApplied(alias='default')"].endswith("migration(s) not applied")
    assert len(headers["X-Request-ID"]) == 32

    status, headers, _ = get(port, "/accounts/login/")
    assert status == 301 and headers["Location"] == f"https://{HOST}/accounts/login/"

    before = healthz_count(port)
    for _ in range(3):
        get(port, "/healthz/?format=json")
    # Three more health checks, served by either of the two workers, added up in one answer.
    assert healthz_count(port) == before + 3

    request_lines = [
        json.loads(line)
        for line in log.read_text().splitlines()
        if line.startswith("{") and '"sifa.request"' in line
    ]
    assert any(line["path"] == "/healthz/" and line["status"] == 500 for line in request_lines)
