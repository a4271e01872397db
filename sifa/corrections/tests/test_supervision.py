"""Daily supervision, lost contact, alerts and their pages: own / parent / sibling, minors."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sifa.audit.models import AccessLog
from sifa.core.testing import assert_invalid
from sifa.corrections.actions.supervision import (
    alert_handle,
    lost_contact_close,
    lost_contact_open,
    lost_days,
    supervision_record,
)
from sifa.corrections.constants import AlertKind, SupervisionKind
from sifa.corrections.models import Alert, LostContact, Supervision
from sifa.corrections.selectors.supervision import alerts, supervision_due
from sifa.corrections.tests.factories import make_active_subject, make_subject, make_worker

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def subject(cast, worker):
    return make_active_subject(worker, cast.township_a1)


@pytest.fixture
def minor(cast, worker):
    return make_active_subject(worker, cast.township_a1, minor=True)


def record(actor, subject, **extra):
    data = dict(
        kind=SupervisionKind.FIELD_VISIT,
        happened_on=timezone.localdate(),
        content="  走访家中，情况正常  ",
    )
    data.update(extra)
    return supervision_record(actor=actor, subject=subject, **data)


# --- supervision records ---------------------------------------------------------------------


def test_supervision_record(cast, subject):
    row = record(cast.township_clerk, subject, anomaly=True)
    assert row.office == subject.office and row.created_by == cast.township_clerk
    assert row.content == "走访家中，情况正常" and row.anomaly is True


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "phone"}, "kind"),
        ({"content": "  "}, "content"),
        ({"happened_on": timezone.localdate() + datetime.timedelta(days=1)}, "happened_on"),
        ({"happened_on": D(2026, 1, 1)}, "happened_on"),  # before registration
    ],
)
def test_supervision_validation(cast, subject, extra, field):
    with pytest.raises(ValidationError) as error:
        record(cast.township_clerk, subject, **extra)
    assert field in error.value.message_dict
    assert not Supervision.objects.exists()


def test_supervision_only_for_active_subjects(cast, worker):
    waiting = make_subject(worker, cast.township_a1)
    with pytest.raises(ValidationError) as exc:
        record(worker, waiting)
    assert_invalid(exc, "__all__", "矫正对象当前状态为「待报到」，只有已接收或在矫的对象可以登记。")


def test_supervision_access(cast, subject, minor, worker):
    with pytest.raises(Http404):
        record(cast.sibling_clerk, subject)
    with pytest.raises(PermissionDenied):
        record(cast.city_leader, subject)
    assert record(cast.county_supervisor, subject).office == subject.office
    with pytest.raises(Http404):  # no Cap.MINORS
        record(cast.township_clerk, minor)
    assert record(worker, minor).subject == minor


# --- lost contact ------------------------------------------------------------------------------


def test_lost_contact_open_and_close(cast, subject):
    today = timezone.localdate()
    lost_on = today - datetime.timedelta(days=12)
    row = lost_contact_open(
        actor=cast.township_clerk, subject=subject, lost_on=lost_on, search="电话无人接听"
    )
    assert lost_days(row, today) == 12
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.LOST_CONTACT and alert.office == subject.office
    with pytest.raises(ValidationError) as exc:  # one open record at a time
        lost_contact_open(actor=cast.township_clerk, subject=subject, lost_on=today)
    assert_invalid(exc, "__all__", "该矫正对象已有未找回的失去联系记录，请先登记找回。")
    with pytest.raises(ValidationError) as error:
        lost_contact_close(
            actor=cast.township_clerk, lost_contact=row, found_on=lost_on - datetime.timedelta(1)
        )
    assert "found_on" in error.value.message_dict
    found = today - datetime.timedelta(days=2)
    lost_contact_close(actor=cast.township_clerk, lost_contact=row, found_on=found)
    row.refresh_from_db()
    assert row.found_on == found and row.search == "电话无人接听"
    assert lost_days(row, today) == 10
    alert.refresh_from_db()
    assert alert.handled_on == found and "找回" in alert.handling
    with pytest.raises(ValidationError) as exc:
        lost_contact_close(actor=cast.township_clerk, lost_contact=row, found_on=today)
    assert_invalid(exc, "__all__", "该记录已于")


def test_lost_days():
    row = LostContact(lost_on=D(2026, 3, 1))
    assert lost_days(row, D(2026, 3, 1)) == 0
    assert lost_days(row, D(2026, 4, 1)) == 31
    row.found_on = D(2026, 3, 11)
    assert lost_days(row, D(2026, 5, 1)) == 10


def test_lost_contact_validation_and_access(cast, subject, minor):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        lost_contact_open(actor=cast.township_clerk, subject=subject, lost_on=tomorrow)
    assert_invalid(exc, "lost_on", "失联日期不能晚于今天。")
    today = timezone.localdate()
    with pytest.raises(Http404):
        lost_contact_open(actor=cast.sibling_clerk, subject=subject, lost_on=today)
    with pytest.raises(Http404):
        lost_contact_open(actor=cast.township_clerk, subject=minor, lost_on=today)
    assert not LostContact.objects.exists() and not Alert.objects.exists()


# --- alerts and to-dos --------------------------------------------------------------------------


def _alert(subject, days_ago=0, kind=AlertKind.LEFT_COUNTY):
    return Alert.objects.create(
        office=subject.office,
        subject=subject,
        kind=kind,
        raised_at=timezone.now() - datetime.timedelta(days=days_ago),
        detail="定位在执行地以外",
    )


def test_alert_handle(cast, subject):
    alert = _alert(subject, days_ago=1)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        alert_handle(actor=cast.township_clerk, alert=alert, handled_on=today, handling=" ")
    assert "handling" in error.value.message_dict
    with pytest.raises(ValidationError) as exc:
        alert_handle(
            actor=cast.township_clerk,
            alert=alert,
            handled_on=today - datetime.timedelta(days=5),
            handling="已核实",
        )
    assert_invalid(exc, "handled_on", "处置日期不能早于预警日期。")
    with pytest.raises(Http404):
        alert_handle(actor=cast.sibling_clerk, alert=alert, handled_on=today, handling="x")
    alert_handle(
        actor=cast.township_clerk, alert=alert, handled_on=today, handling="电话核实，已返回"
    )
    alert.refresh_from_db()
    assert alert.handled_on == today
    with pytest.raises(ValidationError) as exc:
        alert_handle(actor=cast.township_clerk, alert=alert, handled_on=today, handling="again")
    assert_invalid(exc, "__all__", "该预警已于")


def test_alerts_open_first_and_minors_hidden(cast, subject, minor, worker):
    handled = _alert(subject, days_ago=0)
    handled.handled_on = timezone.localdate()
    handled.save()
    old_open = _alert(subject, days_ago=3)
    minor_alert = _alert(minor)
    assert list(alerts(actor=cast.township_clerk)) == [old_open, handled]
    assert minor_alert in alerts(actor=worker)
    assert list(alerts(actor=cast.sibling_clerk)) == []
    assert list(alerts(actor=worker, kind=AlertKind.LOST_CONTACT)) == []
    assert list(alerts(actor=worker, office=cast.township_a2)) == []


def test_supervision_due(cast, subject, minor):
    _alert(subject, days_ago=2)
    lost_contact_open(
        actor=cast.county_supervisor,
        subject=subject,
        lost_on=timezone.localdate() - datetime.timedelta(days=4),
    )
    _alert(minor)
    todos = supervision_due(actor=cast.township_clerk)
    assert len(todos) == 2  # the minor's alert is not listed
    titles = " ".join(t.title for t in todos)
    assert "失去联系已4天" in titles and subject.number in titles
    assert any(t.overdue for t in todos)
    assert supervision_due(actor=cast.sibling_clerk) == []


# --- pages ------------------------------------------------------------------------------------


def test_supervision_add_page(login, cast, subject):
    url = reverse("corrections:supervision_add", args=[subject.pk])
    client = login(cast.township_clerk)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": SupervisionKind.REPORT,
            "happened_on": timezone.localdate(),
            "content": "书面报告",
        },
    )
    assert response.status_code == 302
    assert Supervision.objects.get().kind == SupervisionKind.REPORT
    response = client.post(url, {"kind": SupervisionKind.REPORT, "happened_on": "", "content": ""})
    assert response.status_code == 200 and Supervision.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("township_clerk", 200),
        ("county_supervisor", 200),
        ("sibling_clerk", 404),
        ("city_leader", 403),
    ],
)
def test_supervision_add_trio(login, cast, subject, who, status):
    url = reverse("corrections:supervision_add", args=[subject.pk])
    assert login(getattr(cast, who)).get(url).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("township_clerk", 200), ("county_supervisor", 200), ("sibling_clerk", 404)],
)
def test_subject_supervision_sheet(login, cast, subject, who, status):
    url = reverse("corrections:subject_supervision", args=[subject.pk])
    assert login(getattr(cast, who)).get(url).status_code == status
    assert AccessLog.objects.filter(object_id=str(subject.pk)).exists() is (status == 200)


def test_minor_pages_need_the_capability(login, cast, minor, worker):
    alert = _alert(minor)
    for name, pk in [
        ("corrections:supervision_add", minor.pk),
        ("corrections:subject_supervision", minor.pk),
        ("corrections:lost_contact_open", minor.pk),
        ("corrections:alert_handle", alert.pk),
    ]:
        url = reverse(name, args=[pk])
        assert login(cast.township_clerk).get(url).status_code == 404, name
        assert login(worker).get(url).status_code == 200, name
    page = login(cast.township_clerk).get(reverse("corrections:alert_list"))
    assert minor.number not in page.content.decode()
    page = login(worker).get(reverse("corrections:alert_list"))
    assert minor.number in page.content.decode()


@pytest.mark.parametrize(
    ("who", "sees"),
    [("township_clerk", True), ("county_supervisor", True), ("sibling_clerk", False)],
)
def test_alert_list_trio(login, cast, subject, who, sees):
    _alert(subject)
    response = login(getattr(cast, who)).get(reverse("corrections:alert_list"))
    assert response.status_code == 200
    assert (subject.number in response.content.decode()) is sees


def test_alert_list_filters_and_handle_page(login, cast, subject):
    alert = _alert(subject)
    client = login(cast.township_clerk)
    url = reverse("corrections:alert_list")
    assert subject.number in client.get(url, {"kind": AlertKind.LEFT_COUNTY}).content.decode()
    assert subject.number not in client.get(url, {"kind": AlertKind.LOST_CONTACT}).content.decode()
    assert subject.number in client.get(url, {"office": cast.township_a1.pk}).content.decode()
    handle = reverse("corrections:alert_handle", args=[alert.pk])
    assert login(cast.sibling_clerk).get(handle).status_code == 404
    assert login(cast.city_leader).get(handle).status_code == 403
    client = login(cast.township_clerk)
    response = client.post(handle, {"handled_on": timezone.localdate(), "handling": "已核实"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.handling == "已核实"


def test_lost_contact_pages(login, cast, subject):
    client = login(cast.township_clerk)
    url = reverse("corrections:lost_contact_open", args=[subject.pk])
    lost_on = timezone.localdate() - datetime.timedelta(days=3)
    assert client.post(url, {"lost_on": lost_on, "search": "走访未见"}).status_code == 302
    row = LostContact.objects.get()
    listing = client.get(reverse("corrections:lost_contact_list"))
    assert subject.number in listing.content.decode()
    assert (
        login(cast.sibling_clerk).get(reverse("corrections:lost_contact_list")).status_code == 200
    )
    close = reverse("corrections:lost_contact_close", args=[row.pk])
    assert login(cast.sibling_clerk).get(close).status_code == 404
    client = login(cast.township_clerk)
    assert client.post(close, {"found_on": timezone.localdate()}).status_code == 302
    row.refresh_from_db()
    assert row.found_on == timezone.localdate()
