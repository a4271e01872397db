"""安置帮教 (DOMAIN §4, RA-1…RA-6): actions, the five-year window, the hand-over from
corrections, to-dos, and the pages (own / parent / sibling, minors)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sifa.audit.models import AccessLog
from sifa.core.testing import assert_invalid
from sifa.people.models import Person
from sifa.resettlement.actions import persons as actions
from sifa.resettlement.constants import EndReason, PlacementKind, RiskLevel, Source, Status
from sifa.resettlement.models import HelpTeamMember, Placement, ReleasedPerson, Reoffence, Visit
from sifa.resettlement.selectors import persons as selectors
from sifa.resettlement.tests.factories import (
    DEFAULT_RELEASED_ON,
    make_person,
    make_released,
    make_released_subject,
    resident_id,
)
from sifa.resettlement.todos import resettlement_todos
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def clerk(cast):
    return cast.township_clerk


@pytest.fixture
def released(cast, clerk):
    return make_released(clerk, cast.township_a1)


@pytest.fixture
def key_released(cast, clerk):
    return make_released(clerk, cast.township_a1, key_person=True, key_reason="暴力犯罪")


@pytest.fixture
def cc_worker(cast):
    user = UserFactory(username="cc_worker_r")
    grant(user, cast.county_a, "cc_worker")
    return user


# --- registration and the five-year window (RA-1) -------------------------------------------


def test_register_sets_window_and_status(cast, clerk, released):
    assert released.source == Source.PRISON
    assert released.status == Status.NOTIFIED
    assert released.office == cast.township_a1
    assert released.assistance_end == datetime.date(2030, 6, 10)
    assert released.created_by == clerk
    assert released.history.first().history_change_reason == "登记刑满释放人员"


@pytest.mark.parametrize(
    ("released_on", "end"),
    [
        (datetime.date(2020, 2, 29), datetime.date(2025, 2, 28)),  # 民法典 第202条
        (datetime.date(2024, 1, 31), datetime.date(2029, 1, 31)),
        (datetime.date(2026, 12, 31), datetime.date(2031, 12, 31)),
    ],
)
def test_assistance_end_is_five_years(released_on, end):
    assert actions.assistance_end_for(released_on) == end


def test_assistance_years_are_a_setting(settings):
    # Issue 15: the five years of RA-1 are SIFA_RS_ASSISTANCE_YEARS.
    settings.SIFA_RS_ASSISTANCE_YEARS = 3
    assert actions.assistance_end_for(datetime.date(2026, 3, 1)) == datetime.date(2029, 3, 1)


def test_register_requires_a_judicial_office(cast):
    person = make_person(cast.county_a)
    with pytest.raises(ValidationError) as error:
        make_released(cast.county_supervisor, cast.county_a, person=person)
    assert "office" in error.value.message_dict


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"crime": "  "}, "crime"),
        ({"key_person": True, "key_reason": ""}, "key_reason"),
        ({"risk_level": "extreme"}, "risk_level"),
        ({"notice_received_on": TODAY + DAY}, "notice_received_on"),
    ],
)
def test_register_validation(cast, clerk, extra, field):
    with pytest.raises(ValidationError) as error:
        make_released(clerk, cast.township_a1, **extra)
    assert field in error.value.message_dict
    assert not ReleasedPerson.objects.exists()


def test_register_refuses_the_same_release_twice(cast, clerk, released):
    with pytest.raises(ValidationError) as error:
        make_released(clerk, cast.township_a1, person=released.person)
    assert "released_on" in error.value.message_dict
    other = make_released(
        clerk, cast.township_a1, person=released.person, released_on=datetime.date(2026, 1, 5)
    )
    assert other.pk != released.pk


def test_register_permissions(cast):
    with pytest.raises(Http404):
        make_released(cast.sibling_clerk, cast.township_a1)
    with pytest.raises(PermissionDenied):
        make_released(cast.city_leader, cast.township_a1)  # sees, may not edit


def test_key_reason_dropped_for_ordinary_person(cast, clerk):
    released = make_released(clerk, cast.township_a1, key_reason="无关", risk_level=RiskLevel.LOW)
    assert released.key_reason == ""
    assert released.risk_level == RiskLevel.LOW


# --- hand-over from corrections -------------------------------------------------------------


def test_from_correction_is_connected_and_idempotent(cast, clerk):
    subject = make_released_subject(cast.township_a1)
    released = actions.released_person_from_correction(actor=clerk, subject=subject)
    assert released.source == Source.CORRECTION
    assert released.status == Status.CONNECTED
    assert released.connected_on == subject.released_on
    assert released.office == subject.office
    assert released.person == subject.person
    assert released.crime == subject.crime
    assert released.original_sentence == subject.original_sentence
    assert released.certificate_number == subject.certificate_number
    assert released.assistance_end == datetime.date(2030, 6, 10)
    again = actions.released_person_from_correction(actor=clerk, subject=subject)
    assert again.pk == released.pk
    assert ReleasedPerson.objects.count() == 1


def test_from_correction_needs_a_release_and_permission(cast, clerk):
    subject = make_released_subject(cast.township_a1, released_on=None)
    with pytest.raises(ValidationError) as exc:
        actions.released_person_from_correction(actor=clerk, subject=subject)
    assert_invalid(exc, "released_on", "社区矫正对象尚未解除矫正，不能转入安置帮教。")
    released_subject = make_released_subject(cast.township_a1)
    with pytest.raises(Http404):
        actions.released_person_from_correction(actor=cast.sibling_clerk, subject=released_subject)
    assert not ReleasedPerson.objects.exists()


# --- connection (衔接) and 必接必送 (RA-4) -----------------------------------------------------


def test_connect(clerk, released):
    actions.connect(actor=clerk, released=released, connected_on=DEFAULT_RELEASED_ON)
    released.refresh_from_db()
    assert released.status == Status.CONNECTED
    assert released.connected_on == DEFAULT_RELEASED_ON
    assert not released.met_at_gate


def test_key_person_must_be_met_at_the_gate(clerk, key_released):
    with pytest.raises(ValidationError) as error:
        actions.connect(actor=clerk, released=key_released, connected_on=DEFAULT_RELEASED_ON)
    assert "met_at_gate" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.connect(
            actor=clerk, released=key_released, connected_on=DEFAULT_RELEASED_ON, met_at_gate=True
        )
    assert "met_by" in error.value.message_dict
    actions.connect(
        actor=clerk,
        released=key_released,
        connected_on=DEFAULT_RELEASED_ON,
        met_at_gate=True,
        met_by="王所长、家属，警车一辆",
    )
    key_released.refresh_from_db()
    assert key_released.met_at_gate and key_released.met_by == "王所长、家属，警车一辆"
    assert "必接必送" in key_released.history.first().history_change_reason


@pytest.mark.parametrize(
    "connected_on", [DEFAULT_RELEASED_ON - DAY, TODAY + DAY], ids=["before", "future"]
)
def test_connect_dates(clerk, released, connected_on):
    with pytest.raises(ValidationError) as error:
        actions.connect(actor=clerk, released=released, connected_on=connected_on)
    assert "connected_on" in error.value.message_dict


def test_connect_permissions(cast, released):
    with pytest.raises(Http404):
        actions.connect(
            actor=cast.sibling_clerk, released=released, connected_on=DEFAULT_RELEASED_ON
        )
    with pytest.raises(PermissionDenied):
        actions.connect(actor=cast.city_leader, released=released, connected_on=DEFAULT_RELEASED_ON)
    actions.connect(
        actor=cast.county_supervisor, released=released, connected_on=DEFAULT_RELEASED_ON
    )


def test_not_connected_then_connected(clerk, released):
    with pytest.raises(ValidationError) as error:
        actions.mark_not_connected(
            actor=clerk, released=released, on=DEFAULT_RELEASED_ON, reason=""
        )
    assert set(error.value.message_dict) == {"on", "reason"}
    actions.mark_not_connected(
        actor=clerk,
        released=released,
        on=DEFAULT_RELEASED_ON + DAY,
        reason="未到司法所报到，已通报派出所协查",
    )
    released.refresh_from_db()
    assert released.status == Status.NOT_CONNECTED
    assert "协查" in released.history.first().history_change_reason
    with pytest.raises(ValidationError) as exc:  # NOT_CONNECTED → NOT_CONNECTED is not in the table
        actions.mark_not_connected(
            actor=clerk, released=released, on=DEFAULT_RELEASED_ON + DAY, reason="again"
        )
    assert_invalid(
        exc, "__all__", "安置帮教对象不能从「未衔接（下落不明）」变为「未衔接（下落不明）」。"
    )
    actions.connect(actor=clerk, released=released, connected_on=DEFAULT_RELEASED_ON + 5 * DAY)
    released.refresh_from_db()
    assert released.status == Status.CONNECTED


# --- the end of assistance ------------------------------------------------------------------


def test_expiry_only_after_five_years(cast, clerk):
    old = make_released(clerk, cast.township_a1, released_on=datetime.date(2020, 3, 1))
    actions.connect(actor=clerk, released=old, connected_on=datetime.date(2020, 3, 1))
    assert old.assistance_end == datetime.date(2025, 3, 1)
    with pytest.raises(ValidationError) as error:
        actions.end_assistance(
            actor=clerk, released=old, ended_on=datetime.date(2025, 2, 28), reason=EndReason.EXPIRED
        )
    assert "ended_on" in error.value.message_dict
    actions.end_assistance(
        actor=clerk, released=old, ended_on=datetime.date(2025, 3, 1), reason=EndReason.EXPIRED
    )
    old.refresh_from_db()
    assert old.status == Status.ENDED
    assert old.end_reason == EndReason.EXPIRED
    assert old.ended_on == datetime.date(2025, 3, 1)


def test_end_validation(clerk, released):
    with pytest.raises(ValidationError) as exc:  # NOTIFIED → ENDED is not allowed
        actions.end_assistance(
            actor=clerk, released=released, ended_on=TODAY, reason=EndReason.DEATH
        )
    assert_invalid(exc, "__all__", "安置帮教对象不能从「已收到释放通知」变为「帮教结束」。")
    actions.connect(actor=clerk, released=released, connected_on=DEFAULT_RELEASED_ON)
    for ended_on, reason, field in [
        (TODAY, "bored", "reason"),
        (TODAY + DAY, EndReason.DEATH, "ended_on"),
        (DEFAULT_RELEASED_ON - DAY, EndReason.MOVED, "ended_on"),
        (TODAY, EndReason.REOFFENDED, "reason"),  # no re-offence recorded
    ]:
        with pytest.raises(ValidationError) as error:
            actions.end_assistance(actor=clerk, released=released, ended_on=ended_on, reason=reason)
        assert field in error.value.message_dict
    actions.end_assistance(
        actor=clerk, released=released, ended_on=TODAY, reason=EndReason.MOVED, note="迁往外省"
    )
    released.refresh_from_db()
    assert released.status == Status.ENDED
    assert released.history.first().history_change_reason == "迁出：迁往外省"


# --- classification, team, visits, placements, re-offences -----------------------------------


def test_classify(clerk, released):
    with pytest.raises(ValidationError) as exc:
        actions.classify(actor=clerk, released=released, key_person=True, key_reason="")
    assert_invalid(exc, "key_reason", "列为重点帮教对象的，请填写理由。")
    actions.classify(
        actor=clerk,
        released=released,
        key_person=True,
        key_reason="涉毒",
        risk_level=RiskLevel.HIGH,
    )
    released.refresh_from_db()
    assert released.key_person and released.risk_level == RiskLevel.HIGH


def test_team_members(clerk, released):
    member = actions.team_member_add(actor=clerk, released=released, name="李四", role="村委会")
    assert member.office == released.office
    with pytest.raises(ValidationError) as exc:
        actions.team_member_add(actor=clerk, released=released, name="李四", role="村委会")
    assert_invalid(exc, "name", "该成员已在帮教小组中。")
    with pytest.raises(ValidationError) as error:
        actions.team_member_add(actor=clerk, released=released, name="", role="")
    assert set(error.value.message_dict) == {"name", "role"}
    actions.team_member_remove(actor=clerk, member=member)
    assert not HelpTeamMember.objects.exists()


def test_visit_and_placement(clerk, released):
    visit = actions.visit_add(
        actor=clerk,
        released=released,
        visited_on=DEFAULT_RELEASED_ON - 20 * DAY,
        content="入监帮教",
    )
    assert visit.office == released.office
    with pytest.raises(ValidationError) as exc:
        actions.visit_add(actor=clerk, released=released, visited_on=TODAY + DAY, content="x")
    assert_invalid(exc, "visited_on", "走访日期不能晚于今天。")
    placement = actions.placement_add(
        actor=clerk,
        released=released,
        kind=PlacementKind.JOB,
        placed_on=DEFAULT_RELEASED_ON + 30 * DAY,
        detail="某某厂",
    )
    assert placement.kind == PlacementKind.JOB
    for extra, field in [
        ({"kind": "lottery"}, "kind"),
        ({"placed_on": DEFAULT_RELEASED_ON - DAY}, "placed_on"),
        ({"detail": " "}, "detail"),
    ]:
        data = {"kind": PlacementKind.SCHOOL, "placed_on": TODAY, "detail": "某校", **extra}
        with pytest.raises(ValidationError) as error:
            actions.placement_add(actor=clerk, released=released, **data)
        assert field in error.value.message_dict
    assert Visit.objects.count() == 1 and Placement.objects.count() == 1


def test_records_after_the_end_are_refused(clerk, released):
    actions.connect(actor=clerk, released=released, connected_on=DEFAULT_RELEASED_ON)
    ended_on = DEFAULT_RELEASED_ON + 10 * DAY
    actions.end_assistance(
        actor=clerk, released=released, ended_on=ended_on, reason=EndReason.DEATH
    )
    with pytest.raises(ValidationError) as exc:
        actions.visit_add(actor=clerk, released=released, visited_on=ended_on + DAY, content="x")
    assert_invalid(exc, "visited_on", "结束，不能登记此后的情况。")
    actions.visit_add(actor=clerk, released=released, visited_on=ended_on, content="补录")
    with pytest.raises(ValidationError) as exc:
        actions.team_member_add(actor=clerk, released=released, name="王五", role="志愿者")
    assert_invalid(exc, "name", "帮教已结束，不能再增加帮教小组成员。")


def test_reoffence_ends_assistance(clerk, released):
    actions.connect(actor=clerk, released=released, connected_on=DEFAULT_RELEASED_ON)
    with pytest.raises(ValidationError) as error:
        actions.reoffence_add(
            actor=clerk,
            released=released,
            occurred_on=DEFAULT_RELEASED_ON + 40 * DAY,
            description="殴打他人，行政拘留",
            criminal=False,
            end_assistance_now=True,
        )
    assert "end_assistance_now" in error.value.message_dict
    actions.reoffence_add(
        actor=clerk,
        released=released,
        occurred_on=DEFAULT_RELEASED_ON + 40 * DAY,
        description="盗窃，被刑事拘留",
        end_assistance_now=True,
    )
    released.refresh_from_db()
    assert released.status == Status.ENDED
    assert released.end_reason == EndReason.REOFFENDED
    assert released.ended_on == DEFAULT_RELEASED_ON + 40 * DAY
    assert Reoffence.objects.get().criminal


def test_reoffence_then_end_with_reason(clerk, released):
    actions.connect(actor=clerk, released=released, connected_on=DEFAULT_RELEASED_ON)
    occurred = DEFAULT_RELEASED_ON + 3 * DAY
    actions.reoffence_add(actor=clerk, released=released, occurred_on=occurred, description="抢劫")
    actions.end_assistance(
        actor=clerk, released=released, ended_on=occurred + DAY, reason=EndReason.REOFFENDED
    )
    released.refresh_from_db()
    assert released.end_reason == EndReason.REOFFENDED


def test_reoffence_outside_the_window(cast, clerk):
    old = make_released(clerk, cast.township_a1, released_on=datetime.date(2020, 3, 1))
    with pytest.raises(ValidationError) as error:
        actions.reoffence_add(
            actor=clerk, released=old, occurred_on=datetime.date(2025, 3, 2), description="x"
        )
    assert "occurred_on" in error.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.reoffence_add(
            actor=clerk, released=old, occurred_on=datetime.date(2020, 2, 1), description="x"
        )
    assert_invalid(exc, "occurred_on", "违法犯罪日期不能早于释放日期（")


# --- selectors: scope and minors ------------------------------------------------------------


def test_list_scope_own_parent_sibling(cast, clerk, released):
    def seen(user):
        return list(selectors.released_list(actor=user))

    assert seen(clerk) == [released]
    assert seen(cast.county_supervisor) == [released]
    assert seen(cast.city_leader) == [released]
    assert seen(cast.sibling_clerk) == []
    assert seen(cast.public_user) == []


def test_minor_handover_is_restricted(cast, cc_worker):
    subject = make_released_subject(cast.township_a1, is_minor=True)
    released = actions.released_person_from_correction(actor=cc_worker, subject=subject)
    assert list(selectors.released_list(actor=cc_worker)) == [released]
    assert list(selectors.released_list(actor=cast.township_clerk)) == []
    assert list(selectors.released_list(actor=cast.county_supervisor)) == []
    with pytest.raises(Http404):
        selectors.released_get(actor=cast.township_clerk, pk=released.pk)


def test_the_list_states_the_minors_it_hides(cast, cc_worker, login):
    """Listed + "含未成年人 N 人（不予显示）" = every handed-over person of the office."""
    for is_minor in (True, True, False):
        subject = make_released_subject(cast.township_a1, is_minor=is_minor)
        actions.released_person_from_correction(actor=cc_worker, subject=subject)
    url = reverse("resettlement:person_list")
    response = login(cast.township_clerk).get(url)
    assert response.context["page_obj"].paginator.count == 1
    assert "含未成年人 2 人（不予显示）" in response.content.decode()
    response = login(cc_worker).get(url)
    assert response.context["page_obj"].paginator.count == 3
    assert "不予显示" not in response.content.decode()


def test_list_filters(cast, clerk, released, key_released):
    adult = make_released_subject(cast.township_a1)
    handed = actions.released_person_from_correction(actor=clerk, subject=adult)

    def pks(**filters):
        return {r.pk for r in selectors.released_list(actor=clerk, **filters)}

    assert pks(source=Source.CORRECTION) == {handed.pk}
    assert pks(key_person="yes") == {key_released.pk}
    assert pks(status=Status.NOTIFIED) == {released.pk, key_released.pk}
    assert pks(office=cast.township_a2) == set()
    assert pks(released_from=DEFAULT_RELEASED_ON, released_to=DEFAULT_RELEASED_ON) == {
        released.pk,
        key_released.pk,
        handed.pk,
    }
    assert pks(q=released.person.name) == {released.pk}


# --- to-dos ---------------------------------------------------------------------------------


def test_todos(cast, clerk):
    waiting = make_released(clerk, cast.township_a1, released_on=TODAY - 2 * DAY)
    make_released(clerk, cast.township_a1, released_on=TODAY + 30 * DAY)  # not yet
    key_soon = make_released(
        clerk, cast.township_a1, released_on=TODAY + 3 * DAY, key_person=True, key_reason="涉黑"
    )
    key_gone = make_released(
        clerk, cast.township_a1, released_on=TODAY - 1 * DAY, key_person=True, key_reason="涉黑"
    )
    expired = make_released(clerk, cast.township_a1, released_on=datetime.date(2020, 1, 2))
    actions.connect(actor=clerk, released=expired, connected_on=datetime.date(2020, 1, 2))
    todos = {t.url: t for t in resettlement_todos(clerk)}
    assert set(todos) == {
        waiting.get_absolute_url(),
        key_soon.get_absolute_url(),
        key_gone.get_absolute_url(),
        expired.get_absolute_url(),
    }
    assert todos[waiting.get_absolute_url()].overdue
    assert "尚未衔接" in todos[waiting.get_absolute_url()].title
    assert not todos[key_soon.get_absolute_url()].overdue
    assert "必接必送" in todos[key_soon.get_absolute_url()].title
    assert todos[key_gone.get_absolute_url()].overdue
    assert "帮教期" in todos[expired.get_absolute_url()].title
    assert all(t.line == "安置帮教" for t in todos.values())
    assert resettlement_todos(cast.sibling_clerk) == []
    assert len(resettlement_todos(cast.county_supervisor)) == 4
    actions.connect(actor=clerk, released=waiting, connected_on=TODAY)
    assert waiting.get_absolute_url() not in {t.url for t in resettlement_todos(clerk)}


# --- pages ----------------------------------------------------------------------------------


def list_url():
    return reverse("resettlement:person_list")


def detail_url(released):
    return reverse("resettlement:person_detail", args=[released.pk])


@pytest.mark.parametrize(
    ("user", "status", "listed"),
    [
        ("township_clerk", 200, True),
        ("county_supervisor", 200, True),
        ("sibling_clerk", 200, False),
        ("public_user", 403, False),
    ],
)
def test_list_page(cast, login, released, user, status, listed):
    response = login(getattr(cast, user)).get(list_url())
    assert response.status_code == status
    if status == 200:
        assert (released.person.name in response.content.decode()) is listed


def test_list_filter_and_export(cast, login, released):
    client = login(cast.township_clerk)
    response = client.get(list_url(), {"status": Status.NOTIFIED, "key_person": "no"})
    assert released.person.name in response.content.decode()
    response = client.get(list_url(), {"status": Status.ENDED})
    assert released.person.name not in response.content.decode()
    response = client.get(reverse("resettlement:person_export"), {"status": Status.NOTIFIED})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("township_clerk", 200),
        ("county_supervisor", 200),
        ("city_leader", 200),
        ("sibling_clerk", 404),
        ("public_user", 404),
    ],
)
def test_detail_page(cast, login, released, user, status):
    actions.team_member_add(actor=cast.township_clerk, released=released, name="赵六", role="社工")
    response = login(getattr(cast, user)).get(detail_url(released))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "赵六" in page
        assert released.person.id_number not in page  # masked
        assert AccessLog.objects.filter(object_id=str(released.pk)).exists()


def test_detail_page_minor(cast, login, cc_worker):
    subject = make_released_subject(cast.township_a1, is_minor=True)
    released = actions.released_person_from_correction(actor=cc_worker, subject=subject)
    assert login(cast.township_clerk).get(detail_url(released)).status_code == 404
    assert login(cc_worker).get(detail_url(released)).status_code == 200


def test_detail_buttons_follow_status_and_rights(cast, login, released):
    connect_url = reverse("resettlement:person_connect", args=[released.pk])
    page = login(cast.township_clerk).get(detail_url(released)).content.decode()
    assert connect_url in page
    page = login(cast.city_leader).get(detail_url(released)).content.decode()
    assert connect_url not in page


def test_register_page(cast, login):
    client = login(cast.township_clerk)
    url = reverse("resettlement:person_register")
    assert client.get(url).status_code == 200
    number = resident_id()
    data = {
        "office": cast.township_a1.pk,
        "id_number": number,
        "name": "钱七",
        "released_on": "2026-03-01",
        "prison": "浙江省第二监狱",
        "crime": "诈骗罪",
        "original_sentence": "有期徒刑四年",
        "notice_received_on": "2026-02-01",
        "key_person": "on",
        "key_reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "请填写理由" in response.content.decode()
    data["key_reason"] = "诈骗团伙骨干"
    response = client.post(url, data)
    released = ReleasedPerson.objects.get()
    assert response.status_code == 302 and response.url == detail_url(released)
    assert released.person.name == "钱七" and released.key_person
    # The same person again: found in the registry, the same release is refused.
    response = client.post(url, data)
    assert response.status_code == 200 and ReleasedPerson.objects.count() == 1


def test_register_page_refused_by_the_action_leaves_no_new_person(cast, login):
    """The form only describes a new person; the refused registration registers nobody."""
    data = {
        "office": cast.township_a1.pk,
        "id_number": resident_id(),
        "name": "周九",
        "released_on": "2026-03-01",
        "prison": "某监狱",
        "crime": "盗窃罪",
        "notice_received_on": (TODAY + DAY).isoformat(),
    }
    response = login(cast.township_clerk).post(reverse("resettlement:person_register"), data)
    assert response.status_code == 200
    assert "收到通知日期不能晚于今天" in response.content.decode()
    assert not ReleasedPerson.objects.exists()
    assert not Person.objects.filter(name="周九").exists()


@pytest.mark.parametrize(
    ("user", "status"), [("sibling_clerk", 200), ("city_leader", 403), ("public_user", 403)]
)
def test_register_page_access(cast, login, user, status):
    # A sibling clerk may register at their own 司法所; the leader and the public may not.
    response = login(getattr(cast, user)).get(reverse("resettlement:person_register"))
    assert response.status_code == status


def test_register_page_refuses_other_offices(cast, login):
    data = {
        "office": cast.township_a1.pk,
        "id_number": resident_id(),
        "name": "孙八",
        "released_on": "2026-03-01",
        "prison": "某监狱",
        "crime": "盗窃罪",
    }
    response = login(cast.sibling_clerk).post(reverse("resettlement:person_register"), data)
    assert response.status_code == 200  # the office is not offered: a form error
    assert not ReleasedPerson.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("township_clerk", 302),
        ("county_supervisor", 302),
        ("city_leader", 403),
        ("sibling_clerk", 404),
    ],
)
def test_connect_page(cast, login, released, user, status):
    url = reverse("resettlement:person_connect", args=[released.pk])
    response = login(getattr(cast, user)).post(url, {"connected_on": "2025-06-10"})
    assert response.status_code == status
    released.refresh_from_db()
    assert (released.status == Status.CONNECTED) is (status == 302)


def test_connect_page_key_person_error(cast, login, key_released):
    url = reverse("resettlement:person_connect", args=[key_released.pk])
    client = login(cast.township_clerk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"connected_on": "2025-06-10"})
    assert response.status_code == 200
    assert "必接必送" in response.content.decode()
    response = client.post(
        url, {"connected_on": "2025-06-10", "met_at_gate": "on", "met_by": "所长"}
    )
    assert response.status_code == 302


def test_unavailable_action_redirects(cast, login, released):
    url = reverse("resettlement:person_end", args=[released.pk])  # NOTIFIED cannot end
    response = login(cast.township_clerk).get(url)
    assert response.status_code == 302 and response.url == detail_url(released)


@pytest.mark.parametrize(
    ("key", "data", "model"),
    [
        ("team_add", {"name": "周九", "role": "志愿者"}, HelpTeamMember),
        ("visit_add", {"visited_on": "2025-07-01", "content": "家访"}, Visit),
        (
            "placement_add",
            {"kind": PlacementKind.LOW_INCOME, "placed_on": "2025-07-01", "detail": "低保"},
            Placement,
        ),
        (
            "reoffence_add",
            {"occurred_on": "2025-08-01", "description": "盗窃", "criminal": "on"},
            Reoffence,
        ),
    ],
)
def test_record_pages(cast, login, released, key, data, model):
    url = reverse(f"resettlement:person_{key}", args=[released.pk])
    assert login(cast.sibling_clerk).post(url, data).status_code == 404
    assert login(cast.city_leader).post(url, data).status_code == 403
    client = login(cast.township_clerk)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    assert model.objects.filter(released=released).count() == 1


def test_classify_not_connected_and_end_pages(cast, login, released):
    client = login(cast.township_clerk)
    url = reverse("resettlement:person_classify", args=[released.pk])
    response = client.post(url, {"key_person": "on", "key_reason": "涉毒", "risk_level": "high"})
    assert response.status_code == 302
    url = reverse("resettlement:person_not_connected", args=[released.pk])
    response = client.post(url, {"on": "2025-06-20", "reason": "查无此人"})
    assert response.status_code == 302
    released.refresh_from_db()
    assert released.status == Status.NOT_CONNECTED and released.key_person
    url = reverse("resettlement:person_end", args=[released.pk])
    response = client.post(url, {"ended_on": "2025-07-01", "reason": EndReason.EXPIRED})
    assert response.status_code == 200  # not yet five years
    response = client.post(url, {"ended_on": "2025-07-01", "reason": EndReason.DEATH})
    assert response.status_code == 302
    released.refresh_from_db()
    assert released.status == Status.ENDED


def test_team_remove_page(cast, login, released):
    member = actions.team_member_add(
        actor=cast.township_clerk, released=released, name="吴十", role="亲属"
    )
    url = reverse("resettlement:person_team_remove", args=[released.pk, member.pk])
    assert login(cast.sibling_clerk).post(url).status_code == 404
    assert login(cast.city_leader).post(url).status_code == 403
    assert login(cast.township_clerk).get(url).status_code == 405
    assert login(cast.township_clerk).post(url).status_code == 302
    assert not HelpTeamMember.objects.exists()


# ---------------------------------------------------------------------------------------------
# 待释放衔接名单 (issue 15): prisoners due for release in the next N months


def test_prisoners_due_within_the_window_are_on_the_pre_release_list(cast, clerk, settings, login):
    today = timezone.localdate()
    soon = make_released(
        clerk, cast.township_a1, released_on=today + datetime.timedelta(days=40),
        notice_received_on=today,
    )  # fmt: skip
    later = make_released(
        clerk, cast.township_a1, released_on=today + datetime.timedelta(days=300),
        notice_received_on=today,
    )  # fmt: skip
    past = make_released(clerk, cast.township_a1, released_on=today - datetime.timedelta(days=3))
    rows = list(selectors.pre_release_list(actor=clerk))
    assert soon in rows and later not in rows and past not in rows
    settings.SIFA_RS_PRE_RELEASE_MONTHS = 12
    assert later in list(selectors.pre_release_list(actor=clerk))
    page = login(clerk).get(reverse("resettlement:person_pre_release"))
    body = page.content.decode()
    assert page.status_code == 200 and soon.person.name in body and later.person.name in body
    assert past.person.name not in body
    sibling = login(cast.sibling_clerk).get(reverse("resettlement:person_pre_release"))
    assert soon.person.name not in sibling.content.decode()
