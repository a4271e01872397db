"""manage.py purge_audit: removes only rows older than the date, never inside the retention.

Old rows are made by creating them while the clock is frozen in the past (helpers.clock_at):
the append-only models refuse the UPDATE that would move `at` back, and patching the clock
exercises no bypass of that guard.
"""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from sifa.audit.models import AccessLog, AuditPurge, AuthEvent
from sifa.audit.tests.helpers import clock_at, make_person
from sifa.core.models import CalendarDay

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10)))


def oldest_allowed():
    return timezone.localdate() - timedelta(days=settings.SIFA_AUDIT_RETENTION_DAYS)


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_audit", *args, stdout=out)
    return out.getvalue()


def log_rows(user):
    access = AccessLog.objects.create(
        user=user, model="people.Person", object_id="1", field="phone"
    )
    event = AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username=user.username, user=user)
    return access, event


@pytest.fixture
def trail(cast):
    """Rows well past the retention and rows inside it, in every kind of audit table."""
    retention = settings.SIFA_AUDIT_RETENTION_DAYS
    with clock_at(days_ago(retention + 30)):
        old_access, old_event = log_rows(cast.township_clerk)
        day = CalendarDay.objects.create(date="2024-10-08", kind=CalendarDay.Kind.HOLIDAY)
    with clock_at(days_ago(retention - 30)):
        young_access, young_event = log_rows(cast.township_clerk)
        day.name = "国庆节"
        day.save()
    return {
        "old": [old_access, old_event, day.history.get(history_type="+")],
        "young": [young_access, young_event, day.history.get(history_type="~")],
        "day": day,
    }


def exists(row) -> bool:
    return type(row)._default_manager.filter(pk=row.pk).exists()


def test_the_retention_is_at_least_184_days():
    assert settings.SIFA_AUDIT_RETENTION_DAYS >= 184


def test_it_deletes_only_rows_older_than_the_date(trail):
    output = purge("--before", oldest_allowed().isoformat())

    assert not any(exists(row) for row in trail["old"])
    assert all(exists(row) for row in trail["young"])
    assert CalendarDay.objects.filter(pk=trail["day"].pk).exists()  # the record itself stays
    assert "audit_accesslog（敏感信息查看记录）：1" in output
    assert "audit_authevent（登录日志）：1" in output
    assert "core_historicalcalendarday（节假日调整修改记录）：1" in output


def test_it_refuses_a_date_inside_the_retention_and_deletes_nothing(trail):
    too_young = oldest_allowed() + timedelta(days=1)

    with pytest.raises(CommandError, match="审计记录至少保存"):
        purge("--before", too_young.isoformat())

    assert all(exists(row) for row in trail["old"] + trail["young"])


def test_a_dry_run_counts_and_deletes_nothing(trail):
    output = purge("--before", oldest_allowed().isoformat(), "--dry-run")

    assert "audit_accesslog（敏感信息查看记录）：1" in output
    assert "试运行" in output
    assert all(exists(row) for row in trail["old"] + trail["young"])


def test_the_history_of_a_person_is_purged_like_any_other(cast):
    with clock_at(days_ago(settings.SIFA_AUDIT_RETENTION_DAYS + 1)):
        person = make_person(cast.township_a1, cast.township_clerk)

    output = purge("--before", oldest_allowed().isoformat())

    assert not person.history.exists()
    assert "people_historicalperson（人员修改记录）：1" in output


def test_a_malformed_date_is_explained(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        purge("--before", "2024/01/01")


def test_a_purge_that_removes_rows_is_recorded_in_the_trail(trail):
    purge("--before", oldest_allowed().isoformat())

    record = AuditPurge.objects.get()
    assert record.before == oldest_allowed()
    assert record.retention_days == settings.SIFA_AUDIT_RETENTION_DAYS
    assert record.counts["audit_accesslog"] == record.counts["audit_authevent"] == 1
    assert record.counts["core_historicalcalendarday"] == 1


def test_a_dry_run_or_a_refused_date_records_no_purge(trail):
    purge("--before", oldest_allowed().isoformat(), "--dry-run")
    with pytest.raises(CommandError):
        purge("--before", (oldest_allowed() + timedelta(days=1)).isoformat())

    assert not AuditPurge.objects.exists()


def test_the_api_request_log_is_purged_like_the_other_logs(cast):
    from sifa.api.models import ApiRequestLog

    with clock_at(days_ago(settings.SIFA_AUDIT_RETENTION_DAYS + 1)):
        old = ApiRequestLog.objects.create(method="GET", path="/api/v1/", status=200)
    young = ApiRequestLog.objects.create(method="GET", path="/api/v1/", status=200)

    output = purge("--before", oldest_allowed().isoformat())

    assert not exists(old) and exists(young)
    assert "api_apirequestlog（接口调用日志）：1" in output
