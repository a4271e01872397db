"""The shared cache in production (issue 16 item 4, docs/caching.md), against the real Redis on
127.0.0.1:6379, database 15.

Production settings run in subprocesses (they read the environment at import time). Other test
runs may use database 15 at the same moment (parallel workers, other checkouts), so every test
works under keys of its own and deletes them, instead of flushing the database. Without Redis
the tests are skipped, unless SIFA_REQUIRE_REDIS=1 (`.ci/run` starts Redis and sets it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from config.settings import redis_cache
from sifa.core import ratelimit
from sifa.reports.tests.test_dashboard import MONTH, TODAY, YEAR, build_records
from sifa.stats import figure_cache
from tests.test_deploy_check import ROOT, production_environment

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        return False


if not redis_answers():
    if os.environ.get("SIFA_REQUIRE_REDIS") == "1":
        raise RuntimeError(f"Redis is required here (SIFA_REQUIRE_REDIS=1): {REDIS_URL}")
    pytest.skip("Redis not reachable on 127.0.0.1:6379", allow_module_level=True)


@pytest.fixture
def redis_keys():
    """A key prefix of this test's own on database 15; its keys are deleted afterwards."""
    import redis

    prefix = f"sifa-test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


@pytest.fixture
def shared_cache(redis_keys):
    """This process's cache: the production backend (config.settings.redis_cache) on Redis."""
    backend = {**redis_cache(REDIS_URL), "KEY_PREFIX": redis_keys}
    with override_settings(CACHES={"default": backend}):
        yield cache


def python_in_production(script: str, **env) -> subprocess.Popen:
    setup = "import django\ndjango.setup()\n"
    return subprocess.Popen(
        [sys.executable, "-c", setup + textwrap.dedent(script)],
        cwd=ROOT,
        env=production_environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def output(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out.strip()


def test_production_uses_redis_from_redis_url_and_the_demo_memory():
    script = """
        from django.conf import settings
        print(settings.CACHES["default"]["BACKEND"], settings.CACHES["default"]["LOCATION"])
    """
    given = output(python_in_production(script, REDIS_URL=REDIS_URL))
    default = output(python_in_production(script, REDIS_URL=None))

    assert given == f"django.core.cache.backends.redis.RedisCache {REDIS_URL}"
    assert default == "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/1"
    from django.conf import settings  # the test process runs config.settings, like `make demo`

    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_two_server_processes_count_one_rate_limit(redis_keys):
    """Two processes on production settings hit one limit of 60 a hundred times at once: exactly
    60 pass. (Each process's own memory would let 100 pass; a read-modify-write would lose
    counts between them.)"""
    script = f"""
        from sifa.core import ratelimit
        passed = sum(
            ratelimit.hit("test", "{redis_keys}", limit=60, window=3600, now=1800.0).allowed
            for _ in range(50)
        )
        print(passed)
    """
    processes = [python_in_production(script, REDIS_URL=REDIS_URL) for _ in range(2)]
    passed = [int(output(p)) for p in processes]

    assert sum(passed) == 60
    with override_settings(CACHES={"default": redis_cache(REDIS_URL)}):
        counted = cache.get(f"{ratelimit.PREFIX}:test:{redis_keys}:0")
        cache.delete(f"{ratelimit.PREFIX}:test:{redis_keys}:0")
    assert counted == 100


def test_a_change_in_one_process_renews_the_figures_another_process_serves(redis_keys):
    """Process A reads an office's token; process B sees the same token, then renews it (a record
    of that office changed); this process, a third, sees B's new token."""
    path = f"{redis_keys}0001"
    read = f"""
        from sifa.stats import figure_cache
        print(figure_cache.tokens("{path}")[0])
    """
    change = f"""
        from sifa.stats import figure_cache
        print(figure_cache.tokens("{path}")[0])
        figure_cache.renew(["{path}"])
        print(figure_cache.tokens("{path}")[0])
    """
    a = output(python_in_production(read, REDIS_URL=REDIS_URL))
    b_before, b_after = output(python_in_production(change, REDIS_URL=REDIS_URL)).split()
    with override_settings(CACHES={"default": redis_cache(REDIS_URL)}):
        now = figure_cache.tokens(path)[0]
        cache.delete(f"{figure_cache.PREFIX}:v:{path}")

    assert a == b_before != b_after == now


@pytest.mark.django_db
def test_the_dashboard_served_from_redis_equals_the_recomputed_one(cast, shared_cache):
    from sifa.reports import dashboard
    from sifa.stats.tests.test_figure_cache import numbers

    build_records(cast)
    first = dashboard.build(cast.city_leader, cast.city, YEAR, MONTH, today=TODAY)
    served = dashboard.build(cast.city_leader, cast.city, YEAR, MONTH, today=TODAY)
    figure_cache.clear()
    recomputed = dashboard.build(cast.city_leader, cast.city, YEAR, MONTH, today=TODAY)

    assert numbers(served) == numbers(recomputed) == numbers(first)
    assert any(key.startswith(figure_cache.PREFIX) for key in _keys(shared_cache))


@pytest.mark.django_db
def test_the_portal_rate_limit_holds_on_redis(cast, client, shared_cache):
    from django.urls import reverse

    with override_settings(SIFA_PORTAL_APPLY_RATE=(1, 3600)):
        assert client.post(reverse("legalaid_portal:apply"), {}).status_code == 200
        assert client.post(reverse("legalaid_portal:apply"), {}).status_code == 429


def _keys(django_cache) -> list[str]:
    import redis

    prefix = django_cache.key_prefix
    client = redis.Redis.from_url(REDIS_URL)
    return [k.decode().split(":", 2)[-1] for k in client.scan_iter(f"{prefix}:*")]
