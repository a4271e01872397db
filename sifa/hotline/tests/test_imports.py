"""The 12345 work-order import: all or nothing with row and column errors, the suggestion, and
idempotence with the API (the same order twice through the API and once by import = one)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sifa.api import actions as api_actions
from sifa.api.tests.conftest import AgencyCaller
from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.hotline.constants import Status
from sifa.hotline.imports.orders import ORDERS
from sifa.hotline.models import WorkOrder
from tests import imports

pytestmark = pytest.mark.django_db

HEADER = {f.key: f.header for f in ORDERS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(ORDERS.fields)}


def order_row(bureau, number, **values) -> dict:
    row = {
        "bureau": bureau.code,
        "number": number,
        "channel": "电话",
        "category": "咨询",
        "urgency": "一般",
        "received_at": "2024-03-01 15:40",
        "content": "咨询法律援助。",
        "citizen_name": "王五",
        "citizen_phone": "13900000000",
        "address": "甲县甲二镇人民路1号",
    }
    row.update(values)
    return {HEADER[key]: value for key, value in row.items()}


def run(actor, rows, office=None) -> int:
    """Import `rows` at once; the number of orders created."""
    file = imports.xlsx(ORDERS, rows)
    _batch, _plan, changes = batches.import_now(
        ORDERS, actor=actor, office=office, content=file.read(), name=file.name
    )
    return len(changes)


def test_an_export_is_received_and_a_reimport_skips_known_orders(cast):
    desk = cast.county_supervisor
    rows = [order_row(cast.county_a, f"IMP-{n}") for n in range(3)]
    assert run(desk, rows, cast.county_a) == 3
    orders = WorkOrder.objects.filter(number__startswith="IMP-")
    assert orders.count() == 3
    first = orders.get(number="IMP-0")
    assert first.status == Status.RECEIVED and first.citizen_phone == "13900000000"
    assert "甲二镇司法所" in first.suggestion
    assert run(desk, [*rows, order_row(cast.county_a, "IMP-9")], cast.county_a) == 1
    assert WorkOrder.objects.filter(number__startswith="IMP-").count() == 4


def test_a_bad_row_refuses_the_file_naming_row_and_column(cast):
    rows = [
        order_row(cast.county_a, "BAD-1"),
        order_row(cast.county_a, "BAD-2", category="不存在的类别"),
        order_row(cast.county_a, "BAD-3", citizen_phone="12"),
        order_row(cast.township_a1, "BAD-4"),
    ]
    with pytest.raises(ValidationError) as refused:
        run(cast.county_supervisor, rows, cast.county_a)
    messages = "\n".join(refused.value.messages)
    assert f"第3行 {LETTER['category']}列" in messages
    assert f"第4行 {LETTER['citizen_phone']}列" in messages
    assert f"第5行 {LETTER['bureau']}列" in messages
    assert not WorkOrder.objects.filter(number__startswith="BAD-").exists()


def test_the_same_order_twice_through_the_api_and_once_by_import_is_one_order(cast):
    _client, token = api_actions.client_create(
        actor=cast.sysadmin,
        office=cast.county_a,
        purposes=["push_orders"],
        name="12345平台",
        agency_kind="other",
    )
    platform = AgencyCaller(token)
    body = {
        "bureau_code": cast.county_a.code,
        "number": "SAME-1",
        "category": "help",
        "received_at": "2024-03-01T15:40:00+08:00",
        "content": "求助。",
    }
    url = reverse("api:hotline_orders")
    assert platform.post(url, body).status_code == 201
    assert platform.post(url, body).status_code == 200
    assert run(cast.county_supervisor, [order_row(cast.county_a, "SAME-1")], cast.county_a) == 0
    assert WorkOrder.objects.filter(number="SAME-1").count() == 1
