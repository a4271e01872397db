"""The 12345 platform's push through /api/v1/hotline-orders/: one order, a batch, idempotence by
the platform's number, all-or-nothing batches, scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sifa.api import actions as api_actions
from sifa.api.tests.conftest import AgencyCaller
from sifa.hotline.constants import Status
from sifa.hotline.models import WorkOrder

pytestmark = pytest.mark.django_db

URL = reverse("api:hotline_orders")


@pytest.fixture
def platform(cast):
    """The city's 12345 platform, scoped to county A, pushing orders only."""
    _client, token = api_actions.client_create(
        actor=cast.sysadmin,
        office=cast.county_a,
        purposes=["push_orders"],
        name="青川市12345政务服务便民热线平台",
        agency_kind="other",
    )
    return AgencyCaller(token)


def order(cast, number="12345-API-1", **overrides):
    body = {
        "bureau_code": cast.county_a.code,
        "number": number,
        "channel": "phone",
        "category": "consult",
        "urgency": "normal",
        "received_at": "2024-03-01T15:40:00+08:00",
        "title": "咨询法律援助",
        "content": "咨询如何申请法律援助。",
        "citizen_name": "李四",
        "citizen_phone": "13912345678",
        "address": "甲县甲二镇人民路1号",
    }
    body.update(overrides)
    return body


def test_one_order_is_registered_once(cast, platform):
    first = platform.post(URL, order(cast))
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["created"] is True and body["status"] == Status.RECEIVED
    again = platform.post(URL, order(cast, category="complaint"))
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["id"] == body["id"]
    saved = WorkOrder.objects.get(number="12345-API-1")
    assert saved.category == "consult" and saved.office == cast.county_a
    assert "甲二镇司法所" in saved.suggestion


def test_a_batch_is_stored_whole_and_a_repeat_creates_nothing(cast, platform):
    batch = [order(cast, number=f"12345-B-{n}") for n in range(5)]
    response = platform.post(URL, batch)
    assert response.status_code == 201
    assert [item["created"] for item in response.json()] == [True] * 5
    repeat = platform.post(URL, [*batch, order(cast, number="12345-B-9")])
    assert repeat.status_code == 201
    assert [item["created"] for item in repeat.json()] == [False] * 5 + [True]
    assert WorkOrder.objects.filter(number__startswith="12345-B-").count() == 6


def test_a_bad_order_refuses_the_whole_batch_naming_it(cast, platform):
    batch = [order(cast, number="12345-C-1"), order(cast, number="12345-C-2", category="nonsense")]
    response = platform.post(URL, batch)
    assert response.status_code == 400
    assert "1.category" in response.json()["errors"]
    assert not WorkOrder.objects.filter(number__startswith="12345-C-").exists()


def test_a_bureau_outside_the_clients_scope_is_not_found(cast, platform):
    response = platform.post(URL, [order(cast), order(cast, "X-2", bureau_code=cast.county_b.code)])
    assert response.status_code == 404
    assert "1.bureau_code" in response.json()["errors"]
    assert not WorkOrder.objects.exists()


def test_a_client_without_the_purpose_is_refused(cast):
    _client, token = api_actions.client_create(
        actor=cast.sysadmin,
        office=cast.county_a,
        purposes=["read_statistics"],
        name="其他",
        agency_kind="other",
    )
    assert AgencyCaller(token).post(URL, order(cast)).status_code == 403
