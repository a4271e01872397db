"""The fences check-ins are compared with, kept in the shared cache (checkin_cache): read once,
and changed at once — a new, moved or removed fence decides the next check-in."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sifa.corrections.models import CheckIn, Geofence
from sifa.corrections.tests.factories import make_active_subject, make_worker

pytestmark = pytest.mark.django_db

TOKEN = "test-checkin-token-123"
URL = "/corrections/api/check-ins/"
NEAR = (30.2800, 120.1600)  # ~1 km from the first centre
FAR = (31.2304, 121.4737)  # 上海, ~164 km away


@pytest.fixture(autouse=True)
def token(settings):
    settings.SIFA_CHECKIN_TOKEN = TOKEN


@pytest.fixture
def subject(cast):
    return make_active_subject(make_worker(cast.county_a), cast.township_a1)


def outside(client, subject, where) -> bool:
    body = {
        "subject": subject.number,
        "at": (timezone.now() - datetime.timedelta(minutes=1)).isoformat(),
        "latitude": where[0],
        "longitude": where[1],
        "accuracy_m": 12,
    }
    response = client.post(
        URL, data=json.dumps(body), content_type="application/json", HTTP_X_SIFA_TOKEN=TOKEN
    )
    assert response.status_code == 201, response.content
    return response.json()["outside"]


def test_the_fence_is_read_once(client, subject, cast):
    Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    assert outside(client, subject, FAR) is True
    with CaptureQueriesContext(connection) as queries:
        assert outside(client, subject, FAR) is True
    assert "corrections_geofence" not in " ".join(q["sql"] for q in queries.captured_queries)


def test_a_new_fence_decides_the_next_check_in(client, subject, cast):
    assert outside(client, subject, FAR) is False  # no fence: never outside (cached as such)
    Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    assert outside(client, subject, FAR) is True


def test_a_moved_or_removed_fence_decides_the_next_check_in(client, subject, cast):
    fence = Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    assert outside(client, subject, FAR) is True
    assert outside(client, subject, NEAR) is False
    fence.latitude, fence.longitude = FAR
    fence.save()
    assert outside(client, subject, FAR) is False
    assert outside(client, subject, NEAR) is True
    fence.delete()
    assert outside(client, subject, NEAR) is False
    assert CheckIn.objects.filter(outside=True).count() == 2
