"""Every list that the minors rule (社区矫正法 第54条) shortens says so ("含未成年人…不予显示"),
with N the rows a holder of Cap.MINORS over the same offices would see in addition, so that a
list never drops rows without a word (docs/security.md, "Minors' corrections records")."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sifa.corrections.actions import movement
from sifa.corrections.actions.measures import measure_record
from sifa.corrections.constants import AlertKind, MeasureKind
from sifa.corrections.models import Alert, LostContact
from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.orgs import access
from sifa.orgs.access import Cap

D = datetime.date


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)  # cc_worker: holds Cap.MINORS


@pytest.fixture
def subjects(cast, worker):
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    adult = make_active_subject(worker, cast.township_a1)
    return minor, adult


def _leave(subject, worker):
    start = subject.registered_on + datetime.timedelta(days=20)
    return movement.leave_apply(
        actor=worker,
        subject=subject,
        applied_on=start - datetime.timedelta(days=5),
        start_on=start,
        end_on=start + datetime.timedelta(days=2),
        destination="杭州市",
        reason="探亲",
    )


def _measure(subject, worker):
    return measure_record(
        actor=worker,
        subject=subject,
        kind=MeasureKind.WARNING,
        facts="未按规定报告活动情况",
        evidence="谈话笔录",
        decided_on=subject.registered_on + datetime.timedelta(days=30),
        decided_by="张科长",
        addressee="",
    )


def _lost_contact(subject, worker):
    return LostContact.objects.create(
        office=subject.office,
        subject=subject,
        lost_on=subject.registered_on + datetime.timedelta(days=10),
        search="电话无人接听",
    )


def _alert(subject):
    return Alert.objects.create(
        office=subject.office,
        subject=subject,
        kind=AlertKind.LEFT_COUNTY,
        raised_at=timezone.now(),
        detail="定位在执行地以外",
    )


def test_the_twin_sees_minors_only_where_the_user_sees(cast, subjects):
    clerk = cast.township_clerk
    twin = access.as_if_seeing_minors(clerk)
    line = "corrections"
    assert twin.pk == clerk.pk
    assert not access.has_capability_anywhere(clerk, Cap.MINORS, line=line)
    assert access.can(twin, Cap.MINORS, cast.township_a1, line=line)
    assert not access.can(twin, Cap.MINORS, cast.township_a2, line=line)  # no grant there at all
    assert not access.can(twin, Cap.EDIT, cast.township_a2, line=line)


@pytest.mark.parametrize(
    ("url_name", "make", "unit"),
    [
        ("corrections:leave_list", _leave, "条"),
        ("corrections:alert_list", lambda subject, worker: _alert(subject), "条"),
        ("corrections:measure_list", _measure, "条"),
        ("corrections:lost_contact_list", _lost_contact, "条"),
    ],
)
def test_corrections_lists_state_the_minors_they_hide(
    cast, login, worker, subjects, url_name, make, unit
):
    for subject in subjects:
        make(subject, worker)
    response = login(cast.township_clerk).get(reverse(url_name))
    assert response.context["page_obj"].paginator.count == 1
    assert f"含未成年人记录 1 {unit}（不予显示）" in response.content.decode()
    response = login(worker).get(reverse(url_name))
    assert response.context["page_obj"].paginator.count == 2
    assert "不予显示" not in response.content.decode()
