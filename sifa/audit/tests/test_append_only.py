"""Nobody changes or deletes the audit trail: not the models, not the admin, not the pages."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from simple_history import admin as simple_history_admin

from sifa.audit import history
from sifa.audit.models import AccessLog, AppendOnlyError, AuthEvent
from sifa.audit.tests.helpers import make_person, save_as
from sifa.core.models import CalendarDay
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def access_log(cast):
    return AccessLog.objects.create(
        user=cast.county_supervisor,
        model="people.Person",
        object_id="1",
        object_repr="张三",
        field="id_number",
        ip_address="10.0.0.8",
    )


@pytest.fixture
def auth_event(cast):
    return AuthEvent.objects.create(
        kind=AuthEvent.Kind.LOGIN, username="township_clerk", user=cast.township_clerk
    )


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture(params=["access_log", "auth_event"])
def audit_row(request):
    return request.getfixturevalue(request.param)


def test_a_row_cannot_be_saved_again(audit_row):
    audit_row.ip_address = "192.168.1.1"

    with pytest.raises(AppendOnlyError):
        audit_row.save()

    audit_row.refresh_from_db()
    assert audit_row.ip_address != "192.168.1.1"


def test_a_row_cannot_be_deleted(audit_row):
    with pytest.raises(AppendOnlyError):
        audit_row.delete()

    assert type(audit_row).objects.filter(pk=audit_row.pk).exists()


def test_a_queryset_cannot_update_rows(audit_row):
    with pytest.raises(AppendOnlyError):
        type(audit_row).objects.filter(pk=audit_row.pk).update(ip_address="192.168.1.1")

    audit_row.refresh_from_db()
    assert audit_row.ip_address != "192.168.1.1"


def test_a_queryset_cannot_delete_rows(audit_row):
    with pytest.raises(AppendOnlyError):
        type(audit_row).objects.all().delete()

    assert type(audit_row).objects.filter(pk=audit_row.pk).exists()


# --- the admin ----------------------------------------------------------------------------


def admin_request(user, method="get"):
    request = getattr(RequestFactory(), method)("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize("model", [AccessLog, AuthEvent])
def test_the_admin_refuses_add_change_delete_even_to_a_superuser(model, superuser, cast):
    model_admin = admin.site._registry[model]

    for user in (superuser, cast.auditor, cast.sysadmin):
        request = admin_request(user)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


@pytest.mark.parametrize("model", [AccessLog, AuthEvent])
def test_only_the_auditor_may_view_the_logs_in_the_admin(model, superuser, cast):
    model_admin = admin.site._registry[model]

    assert model_admin.has_view_permission(admin_request(cast.auditor))
    assert not model_admin.has_view_permission(admin_request(cast.sysadmin))
    assert not model_admin.has_view_permission(admin_request(superuser))


def test_the_admin_delete_view_refuses_a_superuser(superuser, access_log):
    request = admin_request(superuser, "post")
    request.POST = {"post": "yes"}
    request._dont_enforce_csrf_checks = True  # as the test client does

    with pytest.raises(PermissionDenied):
        admin.site._registry[AccessLog].delete_view(request, str(access_log.pk))

    assert AccessLog.objects.filter(pk=access_log.pk).exists()


@pytest.mark.parametrize("fixture", ["access_log", "auth_event"])
def test_posting_to_the_admin_delete_url_deletes_nothing(request, fixture, superuser, client):
    row = request.getfixturevalue(fixture)
    client.force_login(superuser, backend="sifa.accounts.backends.RolePermissionBackend")
    url = reverse(f"admin:audit_{type(row)._meta.model_name}_delete", args=[row.pk])

    client.post(url, {"post": "yes"})

    assert type(row).objects.filter(pk=row.pk).exists()


def test_posting_to_the_admin_change_url_changes_nothing(access_log, superuser, client):
    client.force_login(superuser, backend="sifa.accounts.backends.RolePermissionBackend")
    url = reverse("admin:audit_accesslog_change", args=[access_log.pk])

    client.post(url, {"purpose": "篡改", "field": "phone"})

    access_log.refresh_from_db()
    assert (access_log.purpose, access_log.field) == ("", "id_number")


def test_no_historical_model_is_registered_in_the_admin():
    historical = set(history.history_models())

    assert historical
    assert not historical & set(admin.site._registry)
    assert not any(hasattr(model, "instance_type") for model in admin.site._registry)


@pytest.mark.parametrize("name", ["audit:auth_events", "audit:access_logs", "audit:changes"])
def test_the_audit_pages_refuse_writes_and_history_stays_as_it_was(name, cast, login):
    person = make_person(cast.township_a1, cast.township_clerk)
    before = list(person.history.values_list("history_id", "history_date", "name"))

    response = login(cast.auditor).post(reverse(name), {"name": "篡改"})

    assert response.status_code == 405
    assert list(person.history.values_list("history_id", "history_date", "name")) == before


def test_the_history_admin_cannot_edit_a_historical_row():
    # SIMPLE_HISTORY_EDIT is the only switch that lets simple-history's admin form write into
    # a historical row; it must stay off.
    assert not getattr(settings, "SIMPLE_HISTORY_EDIT", False)
    assert not simple_history_admin.SIMPLE_HISTORY_EDIT


def test_posting_to_a_history_form_leaves_the_recorded_rows_as_they_were(cast, superuser, client):
    day = save_as(CalendarDay(date="2026-10-08", kind=CalendarDay.Kind.HOLIDAY), cast.sysadmin)
    day.name = "国庆节"
    save_as(day, cast.sysadmin)
    before = list(day.history.order_by("history_id").values_list("history_id", "name", "kind"))
    first = before[0][0]
    client.force_login(superuser, backend="sifa.accounts.backends.RolePermissionBackend")

    client.post(
        reverse("admin:core_calendarday_simple_history", args=[day.pk, first]),
        {"date": "2026-10-09", "kind": "workday", "name": "篡改", "_change_history": "1"},
    )

    recorded = day.history.filter(history_id__in=[row[0] for row in before])
    assert list(recorded.order_by("history_id").values_list("history_id", "name", "kind")) == before
