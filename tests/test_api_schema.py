"""Schemathesis against the live OpenAPI schema of /api/v1/ (issue 7: part of `make test`).

The schema is fetched from the running Django application (not from a file), so every
operation any line adds is fuzzed without touching this module. Each operation gets at least
100 generated requests with valid data and 100 with invalid data, sent in-process through the
WSGI application by an agency client holding every purpose over the whole city. Each answer
must be:

* no server error (5xx),
* a status code the schema documents for the operation,
* a documented content type, with a body matching the documented response schema.

Generation is derandomised (the same cases every run) and keeps no example database.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from sifa.api import actions
from sifa.api.models import ApiRequestLog
from sifa.api.purposes import purpose_codes

SCHEMA_PATH = "/api/v1/schema/?format=json"
CASES_PER_OPERATION = 100

# The operations the exchanges of issue 7 must offer ("METHOD /path" as in the schema). Kept
# in one place: add a line here when an exchange is added; the fuzzing itself covers whatever
# the schema has, listed here or not.
EXPECTED_OPERATIONS = {
    "GET /api/v1/client/",
    # 委托调查评估: commission, list, fetch the result, report the adoption
    "POST /api/v1/investigations/",
    "GET /api/v1/investigations/",
    "GET /api/v1/investigations/{number}/",
    "POST /api/v1/investigations/{number}/adoption/",
    # 判决、裁定、决定 → 社区矫正交付
    "POST /api/v1/judgment-notices/",
    "GET /api/v1/judgment-notices/{number}/",
    # 通知辩护/代理 and who was assigned
    "POST /api/v1/defence-notifications/",
    "GET /api/v1/defence-notifications/",
    "GET /api/v1/defence-notifications/{number}/",
    # 刑满释放通知 → 安置帮教
    "POST /api/v1/release-notices/",
    "GET /api/v1/release-notices/{id}/",
    # 定位签到 (batched)
    "POST /api/v1/check-ins/",
    # 上级平台: indicator values and submitted reports
    "GET /api/v1/statistics/indicators/",
    "GET /api/v1/statistics/reports/",
    "GET /api/v1/statistics/reports/{id}/",
}

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

FUZZ_SETTINGS = settings(
    max_examples=CASES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the report names the case anyway
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


@contextmanager
def connection_kept_open():
    """Requests go through Django's real WSGI handler, in this thread and inside the test's
    transaction; the handler's end-of-request `close_old_connections` would close it (Django's
    own test client disconnects it the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    with connection_kept_open():
        yield schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())


@pytest.fixture
def every_purpose_token(cast):
    """A client with every purpose over the whole city, limited high enough never to be
    throttled during the run (a 429 would hide the answers being checked)."""
    cache.clear()
    _client, token = actions.client_create(
        actor=cast.sysadmin,
        office=cast.city,
        name="接口契约测试",
        agency_kind="platform",
        purposes=sorted(purpose_codes()),
        rate_per_minute=10_000,
    )
    yield token
    cache.clear()


def operations(schema) -> list:
    """Every operation of the schema; a schema error fails the run with its message."""
    found = []
    for result in schema.get_all_operations():
        found.append(result.ok())  # raises the InvalidSchema error of a broken operation
    return found


def fuzz(operation, mode: GenerationMode, token: str) -> None:
    strategy = operation.as_strategy(mode, headers={"Authorization": f"Bearer {token}"})

    @FUZZ_SETTINGS
    @given(case=strategy)
    def run(case):
        response = case.call()
        case.validate_response(response, checks=CHECKS)

    run()


def test_the_schema_offers_the_expected_operations(api_schema):
    labels = {operation.label for operation in operations(api_schema)}
    missing = EXPECTED_OPERATIONS - labels
    assert not missing, f"operations missing from /api/v1/schema/: {sorted(missing)}"


@pytest.mark.slow
def test_every_operation_answers_as_its_schema_says(api_schema, every_purpose_token):
    # Thousands of expected 4xx answers would each log a warning; server errors still log.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    failures = []
    for operation in operations(api_schema):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, every_purpose_token)
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
                assert mode == GenerationMode.NEGATIVE, operation.label
            except (Exception, BaseExceptionGroup) as error:  # report every operation's failure
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)
    # The requests really reached the endpoints as the client (not refused before them).
    answered = ApiRequestLog.objects.filter(client__name="接口契约测试", status__lt=400)
    assert answered.exists()
