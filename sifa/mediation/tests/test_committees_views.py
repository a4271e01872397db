"""Committee and mediator pages: own / parent / sibling, 403 on forms, validation, exports."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifa.mediation.actions import committees as actions
from sifa.mediation.constants import MemberRole
from sifa.mediation.models import CommitteeMember, MediatorTraining
from sifa.mediation.tests.factories import make_committee, make_mediator, make_person
from sifa.orgs.models import StaffMember
from sifa.people.models import Gender

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1, name="甲一村人民调解委员会")


def sheet_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


# --- committee list and detail -------------------------------------------------------------


def test_committee_list_own_parent_and_sibling(cast, login, committee):
    url = reverse("mediation:committee_list")
    for user in (cast.township_clerk, cast.county_supervisor):
        response = login(user).get(url)
        assert response.status_code == 200
        assert committee.name in response.content.decode()
    response = login(cast.sibling_clerk).get(url)
    assert response.status_code == 200
    assert committee.name not in response.content.decode()


def test_committee_list_shows_counts_and_pm4_status(cast, login, committee):
    make_mediator(committee)
    response = login(cast.township_clerk).get(reverse("mediation:committee_list"))
    row = next(c for c in response.context["committees"] if c.pk == committee.pk)
    assert row.member_count == 0
    assert row.mediator_count == 1
    assert "委员人数为0人，应为3至9人。" in row.problems
    assert "不符合规定" in response.content.decode()


def test_committee_list_filters_by_type_status_and_office(cast, login, committee):
    professional = make_committee(cast.county_b, name="乙县医疗纠纷调委会", subtype="professional")
    client = login(cast.city_leader)
    url = reverse("mediation:committee_list")
    names = lambda r: {c.name for c in r.context["committees"]}  # noqa: E731
    assert names(client.get(url, {"subtype": "professional"})) == {professional.name}
    assert names(client.get(url, {"within": cast.county_a.pk})) == {committee.name}
    professional.closed_on = datetime.date(2025, 1, 1)
    professional.save()
    assert names(client.get(url, {"status": "closed"})) == {professional.name}
    assert names(client.get(url, {"status": "active"})) == {committee.name}


def test_committee_export_parses_back(cast, login, committee):
    response = login(cast.county_supervisor).get(reverse("mediation:committee_export"))
    rows = sheet_rows(response)
    assert rows[0][:3] == ("机构编码", "调委会名称", "调委会类型")
    assert [r[1] for r in rows[1:]] == [committee.name]
    assert rows[1][4] == 0


def test_committee_detail_own_parent_sibling(cast, login, committee):
    url = reverse("mediation:committee_detail", args=[committee.pk])
    assert login(cast.township_clerk).get(url).status_code == 200
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404


def test_committee_detail_warns_about_pm4(cast, login, committee):
    response = login(cast.township_clerk).get(
        reverse("mediation:committee_detail", args=[committee.pk])
    )
    content = response.content.decode()
    assert "不符合人民调解法第八条" in content
    assert "委员中没有妇女成员。" in content


def test_detail_of_an_office_that_is_not_a_committee_is_not_found(cast, login):
    url = reverse("mediation:committee_detail", args=[cast.township_a1.pk])
    assert login(cast.township_clerk).get(url).status_code == 404


# --- member and mediator forms -------------------------------------------------------------


def test_member_add_form_own_parent_sibling_and_403(cast, login, committee):
    url = reverse("mediation:committee_member_add", args=[committee.pk])
    assert login(cast.township_clerk).get(url).status_code == 200
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.city_leader).get(url).status_code == 403
    person = make_person(committee)
    data = {"person": person.pk, "role": "member", "term_start": "2024-01-01"}
    assert login(cast.city_leader).post(url, data).status_code == 403
    assert not CommitteeMember.objects.exists()


def test_member_add_saves_and_redirects(cast, login, committee):
    person = make_person(committee, gender=Gender.FEMALE)
    url = reverse("mediation:committee_member_add", args=[committee.pk])
    data = {"person": str(person.pk), "role": "director", "term_start": "2024-01-01"}
    response = login(cast.township_clerk).post(url, data)
    assert response.status_code == 302
    member = CommitteeMember.objects.get()
    assert (member.person, member.role, member.term_end) == (
        person,
        MemberRole.DIRECTOR,
        datetime.date(2027, 1, 1),
    )


def test_a_member_added_through_the_form_is_on_the_committees_mediator_roster(
    cast, login, committee
):
    """人民调解法 第13条: the 委员 is a 人民调解员 — listed as 委员 on the committee page, in the
    mediator list and in the committee list's 调解员人数 (docs/mediation.md)."""
    person = make_person(committee, name="赵委员", gender=Gender.FEMALE)
    client = login(cast.township_clerk)
    url = reverse("mediation:committee_member_add", args=[committee.pk])
    data = {"person": str(person.pk), "role": "director", "term_start": "2024-01-01"}
    data["full_time"] = "on"
    assert client.post(url, data).status_code == 302

    post = StaffMember.objects.get(office=committee, person=person)
    assert (post.start_date, post.full_time) == (datetime.date(2024, 1, 1), True)
    detail = client.get(reverse("mediation:committee_detail", args=[committee.pk]))
    [row] = detail.context["mediators"]
    assert (row.person, row.is_committee_member) == (person, True)
    listed = client.get(reverse("mediation:committee_list"))
    counted = next(c for c in listed.context["committees"] if c.pk == committee.pk)
    assert (counted.member_count, counted.mediator_count) == (1, 1)


