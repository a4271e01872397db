"""执行地变更 (CC-15): a 司法所 of another county inside Sifa, the steps in order with their
deadlines, the decision by the old county, the new subject row at the new place with the old
records left on the old row, the report there, and the pages (own / parent / sibling / the new
place, minors)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from sifa.audit.models import AccessLog
from sifa.core.testing import assert_invalid
from sifa.corrections.actions import movement as actions
from sifa.corrections.constants import ReportType, Status, SupervisionKind
from sifa.corrections.models import PlaceChange, Subject, SubjectEvent, Supervision
from sifa.corrections.selectors import movement as selectors
from sifa.corrections.tests.factories import make_active_subject, make_worker

D = datetime.date
APPLIED = D(2026, 6, 1)


@pytest.fixture
def today(monkeypatch):
    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    set_today(D(2026, 6, 3))
    return set_today


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def new_side(cast):
    """A 社区矫正工作人员 of county B (the new place)."""
    return make_worker(cast.county_b)


@pytest.fixture
def subject(cast, worker):
    return make_active_subject(worker, cast.township_a1)


def apply(actor, subject, to_office):
    return actions.place_change_apply(
        actor=actor, subject=subject, to_office=to_office, applied_on=APPLIED
    )


def to_reply(cast, subject, new_side):
    change = apply(cast.township_clerk, subject, cast.township_b1)
    actions.place_change_request_opinion(
        actor=cast.township_clerk, place_change=change, requested_on=D(2026, 6, 3)
    )
    actions.place_change_reply(actor=new_side, place_change=change, replied_on=D(2026, 6, 6))
    return change


def test_to_office_must_be_a_judicial_office_of_another_county(cast, subject):
    with pytest.raises(ValidationError) as exc:
        apply(cast.township_clerk, subject, cast.township_a2)  # same county
    assert_invalid(exc, "to_office", "新执行地与原执行地属同一县（市、区），不属于执行地变更。")
    with pytest.raises(ValidationError) as exc:
        apply(cast.township_clerk, subject, cast.county_b)  # not a 司法所
    assert_invalid(exc, "to_office", "新执行地应为本系统内的司法所。")
    change = apply(cast.township_clerk, subject, cast.township_b1)
    assert change.office == cast.township_a1
    with pytest.raises(ValidationError) as exc:
        apply(cast.township_clerk, subject, cast.township_b1)  # one pending at a time
    assert_invalid(exc, "__all__", "该矫正对象已有未决定的执行地变更申请。")


def test_only_subjects_under_correction_may_move(cast, worker):
    from sifa.corrections.tests.factories import make_subject

    waiting = make_subject(worker, cast.township_a1)
    with pytest.raises(ValidationError) as exc:
        apply(worker, waiting, cast.township_b1)
    assert_invalid(exc, "__all__", "只有在矫的矫正对象可以申请变更执行地。")


def test_one_month_ahead_is_only_guidance():
    assert actions.place_change_warnings(D(2026, 6, 1), D(2026, 6, 20))
    assert not actions.place_change_warnings(D(2026, 6, 1), D(2026, 7, 1))
    assert not actions.place_change_warnings(D(2026, 6, 1))


def test_steps_in_order(cast, subject, new_side, worker):
    change = apply(cast.township_clerk, subject, cast.township_b1)
    with pytest.raises(ValidationError) as exc:
        actions.place_change_reply(actor=new_side, place_change=change, replied_on=APPLIED)
    assert_invalid(exc, "__all__", "请先登记征求新执行地意见。")
    with pytest.raises(ValidationError) as exc:
        actions.place_change_decide(
            actor=worker, place_change=change, approve=True, decided_on=APPLIED
        )
    assert_invalid(exc, "__all__", "请先登记新执行地的回复意见。")
    with pytest.raises(ValidationError) as exc:
        actions.place_change_request_opinion(
            actor=cast.township_clerk, place_change=change, requested_on=D(2026, 5, 31)
        )
    assert_invalid(exc, "requested_on", "征求意见日期不能早于申请日期。")
    actions.place_change_request_opinion(
        actor=cast.township_clerk, place_change=change, requested_on=D(2026, 6, 3)
    )
    with pytest.raises(Http404):  # neither side
        actions.place_change_reply(
            actor=cast.sibling_clerk, place_change=change, replied_on=D(2026, 6, 5)
        )
    actions.place_change_reply(actor=new_side, place_change=change, replied_on=D(2026, 6, 5))
    assert change.opinion_replied_on == D(2026, 6, 5)


def test_deadlines_of_the_steps(cast, subject):
    change = apply(cast.township_clerk, subject, cast.township_b1)
    assert actions.opinion_request_due(change) == D(2026, 6, 6)
    assert actions.opinion_reply_due(change) is None
    steps = selectors.place_change_steps(change, today=D(2026, 6, 7))
    assert steps[1]["state"] == "overdue"
    change.opinion_requested_on = D(2026, 6, 8)
    steps = selectors.place_change_steps(change, today=D(2026, 6, 9))
    assert steps[1]["state"] == "late"
    assert steps[2]["due"] == D(2026, 6, 13)


def test_opinion_step_days_are_settings(cast, subject, settings):
    # Issue 15: the 5 + 5 days of CC-15 ([M] 社区矫正法实施办法 第30条) are settings.
    settings.SIFA_CC_OPINION_REQUEST_DAYS = 7
    settings.SIFA_CC_OPINION_REPLY_DAYS = 3
    change = apply(cast.township_clerk, subject, cast.township_b1)
    assert actions.opinion_request_due(change) == D(2026, 6, 8)
    change.opinion_requested_on = D(2026, 6, 8)
    assert actions.opinion_reply_due(change) == D(2026, 6, 11)


def test_decision_needs_the_old_county(cast, subject, new_side):
    change = to_reply(cast, subject, new_side)
    for actor in (cast.township_clerk, new_side):
        with pytest.raises((PermissionDenied, Http404)):
            actions.place_change_decide(
                actor=actor, place_change=change, approve=True, decided_on=D(2026, 6, 8)
            )
    actions.place_change_decide(
        actor=cast.county_supervisor, place_change=change, approve=False, decided_on=D(2026, 6, 8)
    )
    subject.refresh_from_db()
    assert change.approved is False and change.new_subject is None
    assert subject.status == Status.UNDER_CORRECTION


def test_approval_opens_a_new_subject_and_keeps_old_records(cast, subject, new_side, worker):
    Supervision.objects.create(
        office=subject.office,
        subject=subject,
        kind=SupervisionKind.FIELD_VISIT,
        happened_on=D(2026, 5, 10),
        content="走访",
    )
    change = to_reply(cast, subject, new_side)
    actions.place_change_decide(
        actor=cast.county_supervisor, place_change=change, approve=True, decided_on=D(2026, 6, 8)
    )
    subject.refresh_from_db()
    new = change.new_subject
    assert subject.status == Status.TRANSFERRED_OUT
    assert subject.transferred_on == D(2026, 6, 8)
    assert new.office == cast.township_b1
    assert new.status == Status.RECEIVED
    assert new.number == "330103-JZ-2026-0001"  # 乙县's series (SIFA_NUMBERING)
    assert new.person == subject.person
    assert new.correction_end == subject.correction_end
    assert new.judgment_number == subject.judgment_number
    assert new.report_due_on == D(2026, 6, 15)  # 7 days
    assert new.moved_from == change
    assert subject.supervisions.count() == 1 and new.supervisions.count() == 0
    assert SubjectEvent.objects.filter(subject=new, to_status=Status.RECEIVED).exists()
    assert SubjectEvent.objects.filter(subject=subject, to_status=Status.TRANSFERRED_OUT).exists()
    # The old place no longer sees the new row; the new place does (and not the old row).
    with pytest.raises(Http404):
        selectors.subject_get(actor=cast.township_clerk, pk=new.pk)
    assert selectors.subject_get(actor=new_side, pk=new.pk) == new
    with pytest.raises(Http404):
        selectors.subject_get(actor=new_side, pk=subject.pk)
    # The report at the new place.
    actions.place_change_report(actor=new_side, place_change=change, reported_on=D(2026, 6, 16))
    new.refresh_from_db()
    assert new.reported_on == D(2026, 6, 16) and new.report_type == ReportType.LATE


def test_report_on_time(cast, subject, new_side):
    change = to_reply(cast, subject, new_side)
    with pytest.raises(ValidationError) as exc:
        actions.place_change_report(actor=new_side, place_change=change, reported_on=APPLIED)
    assert_invalid(exc, "__all__", "执行地变更尚未批准。")
    actions.place_change_decide(
        actor=cast.county_supervisor, place_change=change, approve=True, decided_on=D(2026, 6, 8)
    )
    actions.place_change_report(actor=new_side, place_change=change, reported_on=D(2026, 6, 10))
    assert Subject.objects.get(pk=change.new_subject_id).report_type == ReportType.ON_TIME
    with pytest.raises(ValidationError) as exc:
        actions.place_change_report(actor=new_side, place_change=change, reported_on=D(2026, 6, 11))
    assert_invalid(exc, "__all__", "已登记到新执行地报到。")


def test_movement_due_shows_the_steps(cast, subject, new_side, today):
    change = apply(cast.township_clerk, subject, cast.township_b1)
    today(D(2026, 6, 7))  # request due 06-06
    urls = [item.url for item in selectors.movement_due(actor=cast.township_clerk)]
    assert reverse("corrections:place_change_detail", args=[change.pk]) in urls
    assert selectors.movement_due(actor=cast.sibling_clerk) == []
    # The new place sees the incoming change too.
    assert selectors.place_change_get(actor=new_side, pk=change.pk) == change


def test_minor_place_change_hidden_without_minors(cast, worker, new_side):
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    change = apply(worker, minor, cast.township_b1)
    with pytest.raises(Http404):
        selectors.place_change_get(actor=cast.township_clerk, pk=change.pk)
    assert selectors.place_change_get(actor=new_side, pk=change.pk) == change
    clerk_b = make_worker(cast.township_b1, role="jo_staff")
    with pytest.raises(Http404):
        selectors.place_change_get(actor=clerk_b, pk=change.pk)


# --- pages --------------------------------------------------------------------------------


def test_add_page(cast, subject, login):
    url = reverse("corrections:place_change_add", args=[subject.pk])
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.county_supervisor).get(url).status_code == 200
    client = login(cast.township_clerk)
    response = client.get(url)
    assert response.status_code == 200
    offices = list(response.context["form"].fields["to_office"].queryset)
    assert cast.township_b1 in offices and cast.township_a2 not in offices
    response = client.post(
        url,
        {"to_office": cast.township_b1.pk, "applied_on": "2026-06-01", "planned_move_on": ""},
    )
    assert response.status_code == 302
    change = PlaceChange.objects.get(subject=subject)
    assert response.url == reverse("corrections:place_change_detail", args=[change.pk])


def test_detail_page_own_parent_sibling_new_side(cast, subject, new_side, login):
    change = apply(cast.township_clerk, subject, cast.township_b1)
    url = reverse("corrections:place_change_detail", args=[change.pk])
    response = login(cast.township_clerk).get(url)
    assert response.status_code == 200
    assert response.context["can_request"] and not response.context["can_decide"]
    assert AccessLog.objects.filter(object_id=str(change.pk), user=cast.township_clerk).exists()
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(new_side).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404


def test_step_pages(cast, subject, new_side, login):
    change = apply(cast.township_clerk, subject, cast.township_b1)
    request_url = reverse("corrections:place_change_request", args=[change.pk])
    assert login(new_side).get(request_url).status_code == 403
    assert login(cast.sibling_clerk).get(request_url).status_code == 404
    assert (
        login(cast.township_clerk).post(request_url, {"requested_on": "2026-06-02"}).status_code
        == 302
    )
    reply_url = reverse("corrections:place_change_reply", args=[change.pk])
    assert login(new_side).post(reply_url, {"replied_on": "2026-06-04"}).status_code == 302
    decide_url = reverse("corrections:place_change_decide", args=[change.pk])
    assert login(cast.township_clerk).get(decide_url).status_code == 403
    response = login(cast.county_supervisor).post(
        decide_url, {"approve": "1", "decided_on": "2026-06-05"}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.approved and change.new_subject.office == cast.township_b1
    report_url = reverse("corrections:place_change_report", args=[change.pk])
    assert login(new_side).post(report_url, {"reported_on": "2026-06-07"}).status_code == 302
    response = login(new_side).get(reverse("corrections:place_change_list"))
    assert response.status_code == 200 and response.context["changes"] == [change]
    response = login(cast.sibling_clerk).get(reverse("corrections:place_change_list"))
    assert response.context["changes"] == []
