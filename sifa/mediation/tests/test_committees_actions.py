"""Committee members (PM-4, PM-5) and mediators (PM-7): the actions' validations."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sifa.core.testing import assert_invalid
from sifa.mediation.actions import committees as actions
from sifa.mediation.constants import MemberRole
from sifa.mediation.models import CommitteeMember, MediatorMisconduct, MediatorTraining
from sifa.mediation.selectors.committees import committee_problems
from sifa.mediation.tests.factories import make_committee, make_mediator, make_person
from sifa.people.models import Gender

START = datetime.date(2024, 1, 1)
ON = datetime.date(2024, 6, 1)


def add(cast, committee, role=MemberRole.MEMBER, gender=Gender.MALE, term_start=START):
    person = make_person(committee, gender=gender)
    return actions.member_add(
        actor=cast.township_clerk,
        committee=committee,
        person=person,
        role=role,
        term_start=term_start,
    )


def valid_committee(cast):
    """A director (woman) and two members: exactly the legal minimum."""
    committee = make_committee(cast.township_a1)
    members = [
        add(cast, committee, MemberRole.DIRECTOR, Gender.FEMALE),
        add(cast, committee),
        add(cast, committee),
    ]
    return committee, members


def test_member_term_is_three_years(cast):
    committee = make_committee(cast.township_a1)
    member = add(cast, committee, term_start=datetime.date(2024, 2, 29))
    assert member.term_end == datetime.date(2027, 2, 28)
    assert member.created_by == cast.township_clerk


def test_problems_of_an_empty_and_of_a_valid_committee(cast):
    empty = make_committee(cast.township_a1)
    problems = committee_problems(empty, ON)
    assert problems == [
        "委员人数为0人，应为3至9人。",
        "委员中没有妇女成员。",
        "主任人数为0人，应为1人。",
    ]
    committee, _members = valid_committee(cast)
    assert committee_problems(committee, ON) == []


def test_problems_count_only_members_serving_on_the_day(cast):
    committee, _members = valid_committee(cast)
    assert committee_problems(committee, START - datetime.timedelta(days=1))[0].startswith(
        "委员人数为0人"
    )
    after_term = datetime.date(2027, 1, 2)
    assert "委员人数为0人，应为3至9人。" in committee_problems(committee, after_term)


def test_committee_without_woman_is_warned(cast):
    committee = make_committee(cast.township_a1)
    add(cast, committee, MemberRole.DIRECTOR)
    add(cast, committee)
    add(cast, committee)
    assert committee_problems(committee, ON) == ["委员中没有妇女成员。"]


def test_second_director_and_tenth_member_and_duplicate_are_refused(cast):
    committee, members = valid_committee(cast)
    with pytest.raises(ValidationError, match="主任只能有一人"):
        add(cast, committee, MemberRole.DIRECTOR)
    with pytest.raises(ValidationError, match="已是本调委会的在任委员"):
        actions.member_add(
            actor=cast.township_clerk,
            committee=committee,
            person=members[1].person,
            role=MemberRole.MEMBER,
            term_start=ON,
        )
    for _ in range(6):
        add(cast, committee)
    with pytest.raises(ValidationError, match="委员不得超过9人"):
        add(cast, committee)


def test_leave_refused_when_it_would_break_a_valid_committee(cast):
    committee, (_director, member, _other) = valid_committee(cast)
    with pytest.raises(ValidationError, match="少于3人"):
        actions.member_leave(actor=cast.township_clerk, member=member, left_on=ON)
    add(cast, committee)
    actions.member_leave(actor=cast.township_clerk, member=member, left_on=ON)
    member.refresh_from_db()
    assert member.left_on == ON
    assert committee_problems(committee, ON) == []


def test_leave_refused_for_the_last_woman_and_allowed_for_the_director(cast):
    committee = make_committee(cast.township_a1)
    director = add(cast, committee, MemberRole.DIRECTOR)
    woman = add(cast, committee, gender=Gender.FEMALE)
    add(cast, committee)
    add(cast, committee)
    with pytest.raises(ValidationError, match="没有妇女委员"):
        actions.member_leave(actor=cast.township_clerk, member=woman, left_on=ON)
    actions.member_leave(actor=cast.township_clerk, member=director, left_on=ON)
    assert committee_problems(committee, ON) == ["主任人数为0人，应为1人。"]


def test_a_fourteen_year_old_cannot_be_added_as_committee_member(cast):
    """人民调解法 第13、14条: members are mediators, who must be adults on the term's start."""
    committee = make_committee(cast.township_a1)
    kwargs = dict(actor=cast.township_clerk, committee=committee, role=MemberRole.MEMBER)
    child = make_person(committee, birth_date=datetime.date(2010, 3, 1))
    with pytest.raises(ValidationError) as exc:
        actions.member_add(person=child, term_start=datetime.date(2024, 6, 1), **kwargs)
    assert_invalid(exc, "person", "人民调解员应为成年公民：该人员在任职日期未满十八周岁。")
    unknown = make_person(committee, birth_date=None)
    with pytest.raises(ValidationError) as exc:
        actions.member_add(person=unknown, term_start=ON, **kwargs)
    assert_invalid(exc, "person", "该人员没有登记出生日期，无法核实是否年满十八周岁。")
    assert not CommitteeMember.objects.exists()
    # The day they turn eighteen they may be elected.
    member = actions.member_add(person=child, term_start=datetime.date(2028, 3, 1), **kwargs)
    assert member.person == child


