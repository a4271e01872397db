"""The location check-in endpoint: token, validation, batch, outside / leave, one alert a day."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sifa.corrections.constants import AlertKind, ApprovalLevel, LeaveStatus, Status
from sifa.corrections.models import Alert, CheckIn, FrequentCrossing, Geofence, Leave
from sifa.corrections.tests.factories import make_active_subject, make_subject, make_worker

pytestmark = pytest.mark.django_db

TOKEN = "test-checkin-token-123"
URL = "/corrections/api/check-ins/"
INSIDE = (30.2800, 120.1600)
OUTSIDE = (31.2304, 121.4737)  # 上海, ~164 km away


@pytest.fixture(autouse=True)
def token(settings):
    settings.SIFA_CHECKIN_TOKEN = TOKEN


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def subject(cast, worker):
    Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    return make_active_subject(worker, cast.township_a1)


def payload(subj, where=INSIDE, when=None, **extra):
    at = when or timezone.now() - datetime.timedelta(minutes=1)
    body = {
        "subject": subj.number,
        "at": at.isoformat(),
        "latitude": where[0],
        "longitude": where[1],
        "accuracy_m": 12,
    }
    body.update(extra)
    return body


def post(client, body, token=TOKEN, raw=None):
    headers = {"HTTP_X_SIFA_TOKEN": token} if token is not None else {}
    data = raw if raw is not None else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers)


def test_url_name():
    assert reverse("corrections:api_check_in") == URL


def test_inside_check_in_is_stored(client, subject):
    response = post(client, payload(subject))
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["outside"] is False and answer["alert"] is False
    row = CheckIn.objects.get(pk=answer["id"])
    assert row.subject == subject and row.office == subject.office
    assert row.accuracy_m == 12 and not row.on_leave
    assert not Alert.objects.exists()


def test_outside_raises_one_alert_a_day(client, subject):
    first = post(client, payload(subject, OUTSIDE)).json()
    assert first["outside"] is True and first["alert"] is True
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.LEFT_COUNTY
    assert alert.office == subject.office and alert.check_in_id == first["id"]
    assert "执行地以外" in alert.detail
    again = post(client, payload(subject, OUTSIDE)).json()
    assert again["outside"] is True and again["alert"] is False
    assert Alert.objects.count() == 1
    # Even once handled, the same day does not alert again; the next day does.
    Alert.objects.update(handled_on=timezone.localdate(), handling="已核实")
    assert post(client, payload(subject, OUTSIDE)).json()["alert"] is False
    yesterday = timezone.now() - datetime.timedelta(days=1)
    assert post(client, payload(subject, OUTSIDE, when=yesterday)).json()["alert"] is True
    assert Alert.objects.count() == 2


def _leave(subject, status=LeaveStatus.APPROVED, **dates):
    today = timezone.localdate()
    return Leave.objects.create(
        office=subject.office,
        subject=subject,
        applied_on=today - datetime.timedelta(days=5),
        start_on=dates.get("start_on", today - datetime.timedelta(days=1)),
        end_on=dates.get("end_on", today + datetime.timedelta(days=1)),
        destination="上海市",
        reason="探亲",
        approval_level=ApprovalLevel.JUDICIAL_OFFICE,
        status=status,
        returned_on=dates.get("returned_on"),
    )


def test_no_alert_during_an_approved_leave(client, subject):
    _leave(subject)
    answer = post(client, payload(subject, OUTSIDE)).json()
    assert answer == {"id": answer["id"], "outside": True, "alert": False}
    assert CheckIn.objects.get().on_leave is True
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (LeaveStatus.APPLIED, 0),  # not approved yet
        (LeaveStatus.REFUSED, 0),
        (LeaveStatus.APPROVED, 5),  # approved, but for later days
    ],
)
def test_leave_that_does_not_cover_the_day(client, subject, status, offset):
    today = timezone.localdate()
    start = today + datetime.timedelta(days=offset)
    _leave(subject, status=status, start_on=start, end_on=start + datetime.timedelta(days=2))
    answer = post(client, payload(subject, OUTSIDE)).json()
    assert answer["alert"] is True
    assert CheckIn.objects.get().on_leave is False


def test_returned_leave_covers_only_until_the_return(client, subject):
    today = timezone.localdate()
    _leave(
        subject,
        status=LeaveStatus.RETURNED,
        start_on=today - datetime.timedelta(days=3),
        end_on=today + datetime.timedelta(days=3),
        returned_on=today - datetime.timedelta(days=1),
    )
    assert post(client, payload(subject, OUTSIDE)).json()["alert"] is True


def test_frequent_crossing_counts_as_leave(client, subject):
    today = timezone.localdate()
    FrequentCrossing.objects.create(
        office=subject.office,
        subject=subject,
        destination="上海市",
        reason="工作",
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today + datetime.timedelta(days=30),
    )
    assert post(client, payload(subject, OUTSIDE)).json()["alert"] is False
    assert CheckIn.objects.get().on_leave is True


def test_no_fence_means_not_outside(client, cast, worker):
    subject = make_active_subject(make_worker(cast.county_b), cast.township_b1)  # no fence
    answer = post(client, payload(subject, OUTSIDE)).json()
    assert answer["outside"] is False and answer["alert"] is False


# --- authentication ---------------------------------------------------------------------------


def test_token_required(client, subject):
    assert post(client, payload(subject), token=None).status_code == 401
    response = post(client, payload(subject), token="wrong")
    assert response.status_code == 401
    assert response.json()["error"] == "签到令牌无效。"
    assert not CheckIn.objects.exists()


def test_endpoint_off_without_token_setting(client, subject, settings):
    settings.SIFA_CHECKIN_TOKEN = ""
    response = post(client, payload(subject), token="")
    assert response.status_code == 503
    del settings.SIFA_CHECKIN_TOKEN
    assert post(client, payload(subject)).status_code == 503
    assert not CheckIn.objects.exists()


def test_only_post(client, subject):
    assert client.get(URL, HTTP_X_SIFA_TOKEN=TOKEN).status_code == 405


def test_csrf_exempt(subject):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert post(client, payload(subject)).status_code == 201


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"latitude": 90.5}, "纬度"),
        ({"latitude": -91}, "纬度"),
        ({"longitude": 180.01}, "经度"),
        ({"longitude": "abc"}, "经度"),
        ({"longitude": True}, "经度"),
        ({"accuracy_m": -1}, "精度"),
        ({"at": "2026-03-01T08:30:00"}, "时区"),
        ({"at": "yesterday"}, "ISO 8601"),
        ({"latitude": None}, "latitude"),
        ({"subject": 12}, "矫正编号"),
    ],
)
def test_invalid_fields(client, subject, change, fragment):
    response = post(client, payload(subject, **change))
    assert response.status_code == 400
    assert fragment in response.json()["error"]
    assert not CheckIn.objects.exists()


def test_future_time_refused(client, subject):
    soon = timezone.now() + datetime.timedelta(minutes=4)
    assert post(client, payload(subject, when=soon)).status_code == 201
    later = timezone.now() + datetime.timedelta(minutes=6)
    response = post(client, payload(subject, when=later))
    assert response.status_code == 400 and "5分钟" in response.json()["error"]


def test_invalid_json(client, subject):
    response = post(client, None, raw="{not json")
    assert response.status_code == 400 and "JSON" in response.json()["error"]
    assert post(client, "just a string").status_code == 400


def test_unknown_subject_404(client, subject):
    response = post(client, payload(subject, subject="NO-SUCH-1"))
    assert response.status_code == 404
    assert "NO-SUCH-1" in response.json()["error"]


def test_subject_not_active_409(client, cast, worker, subject):
    waiting = make_subject(worker, cast.township_a1)
    assert waiting.status == Status.AWAITING_REPORT
    response = post(client, payload(waiting))
    assert response.status_code == 409
    assert "矫正" in response.json()["error"]


# --- batch -------------------------------------------------------------------------------------


def test_batch_all_stored(client, cast, worker, subject):
    other = make_active_subject(worker, cast.township_a2)
    base = timezone.now() - datetime.timedelta(hours=1)
    body = [
        payload(subject, INSIDE, when=base),
        payload(subject, OUTSIDE, when=base + datetime.timedelta(minutes=1)),
        payload(subject, OUTSIDE, when=base + datetime.timedelta(minutes=2)),
        payload(other, OUTSIDE, when=base),
    ]
    response = post(client, body)
    assert response.status_code == 201, response.content
    answers = response.json()
    assert [a["outside"] for a in answers] == [False, True, True, True]
    assert [a["alert"] for a in answers] == [False, True, False, True]
    assert len({a["id"] for a in answers}) == 4
    assert CheckIn.objects.count() == 4
    assert Alert.objects.filter(subject=subject).get().check_in_id == answers[1]["id"]


def test_batch_is_all_or_nothing(client, subject):
    body = [payload(subject), payload(subject, latitude=100)]
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["index"] == 1 and response.json()["error"].startswith("第2条")
    body = [payload(subject, OUTSIDE), payload(subject, subject="NO-SUCH-2")]
    assert post(client, body).status_code == 404
    assert not CheckIn.objects.exists() and not Alert.objects.exists()


def test_batch_limits(client, subject):
    assert post(client, []).status_code == 400
    response = post(client, [payload(subject)] * 501)
    assert response.status_code == 400 and "500" in response.json()["error"]
    assert post(client, [payload(subject)] * 500).status_code == 201
    assert CheckIn.objects.count() == 500


def test_queries_do_not_grow_with_the_batch(client, subject):
    # The fences come from the shared cache after a first check-in (checkin_cache): both warm.
    assert post(client, payload(subject)).status_code == 201
    with CaptureQueriesContext(connection) as one:
        assert post(client, payload(subject)).status_code == 201
    with CaptureQueriesContext(connection) as many:
        assert post(client, [payload(subject)] * 200).status_code == 201
    assert len(many) == len(one)
    writes = [q["sql"] for q in one if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 1