def test_the_leave_form_can_keep_the_member_on_as_an_engaged_mediator(cast, login, committee):
    members = [
        actions.member_add(
            actor=cast.township_clerk,
            committee=committee,
            person=make_person(committee, gender=Gender.FEMALE),
            role=role,
            term_start=datetime.date(2024, 1, 1),
        )
        for role in (MemberRole.DIRECTOR, *[MemberRole.MEMBER] * 4)
    ]
    client = login(cast.township_clerk)
    for member, keep in ((members[1], {"keep_as_mediator": "on"}), (members[2], {})):
        url = reverse("mediation:committee_member_leave", args=[member.pk])
        response = client.post(url, {"left_on": "2025-01-01", **keep})
        assert response.status_code == 302
    kept = StaffMember.objects.get(person=members[1].person)
    ended = StaffMember.objects.get(person=members[2].person)
    assert (kept.end_date, ended.end_date) == (None, datetime.date(2024, 12, 31))


def test_member_add_errors_are_chinese_and_keep_input(cast, login, committee):
    url = reverse("mediation:committee_member_add", args=[committee.pk])
    client = login(cast.township_clerk)
    response = client.post(url, {"person": "999999", "role": "member", "term_start": "2024-03-05"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "在人员信息库中未找到该人员" in content
    assert 'value="2024-03-05"' in content
    # The action's own refusal (a second director) is shown too.
    first = make_person(committee)
    actions.member_add(
        actor=cast.township_clerk,
        committee=committee,
        person=first,
        role=MemberRole.DIRECTOR,
        term_start=datetime.date(2024, 1, 1),
    )
    second = make_person(committee)
    data = {"person": str(second.pk), "role": "director", "term_start": "2024-03-05"}
    response = client.post(url, data)
    assert "主任只能有一人" in response.content.decode()
    assert CommitteeMember.objects.count() == 1


def test_member_add_form_refuses_a_fourteen_year_old_on_the_person_field(cast, login, committee):
    child = make_person(committee, gender=Gender.FEMALE, birth_date=datetime.date(2010, 3, 1))
    url = reverse("mediation:committee_member_add", args=[committee.pk])
    data = {"person": str(child.pk), "role": MemberRole.MEMBER, "term_start": "2024-06-01"}
    response = login(cast.township_clerk).post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["person"] == ["人民调解员应为成年公民：该人员在任职日期未满十八周岁。"]
    assert not CommitteeMember.objects.exists()


def test_member_add_cannot_use_a_person_out_of_sight(cast, login, committee):
    stranger = make_person(cast.township_b1)
    url = reverse("mediation:committee_member_add", args=[committee.pk])
    data = {"person": str(stranger.pk), "role": "member", "term_start": "2024-03-05"}
    response = login(cast.township_clerk).post(url, data)
    assert "在人员信息库中未找到该人员" in response.content.decode()


def test_member_leave_refusal_is_shown(cast, login, committee):
    members = [
        actions.member_add(
            actor=cast.township_clerk,
            committee=committee,
            person=make_person(committee, gender=Gender.FEMALE),
            role=role,
            term_start=datetime.date(2024, 1, 1),
        )
        for role in (MemberRole.DIRECTOR, MemberRole.MEMBER, MemberRole.MEMBER)
    ]
    url = reverse("mediation:committee_member_leave", args=[members[1].pk])
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.city_leader).get(url).status_code == 403
    response = login(cast.county_supervisor).post(url, {"left_on": "2024-06-01"})
    assert "少于3人" in response.content.decode()
    members[1].refresh_from_db()
    assert members[1].left_on is None


def test_mediator_appoint_form(cast, login, committee):
    url = reverse("mediation:committee_mediator_appoint", args=[committee.pk])
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.city_leader).get(url).status_code == 403
    minor = make_person(committee)
    minor.birth_date = datetime.date(2010, 1, 1)
    minor.save()
    client = login(cast.township_clerk)
    data = {"person": str(minor.pk), "full_time": "on", "start_date": "2024-01-01"}
    response = client.post(url, data)
    assert "未满十八周岁" in response.content.decode()
    assert not StaffMember.objects.exists()
    minor.birth_date = datetime.date(1990, 1, 1)
    minor.save()
    assert client.post(url, data).status_code == 302
    assert StaffMember.objects.get().full_time


