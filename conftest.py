"""Shared pytest fixtures: the standard cast (see tests/factories.py) and browser helpers.

How the test database is built (docs/testing.md):
* each xdist worker has its own database (pytest-django suffixes the name);
* the schema is built from the models without running migrations, on both engines; the data
  that migrations seed (roles, code tables) is then written by running every migration's
  RunPython step. tests/test_migrations.py migrates a fresh database for real and compares it
  with this one, and `makemigrations --check` keeps models and migrations equal;
* the standard cast is built once per database and re-read per test; transactional tests (the
  browser tests) restore it with the rest of the seeded rows (serialized rollback).
"""

import os
from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.db import connection, router
from django.test import override_settings

from tests.factories import PASSWORD, build_cast, delete_cast, load_cast

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    if not os.environ.get("SIFA_TEST_MIGRATIONS") and not config.getoption("migrations", False):
        config.option.nomigrations = True


# Apps whose RunPython steps only move their own rows between columns of past schemas (nothing
# to seed, and they cannot run on the final state): the task queue's table starts empty.
ROW_MOVING_APPS = {"django_tasks_database"}  # django-tasks-db's app label


def run_seed_steps() -> None:
    """Every RunPython step of every migration, in migration order, on the historical models of
    the last migration (one state for all steps, cheaper than one per migration; as in a real
    migrate they send no signals, so simple-history writes no second history row)."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    with override_settings(MIGRATION_MODULES={}):  # pytest-django disabled them for the schema
        loader = MigrationLoader(None, ignore_no_migrations=True)
    plan: list[tuple[str, str]] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    state_apps = loader.project_state().apps
    with connection.schema_editor() as editor:
        for key in plan:
            if key[0] in ROW_MOVING_APPS:
                continue
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(state_apps, editor)


def serialize_all_rows() -> str:
    """The database's rows for serialized rollback: Django's own serializer skips apps without
    migrations, which on SQLite here is every app."""

    def rows():
        for model in apps.get_models():
            if model._meta.managed and router.allow_migrate_model(connection.alias, model):
                yield from model._base_manager.order_by(model._meta.pk.name).iterator()

    out = StringIO()
    serializers.serialize("json", rows(), stream=out)
    return out.getvalue()


# Which run of `make test` a test belongs to (docs/testing.md, "Which engine runs what").
# Production runs PostgreSQL: every test runs there, except the browser and source tests, which
# do not depend on the engine and run once, in the SQLite run. SQLite is the engine of
# `make demo` and of development: it runs the tests whose outcome depends on how the engine
# stores, sorts, truncates or loads (marker `both_engines`, set on these modules or on a test),
# and the demo city as `make demo` loads it (`embedded_engine`: SQLite only). With no PostgreSQL
# reachable, the SQLite run runs everything (scripts/test-sqlite).
BOTH_ENGINES = {
    "tests/test_demo.py": "make demo's loader: bulk writes, numbering, statistics per engine",
    "tests/test_migrations.py": "migrate from zero, as a server and make demo do",
    "tests/test_backup.py": "a backup and restore drill per engine",
    "tests/test_local_time.py": "month and day truncation in the bureau's zone per engine",
    "tests/test_amounts.py": "decimal sums (SQLite keeps no exact decimals)",
    "tests/test_list_pages.py": "every list's sorting, filters, paging and export",
    "tests/test_global_search.py": "LIKE and case rules differ",
    "tests/test_numbering.py": "row locks (select_for_update) exist on PostgreSQL only",
    "sifa/core/tests/test_numbering.py": "row locks (select_for_update) exist on PostgreSQL only",
    "sifa/stats/tests/": "every indicator's query: aggregates, date parts, distinct counts",
    "sifa/reports/tests/test_consistency.py": "figures and their drill-downs reconcile",
    "tests/test_encryption_at_rest.py": "binary columns per engine",
    "tests/test_no_plaintext.py": "what the engine writes to disk",
    "tests/test_smoke.py": "the pages make demo opens first",
}
EMBEDDED_ENGINE = {
    "tests/test_demo_lines.py": "the demo city (580,000 rows) as make demo loads it",
}


def pytest_itemcollected(item):
    """Mark the modules of the two tables (before `-m` selects by marker)."""
    path = item.nodeid.split("::")[0]
    if any(path.startswith(prefix) for prefix in BOTH_ENGINES):
        item.add_marker(pytest.mark.both_engines)
    if any(path.startswith(prefix) for prefix in EMBEDDED_ENGINE):
        item.add_marker(pytest.mark.embedded_engine)


@pytest.hookimpl(trylast=True)  # after pytest-django put the transactional tests last
def pytest_collection_modifyitems(items):
    """Start the few long tests (`slow`) first, each followed by one ordinary test, so that
    the parallel workers take different long tests and finish together; transactional tests
    stay last (they empty the database when they end).

    pytest-xdist gives every worker its first two tests, then one at a time as a worker
    frees up (`--maxschedchunk=1` in pyproject.toml); without the interleaving the first
    worker would take the two longest tests and the other none.
    """
    slow = [
        item for item in items if item.get_closest_marker("slow") and not _is_transactional(item)
    ]
    if not slow:
        return
    chosen = set(map(id, slow))
    rest = [item for item in items if id(item) not in chosen]
    ordered = []
    for long_test in slow:
        ordered.append(long_test)
        if rest and not _is_transactional(rest[0]):
            ordered.append(rest.pop(0))
    items[:] = ordered + rest


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or "live_server" in item.fixturenames))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        if request.config.option.nomigrations:
            run_seed_steps()
        build_cast()
        connection._test_serialized_contents = serialize_all_rows()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 at production strength costs ~0.5 s per hash; tests do not test its strength."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters and cached figures of an earlier
    test (whose rows were rolled back) must not show (docs/caching.md)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def cast(db):
    return load_cast() or build_cast()


@pytest.fixture
def no_cast(db):
    """For the few tests that need a database without the standard cast (the demo city, an
    empty tree): removes it inside the test's transaction, so it is back for the next test."""
    delete_cast()


@pytest.fixture
def password():
    return PASSWORD


def pass_two_factor(client, user) -> None:
    """A user whose role demands two-factor (sifa.accounts.two_factor) gets a confirmed device
    and a session that has passed a code, as after the verify page; the two-factor tests log in
    through the real pages instead."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sifa.accounts import two_factor

    if not two_factor.role_requires_two_factor(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def login(client):
    """Log a user in on the Django test client (past two-factor where the role demands it) and
    return the client."""

    def _login(user):
        client.force_login(user, backend="sifa.accounts.backends.RolePermissionBackend")
        pass_two_factor(client, user)
        return client

    return _login
