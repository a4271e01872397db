"""Schemathesis against the live OpenAPI schema of /api/v1/ (issue 7: part of `make test`).

The schema is fetched from the running Django application (not from a file), so every
operation any line adds is fuzzed without touching this module. Each operation gets at least
100 generated requests with valid data and 100 with invalid data, sent in-process through the
WSGI application by an agency client holding every purpose over the whole city. Each answer
must be:

* no server error (5xx),
* a status code the schema documents for the operation,
* a documented content type, with a body matching the documented response schema.

Generation is derandomised (the same cases every run) and keeps no example database. Like every
test not marked for both engines, `make test` runs them once, on PostgreSQL, where an input can
fail in ways SQLite never shows (an integer beyond the column's range, a NUL byte in text); on
SQLite only when no PostgreSQL is reachable (scripts/test-sqlite).

A negative suite (`test_another_offices_identifiers_get_nothing_on_any_operation`, issue 14
item 9) feeds a second client, bound to another county, the first county's identifiers on every
operation and wants 0 hits (see the section below).
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
from schemathesis.core import NOT_SET

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


@contextmanager
def expected_client_errors_not_logged():
    """Thousands of expected 4xx answers would each log a warning; server errors still log.
    The level is put back: a later test in this process reads django.request's warnings."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@pytest.fixture
