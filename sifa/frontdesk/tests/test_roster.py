"""The centre's duty roster is legal aid's DutyShift: duty kinds (律师, 公证员, 调解员, 法援), who
may sit which, the front desks only for notaries and mediators, sign-in and sign-out."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sifa.frontdesk.actions import roster as actions
from sifa.frontdesk.selectors import roster as selectors
from sifa.legalaid.constants import DutyKind, DutyPeriod, HandlerKind, ProviderKind
from sifa.legalaid.tests.factories import make_handler, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def notary(desk):
    office = make_provider(desk.legal_aid, name="甲县公证处", kind=ProviderKind.NOTARY_OFFICE)
    return make_handler(desk.legal_aid, provider=office, kind=HandlerKind.NOTARY, name="公证员甲")[
        1
    ]


@pytest.fixture
def lawyer(desk):
    return make_handler(desk.legal_aid, name="律师乙")[1]


def _add(desk, handler, kind, office=None, on=None):
    return actions.shift_add(
        actor=desk.clerk,
        office=office or desk.centre,
        on_date=on or timezone.localdate(),
        period=DutyPeriod.FULL_DAY,
        kind=kind,
        handler=handler,
    )


def test_a_notary_sits_notary_duty_at_the_centre_only(desk, notary):
    shift = _add(desk, notary, DutyKind.NOTARY)
    assert shift.kind == DutyKind.NOTARY and shift.office == desk.centre
    with pytest.raises(ValidationError, match="只能安排在公共法律服务中心或工作站"):
        _add(
            desk,
            notary,
            DutyKind.NOTARY,
            office=desk.legal_aid,
            on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_a_handler_sits_only_the_duty_of_its_kind(desk, notary, lawyer):
    with pytest.raises(ValidationError, match="不能担任"):
        _add(desk, notary, DutyKind.LAWYER)
    with pytest.raises(ValidationError, match="不能担任"):
        _add(desk, lawyer, DutyKind.MEDIATOR)
    assert _add(desk, lawyer, DutyKind.LEGAL_AID).kind == DutyKind.LEGAL_AID


def test_sign_in_on_the_day_then_sign_out(desk, lawyer):
    today = _add(desk, lawyer, DutyKind.LAWYER)
    with pytest.raises(ValidationError, match="尚未签到"):
        actions.shift_sign_out(actor=desk.clerk, shift=today)
    signed = actions.shift_sign_in(actor=desk.clerk, shift=today)
    assert signed.signed_in_at is not None
    with pytest.raises(ValidationError, match="已签到"):
        actions.shift_sign_in(actor=desk.clerk, shift=today)
    out = actions.shift_sign_out(actor=desk.clerk, shift=today)
    assert out.signed_out_at >= out.signed_in_at
    tomorrow = _add(
        desk, lawyer, DutyKind.LAWYER, on=timezone.localdate() + datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="值班当日"):
        actions.shift_sign_in(actor=desk.clerk, shift=tomorrow)


def test_the_roster_lists_front_desk_shifts_only(desk, lawyer, login):
    at_desk = _add(desk, lawyer, DutyKind.LAWYER)
    at_centre = _add(
        desk,
        lawyer,
        DutyKind.LEGAL_AID,
        office=desk.legal_aid,
        on=timezone.localdate() + datetime.timedelta(days=1),
    )
    rows = list(selectors.roster_week(actor=desk.clerk, week_of=timezone.localdate()))
    assert at_desk in rows
    assert at_centre not in rows
    client = login(desk.clerk)
    page = client.get(reverse("frontdesk:roster")).content.decode()
    assert "律师值班" in page and "律师乙" in page
    response = client.post(reverse("frontdesk:shift_sign_in", args=[at_desk.pk]))
    assert response.status_code == 302
    at_desk.refresh_from_db()
    assert at_desk.signed_in_at is not None
    assert client.post(reverse("frontdesk:shift_sign_in", args=[at_centre.pk])).status_code == 404


def test_a_notary_is_never_assigned_a_legal_aid_case(desk, notary):
    from sifa.legalaid.actions.assignments import _handler_problem as problem
    from sifa.legalaid.tests.factories import make_application

    application = make_application(desk.clerk, desk.legal_aid)
    assert "不承办法律援助案件" in problem(application, None, notary, None, False)
