"""电子定位 (CC-24, 社区矫正法 第29条): the five grounds, the county head's approval, the
3-month cap, extensions after re-assessment, release, the expiry to-do, and the pages
(own / parent / sibling, minors)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse

from sifa.core.testing import assert_invalid
from sifa.corrections.actions import movement as actions
from sifa.corrections.constants import MonitoringGround
from sifa.corrections.models import Monitoring
from sifa.corrections.selectors.movement import movement_due, subject_movement
from sifa.corrections.tests.factories import make_active_subject, make_worker

D = datetime.date
GROUND = MonitoringGround.PROHIBITION_BREACH
START, END = D(2026, 4, 1), D(2026, 7, 1)


@pytest.fixture
def today(monkeypatch):
    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    set_today(D(2026, 7, 1))
    return set_today


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def subject(cast, worker):
    return make_active_subject(worker, cast.township_a1)


def start(actor, subject, start_on=START, end_on=END, ground=GROUND):
    return actions.monitoring_start(
        actor=actor,
        subject=subject,
        ground=ground,
        approved_by="王局长",
        approved_on=start_on,
        start_on=start_on,
        end_on=end_on,
        device_id="DEV-001",
    )


def test_only_the_five_grounds(cast, subject):
    assert len(MonitoringGround.values) == 5
    with pytest.raises(ValidationError) as error:
        start(cast.county_supervisor, subject, ground="convenience")
    assert "ground" in error.value.error_dict
    for ground in MonitoringGround.values:
        m = start(cast.county_supervisor, subject, ground=ground)
        actions.monitoring_release(
            actor=cast.county_supervisor, monitoring=m, released_on=m.start_on, reason="测试"
        )


def test_three_month_cap(cast, subject):
    with pytest.raises(ValidationError) as error:
        start(cast.county_supervisor, subject, end_on=D(2026, 7, 2))
    assert "end_on" in error.value.error_dict
    with pytest.raises(ValidationError) as exc:
        start(cast.county_supervisor, subject, end_on=D(2026, 3, 31))
    assert_invalid(exc, "end_on", "期限届满日期不能早于开始日期。")
    m = start(cast.county_supervisor, subject, end_on=D(2026, 7, 1))
    assert m.office == subject.office and m.device_id == "DEV-001"
    with pytest.raises(ValidationError) as exc:  # already monitored: extend instead
        start(cast.county_supervisor, subject, start_on=D(2026, 5, 1), end_on=D(2026, 6, 1))
    assert_invalid(exc, "__all__", "该矫正对象正在使用电子定位；需要继续使用的，请办理延长。")


def test_month_end_cap():
    assert actions.monitoring_cap(D(2026, 11, 30)) == D(2027, 2, 28)


def test_approver_must_hold_the_county(cast, subject, worker):
    with pytest.raises(PermissionDenied):
        start(cast.township_clerk, subject)  # EDIT on the 司法所 only
    with pytest.raises(Http404):
        start(cast.sibling_clerk, subject)
    with pytest.raises(PermissionDenied):
        start(cast.city_leader, subject)  # sees, no EDIT
    assert start(worker, subject).pk


def test_extension(cast, subject):
    first = start(cast.county_supervisor, subject)
    with pytest.raises(ValidationError) as error:
        actions.monitoring_extend(
            actor=cast.county_supervisor, monitoring=first, reassessment=" ", end_on=D(2026, 9, 1)
        )
    assert "reassessment" in error.value.error_dict
    with pytest.raises(ValidationError) as exc:
        actions.monitoring_extend(
            actor=cast.county_supervisor,
            monitoring=first,
            reassessment="仍有违反禁止令风险",
            end_on=D(2026, 10, 2),
        )
    assert_invalid(exc, "end_on", "电子定位每次期限不得超过")
    with pytest.raises(PermissionDenied):
        actions.monitoring_extend(
            actor=cast.township_clerk,
            monitoring=first,
            reassessment="仍有违反禁止令风险",
            end_on=D(2026, 10, 1),
        )
    second = actions.monitoring_extend(
        actor=cast.county_supervisor,
        monitoring=first,
        reassessment="仍有违反禁止令风险",
        end_on=D(2026, 10, 1),
    )
    assert second.extends == first
    assert second.start_on == D(2026, 7, 2)
    assert second.ground == first.ground and second.approved_by == "王局长"
    with pytest.raises(ValidationError) as exc:  # extended once already
        actions.monitoring_extend(
            actor=cast.county_supervisor,
            monitoring=first,
            reassessment="再次评估",
            end_on=D(2026, 9, 1),
        )
    assert_invalid(exc, "__all__", "该期电子定位已延长。")
    third = actions.monitoring_extend(
        actor=cast.county_supervisor,
        monitoring=second,
        reassessment="再次评估",
        end_on=D(2027, 1, 1),
        approved_by="王局长",
        approved_on=D(2026, 9, 28),
    )
    assert third.extends == second


def test_release(cast, subject):
    m = start(cast.county_supervisor, subject)
    with pytest.raises(ValidationError) as exc:
        actions.monitoring_release(
            actor=cast.township_clerk, monitoring=m, released_on=D(2026, 5, 1), reason=""
        )
    assert_invalid(exc, "reason", "此项为必填项。")
    actions.monitoring_release(
        actor=cast.township_clerk, monitoring=m, released_on=D(2026, 5, 1), reason="无需继续使用"
    )
    assert m.released_on == D(2026, 5, 1)
    with pytest.raises(ValidationError) as exc:
        actions.monitoring_extend(
            actor=cast.county_supervisor, monitoring=m, reassessment="x", end_on=D(2026, 8, 1)
        )
    assert_invalid(exc, "__all__", "电子定位已解除，不能延长。")
    with pytest.raises(ValidationError) as exc:
        actions.monitoring_release(
            actor=cast.township_clerk, monitoring=m, released_on=D(2026, 5, 2), reason="再次"
        )
    assert_invalid(exc, "__all__", "电子定位已解除。")


def test_expiry_todo(cast, subject, today):
    m = start(cast.county_supervisor, subject, start_on=D(2026, 4, 10), end_on=D(2026, 7, 8))
    items = [i for i in movement_due(actor=cast.township_clerk) if "电子定位" in i.title]
    assert len(items) == 1 and items[0].due == D(2026, 7, 8) and not items[0].overdue
    today(D(2026, 6, 30))  # 8 days ahead: not yet
    assert not [i for i in movement_due(actor=cast.township_clerk) if "电子定位" in i.title]
    today(D(2026, 7, 9))
    items = [i for i in movement_due(actor=cast.county_supervisor) if "电子定位" in i.title]
    assert items[0].overdue
    assert movement_due(actor=cast.sibling_clerk) == []
    actions.monitoring_extend(
        actor=cast.county_supervisor, monitoring=m, reassessment="继续", end_on=D(2026, 10, 8)
    )
    assert not [i for i in movement_due(actor=cast.township_clerk) if "电子定位" in i.title]


def test_minors(cast, worker, login):
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    with pytest.raises(Http404):
        start(cast.county_supervisor, minor)  # 业务科室 without Cap.MINORS
    m = start(worker, minor)
    url = reverse("corrections:monitoring_release", args=[m.pk])
    assert login(cast.township_clerk).get(url).status_code == 404
    assert login(worker).get(url).status_code == 200


def test_subject_section(cast, subject):
    start(cast.county_supervisor, subject)
    section = subject_movement(actor=cast.township_clerk, subject=subject)
    assert len(section["monitorings"]) == 1
    assert section["can_edit"] and not section["can_monitor"]
    assert subject_movement(actor=cast.county_supervisor, subject=subject)["can_monitor"]
    html = render_to_string(
        "corrections/movement/_subject_section.html", {"subject": subject, "movement": section}
    )
    assert reverse("corrections:leave_add", args=[subject.pk]) in html
    assert reverse("corrections:monitoring_add", args=[subject.pk]) not in html
    assert "违反人民法院禁止令" in html


# --- pages --------------------------------------------------------------------------------


def test_add_page(cast, subject, worker, login):
    url = reverse("corrections:monitoring_add", args=[subject.pk])
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.township_clerk).get(url).status_code == 403
    client = login(cast.county_supervisor)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "ground": GROUND,
            "approved_by": "王局长",
            "approved_on": "2026-04-01",
            "start_on": "2026-04-01",
            "end_on": "2026-07-01",
            "device_id": "",
        },
    )
    assert response.status_code == 302
    assert Monitoring.objects.filter(subject=subject).count() == 1
    response = client.post(
        url,
        {
            "ground": GROUND,
            "approved_by": "王局长",
            "approved_on": "2026-08-01",
            "start_on": "2026-08-01",
            "end_on": "2026-12-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_on"]
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    url = reverse("corrections:monitoring_add", args=[minor.pk])
    assert client.get(url).status_code == 404
    assert login(worker).get(url).status_code == 200


def test_extend_and_release_pages(cast, subject, login):
    m = start(cast.county_supervisor, subject)
    extend = reverse("corrections:monitoring_extend", args=[m.pk])
    release = reverse("corrections:monitoring_release", args=[m.pk])
    assert login(cast.sibling_clerk).get(extend).status_code == 404
    assert login(cast.sibling_clerk).get(release).status_code == 404
    assert login(cast.township_clerk).get(extend).status_code == 403
    assert login(cast.township_clerk).get(release).status_code == 200
    response = login(cast.county_supervisor).post(
        extend,
        {
            "reassessment": "仍需使用",
            "approved_by": "王局长",
            "approved_on": "2026-06-28",
            "end_on": "2026-10-01",
        },
    )
    assert response.status_code == 302
    second = Monitoring.objects.get(extends=m)
    response = login(cast.township_clerk).post(
        reverse("corrections:monitoring_release", args=[second.pk]),
        {"released_on": "2026-08-01", "reason": "不再需要"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.released_on == D(2026, 8, 1)
