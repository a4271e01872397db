"""The line's figures and rates: each counts the orders received in the period, both parts of
every rate from the same orders, and a township's rates move with its own orders only."""

from datetime import date

import pytest

from sifa.hotline import indicators
from sifa.hotline.actions import orders as actions
from sifa.hotline.constants import Callback
from sifa.hotline.tests.factories import at, receive, signed
from sifa.stats import registry

pytestmark = pytest.mark.django_db

MARCH = (date(2024, 3, 1), date(2024, 3, 31))


def value(key, office, start=MARCH[0], end=MARCH[1]):
    return registry.value(registry.get(f"hotline.{key}"), registry.Scope(office, start, end))


def ratio(name, office):
    return registry.ratio_value(name, registry.Scope(office, *MARCH))


def test_the_rates_of_a_month_and_their_parts(cast):
    desk, clerk = cast.county_supervisor, cast.township_clerk
    good = signed(cast, received_at=at("2024-03-04 09:00"))
    actions.order_reply(actor=clerk, order=good, text="答复。", at=at("2024-03-04 15:00"))
    actions.order_callback(
        actor=desk, order=good, result=Callback.SATISFIED, at=at("2024-03-05 09:00")
    )

    reopened = signed(cast, received_at=at("2024-03-04 09:00"))
    actions.order_reply(actor=clerk, order=reopened, text="答复。", at=at("2024-03-12 09:00"))
    actions.order_callback(
        actor=desk, order=reopened, result=Callback.DISSATISFIED, at=at("2024-03-13 09:00")
    )

    returned = signed(cast, received_at=at("2024-03-05 09:00"))
    request = actions.return_request(
        actor=clerk,
        order=returned,
        reason="非本局职责。",
        legal_basis="依据。",
        at=at("2024-03-05 10:00"),
    )
    actions.return_decide(actor=desk, request=request, approve=True, at=at("2024-03-05 11:00"))

    receive(cast, received_at=at("2024-03-06 09:00"))  # not yet signed
    receive(cast, received_at=at("2024-04-01 09:00"))  # another month

    office = cast.county_a
    assert value("received", office) == 4
    assert value("signed", office) == 3
    assert value("to_reply", office) == 3
    assert value("replied", office) == 2
    assert value("replied_in_time", office) == 1
    assert value("called_back", office) == 2
    assert value("satisfied", office) == 1
    assert value("reopened", office) == 1
    assert value("returned", office) == 1
    sign = ratio(indicators.SIGN_IN_TIME_RATE, office)
    assert (sign.numerator, sign.denominator, sign.value) == (3, 4, 75)
    assert str(ratio(indicators.REPLY_IN_TIME_RATE, office).value) == "33.33"
    assert ratio(indicators.SATISFACTION_RATE, office).value == 50
    assert ratio(indicators.REOPEN_RATE, office).value == 50
    assert ratio(indicators.RETURN_RATE, office).value == 25
    # The township's figures are its own orders (all of these were assigned to it but two).
    assert value("received", cast.township_a1) == 3
    assert value("received", cast.township_a2) == 0
    assert ratio(indicators.SIGN_RATE, cast.township_a2).value is None
