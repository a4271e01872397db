"""外出 (CC-13): approval levels by length and the two-month total, who may decide each level,
销假 and the 逾期未归 alert, 经常性跨市县活动 (CC-14), and the pages (own / parent / sibling,
minors)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from sifa.core.testing import assert_invalid
from sifa.corrections.actions import movement as actions
from sifa.corrections.constants import AlertKind, ApprovalLevel, LeaveStatus
from sifa.corrections.models import Alert, Leave
from sifa.corrections.selectors.movement import leave_list, movement_due
from sifa.corrections.tests.factories import make_active_subject, make_worker

D = datetime.date
TODAY = D(2026, 7, 15)


@pytest.fixture
def today(monkeypatch):
    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    set_today(TODAY)
    return set_today


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def subject(cast, worker):
    return make_active_subject(worker, cast.township_a1)


@pytest.fixture
def city_worker(cast):
    return make_worker(cast.city)


def apply(actor, subject, start, end, applied=None):
    return actions.leave_apply(
        actor=actor,
        subject=subject,
        applied_on=applied or start - datetime.timedelta(days=5),
        start_on=start,
        end_on=end,
        destination="杭州市",
        reason="探亲",
    )


def approve(actor, leave, **extra):
    return actions.leave_decide(
        actor=actor,
        leave=leave,
        approve=True,
        decided_on=leave.applied_on,
        decided_by="张所长",
        **extra,
    )


# --- the levels ---------------------------------------------------------------------------


def test_days_count_both_ends():
    assert actions.leave_days(D(2026, 4, 1), D(2026, 4, 1)) == 1
    assert actions.leave_days(D(2026, 4, 1), D(2026, 4, 7)) == 7


@pytest.mark.parametrize(
    "days,level",
    [
        (1, ApprovalLevel.JUDICIAL_OFFICE),
        (7, ApprovalLevel.JUDICIAL_OFFICE),
        (8, ApprovalLevel.COUNTY),
        (30, ApprovalLevel.COUNTY),
        (31, ApprovalLevel.CITY),
    ],
)
def test_level_by_length(cast, subject, days, level):
    start = D(2026, 4, 1)
    leave = apply(cast.township_clerk, subject, start, start + datetime.timedelta(days=days - 1))
    assert leave.approval_level == level
    assert leave.status == LeaveStatus.APPLIED


def test_levels_follow_settings(cast, subject, settings):
    settings.SIFA_CC_LEAVE_OFFICE_MAX_DAYS = 3
    settings.SIFA_CC_LEAVE_COUNTY_MAX_DAYS = 10
    assert apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 4)).approval_level == (
        ApprovalLevel.COUNTY
    )
    assert apply(cast.township_clerk, subject, D(2026, 5, 1), D(2026, 5, 11)).approval_level == (
        ApprovalLevel.CITY
    )


def test_two_month_total_over_30_goes_to_the_city(cast, subject, worker):
    earlier = apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 20))  # 20 days
    approve(worker, earlier)
    # 10 more days within two months: 30 in all → still the county.
    assert apply(cast.township_clerk, subject, D(2026, 5, 1), D(2026, 5, 10)).approval_level == (
        ApprovalLevel.COUNTY
    )
    # 11 more days: 31 → the city, although the trip itself is a county one.
    assert apply(cast.township_clerk, subject, D(2026, 5, 1), D(2026, 5, 11)).approval_level == (
        ApprovalLevel.CITY
    )


def test_two_month_total_also_counts_a_later_approved_leave(cast, subject, worker):
    # Issue 15: the rolling window looks both ways. 20 days approved for May; then 15 days
    # asked for April: the two months 03-21 … 05-20 hold 35 days → the city.
    approve(worker, apply(cast.township_clerk, subject, D(2026, 5, 1), D(2026, 5, 20)))
    assert actions.two_month_peak(subject, D(2026, 4, 1), D(2026, 4, 15)) == 35
    assert apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 15)).approval_level == (
        ApprovalLevel.CITY
    )
    # 10 days in April: 30 in every window → still the county.
    assert apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 10)).approval_level == (
        ApprovalLevel.COUNTY
    )


def test_two_month_window_counts_only_days_inside_it(cast, subject, worker):
    approve(worker, apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 20)))
    # Ends 06-15: the window is 04-16 … 06-15, so only 5 days (04-16…04-20) of the earlier leave.
    assert actions.approved_days_in_window(subject, D(2026, 6, 15)) == 5
    later = apply(cast.township_clerk, subject, D(2026, 6, 1), D(2026, 6, 15))  # 15 days
    assert later.approval_level == ApprovalLevel.COUNTY
    # Refused and pending leaves do not count.
    apply(cast.township_clerk, subject, D(2026, 6, 20), D(2026, 6, 28))
    assert actions.approved_days_in_window(subject, D(2026, 6, 30)) == 0


def test_level_is_computed_again_when_deciding(cast, subject, worker, city_worker):
    first = apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 20))
    second = apply(cast.township_clerk, subject, D(2026, 5, 1), D(2026, 5, 15))
    assert second.approval_level == ApprovalLevel.COUNTY
    approve(worker, first)
    with pytest.raises(PermissionDenied):
        approve(worker, second)  # now 35 days in two months: the city's
    second.refresh_from_db()
    assert second.approval_level == ApprovalLevel.COUNTY  # rolled back with the refusal
    approve(city_worker, second, procuratorate_notified_on=second.applied_on)
    second.refresh_from_db()
    assert second.approval_level == ApprovalLevel.CITY
    assert second.status == LeaveStatus.APPROVED


def test_dates_are_checked(cast, subject):
    with pytest.raises(ValidationError) as error:
        apply(cast.township_clerk, subject, D(2026, 4, 10), D(2026, 4, 9))
    assert "end_on" in error.value.error_dict
    assert actions.leave_warnings(D(2026, 4, 9), D(2026, 4, 10))  # guidance only
    assert not actions.leave_warnings(D(2026, 4, 1), D(2026, 4, 10))


# --- who decides ------------------------------------------------------------------------------


def test_office_level_decided_by_the_office(cast, subject):
    leave = approve(
        cast.township_clerk, apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 7))
    )
    assert leave.status == LeaveStatus.APPROVED
    assert leave.decided_by == "张所长"


def test_county_level_needs_the_county(cast, subject):
    leave = apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 8))
    with pytest.raises(PermissionDenied):
        approve(cast.township_clerk, leave)
    assert approve(cast.county_supervisor, leave).status == LeaveStatus.APPROVED


def test_city_level_needs_the_city_and_the_procuratorate(cast, subject, city_worker):
    leave = apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 5, 15))
    assert leave.approval_level == ApprovalLevel.CITY
    with pytest.raises(PermissionDenied):
        approve(cast.county_supervisor, leave)
    with pytest.raises(PermissionDenied):
        approve(cast.city_leader, leave)  # 局领导 sees it but has no EDIT
    with pytest.raises(ValidationError) as error:
        approve(city_worker, leave)
    assert "procuratorate_notified_on" in error.value.error_dict
    approve(city_worker, leave, procuratorate_notified_on=leave.applied_on)
    leave.refresh_from_db()
    assert leave.procuratorate_notified_on == leave.applied_on


def test_refusal_and_no_second_decision(cast, subject):
    leave = apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 3))
    actions.leave_decide(
        actor=cast.township_clerk,
        leave=leave,
        approve=False,
        decided_on=leave.applied_on,
        decided_by="张所长",
    )
    assert leave.status == LeaveStatus.REFUSED
    with pytest.raises(ValidationError) as exc:
        approve(cast.township_clerk, leave)
    assert_invalid(exc, "__all__", "该外出申请已审批，不能重复审批。")


def test_sibling_and_minors_do_not_see(cast, worker, subject):
    with pytest.raises(Http404):
        apply(cast.sibling_clerk, subject, D(2026, 4, 1), D(2026, 4, 3))
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    with pytest.raises(Http404):
        apply(cast.township_clerk, minor, D(2026, 4, 1), D(2026, 4, 3))
    assert apply(worker, minor, D(2026, 4, 1), D(2026, 4, 3)).pk


# --- 销假 and overdue returns ----------------------------------------------------------------


def test_return_and_overdue_alert(cast, subject, today):
    leave = approve(
        cast.township_clerk, apply(cast.township_clerk, subject, D(2026, 7, 1), D(2026, 7, 7))
    )
    assert actions.raise_overdue_returns(D(2026, 7, 7)) == 0  # the last day is not overdue
    assert actions.raise_overdue_returns(D(2026, 7, 8)) == 1
    assert actions.raise_overdue_returns(D(2026, 7, 9)) == 0  # idempotent
    alert = Alert.objects.get(subject=subject, kind=AlertKind.OVERDUE_RETURN)
    assert alert.office == subject.office and alert.handled_on is None
    with pytest.raises(ValidationError) as exc:
        actions.leave_return(actor=cast.township_clerk, leave=leave, returned_on=D(2026, 6, 30))
    assert_invalid(exc, "returned_on", "销假日期不能早于外出开始日期。")
    actions.leave_return(actor=cast.township_clerk, leave=leave, returned_on=D(2026, 7, 10))
    assert leave.status == LeaveStatus.RETURNED
    alert.refresh_from_db()
    assert alert.handled_on == D(2026, 7, 10)
    assert actions.raise_overdue_returns(D(2026, 7, 20)) == 0


def test_only_approved_leaves_can_be_returned(cast, subject, today):
    leave = apply(cast.township_clerk, subject, D(2026, 7, 1), D(2026, 7, 3))
    with pytest.raises(ValidationError) as exc:
        actions.leave_return(actor=cast.township_clerk, leave=leave, returned_on=D(2026, 7, 3))
    assert_invalid(exc, "__all__", "只有已批准的外出才能销假。")


def test_movement_due_lists_pending_and_overdue(cast, subject, today):
    pending = apply(cast.township_clerk, subject, D(2026, 7, 20), D(2026, 7, 22))
    overdue = approve(
        cast.township_clerk, apply(cast.township_clerk, subject, D(2026, 7, 1), D(2026, 7, 5))
    )
    items = movement_due(actor=cast.township_clerk)
    urls = {item.url for item in items}
    assert reverse("corrections:leave_decide", args=[pending.pk]) in urls
    county_level = apply(cast.township_clerk, subject, D(2026, 8, 1), D(2026, 8, 20))
    clerk_urls = {item.url for item in movement_due(actor=cast.township_clerk)}
    assert reverse("corrections:leave_decide", args=[county_level.pk]) not in clerk_urls
    supervisor_urls = {item.url for item in movement_due(actor=cast.county_supervisor)}
    assert reverse("corrections:leave_decide", args=[county_level.pk]) in supervisor_urls
    assert reverse("corrections:leave_return", args=[overdue.pk]) in urls
    assert Alert.objects.filter(kind=AlertKind.OVERDUE_RETURN, subject=subject).count() == 1
    assert movement_due(actor=cast.sibling_clerk) == []


# --- 经常性跨市县活动 ---------------------------------------------------------------------


def crossing(actor, subject, start, end):
    return actions.crossing_add(
        actor=actor,
        subject=subject,
        destination="乙市",
        reason="每周往返工作",
        valid_from=start,
        valid_to=end,
    )


def test_crossing_cap(cast, subject, settings):
    assert crossing(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 10, 1)).pk
    with pytest.raises(ValidationError) as error:
        crossing(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 10, 2))
    assert "valid_to" in error.value.error_dict
    settings.SIFA_CC_CROSSING_MAX_MONTHS = 3
    with pytest.raises(ValidationError) as exc:
        crossing(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 7, 2))
    assert_invalid(exc, "valid_to", "经常性跨市县活动一次审批的有效期不超过")
    with pytest.raises(Http404):
        crossing(cast.sibling_clerk, subject, D(2026, 4, 1), D(2026, 5, 1))


# --- pages --------------------------------------------------------------------------------


def test_leave_list_own_parent_sibling(cast, subject, worker, login):
    done = approve(
        cast.township_clerk, apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 2))
    )
    actions.leave_return(actor=cast.township_clerk, leave=done, returned_on=D(2026, 4, 2))
    pending = apply(cast.township_clerk, subject, D(2026, 3, 20), D(2026, 3, 21), D(2026, 3, 10))
    url = reverse("corrections:leave_list")
    rows = list(leave_list(actor=cast.township_clerk))
    assert rows[0] == pending  # awaiting decision first, although it starts earlier
    for user, count in [
        (cast.township_clerk, 2),
        (cast.county_supervisor, 2),
        (cast.sibling_clerk, 0),
    ]:
        response = login(user).get(url)
        assert response.status_code == 200
        assert len(response.context["leaves"]) == count
    assert login(cast.public_user).get(url).status_code == 403


def test_leave_list_hides_minors(cast, worker, login):
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    apply(worker, minor, D(2026, 4, 1), D(2026, 4, 2))
    assert (
        len(login(cast.township_clerk).get(reverse("corrections:leave_list")).context["leaves"])
        == 0
    )
    assert len(login(worker).get(reverse("corrections:leave_list")).context["leaves"]) == 1


def test_leave_add_page(cast, subject, worker, login):
    url = reverse("corrections:leave_add", args=[subject.pk])
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.city_leader).get(url).status_code == 403  # sees, may not edit
    assert login(cast.county_supervisor).get(url).status_code == 200
    client = login(cast.township_clerk)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "applied_on": "2026-04-01",
            "start_on": "2026-04-02",
            "end_on": "2026-04-12",
            "destination": "上海市",
            "reason": "就医",
        },
    )
    assert response.status_code == 302
    leave = Leave.objects.get(subject=subject)
    assert leave.approval_level == ApprovalLevel.COUNTY
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    assert client.get(reverse("corrections:leave_add", args=[minor.pk])).status_code == 404


def test_leave_decide_page(cast, subject, login):
    leave = apply(cast.township_clerk, subject, D(2026, 4, 1), D(2026, 4, 10))  # county level
    url = reverse("corrections:leave_decide", args=[leave.pk])
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.township_clerk).get(url).status_code == 403
    client = login(cast.county_supervisor)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"approve": "1", "decided_on": "2026-03-28", "decided_by": "李局长"}
    )
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED


def test_leave_return_page(cast, subject, login, today):
    leave = approve(
        cast.township_clerk, apply(cast.township_clerk, subject, D(2026, 7, 1), D(2026, 7, 3))
    )
    url = reverse("corrections:leave_return", args=[leave.pk])
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.county_supervisor).get(url).status_code == 200
    response = login(cast.township_clerk).post(url, {"returned_on": "2026-07-03"})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.RETURNED
