"""PostgreSQL itself keeps the audit tables append-only (sifa/audit/protection.py).

The Python guard (AppendOnlyQuerySet) is passed here on purpose — a plain queryset, the base
manager, raw SQL — and the database's trigger must still refuse: no UPDATE at all, no DELETE
of a row younger than 180 days. purge_audit still removes rows past the retention.
"""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from sifa.api.models import ApiRequestLog
from sifa.audit import protection
from sifa.audit.models import AccessLog, AppendOnlyModel, AuditPurge, AuthEvent
from sifa.audit.tests.helpers import clock_at

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the append-only trigger exists on PostgreSQL only; SQLite has the Python guard",
    ),
]

REFUSED = "audit rows are append-only"


def days_ago(days: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10)))


def make_row(model, user):
    if model is AccessLog:
        return AccessLog.objects.create(
            user=user, model="people.Person", object_id="1", field="id_number"
        )
    if model is AuthEvent:
        return AuthEvent.objects.create(
            kind=AuthEvent.Kind.LOGIN, username=user.username, user=user
        )
    if model is ApiRequestLog:
        return ApiRequestLog.objects.create(method="GET", path="/api/v1/persons/", status=200)
    return AuditPurge.objects.create(before="2020-01-01", retention_days=184, counts={})


LOGS = [AccessLog, AuthEvent, ApiRequestLog, AuditPurge]


@pytest.fixture(params=LOGS, ids=lambda model: model.__name__)
def row(request, cast):
    return make_row(request.param, cast.township_clerk)


def refused(action):
    """Run `action` in a savepoint and return the database's error message."""
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        action()
    return str(error.value)


def table(row) -> str:
    return connection.ops.quote_name(type(row)._meta.db_table)


def test_every_append_only_model_has_the_trigger():
    tables = {
        model._meta.db_table for model in apps.get_models() if issubclass(model, AppendOnlyModel)
    }

    assert tables >= {model._meta.db_table for model in LOGS}
    assert tables <= protection.protected_tables(connection)


def test_an_update_through_the_base_manager_is_refused(row):
    model = type(row)
    assert REFUSED in refused(
        lambda: model._base_manager.filter(pk=row.pk).update(at=days_ago(400))
    )

    assert model._base_manager.get(pk=row.pk).at == row.at


def test_an_update_through_a_plain_queryset_is_refused(row):
    model = type(row)
    plain = models.QuerySet(model=model)

    assert REFUSED in refused(lambda: plain.filter(pk=row.pk).update(at=days_ago(400)))


def test_saving_with_the_python_guard_bypassed_is_refused(row):
    row.at = days_ago(400)

    assert REFUSED in refused(lambda: models.Model.save(row))


def test_a_delete_through_the_orm_is_refused(row):
    model = type(row)
    assert REFUSED in refused(lambda: model._base_manager.filter(pk=row.pk).delete())
    assert REFUSED in refused(
        lambda: models.QuerySet(model=model).filter(pk=row.pk)._raw_delete(connection.alias)
    )

    assert model._base_manager.filter(pk=row.pk).exists()


def test_raw_sql_update_and_delete_are_refused(row):
    def raw(sql):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, [row.pk])

        return run

    assert REFUSED in refused(
        raw(f"UPDATE {table(row)} SET at = at - interval '1 year' WHERE id = %s")  # noqa: S608
    )
    assert REFUSED in refused(raw(f"DELETE FROM {table(row)} WHERE id = %s"))  # noqa: S608

    assert type(row)._base_manager.filter(pk=row.pk).exists()


def test_raw_sql_may_delete_only_rows_past_the_legal_floor(cast):
    with clock_at(days_ago(protection.LEGAL_FLOOR_DAYS + 1)):
        old = make_row(AuthEvent, cast.township_clerk)
    with clock_at(days_ago(protection.LEGAL_FLOOR_DAYS - 1)):
        young = make_row(AuthEvent, cast.township_clerk)

    def delete_all():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_authevent WHERE id IN (%s, %s)", [old.pk, young.pk])

    assert REFUSED in refused(delete_all)  # one young row refuses the whole statement
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_authevent WHERE id = %s", [old.pk])
        assert cursor.rowcount == 1
    assert AuthEvent.objects.filter(pk=young.pk).exists()


def test_purge_still_removes_old_rows_and_records_that_it_did(cast):
    retention = settings.SIFA_AUDIT_RETENTION_DAYS
    with clock_at(days_ago(retention + 30)):
        old = [
            make_row(model, cast.township_clerk) for model in (AccessLog, AuthEvent, ApiRequestLog)
        ]
    young = [
        make_row(model, cast.township_clerk) for model in (AccessLog, AuthEvent, ApiRequestLog)
    ]
    before = timezone.localdate() - timedelta(days=retention)

    call_command("purge_audit", "--before", before.isoformat(), stdout=StringIO())

    assert not any(type(r)._base_manager.filter(pk=r.pk).exists() for r in old)
    assert all(type(r)._base_manager.filter(pk=r.pk).exists() for r in young)
    purge = AuditPurge.objects.get()
    assert purge.before == before
    assert purge.counts["audit_accesslog"] == purge.counts["api_apirequestlog"] == 1
