"""Work orders: intake (idempotent), routing suggestion, time limits at hour resolution,
signing, reply, extension and return approvals, callback and reopening, and scoping."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

from sifa.hotline.actions import orders as actions
from sifa.hotline.constants import Callback, Decision, Status
from sifa.hotline.models import OrderEvent, WorkOrder
from sifa.hotline.selectors import orders as selectors
from sifa.hotline.selectors.routing import suggest_office
from sifa.hotline.tests.factories import assigned, at, receive, signed

pytestmark = pytest.mark.django_db


# --- intake -----------------------------------------------------------------------------------


def test_an_order_is_received_at_the_bureau_with_its_deadlines_in_working_hours(cast):
    # Friday 15:40: 2 working hours to sign (Fri 15:40–17:30 and Mon 08:30–08:40), a
    # consultation's 3 working days to reply (the same office time on Wednesday).
    order = receive(cast, received_at=at("2024-03-01 15:40"), category="consult")
    assert order.status == Status.RECEIVED
    assert order.office == cast.county_a and order.bureau == cast.county_a
    assert order.sign_due == at("2024-03-04 08:40")
    assert order.reply_due == at("2024-03-06 15:40")
    assert [e.to_status for e in order.events.all()] == [Status.RECEIVED]


def test_a_complaint_gets_fifteen_working_days_and_an_urgent_order_one(cast):
    # Over National Day 2024 (10-01…10-07 off, Saturday 10-12 worked).
    complaint = receive(cast, received_at=at("2024-09-30 10:00"), category="complaint")
    assert complaint.reply_due == at("2024-10-25 10:00")
    urgent = receive(cast, received_at=at("2024-09-30 16:30"), urgency="urgent")
    assert urgent.sign_due == at("2024-09-30 17:30")  # 1 working hour, ending at the closing
    assert urgent.reply_due == at("2024-10-08 16:30")  # 1 working day


def test_the_platforms_own_deadlines_win(cast):
    order = receive(
        cast,
        platform_sign_due=at("2024-03-01 17:00"),
        platform_reply_due=at("2024-03-05 12:00"),
    )
    assert order.sign_due == at("2024-03-01 17:00")
    assert order.reply_due == at("2024-03-05 12:00")


def test_the_phone_is_stored_encrypted_and_normalised(cast):
    order = receive(cast, citizen_phone="138-1234-5678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT citizen_phone FROM hotline_workorder WHERE id = %s", [order.pk])
        stored = cursor.fetchone()[0]
    assert "13812345678" not in stored
    assert WorkOrder.objects.get(pk=order.pk).citizen_phone == "13812345678"


def test_the_same_number_twice_is_one_order(cast):
    first, created = actions.order_receive(
        actor=cast.county_supervisor,
        bureau=cast.county_a,
        number="12345-DUP-1",
        category="help",
        received_at=at("2024-03-01 09:00"),
        content="求助。",
    )
    again, created_again = actions.order_receive(
        actor=cast.county_supervisor,
        bureau=cast.county_a,
        number="12345-DUP-1",
        category="complaint",
        received_at=at("2024-03-02 09:00"),
        content="另一内容。",
    )
    assert created and not created_again
    assert again.pk == first.pk and again.category == "help"
    assert WorkOrder.objects.filter(number="12345-DUP-1").count() == 1


def test_bad_intake_is_refused_with_chinese_messages(cast):
    with pytest.raises(ValidationError) as refused:
        receive(cast, category="nonsense", content=" ", citizen_phone="12", number="X-BAD")
    errors = refused.value.message_dict
    assert {"category", "content", "citizen_phone"} <= set(errors)
    with pytest.raises(ValidationError) as refused:
        receive(cast, bureau=cast.township_a1)
    assert "bureau" in refused.value.message_dict


def test_a_township_cannot_receive_for_the_bureau(cast):
    with pytest.raises((PermissionDenied, Http404)):
        actions.order_receive(
            actor=cast.township_clerk,
            bureau=cast.county_a,
            number="12345-X",
            category="help",
            received_at=at("2024-03-01 09:00"),
            content="求助。",
        )


# --- routing ----------------------------------------------------------------------------------


def test_the_address_suggests_an_office_with_its_reason_and_nothing_is_applied(cast):
    order = receive(cast, address="甲县甲一村东路5号")
    assert order.office == cast.county_a  # not applied
    assert "甲一镇司法所" in order.suggestion and "甲一村" in order.suggestion
    township = suggest_office(bureau=cast.county_a, address="甲二镇人民路1号")
    assert township.office == cast.township_a2 and "甲二镇" in township.reason
    assert suggest_office(bureau=cast.county_a, address="乙一镇人民路1号") is None
    assert suggest_office(bureau=cast.county_a, address="") is None


def test_the_desk_assigns_within_its_bureau_and_may_reassign_before_signing(cast):
    order = receive(cast)
    desk = cast.county_supervisor
    with pytest.raises(ValidationError, match="承办机构不在本局辖区内"):
        actions.order_assign(actor=desk, order=order, office=cast.township_b1)
    actions.order_assign(actor=desk, order=order, office=cast.township_a2)
    assert order.status == Status.ASSIGNED and order.office == cast.township_a2
    actions.order_assign(actor=desk, order=order, office=cast.township_a1)
    assert order.office == cast.township_a1
    with pytest.raises((PermissionDenied, Http404)):
        actions.order_assign(actor=cast.township_clerk, order=order, office=cast.township_a2)


# --- signing and reply ------------------------------------------------------------------------


def test_signing_and_replying_in_time_and_late(cast):
    order = assigned(cast, received_at=at("2024-03-01 15:40"))
    actions.order_sign(actor=cast.township_clerk, order=order, at=at("2024-03-04 08:40"))
    assert order.status == Status.SIGNED and order.signed_in_time is True
    actions.order_reply(
        actor=cast.township_clerk, order=order, text="已电话答复。", at=at("2024-03-06 15:41")
    )
    assert order.status == Status.REPLIED and order.replied_in_time is False

    late = assigned(cast, received_at=at("2024-03-01 15:40"))
    actions.order_sign(actor=cast.township_clerk, order=late, at=at("2024-03-04 08:41"))
    assert late.signed_in_time is False


def test_a_reply_needs_text(cast):
    order = signed(cast)
    with pytest.raises(ValidationError) as refused:
        actions.order_reply(actor=cast.township_clerk, order=order, text=" ")
    assert "text" in refused.value.message_dict


# --- extension --------------------------------------------------------------------------------


def test_an_extension_is_asked_before_the_deadline_and_approved_by_the_bureau(cast):
    order = signed(cast, received_at=at("2024-09-27 10:00"), category="consult")
    # 3 working days: Sun 09-29 (make-up), Mon 09-30, Tue 10-08.
    assert order.reply_due == at("2024-10-08 10:00")
    request = actions.extension_request(
        actor=cast.township_clerk,
        order=order,
        workdays=2,
        reason="需调取档案。",
        at=at("2024-09-30 09:00"),
    )
    with pytest.raises((PermissionDenied, Http404)):  # not its own approver
        actions.extension_decide(actor=cast.township_clerk, extension=request, approve=True)
    actions.extension_decide(actor=cast.county_supervisor, extension=request, approve=True)
    order.refresh_from_db()
    request.refresh_from_db()
    assert request.decision == Decision.APPROVED
    assert order.reply_due == request.due_after == at("2024-10-10 10:00")


def test_a_refused_extension_keeps_the_deadline_and_needs_a_note(cast):
    order = signed(cast)
    due = order.reply_due
    request = actions.extension_request(
        actor=cast.township_clerk,
        order=order,
        workdays=3,
        reason="理由。",
        at=at("2024-03-04 09:00"),
    )
    with pytest.raises(ValidationError, match="不同意延期的，请填写审核意见"):
        actions.extension_decide(actor=cast.county_supervisor, extension=request, approve=False)
    actions.extension_decide(
        actor=cast.county_supervisor, extension=request, approve=False, note="可按期办结。"
    )
    order.refresh_from_db()
    assert order.reply_due == due
    request.refresh_from_db()
    assert request.decision == Decision.REFUSED


def test_no_extension_after_the_deadline(cast):
    order = signed(cast, received_at=at("2024-03-01 15:40"))
    with pytest.raises(ValidationError, match="已超过答复时限"):
        actions.extension_request(
            actor=cast.township_clerk,
            order=order,
            workdays=2,
            reason="理由。",
            at=at("2024-03-06 15:40"),
        )


# --- return (退单) ------------------------------------------------------------------------------


def test_a_return_needs_its_legal_basis_and_the_bureaus_approval(cast):
    order = signed(cast, received_at=at("2024-03-01 15:40"))
    with pytest.raises(ValidationError) as refused:
        actions.return_request(
            actor=cast.township_clerk, order=order, reason="非本单位职责。", legal_basis=" "
        )
    assert "legal_basis" in refused.value.message_dict
    request = actions.return_request(
        actor=cast.township_clerk,
        order=order,
        reason="属住建部门职责。",
        legal_basis="《城市房地产管理法》第7条",
        at=at("2024-03-04 10:00"),
    )
    assert order.status == Status.RETURN_REQUESTED
    with pytest.raises((PermissionDenied, Http404)):
        actions.return_decide(actor=cast.township_clerk, request=request, approve=True)
    actions.return_decide(
        actor=cast.county_supervisor, request=request, approve=True, at=at("2024-03-04 11:00")
    )
    order.refresh_from_db()
    assert order.status == Status.RETURNED and order.returned_at == at("2024-03-04 11:00")


def test_a_refused_return_goes_back_to_handling(cast):
    order = signed(cast, received_at=at("2024-03-01 15:40"))
    request = actions.return_request(
        actor=cast.township_clerk,
        order=order,
        reason="理由。",
        legal_basis="依据。",
        at=at("2024-03-04 10:00"),
    )
    actions.return_decide(
        actor=cast.county_supervisor, request=request, approve=False, note="属本局职责。"
    )
    order.refresh_from_db()
    assert order.status == Status.SIGNED


def test_a_return_is_refused_after_its_window(cast):
    order = signed(cast, received_at=at("2024-03-01 15:40"))
    with pytest.raises(ValidationError, match="已超过退单时限"):
        actions.return_request(
            actor=cast.township_clerk,
            order=order,
            reason="理由。",
            legal_basis="依据。",
            at=at("2024-03-05 15:41"),  # 2 working days ended Tue 15:40
        )


# --- callback and reopening -------------------------------------------------------------------


def test_satisfied_closes_and_dissatisfied_reopens_with_a_count(cast):
    order = signed(cast, received_at=at("2024-03-01 15:40"))
    actions.order_reply(
        actor=cast.township_clerk, order=order, text="答复。", at=at("2024-03-04 10:00")
    )
    actions.order_callback(
        actor=cast.county_supervisor,
        order=order,
        result=Callback.DISSATISFIED,
        at=at("2024-03-05 10:00"),
    )
    assert order.status == Status.REOPENED and order.reopen_count == 1
    assert order.reply_due == at("2024-03-08 10:00")  # 3 working days again from the callback
    actions.order_reply(
        actor=cast.township_clerk, order=order, text="重新答复。", at=at("2024-03-06 10:00")
    )
    actions.order_callback(
        actor=cast.county_supervisor,
        order=order,
        result=Callback.SATISFIED,
        at=at("2024-03-07 09:00"),
    )
    assert order.status == Status.CLOSED and order.reopen_count == 1
    statuses = list(OrderEvent.objects.filter(order=order).values_list("to_status", flat=True))
    assert statuses[-4:] == [Status.REPLIED, Status.REOPENED, Status.REPLIED, Status.CLOSED]


def test_the_callback_is_the_bureaus_and_needs_a_reply_first(cast):
    order = signed(cast)
    with pytest.raises(ValidationError, match="不能登记回访结果"):
        actions.order_callback(actor=cast.county_supervisor, order=order, result=Callback.SATISFIED)
    actions.order_reply(actor=cast.township_clerk, order=order, text="答复。")
    with pytest.raises((PermissionDenied, Http404)):
        actions.order_callback(actor=cast.township_clerk, order=order, result=Callback.SATISFIED)


# --- scoping ----------------------------------------------------------------------------------


def test_a_township_sees_only_the_orders_assigned_to_it(cast):
    mine = assigned(cast, office=cast.township_a1)
    theirs = assigned(cast, office=cast.township_a2)
    waiting = receive(cast)
    seen = set(selectors.order_list(actor=cast.township_clerk).values_list("pk", flat=True))
    assert seen == {mine.pk}
    sibling = set(selectors.order_list(actor=cast.sibling_clerk).values_list("pk", flat=True))
    assert sibling == {theirs.pk}
    desk = set(selectors.order_list(actor=cast.county_supervisor).values_list("pk", flat=True))
    assert {mine.pk, theirs.pk, waiting.pk} <= desk
    with pytest.raises(Http404):
        selectors.order_get(actor=cast.township_clerk, pk=theirs.pk)
    with pytest.raises((PermissionDenied, Http404)):
        actions.order_sign(actor=cast.township_clerk, order=theirs)


# --- to-dos -----------------------------------------------------------------------------------


def test_near_and_overdue_orders_are_todos_escalating_to_the_bureau(cast):
    received = at("2024-03-01 15:40")
    order = signed(cast, received_at=received)
    near = at("2024-03-06 13:00")  # 3 working hours (with lunch) before Wed 15:40
    own = selectors.hotline_due(actor=cast.township_clerk, now=near)
    assert [(d.order.pk, d.overdue, d.escalated) for d in own] == [(order.pk, False, False)]
    assert not [
        d for d in selectors.hotline_due(actor=cast.county_supervisor, now=near) if d.order == order
    ]
    late = order.reply_due + timedelta(minutes=1)
    own = selectors.hotline_due(actor=cast.township_clerk, now=late)
    assert [(d.order.pk, d.overdue, d.escalated) for d in own] == [(order.pk, True, False)]
    desk = [
        d for d in selectors.hotline_due(actor=cast.county_supervisor, now=late) if d.order == order
    ]
    assert [(d.overdue, d.escalated) for d in desk] == [(True, True)]
    assert selectors.hotline_due(actor=cast.sibling_clerk, now=late) == []