def test_member_add_needs_edit_in_scope(cast):
    committee = make_committee(cast.township_a1)
    person = make_person(committee)
    kwargs = dict(committee=committee, person=person, role=MemberRole.MEMBER, term_start=ON)
    with pytest.raises(Http404):
        actions.member_add(actor=cast.sibling_clerk, **kwargs)
    with pytest.raises(PermissionDenied):
        actions.member_add(actor=cast.city_leader, **kwargs)


def test_member_add_refuses_an_office_that_is_not_a_committee(cast):
    person = make_person(cast.township_a1)
    with pytest.raises(ValidationError, match="不是人民调解委员会"):
        actions.member_add(
            actor=cast.township_clerk,
            committee=cast.township_a1,
            person=person,
            role=MemberRole.MEMBER,
            term_start=ON,
        )


def adult(committee, born=datetime.date(1980, 5, 1)):
    person = make_person(committee, gender=Gender.FEMALE)
    person.birth_date = born
    person.save()
    return person


def test_mediator_must_be_adult_on_appointment(cast):
    committee = make_committee(cast.township_a1)
    person = adult(committee, born=datetime.date(2006, 6, 2))
    kwargs = dict(actor=cast.township_clerk, committee=committee, person=person, full_time=True)
    with pytest.raises(ValidationError, match="未满十八周岁"):
        actions.mediator_appoint(start_date=datetime.date(2024, 6, 1), **kwargs)
    mediator = actions.mediator_appoint(start_date=datetime.date(2024, 6, 2), **kwargs)
    assert mediator.post == "mediator"
    assert mediator.office == committee
    assert mediator.full_time


def test_mediator_without_birth_date_is_refused(cast):
    committee = make_committee(cast.township_a1)
    person = make_person(committee, birth_date=None)
    with pytest.raises(ValidationError, match="没有登记出生日期"):
        actions.mediator_appoint(
            actor=cast.township_clerk,
            committee=committee,
            person=person,
            full_time=False,
            start_date=ON,
        )


def test_duplicate_active_appointment_is_refused_but_reappointment_after_end_is_not(cast):
    committee = make_committee(cast.township_a1)
    person = adult(committee)
    kwargs = dict(actor=cast.township_clerk, committee=committee, person=person, full_time=False)
    first = actions.mediator_appoint(start_date=START, **kwargs)
    with pytest.raises(ValidationError, match="已是本调委会的人民调解员"):
        actions.mediator_appoint(start_date=ON, **kwargs)
    actions.mediator_end(
        actor=cast.township_clerk, mediator=first, end_date=ON, reason=actions.EndReason.LEFT
    )
    again = actions.mediator_appoint(start_date=ON + datetime.timedelta(days=1), **kwargs)
    assert again.pk != first.pk
    # The same person may serve in another committee at the same time.
    other = make_committee(cast.township_a1)
    actions.mediator_appoint(
        actor=cast.township_clerk, committee=other, person=person, full_time=False, start_date=ON
    )


def test_mediator_end_keeps_the_reason_in_the_history(cast):
    committee = make_committee(cast.township_a1)
    mediator = make_mediator(committee)
    with pytest.raises(ValidationError, match="不能早于任职日期"):
        actions.mediator_end(
            actor=cast.township_clerk,
            mediator=mediator,
            end_date=mediator.start_date - datetime.timedelta(days=1),
            reason=actions.EndReason.DISMISSED,
        )
    actions.mediator_end(
        actor=cast.township_clerk,
        mediator=mediator,
        end_date=ON,
        reason=actions.EndReason.DISMISSED,
    )
    latest = mediator.history.order_by("-history_date", "-history_id").first()
    assert latest.end_date == ON
    assert latest.history_change_reason == "解聘"
    with pytest.raises(ValidationError, match="已于"):
        actions.mediator_end(
            actor=cast.township_clerk, mediator=mediator, end_date=ON, reason="left"
        )


