"""The read replica (issue 16 item 7, docs/caching.md): with a "replica" database alias, the reads
of report, dashboard, export and API-statistics pages go to it; writes, write requests, reads
inside a transaction and every other page use the primary.

The replica here is a second connection to the test database (Django's TEST MIRROR of default):
what each alias served is counted on the connection itself. The tests commit their rows (a
mirror is another connection: it sees committed rows only) and the serialized rollback brings the
seeded rows back.
"""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from django.urls import reverse

from sifa.api import actions as api_actions
from sifa.core import replica
from sifa.mediation.models import MediationCase
from sifa.orgs.models import Office
from sifa.reports.tests.test_dashboard import build_records

REPLICA = replica.REPLICA
transactional = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", REPLICA]
)


class Counted:
    """The SQL each alias ran while the block was open."""

    def __init__(self):
        self.sql: dict[str, list[str]] = {"default": [], REPLICA: []}
        self._stack = []

    def __enter__(self):
        for alias, seen in self.sql.items():

            def wrapper(execute, sql, params, many, context, seen=seen):
                seen.append(sql)
                return execute(sql, params, many, context)

            manager = connections[alias].execute_wrapper(wrapper)
            manager.__enter__()
            self._stack.append(manager)
        return self

    def __exit__(self, *exc):
        while self._stack:
            self._stack.pop().__exit__(*exc)

    def on(self, alias: str, table: str = "") -> int:
        return sum(1 for sql in self.sql[alias] if table in sql)


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """The "replica" alias as settings make it from DATABASE_REPLICA_URL: a TEST MIRROR of default
    (made once the test database exists, so it names that database; before each test's database
    setup, which checks the aliases a test names). Gone after this module."""
    primary = connections["default"].settings_dict
    connections.settings[REPLICA] = {
        **primary,
        "TEST": {**primary["TEST"], "MIRROR": "default"},
    }
    yield REPLICA
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@transactional
def test_the_dashboard_reads_the_replica_and_writes_nothing_there(cast, login, replica_alias):
    build_records(cast)
    client = login(cast.city_leader)
    with Counted() as counted:
        response = client.get(reverse("reports:dashboard"), {"month": "2026-03"})

    assert response.status_code == 200
    assert "mediation_mediationcase" in " ".join(counted.sql[REPLICA])  # the figures
    assert counted.on("default", "mediation_mediationcase") == 0
    assert not any(sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
                   for sql in counted.sql[REPLICA])  # fmt: skip


@transactional
def test_a_report_form_and_its_workbook_read_the_replica(cast, login, replica_alias):
    build_records(cast)
    client = login(cast.city_leader)
    url = reverse("reports:form", args=["mediation.monthly"])
    with Counted() as counted:
        page = client.get(url, {"month": "2026-03"})
        workbook = client.get(url, {"month": "2026-03", "format": "xlsx"})

    assert page.status_code == 200 and workbook.status_code == 200
    assert counted.on(REPLICA, "mediation_mediationcase") > 0
    assert counted.on("default", "mediation_mediationcase") == 0


@transactional
def test_a_line_export_reads_the_replica_and_its_list_page_the_primary(cast, login, replica_alias):
    build_records(cast)
    client = login(cast.city_leader)
    with Counted() as listing:
        assert client.get(reverse("mediation:case_list")).status_code == 200
    with Counted() as export:
        assert client.get(reverse("mediation:case_export")).status_code == 200

    assert listing.on(REPLICA) == 0 and listing.on("default", "mediation_mediationcase") > 0
    assert export.on(REPLICA, "mediation_mediationcase") > 0
    assert export.on("default", "mediation_mediationcase") == 0


@transactional
def test_a_write_request_reads_and_writes_the_primary_only(cast, login, replica_alias):
    """The same export URL posted: a write request never reads the replica."""
    build_records(cast)
    client = login(cast.city_leader)
    with Counted() as counted:
        client.post(reverse("mediation:case_export"))
        client.post(reverse("reports:dashboard"), {"month": "2026-03"})

    assert counted.on(REPLICA) == 0
    assert counted.on("default") > 0


@transactional
def test_api_statistics_read_the_replica_and_log_on_the_primary(cast, replica_alias):
    from sifa.api.tests.conftest import AgencyCaller

    build_records(cast)
    _client, token = api_actions.client_create(
        actor=cast.sysadmin,
        office=cast.city,
        purposes=["read_statistics"],
        name="上级平台",
        agency_kind="court",
    )
    with Counted() as counted:
        response = AgencyCaller(token).get("/api/v1/statistics/indicators/", {"month": "2026-03"})

    assert response.status_code == 200, response.content
    assert counted.on(REPLICA, "mediation_mediationcase") > 0
    assert counted.on(REPLICA, "INSERT") == 0
    assert counted.on("default", "api_apirequestlog") == 1  # the request log: written, primary


@transactional
def test_reads_inside_a_transaction_stay_on_the_primary(cast, replica_alias):
    with Counted() as counted, replica.reads():
        Office.objects.count()
        with transaction.atomic():
            MediationCase.objects.count()

    assert counted.on(REPLICA, "orgs_office") == 1
    assert counted.on(REPLICA, "mediation_mediationcase") == 0
    assert counted.on("default", "mediation_mediationcase") == 1