# --- mediators -----------------------------------------------------------------------------


def test_mediator_list_own_parent_sibling_and_filters(cast, login, committee):
    woman = make_mediator(committee, Gender.FEMALE, name="李调解")
    man = make_mediator(committee, Gender.MALE, name="王调解")
    url = reverse("mediation:mediator_list")
    for user in (cast.township_clerk, cast.county_supervisor):
        names = {m.person.name for m in login(user).get(url).context["mediators"]}
        assert names == {woman.person.name, man.person.name}
    assert not list(login(cast.sibling_clerk).get(url).context["mediators"])
    client = login(cast.township_clerk)
    assert [m.pk for m in client.get(url, {"gender": "F"}).context["mediators"]] == [woman.pk]
    actions.mediator_end(
        actor=cast.township_clerk,
        mediator=man,
        end_date=datetime.date(2024, 6, 1),
        reason="left",
    )
    assert [m.pk for m in client.get(url, {"status": "ended"}).context["mediators"]] == [man.pk]
    assert [m.pk for m in client.get(url, {"status": "active"}).context["mediators"]] == [woman.pk]


def test_mediator_export_parses_back(cast, login, committee):
    mediator = make_mediator(committee, name="赵调解")
    rows = sheet_rows(login(cast.township_clerk).get(reverse("mediation:mediator_export")))
    assert rows[0] == (
        "姓名",
        "性别",
        "所属调委会",
        "专兼职",
        "任职日期",
        "离任日期",
        "状态",
        "类别",
    )
    assert rows[1][0] == "赵调解"
    assert rows[1][2] == committee.name
    assert rows[1][4].date() == mediator.start_date


def test_mediator_detail_own_parent_sibling(cast, login, committee):
    mediator = make_mediator(committee)
    url = reverse("mediation:mediator_detail", args=[mediator.pk])
    assert login(cast.township_clerk).get(url).status_code == 200
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404


def test_training_form_403_and_save(cast, login, committee):
    mediator = make_mediator(committee)
    url = reverse("mediation:mediator_training_add", args=[mediator.pk])
    assert login(cast.city_leader).get(url).status_code == 403
    assert login(cast.sibling_clerk).get(url).status_code == 404
    client = login(cast.township_clerk)
    response = client.post(url, {"held_on": "2024-05-01", "topic": "", "hours": "3"})
    assert "该字段是必填项" in response.content.decode()
    assert 'value="2024-05-01"' in response.content.decode()
    data = {"held_on": "2024-05-01", "topic": "调解技巧", "hours": "3.5", "organiser": "甲县司法局"}
    assert client.post(url, data).status_code == 302
    assert MediatorTraining.objects.get().hours == 3.5
    detail = client.get(reverse("mediation:mediator_detail", args=[mediator.pk]))
    assert "调解技巧" in detail.content.decode()


def test_misconduct_and_end_forms(cast, login, committee):
    mediator = make_mediator(committee)
    client = login(cast.county_supervisor)
    misconduct = reverse("mediation:mediator_misconduct_add", args=[mediator.pk])
    data = {"occurred_on": "2024-05-01", "description": "收受当事人财物", "measure": "解聘"}
    assert client.post(misconduct, data).status_code == 302
    end = reverse("mediation:mediator_end", args=[mediator.pk])
    assert login(cast.city_leader).post(end, {}).status_code == 403
    client = login(cast.county_supervisor)
    assert client.post(end, {"end_date": "2024-05-02", "reason": "dismissed"}).status_code == 302
    mediator.refresh_from_db()
    assert mediator.end_date == datetime.date(2024, 5, 2)
    detail = client.get(reverse("mediation:mediator_detail", args=[mediator.pk]))
    assert "解聘" in detail.content.decode()


def test_menu_lists_the_mediation_pages(cast, login):
    content = login(cast.township_clerk).get(reverse("mediation:committee_list")).content.decode()
    for name in ("committee_list", "mediator_list", "screening_list", "reception_list"):
        assert reverse(f"mediation:{name}") in content
    assert "人民调解" in content