def test_training_and_misconduct_records(cast):
    committee = make_committee(cast.township_a1)
    mediator = make_mediator(committee)
    training = actions.training_record(
        actor=cast.township_clerk, mediator=mediator, held_on=ON, topic="民法典婚姻家庭编", hours=4
    )
    assert training.office == committee
    with pytest.raises(ValidationError, match="学时应大于0"):
        actions.training_record(
            actor=cast.township_clerk, mediator=mediator, held_on=ON, topic="x", hours=0
        )
    record = actions.misconduct_record(
        actor=cast.township_clerk,
        mediator=mediator,
        occurred_on=ON,
        description="调解中泄露当事人隐私",
        measure="批评教育",
    )
    assert record.office == committee
    assert MediatorTraining.objects.count() == 1
    assert MediatorMisconduct.objects.count() == 1
    with pytest.raises(PermissionDenied):
        actions.misconduct_record(
            actor=cast.city_leader, mediator=mediator, occurred_on=ON, description="x", measure="y"
        )


# --- the roster: members are mediators (人民调解法 第13条; issue 15 item 14) -------------------


def _posts(committee, person):
    from sifa.orgs.constants import MEDIATOR_POST
    from sifa.orgs.models import StaffMember

    return StaffMember.objects.filter(office=committee, person=person, post=MEDIATOR_POST)


def _roster(cast, committee, on=ON):
    from sifa.mediation.selectors.committees import mediator_list

    rows = mediator_list(actor=cast.township_clerk, on=on, committee=committee, status="active")
    return {m.person_id: m.is_committee_member for m in rows}


def test_an_elected_member_is_a_mediator_of_his_committee_from_the_term_start(cast):
    committee = make_committee(cast.township_a1)
    member = add(cast, committee, term_start=START)

    [post] = _posts(committee, member.person)
    assert (post.start_date, post.end_date, post.full_time) == (START, None, False)
    assert post.created_by == cast.township_clerk
    assert _roster(cast, committee) == {member.person_id: True}  # 类别 委员


def test_an_engaged_mediator_elected_member_keeps_his_post_and_becomes_a_member(cast):
    committee = make_committee(cast.township_a1)
    engaged = make_mediator(committee, start_date=datetime.date(2023, 5, 1))
    assert _roster(cast, committee) == {engaged.person_id: False}  # 聘任, not a member

    actions.member_add(
        actor=cast.township_clerk,
        committee=committee,
        person=engaged.person,
        role=MemberRole.MEMBER,
        term_start=START,
    )
    assert list(_posts(committee, engaged.person)) == [engaged]  # no second post
    assert _roster(cast, committee) == {engaged.person_id: True}


def test_the_counts_agree_with_the_roster(cast):
    from sifa.mediation.selectors.committees import committee_list

    committee, members = valid_committee(cast)
    engaged = make_mediator(committee)
    row = committee_list(actor=cast.township_clerk, on=ON).get(pk=committee.pk)
    assert (row.member_count, row.mediator_count) == (3, 4)
    assert _roster(cast, committee) == {
        **{m.person_id: True for m in members},
        engaged.person_id: False,
    }


def test_a_member_who_leaves_stops_being_a_mediator_unless_kept_on(cast):
    committee, members = valid_committee(cast)
    add(cast, committee)
    add(cast, committee)
    left_on = datetime.date(2025, 3, 1)

    actions.member_leave(actor=cast.township_clerk, member=members[1], left_on=left_on)
    [post] = _posts(committee, members[1].person)
    assert post.end_date == datetime.date(2025, 2, 28)  # the last day served
    assert post.history.latest().history_change_reason == "离任"

    actions.member_leave(
        actor=cast.township_clerk, member=members[2], left_on=left_on, keep_as_mediator=True
    )
    [kept] = _posts(committee, members[2].person)
    assert kept.end_date is None
    roster = _roster(cast, committee, on=left_on)
    assert members[1].person_id not in roster
    assert roster[members[2].person_id] is False  # now 聘任


def test_the_post_of_a_serving_member_cannot_be_ended_alone(cast):
    committee, members = valid_committee(cast)
    [post] = _posts(committee, members[1].person)

    with pytest.raises(ValidationError, match="请先办理委员离任"):
        actions.mediator_end(actor=cast.township_clerk, mediator=post, end_date=ON, reason="left")
    # After the term (2026-12-31 is its last day) the post may end.
    post.refresh_from_db()
    actions.mediator_end(
        actor=cast.township_clerk,
        mediator=post,
        end_date=members[1].term_end,
        reason="left",
    )