def api_schema(db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    with connection_kept_open(), expected_client_errors_not_logged():
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


# --- the negative suite: another office's identifiers (issue 14, item 9) ----------------------
#
# County A's agency registers records through the API (a commission, a judgment notice, a
# defence notification, a release notice, check-ins); a second agency, bound to county B and
# holding every purpose, is then fed county A's identifiers — ID numbers, record numbers, ids,
# office codes — on every operation: in the path, in the query and in the body, in hand-written
# valid requests and in generated ones. A hit is a 2xx answer to a request naming county A's
# record, or any answer carrying something of county A's records (a person's name, an office's
# name), or a county A record written to. The suite wants 0 hits.

NEGATIVE_CASES_PER_OPERATION = 25
A_NAME = "甲县机密人"  # the persons county A registers: A_NAME + n


def _json(response) -> dict:
    return response.json() if response.content else {}


@pytest.fixture
def county_a_world(cast):
    """County A's records, registered as its agencies would, and their identifiers."""
    import datetime

    from django.test import Client
    from django.utils import timezone

    from sifa.corrections.models import Geofence
    from sifa.corrections.tests.factories import make_active_subject, make_person, make_worker
    from sifa.legalaid.tests.factories import make_centre
    from sifa.resettlement.tests.factories import resident_id

    cache.clear()
    _client, token = actions.client_create(
        actor=cast.sysadmin,
        office=cast.county_a,
        name="甲县政法机关",
        agency_kind="court",
        purposes=sorted(purpose_codes()),
        rate_per_minute=10_000,
    )
    http = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def post(path, body):
        response = http.post(path, body, content_type="application/json", **auth)
        assert response.status_code == 201, response.content.decode()
        return response.json()

    centre = make_centre(cast.county_a)
    numbers = [resident_id() for _ in range(4)]
    effective = timezone.localdate() - datetime.timedelta(days=3)
    commission = post(
        "/api/v1/investigations/",
        {
            "office_code": cast.county_a.code,
            "commission_number": "（2026）甲法委机密1号",
            "commissioning_body": "court",
            "commissioning_name": "甲县人民法院",
            "stage": "pre_trial",
            "person": {"id_number": numbers[0], "name": f"{A_NAME}1"},
            "crime": "盗窃罪",
            "proposed_sentence": "有期徒刑一年，缓刑二年",
        },
    )
    judgment = post(
        "/api/v1/judgment-notices/",
        {
            "office_code": cast.township_a1.code,
            "person": {"id_number": numbers[1], "name": f"{A_NAME}2"},
            "sentence_type": "probation",
            "crime": "危险驾驶罪",
            "original_sentence": "拘役三个月，缓刑六个月",
            "sentence_months": 6,
            "decision_organ": "court",
            "decision_organ_name": "甲县人民法院",
            "judgment_number": "（2026）甲刑初机密2号",
            "judgment_effective_on": effective.isoformat(),
        },
    )
    defence = post(
        "/api/v1/defence-notifications/",
        {
            "office_code": centre.code,
            "notice_number": "甲公（刑）通援字〔2026〕机密3号",
            "notified_on": "2026-03-02",
            "criminal_stage": "investigation",
            "notification_ground": "经济困难",
            "facts": "涉嫌盗窃罪。",
            "name": f"{A_NAME}3",
            "id_number": numbers[2],
        },
    )
    release = post(
        "/api/v1/release-notices/",
        {
            "office_code": cast.township_a1.code,
            "name": f"{A_NAME}4",
            "id_number": numbers[3],
            "released_on": "2026-03-20",
            "prison": "浙江省第一监狱",
            "crime": "盗窃罪",
        },
    )
    Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    person = make_person(cast.township_a1, name=f"{A_NAME}5")
    active = make_active_subject(make_worker(cast.county_a), cast.township_a1, person=person)
    at = (timezone.now() - datetime.timedelta(minutes=2)).isoformat()
    post(
        "/api/v1/check-ins/",
        {
            "subject": active.number,
            "at": at,
            "latitude": 30.28,
            "longitude": 120.16,
            "accuracy_m": 9,
        },
    )
    return {
        "id_numbers": numbers,
        "record_numbers": [
            str(commission["number"]),
            judgment["number"],
            active.number,
            defence["number"],
            str(release["id"]),
        ],
        "subject_numbers": [judgment["number"], active.number],
        "documents": {
            "commission_number": "（2026）甲法委机密1号",
            "judgment_number": "（2026）甲刑初机密2号",
            "notice_number": "甲公（刑）通援字〔2026〕机密3号",
        },
        "offices": [cast.county_a, cast.township_a1, cast.township_a2, centre],
        "investigation": int(commission["number"]),
        # County A's names, and the words that would tell a number is registered elsewhere.
        "markers": [
            A_NAME,
            cast.township_a1.name,
            cast.county_a.name,
            centre.name,
            "其他机构",
            "登记的姓名",
        ],
    }


def _county_a_state(cast):
    """Every row of county A's records (the values, in order), to see that nothing changed."""
    from sifa.orgs import access

    return {
        model.__name__: list(access.within(model.objects, cast.county_a).order_by("pk").values())
        for model in _record_models()
    }


def _record_models():
    from sifa.corrections.models import CheckIn, Investigation, Subject
    from sifa.legalaid.models import Application
    from sifa.people.models import Person
    from sifa.resettlement.models import ReleasedPerson

    return (Person, Investigation, Subject, Application, ReleasedPerson, CheckIn)


def _b_records_on_a_persons(cast) -> list[str]:
    """County B's records that point at a person county A registered."""
    from sifa.orgs import access
    from sifa.people.models import Person

    a_persons = access.within(Person.objects, cast.county_a)
    found = []
    for model in _record_models():
        for field in ("person", "applicant"):
            if any(f.name == field for f in model._meta.get_fields()):
                rows = access.within(model.objects, cast.county_b)
                if rows.filter(**{f"{field}__in": a_persons}).exists():
                    found.append(f"{model.__name__}.{field}")
    return found


def _b_bodies(world, cast, b_centre) -> dict[str, list]:
    """Valid requests of county B's agency naming county A's people and records."""
    import datetime

    from django.utils import timezone

    effective = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    at = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    bodies: dict[str, list] = {}
    b_offices = {
        "investigations": [cast.county_b.code],
        "judgment": [cast.township_b1.code],
        "defence": [b_centre.code],
        "release": [cast.township_b1.code],
    }
    a_codes = [office.code for office in world["offices"]]
    for n, number in enumerate(world["id_numbers"]):
        for code in b_offices["investigations"] + a_codes:
            bodies.setdefault("POST /api/v1/investigations/", []).append(
                {
                    "office_code": code,
                    "commission_number": world["documents"]["commission_number"],
                    "commissioning_body": "court",
                    "commissioning_name": "甲县人民法院",
                    "stage": "pre_trial",
                    "person": {"id_number": number, "name": f"乙方{n}"},
                    "crime": "盗窃罪",
                    "proposed_sentence": "有期徒刑一年",
                }
            )
        for code in b_offices["judgment"] + a_codes:
            bodies.setdefault("POST /api/v1/judgment-notices/", []).append(
                {
                    "office_code": code,
                    "person": {"id_number": number, "name": f"乙方{n}"},
                    "sentence_type": "probation",
                    "crime": "危险驾驶罪",
                    "original_sentence": "拘役三个月，缓刑六个月",
                    "sentence_months": 6,
                    "decision_organ": "court",
                    "decision_organ_name": "甲县人民法院",
                    "judgment_number": world["documents"]["judgment_number"],
                    "judgment_effective_on": effective,
                }
                # county A's assessment named too, on the first number only (a wrong link is
                # refused before the person is looked up)
                | ({"investigation": world["investigation"]} if n == 0 else {})
            )
        for code in b_offices["defence"] + a_codes:
            bodies.setdefault("POST /api/v1/defence-notifications/", []).append(
                {
                    "office_code": code,
                    "notice_number": world["documents"]["notice_number"],
                    "notifying_organ_name": "甲县公安局",
                    "notified_on": "2026-03-02",
                    "criminal_stage": "investigation",
                    "notification_ground": "经济困难",
                    "facts": "涉嫌盗窃罪。",
                    "name": f"乙方{n}",
                    "id_number": number,
                }
            )
        for code in b_offices["release"] + a_codes:
            bodies.setdefault("POST /api/v1/release-notices/", []).append(
                {
                    "office_code": code,
                    "name": f"乙方{n}",
                    "id_number": number,
                    "released_on": "2026-03-20",
                    "prison": "浙江省第一监狱",
                    "crime": "盗窃罪",
                }
            )
    bodies["POST /api/v1/check-ins/"] = [
        {"subject": number, "at": at, "latitude": 30.28, "longitude": 120.16, "accuracy_m": 9}
        for number in world["record_numbers"]
    ] + [
        [
            {"subject": number, "at": at, "latitude": 30.28, "longitude": 120.16}
            for number in world["subject_numbers"]
        ]
    ]
    bodies["POST /api/v1/investigations/{number}/adoption/"] = [
        {"adopted": True, "recorded_on": timezone.localdate().isoformat()}
    ]
    return bodies


def _overwrite_identifiers(body, world, cast):
    """A generated body with county A's identifiers wherever it names a person or a record."""
    if isinstance(body, list):
        for item in body:
            _overwrite_identifiers(item, world, cast)
        return
    if not isinstance(body, dict):
        return
    for key, value in list(body.items()):
        if key == "id_number":
            body[key] = world["id_numbers"][0]
        elif key == "subject":
            body[key] = world["subject_numbers"][-1]
        elif key == "investigation":
            body[key] = world["investigation"]
        elif key == "office_code":
            body[key] = cast.township_a1.code
        elif key in world["documents"]:
            body[key] = world["documents"][key]
        elif isinstance(value, dict | list):
            _overwrite_identifiers(value, world, cast)


def _fuzz_with(operation, strategy, overwrite, judge) -> None:
    @settings(FUZZ_SETTINGS, max_examples=NEGATIVE_CASES_PER_OPERATION)
    @given(case=strategy)
    def run(case):
        if case.body is not NOT_SET:
            overwrite(case.body)
        judge(operation, case, case.call())

    run()


def _leaks(response, world) -> list[str]:
    text = response.content.decode(errors="replace")
    return [marker for marker in world["markers"] if marker in text]


@pytest.mark.slow
def test_another_offices_identifiers_get_nothing_on_any_operation(cast, county_a_world, api_schema):
    """0 hits: county B's agency, fed county A's identifiers on every operation.

    `county_a_world` comes before `api_schema`: its requests go through Django's test client,
    which connects `close_old_connections` again after each request; `api_schema` must be the
    last to set the signals (on PostgreSQL a closed connection would end the test's)."""
    from sifa.legalaid.tests.factories import make_centre

    world = county_a_world
    b_centre = make_centre(cast.county_b)
    _client, token = actions.client_create(
        actor=cast.sysadmin,
        office=cast.county_b,
        name="乙县政法机关",
        agency_kind="court",
        purposes=sorted(purpose_codes()),
        rate_per_minute=10_000,
    )
    headers = {"Authorization": f"Bearer {token}"}
    before = _county_a_state(cast)
    bodies = _b_bodies(world, cast, b_centre)
    path_values = {"number": world["record_numbers"], "id": world["record_numbers"]}
    hits: list[str] = []
    sent = 0

    def judge(operation, case, response):
        nonlocal sent
        sent += 1
        label = f"{operation.label} {case.path_parameters or ''} {case.query or ''}"
        if response.status_code >= 500:
            hits.append(f"{label}: server error {response.status_code}")
        if case.path_parameters and 200 <= response.status_code < 300:
            hits.append(f"{label}: {response.status_code} for county A's identifier")
        if case.query and case.query.get("office") and 200 <= response.status_code < 300:
            hits.append(f"{label}: {response.status_code} for county A's office")
        leaked = _leaks(response, world)
        if leaked:
            hits.append(f"{label}: answer names {leaked}")

    for operation in operations(api_schema):
        if operation.label in ("GET /api/v1/client/",):
            continue  # names the caller only
        params = [p.name for p in operation.path_parameters]
        path_sets = (
            [{name: value for name in params} for value in path_values[params[0]]]
            if params
            else [None]
        )
        queries = [None]
        if "office" in [p.name for p in operation.query]:
            queries = [{"month": "2026-03", "office": o.code} for o in world["offices"]]
        for path_parameters in path_sets:
            for query in queries:
                for body in bodies.get(operation.label, [NOT_SET]):
                    case = operation.Case(
                        path_parameters=path_parameters, query=query, body=body, headers=headers
                    )
                    judge(operation, case, case.call())
                # generated requests, county A's identifiers written over theirs
                strategy = operation.as_strategy(
                    GenerationMode.POSITIVE, headers=headers, path_parameters=path_parameters
                )

                _fuzz_with(
                    operation,
                    strategy,
                    lambda body: _overwrite_identifiers(body, world, cast),
                    judge,
                )

    assert sent > 0
    assert not hits, f"{len(hits)} hits of {sent} requests:\n" + "\n".join(hits[:50])
    assert _county_a_state(cast) == before, "a county A record was written"
    assert _b_records_on_a_persons(cast) == []
