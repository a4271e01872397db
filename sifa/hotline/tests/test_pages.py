"""The work-order pages: list (scoped), export, intake by hand, detail, and record actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sifa.hotline.actions import orders as actions
from sifa.hotline.constants import Status
from sifa.hotline.models import WorkOrder
from sifa.hotline.selectors.orders import consultation_offices
from sifa.hotline.tests.factories import assigned, receive
from sifa.hotline.views.orders import ACTIONS
from sifa.legalaid.models import Consultation

pytestmark = pytest.mark.django_db


def test_the_township_lists_its_orders_only_and_the_phone_is_masked(cast, login):
    mine = assigned(cast, office=cast.township_a1, citizen_phone="13812345678")
    theirs = assigned(cast, office=cast.township_a2)
    http = login(cast.township_clerk)
    page = http.get(reverse("hotline:order_list")).content.decode()
    assert mine.number in page and theirs.number not in page
    detail = http.get(reverse("hotline:order_detail", args=[mine.pk])).content.decode()
    assert "138****5678" in detail and "13812345678" not in detail
    assert http.get(reverse("hotline:order_detail", args=[theirs.pk])).status_code == 404
    assert http.get(reverse("hotline:order_export")).status_code == 200
    assert http.get(reverse("hotline:order_register")).status_code == 403


def test_the_desk_receives_by_hand_once_and_sees_the_suggestion(cast, login):
    http = login(cast.county_supervisor)
    data = {
        "bureau": cast.county_a.pk,
        "number": "12345-WEB-1",
        "channel": "phone",
        "category": "help",
        "urgency": "normal",
        "received_at": "2024-03-01T15:40",
        "content": "邻里纠纷求助。",
        "citizen_phone": "13812345678",
        "address": "甲县甲一村3组",
    }
    response = http.post(reverse("hotline:order_register"), data)
    order = WorkOrder.objects.get(number="12345-WEB-1")
    assert response.status_code == 302
    http.post(reverse("hotline:order_register"), data)
    assert WorkOrder.objects.filter(number="12345-WEB-1").count() == 1
    detail = http.get(reverse("hotline:order_detail", args=[order.pk])).content.decode()
    assert "建议分派：甲一镇司法所" in detail


def test_assign_sign_and_reply_through_the_pages(cast, login):
    order = receive(cast)
    desk = login(cast.county_supervisor)
    url = reverse("hotline:order_assign", args=[order.pk])
    assert desk.get(url).status_code == 200
    desk.post(url, {"office": cast.township_a1.pk, "note": ""})
    order.refresh_from_db()
    assert order.status == Status.ASSIGNED and order.office == cast.township_a1

    clerk = login(cast.township_clerk)
    # The desk's buttons are not the township's.
    detail = clerk.get(reverse("hotline:order_detail", args=[order.pk])).content.decode()
    assert reverse("hotline:order_assign", args=[order.pk]) not in detail
    clerk.post(reverse("hotline:order_sign", args=[order.pk]), {"confirm": "on"})
    clerk.post(reverse("hotline:order_reply", args=[order.pk]), {"text": "已答复。"})
    order.refresh_from_db()
    assert order.status == Status.REPLIED
    response = clerk.post(
        reverse("hotline:order_callback", args=[order.pk]), {"result": "satisfied"}
    )
    assert response.status_code == 302  # the desk's action: refused with a warning, not run
    order.refresh_from_db()
    assert order.status == Status.REPLIED
    desk = login(cast.county_supervisor)  # one client: log the desk in again
    desk.post(reverse("hotline:order_callback", args=[order.pk]), {"result": "satisfied"})
    order.refresh_from_db()
    assert order.status == Status.CLOSED


def test_every_action_page_the_desk_is_offered_renders(cast, login):
    """Through an order's life, each action the desk's page offers opens its form page."""
    order = receive(cast, received_at=timezone.now() - timedelta(minutes=5))
    desk, clerk = cast.county_supervisor, cast.township_clerk
    steps = (
        lambda: None,
        lambda: actions.order_assign(actor=desk, order=order, office=cast.township_a1),
        lambda: actions.order_sign(actor=clerk, order=order),
        lambda: actions.extension_request(actor=clerk, order=order, workdays=2, reason="理由。"),
        lambda: actions.order_extension_decide(actor=desk, order=order, approve=True),
        lambda: actions.return_request(
            actor=clerk, order=order, reason="理由。", legal_basis="依据。"
        ),
    )
    http = login(desk)
    offered = []
    for step in steps:
        step()
        order.refresh_from_db()
        assert http.get(reverse("hotline:order_detail", args=[order.pk])).status_code == 200
        for spec in ACTIONS:
            if spec.available(order, desk):
                page = http.get(reverse(spec.url_name, args=[order.pk]))
                assert page.status_code == 200, spec.key
                offered.append(spec.key)
    assert set(offered) == {a.key for a in ACTIONS} - {"callback"}


def test_an_order_becomes_a_legalaid_consultation_linked_on_both_pages(cast, login):
    order = receive(cast, content="工资被拖欠三个月，想咨询如何维权。", citizen_name="王五")
    user = cast.county_supervisor
    office = consultation_offices(actor=user).first()
    assert office is not None
    http = login(user)
    url = reverse("hotline:order_to_consultation", args=[order.pk])
    assert http.get(url).status_code == 200
    response = http.post(url, {"office": office.pk, "category": "labour", "answer": ""})
    assert response.status_code == 302
    order.refresh_from_db()
    consultation = Consultation.objects.get(pk=order.consultation_pk)
    assert consultation.question == order.content
    assert consultation.caller_name == "王五"
    assert consultation.consulted_at == order.received_at
    order_page = http.get(order.get_absolute_url()).content.decode()
    assert "关联记录" in order_page and consultation.get_absolute_url() in order_page
    consultation_page = http.get(consultation.get_absolute_url()).content.decode()
    assert "关联记录" in consultation_page and order.get_absolute_url() in consultation_page
    # Once only: the button is gone and a second post changes nothing.
    assert url not in order_page
    http.post(url, {"office": office.pk, "category": "labour", "answer": ""})
    assert Consultation.objects.filter(question=order.content).count() == 1
