"""教育帮扶 (社区矫正法 第36–43条, CC-33): recording group and individual activities, the subjects
who may take part, the list's totals (次数, 时长, 人次), and the pages (own / parent / sibling,
minors)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from sifa.corrections.actions.measures import education_record
from sifa.corrections.constants import EducationKind
from sifa.corrections.selectors.measures import education_list, education_totals
from sifa.corrections.tests.factories import make_active_subject, make_subject, make_worker

D = datetime.date
DAY = D(2026, 4, 10)


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def subjects(cast, worker):
    return [make_active_subject(worker, cast.township_a1) for _ in range(3)]


def activity(actor, office, subjects, *, kind=EducationKind.GROUP, hours="2", on=DAY, staff=2):
    return education_record(
        actor=actor,
        office=office,
        kind=kind,
        held_on=on,
        topic="法治教育讲座",
        hours=hours,
        staff_count=staff,
        subjects=subjects,
    )


def test_group_activity_with_several_subjects(cast, subjects):
    education = activity(cast.township_clerk, cast.township_a1, subjects)
    assert education.office == cast.township_a1 and education.hours == Decimal("2.0")
    assert set(education.subjects.all()) == set(subjects)


def test_county_activity_across_its_offices(cast, worker, subjects):
    other = make_active_subject(worker, cast.township_a2)
    education = activity(cast.county_supervisor, cast.county_a, [*subjects, other])
    assert education.subjects.count() == 4


def test_individual_education_has_one_subject(cast, subjects):
    with pytest.raises(ValidationError, match="只能选择一名"):
        activity(cast.township_clerk, cast.township_a1, subjects, kind=EducationKind.INDIVIDUAL)
    one = activity(
        cast.township_clerk, cast.township_a1, subjects[:1], kind=EducationKind.INDIVIDUAL
    )
    assert one.subjects.get() == subjects[0]


def test_needs_a_subject_and_valid_values(cast):
    with pytest.raises(ValidationError) as error:
        education_record(
            actor=cast.township_clerk,
            office=cast.township_a1,
            kind="dancing",
            held_on=D(2099, 1, 1),
            topic="",
            hours="0",
            staff_count=-1,
            subjects=[],
        )
    assert set(error.value.message_dict) == {
        "kind",
        "held_on",
        "topic",
        "hours",
        "staff_count",
        "subjects",
    }
    with pytest.raises(ValidationError) as error:
        activity(cast.township_clerk, cast.township_a1, [], hours="25")
    assert "hours" in error.value.message_dict


def test_subject_must_be_received_or_in_correction(cast, worker):
    waiting = make_subject(worker, cast.township_a1)
    with pytest.raises(ValidationError, match="已接收/在矫"):
        activity(cast.township_clerk, cast.township_a1, [waiting])


def test_subject_must_be_visible_and_under_the_office(cast, worker, subjects):
    sibling_subject = make_active_subject(worker, cast.township_a2)
    with pytest.raises(ValidationError, match="管辖范围"):
        activity(cast.township_clerk, cast.township_a1, [subjects[0], sibling_subject])
    with pytest.raises(ValidationError, match="不属于"):  # county staff: seen, but elsewhere
        activity(cast.county_supervisor, cast.township_a1, [sibling_subject])


def test_minor_needs_the_capability(cast, worker):
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    with pytest.raises(ValidationError, match="管辖范围"):
        activity(cast.township_clerk, cast.township_a1, [minor])
    assert activity(worker, cast.township_a1, [minor]).subjects.get() == minor


def test_date_not_before_registration(cast, subjects):
    with pytest.raises(ValidationError, match="接收登记日期"):
        activity(cast.township_clerk, cast.township_a1, subjects, on=D(2026, 3, 1))


def test_office_permissions(cast, subjects):
    with pytest.raises(Http404):
        activity(cast.sibling_clerk, cast.township_a1, subjects)
    with pytest.raises(PermissionDenied):
        activity(cast.city_leader, cast.township_a1, subjects)


def test_totals(cast, subjects):
    activity(cast.township_clerk, cast.township_a1, subjects, hours="2", staff=2)
    activity(cast.township_clerk, cast.township_a1, subjects[:1], hours="1.5", staff=1)
    activity(
        cast.township_clerk,
        cast.township_a1,
        subjects[1:2],
        kind=EducationKind.COUNSELLING,
        hours="1",
        staff=1,
        on=D(2026, 5, 1),
    )
    totals = education_totals(education_list(actor=cast.township_clerk))
    assert totals.activities == 3 and totals.hours == Decimal("4.5")
    assert totals.participants == 5 and totals.persons == 3 and totals.staff == 4
    group = education_totals(education_list(actor=cast.township_clerk, kind=EducationKind.GROUP))
    assert (group.activities, group.hours, group.participants) == (2, Decimal("3.5"), 4)
    april = education_totals(education_list(actor=cast.county_supervisor, date_to=D(2026, 4, 30)))
    assert april.activities == 2
    assert education_totals(education_list(actor=cast.sibling_clerk)).activities == 0


# ---------------------------------------------------------------------------------------------
# Pages


def test_list_own_parent_sibling(cast, subjects, login):
    activity(cast.township_clerk, cast.township_a1, subjects)
    url = reverse("corrections:education_list")
    for user, sees in [
        (cast.township_clerk, True),
        (cast.county_supervisor, True),
        (cast.sibling_clerk, False),
    ]:
        response = login(user).get(url)
        assert response.status_code == 200
        assert ("法治教育讲座" in response.content.decode()) is sees
        assert response.context["totals"].participants == (3 if sees else 0)
    assert login(cast.public_user).get(url).status_code == 403


def test_activity_with_a_minor_is_hidden_without_the_capability(cast, worker, subjects, login):
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    activity(worker, cast.township_a1, [subjects[0], minor])
    url = reverse("corrections:education_list")
    assert login(cast.township_clerk).get(url).context["totals"].activities == 0
    assert login(worker).get(url).context["totals"].activities == 1


def test_add_page(cast, subjects, worker, login):
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    url = reverse("corrections:education_add")
    client = login(cast.township_clerk)
    response = client.get(url)
    assert response.status_code == 200
    offered = set(response.context["form"].fields["subjects"].queryset)
    assert offered == set(subjects) and minor not in offered
    response = client.post(
        url,
        {
            "office": cast.township_a1.pk,
            "kind": EducationKind.GROUP,
            "held_on": "2026-04-12",
            "topic": "公益劳动",
            "hours": "3",
            "staff_count": "2",
            "subjects": [s.pk for s in subjects[:2]],
        },
    )
    assert response.status_code == 302
    rows = education_list(actor=cast.township_clerk)
    assert rows.get().participants == 2
    assert login(cast.public_user).get(url).status_code == 403
