"""调委会概况 (host unit, guiding 司法所, seal) and the derived mediator kind (委员/聘任)."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from sifa.core.testing import assert_invalid
from sifa.mediation.actions import committees as actions
from sifa.mediation.constants import MemberRole
from sifa.mediation.models import CommitteeMember, CommitteeProfile
from sifa.mediation.selectors import committees as selectors
from sifa.mediation.tests.factories import make_committee, make_mediator
from sifa.people.models import Gender
from tests.factories import grant

pytestmark = pytest.mark.django_db

SEALED_ON = datetime.date(2024, 3, 1)


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1, name="甲一村人民调解委员会")


def save_profile(actor, committee, **overrides):
    values = {
        "host_unit": "甲一村村民委员会",
        "guiding_office": None,
        "seal_registered": False,
        "seal_registered_on": None,
    }
    values.update(overrides)
    return actions.committee_profile_save(actor=actor, committee=committee, **values)


def sheet_rows(response):
    return list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))


def elect(committee, person, left_on=None):
    return CommitteeMember.objects.create(
        office=committee,
        person=person,
        role=MemberRole.MEMBER,
        term_start=datetime.date(2024, 1, 1),
        term_end=datetime.date(2027, 1, 1),
        left_on=left_on,
    )


# --- the action ----------------------------------------------------------------------------


def test_profile_is_created_then_updated_in_place(cast, committee):
    first = save_profile(cast.township_clerk, committee, guiding_office=cast.township_a1)
    second = save_profile(
        cast.county_supervisor,
        committee,
        host_unit="甲一村党总支",
        guiding_office=cast.township_a1,
        seal_registered=True,
        seal_registered_on=SEALED_ON,
    )
    assert second.pk == first.pk
    assert CommitteeProfile.objects.filter(office=committee).count() == 1
    second.refresh_from_db()
    assert (second.host_unit, second.guiding_office, second.seal_registered_on) == (
        "甲一村党总支",
        cast.township_a1,
        SEALED_ON,
    )
    assert second.history.count() == 2


def test_guiding_office_may_be_another_judicial_office_of_the_same_county(cast, committee):
    profile = save_profile(cast.county_supervisor, committee, guiding_office=cast.township_a2)
    assert profile.guiding_office == cast.township_a2


def test_guiding_office_of_another_county_is_refused(cast, committee):
    city_section = cast.city_leader
    grant(city_section, cast.city, "section")  # edits everywhere, sees county B's offices too
    with pytest.raises(ValidationError) as error:
        save_profile(city_section, committee, guiding_office=cast.township_b1)
    assert "同一县" in str(error.value)


def test_guiding_office_must_be_a_judicial_office(cast, committee):
    with pytest.raises(ValidationError) as error:
        save_profile(cast.county_supervisor, committee, guiding_office=cast.county_a)
    assert "司法所" in str(error.value)


def test_guiding_office_out_of_the_actors_sight_is_refused(cast, committee):
    with pytest.raises(ValidationError) as error:
        save_profile(cast.township_clerk, committee, guiding_office=cast.township_a2)
    assert "无权查看" in str(error.value)


def test_registered_seal_needs_its_date_and_unregistered_drops_it(cast, committee):
    with pytest.raises(ValidationError) as error:
        save_profile(cast.township_clerk, committee, seal_registered=True)
    assert "备案日期" in str(error.value)
    assert not CommitteeProfile.objects.exists()
    profile = save_profile(cast.township_clerk, committee, seal_registered_on=SEALED_ON)
    assert profile.seal_registered_on is None


def test_profile_needs_edit_rights_and_sight(cast, committee):
    with pytest.raises(PermissionDenied):
        save_profile(cast.city_leader, committee)
    with pytest.raises(Http404):
        save_profile(cast.sibling_clerk, committee)


def test_profile_only_for_committees(cast):
    with pytest.raises(ValidationError) as exc:
        save_profile(cast.county_supervisor, cast.township_a1)
    assert_invalid(exc, "__all__", "“甲一镇司法所”不是人民调解委员会。")


# --- the derived mediator kind -------------------------------------------------------------


def test_mediator_kind_is_member_only_while_the_person_serves_on_the_same_committee(
    cast, committee
):
    on = datetime.date(2024, 6, 1)
    member = make_mediator(committee, name="委员调解员")
    engaged = make_mediator(committee, name="聘任调解员")
    former = make_mediator(committee, name="已离任委员")
    elsewhere = make_mediator(committee, name="他会委员")
    elect(committee, member.person)
    elect(committee, former.person, left_on=datetime.date(2024, 5, 1))
    elect(make_committee(cast.township_a1), elsewhere.person)

    rows = selectors.mediator_list(actor=cast.township_clerk, on=on)
    kinds = {m.pk: m.is_committee_member for m in rows}
    assert kinds == {member.pk: True, engaged.pk: False, former.pk: False, elsewhere.pk: False}
    members = selectors.mediator_list(actor=cast.township_clerk, on=on, kind="member")
    assert [m.pk for m in members] == [member.pk]
    engaged_only = selectors.mediator_list(actor=cast.township_clerk, on=on, kind="engaged")
    assert {m.pk for m in engaged_only} == {engaged.pk, former.pk, elsewhere.pk}


def test_mediator_list_page_shows_and_filters_kind(cast, login, committee):
    member = make_mediator(committee, name="委员调解员")
    engaged = make_mediator(committee, name="聘任调解员", gender=Gender.MALE)
    elect(committee, member.person)
    client = login(cast.township_clerk)
    url = reverse("mediation:mediator_list")
    response = client.get(url, {"kind": "engaged"})
    assert [m.pk for m in response.context["mediators"]] == [engaged.pk]
    assert "聘任" in response.content.decode()
    rows = sheet_rows(client.get(reverse("mediation:mediator_export"), {"kind": "member"}))
    assert rows[0][-1] == "类别"
    assert [(r[0], r[-1]) for r in rows[1:]] == [("委员调解员", "委员")]


# --- pages ---------------------------------------------------------------------------------


def test_profile_page_own_parent_sibling_and_403(cast, login, committee):
    url = reverse("mediation:committee_profile_edit", args=[committee.pk])
    assert login(cast.township_clerk).get(url).status_code == 200
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.city_leader).get(url).status_code == 403
    assert login(cast.city_leader).post(url, {"host_unit": "x"}).status_code == 403
    assert not CommitteeProfile.objects.exists()


def test_profile_page_saves_and_detail_shows_it(cast, login, committee):
    client = login(cast.county_supervisor)
    url = reverse("mediation:committee_profile_edit", args=[committee.pk])
    data = {
        "host_unit": "甲一村村民委员会",
        "guiding_office": cast.township_a1.pk,
        "seal_registered": "on",
        "seal_registered_on": "2024-03-01",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    detail = client.get(reverse("mediation:committee_detail", args=[committee.pk]))
    page = detail.content.decode()
    assert "甲一村村民委员会" in page
    assert cast.township_a1.name in page
    assert "已备案（2024-03-01）" in page


def test_profile_page_keeps_input_on_error(cast, login, committee):
    client = login(cast.township_clerk)
    url = reverse("mediation:committee_profile_edit", args=[committee.pk])
    response = client.post(url, {"host_unit": "甲一村村民委员会", "seal_registered": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "印章已备案时请填写备案日期。" in page
    assert 'value="甲一村村民委员会"' in page
    assert not CommitteeProfile.objects.exists()


def test_committee_list_shows_host_unit_and_filters_by_guiding_office(cast, login, committee):
    other = make_committee(cast.township_a2, name="甲二村人民调解委员会")
    save_profile(cast.county_supervisor, committee, guiding_office=cast.township_a1)
    save_profile(
        cast.county_supervisor, other, host_unit="甲二村村委会", guiding_office=cast.township_a2
    )
    client = login(cast.county_supervisor)
    url = reverse("mediation:committee_list")
    response = client.get(url, {"guided_by": cast.township_a2.pk})
    assert [c.name for c in response.context["committees"]] == [other.name]
    assert "甲二村村委会" in response.content.decode()
    rows = sheet_rows(client.get(reverse("mediation:committee_export")))
    assert rows[0][-3:] == ("设立单位", "指导司法所", "印章备案")
    by_name = {r[1]: r[-3:] for r in rows[1:]}
    assert by_name[committee.name] == ("甲一村村民委员会", cast.township_a1.name, "未备案")
    assert by_name[other.name] == ("甲二村村委会", cast.township_a2.name, "未备案")
