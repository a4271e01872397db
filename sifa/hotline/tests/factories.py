"""Builders for hotline tests, on the standard `cast` (tests/factories.py): the county A
bureau (甲县司法局) receives orders; `county_supervisor` is its desk, `township_clerk` works at
甲一镇司法所 (A1), `sibling_clerk` at 甲二镇司法所 (A2)."""

from __future__ import annotations

import itertools
from datetime import datetime

from django.utils import timezone

from sifa.hotline.actions.orders import order_assign, order_receive, order_sign

_serial = itertools.count(1)


def at(text: str) -> datetime:
    """An aware moment in the project time zone from 'YYYY-MM-DD HH:MM'."""
    return timezone.make_aware(datetime.fromisoformat(text))


def receive(cast, **overrides):
    values = dict(
        bureau=cast.county_a,
        number=f"12345-T-{next(_serial):06d}",
        category="consult",
        received_at=at("2024-03-01 15:40"),
        content="咨询离婚财产分割的法律规定。",
        citizen_name="张三",
        citizen_phone="13812345678",
        address="甲县甲一镇甲一村5号",
    )
    values.update(overrides)
    order, _created = order_receive(actor=cast.county_supervisor, **values)
    return order


def assigned(cast, office=None, **overrides):
    order = receive(cast, **overrides)
    return order_assign(
        actor=cast.county_supervisor,
        order=order,
        office=office or cast.township_a1,
        at=order.received_at,
    )


def signed(cast, **overrides):
    order = assigned(cast, **overrides)
    return order_sign(actor=cast.township_clerk, order=order, at=order.received_at)
