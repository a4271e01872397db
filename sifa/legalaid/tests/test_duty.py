"""Duty rosters (值班): a week's roster per office, its checks, persons helped, pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sifa.core.testing import assert_invalid
from sifa.legalaid.actions import duty as actions
from sifa.legalaid.actions.duty import ShiftInput, week_start
from sifa.legalaid.actions.providers import handler_create, handler_set_active, provider_create
from sifa.legalaid.constants import DutyPeriod, HandlerKind, ProviderKind
from sifa.legalaid.models import DutyShift, Handler, Provider
from sifa.legalaid.selectors import duty as selectors
from sifa.mediation.tests.factories import make_person
from sifa.orgs.constants import OfficeKind
from tests.factories import UserFactory, add_office, grant

TODAY = timezone.localdate()
NEXT_MONDAY = week_start(TODAY) + datetime.timedelta(days=7)
LAST_MONDAY = week_start(TODAY) - datetime.timedelta(days=7)


@pytest.fixture
def centre(cast):
    return add_office(
        cast.county_a,
        name="甲县法律援助中心",
        code="330102LA1",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330102",
    )


@pytest.fixture
def workstation(cast, centre):
    return add_office(
        centre,
        name="甲县看守所法律援助工作站",
        code="330102LA1W1",
        kind=OfficeKind.LEGAL_AID_WORKSTATION,
        region_code="330102",
    )


@pytest.fixture
def reviewer(centre):
    user = UserFactory(username="la_reviewer_a")
    grant(user, centre, "la_reviewer")
    return user


@pytest.fixture
def lawyer(reviewer, centre):
    firm = provider_create(
        actor=reviewer, office=centre, name="某某律师事务所", kind=ProviderKind.LAW_FIRM
    )
    return handler_create(
        actor=reviewer,
        provider=firm,
        person=make_person(centre, name="值班律师甲"),
        kind=HandlerKind.LAWYER,
        licence_number="13301201810000001",
    )


def shift(day, handler, period=DutyPeriod.MORNING, place=""):
    return ShiftInput(on_date=day, period=period, handler=handler, place=place)


# ---------------------------------------------------------------------------------------------
# Actions


def test_a_week_s_roster_is_added_and_listed_by_office_and_week(
    cast, reviewer, workstation, lawyer
):
    created = actions.duty_week_add(
        actor=reviewer,
        office=workstation,
        week_of=NEXT_MONDAY + datetime.timedelta(days=2),
        shifts=[
            shift(NEXT_MONDAY, lawyer),
            shift(NEXT_MONDAY + datetime.timedelta(days=3), lawyer, DutyPeriod.FULL_DAY),
        ],
    )
    assert len(created) == 2
    week = selectors.duty_week(actor=reviewer, week_of=NEXT_MONDAY, office=workstation)
    assert set(week) == set(created)
    assert not selectors.duty_week(actor=reviewer, week_of=TODAY, office=workstation).exists()
    assert set(selectors.duty_week(actor=cast.county_supervisor, week_of=NEXT_MONDAY)) == set(
        created
    )
    assert not selectors.duty_week(actor=cast.township_clerk, week_of=NEXT_MONDAY).exists()


def test_shifts_outside_the_week_are_refused_and_nothing_is_saved(reviewer, centre, lawyer):
    with pytest.raises(ValidationError) as error:
        actions.duty_week_add(
            actor=reviewer,
            office=centre,
            week_of=NEXT_MONDAY,
            shifts=[
                shift(NEXT_MONDAY, lawyer),
                shift(NEXT_MONDAY + datetime.timedelta(days=7), lawyer),
            ],
        )
    assert "第2行" in error.value.error_dict["shifts"][0].messages[0]
    assert not DutyShift.objects.exists()


def test_a_handler_on_duty_twice_at_the_same_time_is_refused(reviewer, centre, workstation, lawyer):
    with pytest.raises(ValidationError) as exc:
        actions.duty_week_add(
            actor=reviewer,
            office=centre,
            week_of=NEXT_MONDAY,
            shifts=[
                shift(NEXT_MONDAY, lawyer, DutyPeriod.FULL_DAY),
                shift(NEXT_MONDAY, lawyer, DutyPeriod.AFTERNOON),
            ],
        )
    assert_invalid(exc, "shifts", "行：值班律师甲 在同一时段重复排班。")
    actions.duty_week_add(
        actor=reviewer, office=centre, week_of=NEXT_MONDAY, shifts=[shift(NEXT_MONDAY, lawyer)]
    )
    with pytest.raises(ValidationError) as error:  # already on duty at the centre
        actions.duty_week_add(
            actor=reviewer,
            office=workstation,
            week_of=NEXT_MONDAY,
            shifts=[shift(NEXT_MONDAY, lawyer, DutyPeriod.FULL_DAY)],
        )
    assert centre.name in error.value.error_dict["shifts"][0].messages[0]
    afternoon = actions.duty_week_add(
        actor=reviewer,
        office=workstation,
        week_of=NEXT_MONDAY,
        shifts=[shift(NEXT_MONDAY, lawyer, DutyPeriod.AFTERNOON)],
    )
    assert len(afternoon) == 1


def test_the_handler_must_be_visible_and_on_the_roster(cast, reviewer, centre, lawyer):
    other_centre = add_office(
        cast.county_b,
        name="乙县法律援助中心",
        code="330103LA1",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330103",
    )
    firm = Provider.objects.create(office=other_centre, name="乙律所", kind=ProviderKind.LAW_FIRM)
    stranger = Handler.objects.create(
        office=other_centre,
        provider=firm,
        person=make_person(other_centre),
        kind=HandlerKind.LAWYER,
        licence_number="1",
    )
    with pytest.raises(ValidationError) as exc:
        actions.duty_week_add(
            actor=reviewer,
            office=centre,
            week_of=NEXT_MONDAY,
            shifts=[shift(NEXT_MONDAY, stranger)],
        )
    assert_invalid(exc, "shifts", "行：未找到该承办人员。")
    handler_set_active(actor=reviewer, handler=lawyer, active=False)
    with pytest.raises(ValidationError) as exc:
        actions.duty_week_add(
            actor=reviewer, office=centre, week_of=NEXT_MONDAY, shifts=[shift(NEXT_MONDAY, lawyer)]
        )
    assert_invalid(exc, "shifts", "行：值班律师甲 已不在册。")


def test_duty_is_kept_at_legal_aid_offices_only_and_needs_edit(cast, centre, lawyer):
    with pytest.raises(ValidationError) as error:
        actions.duty_week_add(
            actor=cast.county_supervisor,
            office=cast.township_a1,
            week_of=NEXT_MONDAY,
            shifts=[shift(NEXT_MONDAY, lawyer)],
        )
    assert "office" in error.value.error_dict
    with pytest.raises(Http404):
        actions.duty_week_add(
            actor=cast.township_clerk,
            office=centre,
            week_of=NEXT_MONDAY,
            shifts=[shift(NEXT_MONDAY, lawyer)],
        )
    with pytest.raises(PermissionDenied):
        actions.duty_week_add(
            actor=cast.city_leader,
            office=centre,
            week_of=NEXT_MONDAY,
            shifts=[shift(NEXT_MONDAY, lawyer)],
        )


def test_persons_helped_are_recorded_only_once_the_shift_has_taken_place(reviewer, centre, lawyer):
    past, future = actions.duty_week_add(
        actor=reviewer,
        office=centre,
        week_of=LAST_MONDAY,
        shifts=[shift(LAST_MONDAY, lawyer)],
    ) + actions.duty_week_add(
        actor=reviewer, office=centre, week_of=NEXT_MONDAY, shifts=[shift(NEXT_MONDAY, lawyer)]
    )
    with pytest.raises(ValidationError) as exc:
        actions.duty_record_help(actor=reviewer, shift=future, persons_helped=3)
    assert_invalid(exc, "persons_helped", "值班尚未开始，不能登记值班情况。")
    with pytest.raises(ValidationError) as exc:
        actions.duty_record_help(actor=reviewer, shift=past, persons_helped=-1)
    assert_invalid(exc, "persons_helped", "提供法律帮助人次不能为负数。")
    actions.duty_record_help(actor=reviewer, shift=past, persons_helped=3, notes="会见三人")
    past.refresh_from_db()
    assert (past.persons_helped, past.notes) == (3, "会见三人")
    with pytest.raises(ValidationError) as exc:  # a shift that took place stays
        actions.duty_shift_remove(actor=reviewer, shift=past)
    assert_invalid(exc, "__all__", "已开始的值班不能取消，请登记值班情况。")
    actions.duty_shift_remove(actor=reviewer, shift=future)
    assert list(DutyShift.objects.all()) == [past]


# ---------------------------------------------------------------------------------------------
# Views


@pytest.fixture
def past_shift(reviewer, centre, lawyer):
    return actions.duty_week_add(
        actor=reviewer, office=centre, week_of=LAST_MONDAY, shifts=[shift(LAST_MONDAY, lawyer)]
    )[0]


def test_duty_list_trio(cast, reviewer, past_shift, login):
    url = reverse("legalaid:duty_list")
    query = {"week": LAST_MONDAY.isoformat()}
    name = past_shift.handler.person.name
    for user in (reviewer, cast.county_supervisor):
        response = login(user).get(url, query)
        assert response.status_code == 200 and name in response.content.decode()
    sibling = login(cast.township_clerk).get(url, query)
    assert sibling.status_code == 200 and name not in sibling.content.decode()
    this_week = login(reviewer).get(url)
    assert name not in this_week.content.decode()
    assert login(cast.public_user).get(url).status_code == 403


def test_record_page_trio(cast, reviewer, past_shift, login):
    url = reverse("legalaid:duty_shift_record", args=[past_shift.pk])
    for user in (reviewer, cast.county_supervisor):
        assert login(user).get(url).status_code == 200
    assert login(cast.township_clerk).get(url).status_code == 404
    assert login(cast.city_leader).get(url).status_code == 403
    response = login(reviewer).post(url, {"persons_helped": "4", "notes": ""})
    assert response.status_code == 302
    past_shift.refresh_from_db()
    assert past_shift.persons_helped == 4


def test_add_a_week_through_the_form(cast, reviewer, centre, lawyer, login):
    url = reverse("legalaid:duty_week_add")
    assert login(cast.city_leader).get(url).status_code == 403
    client = login(reviewer)
    assert client.get(url).status_code == 200
    data = {
        "office": centre.pk,
        "week": NEXT_MONDAY.isoformat(),
        "shifts-TOTAL_FORMS": "3",
        "shifts-INITIAL_FORMS": "0",
        "shifts-0-weekday": "0",
        "shifts-0-period": "morning",
        "shifts-0-handler": lawyer.pk,
        "shifts-0-place": "中心窗口",
        "shifts-1-weekday": "0",
        "shifts-1-period": "full_day",
        "shifts-1-handler": lawyer.pk,
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "重复排班" in refused.content.decode()
    assert not DutyShift.objects.exists()
    data["shifts-1-weekday"] = "2"
    response = client.post(url, data)
    assert response.status_code == 302
    days = sorted(DutyShift.objects.values_list("on_date", flat=True))
    assert days == [NEXT_MONDAY, NEXT_MONDAY + datetime.timedelta(days=2)]
