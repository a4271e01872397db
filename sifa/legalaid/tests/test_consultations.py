"""Consultations (法律咨询, 12348): the actions' rules, the list's filters and export, the
masked and logged phone, and the ways on to an application and a mediation case."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook

from sifa.audit.models import AccessLog
from sifa.core.testing import assert_invalid
from sifa.legalaid.actions import consultations as actions
from sifa.legalaid.constants import Channel, Referral, Satisfaction
from sifa.legalaid.models import Consultation
from sifa.legalaid.selectors import consultations as selectors
from sifa.mediation.actions.cases import PartyInput
from sifa.mediation.constants import PartyKind, PartyRole
from sifa.mediation.tests.factories import make_committee, make_person
from sifa.orgs.constants import OfficeKind
from tests.factories import UserFactory, add_office, grant
from tests.test_no_plaintext import database_as_text

PHONE = "13812345678"


def minutes_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=n)


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
def reviewer(centre):
    user = UserFactory(username="la_reviewer_a")
    grant(user, centre, "la_reviewer")
    return user


def record(actor, office, **overrides):
    fields = dict(
        channel=Channel.HOTLINE,
        consulted_at=minutes_ago(30),
        category="labour",
        question="公司拖欠三个月工资，如何维权？",
        answer="可向劳动监察部门投诉或申请劳动仲裁。",
        duration_minutes=12,
        call_id="H20260001",
        caller_name="张三",
        caller_phone=PHONE,
    )
    fields.update(overrides)
    return actions.consultation_record(actor=actor, office=office, **fields)


@pytest.fixture
def consultation(reviewer, centre):
    return record(reviewer, centre)


# ---------------------------------------------------------------------------------------------
# Actions


def test_a_hotline_call_is_recorded_with_its_phone_encrypted(reviewer, centre):
    call = record(reviewer, centre)
    assert call.channel == Channel.HOTLINE
    assert call.referral == Referral.ANSWERED
    assert not call.follow_up_required
    with connection.cursor() as cursor:
        cursor.execute("SELECT caller_phone FROM legalaid_consultation WHERE id = %s", [call.pk])
        stored = cursor.fetchone()[0]
    assert PHONE not in stored
    assert Consultation.objects.get(pk=call.pk).caller_phone == PHONE
    actions.consultation_update(actor=reviewer, consultation=call, answer="已补充解答。")
    assert PHONE not in database_as_text()  # history rows included


def test_a_dissatisfied_call_is_always_marked_for_follow_up(reviewer, centre):
    call = record(reviewer, centre, satisfaction=Satisfaction.DISSATISFIED)
    assert call.follow_up_required
    other = record(reviewer, centre, call_id="H20260002", satisfaction=Satisfaction.SATISFIED)
    assert not other.follow_up_required
    actions.consultation_update(
        actor=reviewer, consultation=other, satisfaction=Satisfaction.DISSATISFIED
    )
    other.refresh_from_db()
    assert other.follow_up_required


def test_a_consultation_in_the_future_is_refused(reviewer, centre):
    with pytest.raises(ValidationError) as error:
        record(reviewer, centre, consulted_at=timezone.now() + datetime.timedelta(hours=2))
    assert "consulted_at" in error.value.error_dict
    assert not Consultation.objects.exists()


def test_a_hotline_call_needs_a_call_id_or_a_duration(reviewer, centre):
    with pytest.raises(ValidationError) as error:
        record(reviewer, centre, call_id="", duration_minutes=0)
    assert "call_id" in error.value.error_dict
    assert record(reviewer, centre, call_id="", duration_minutes=5).duration_minutes == 5
    visit = record(reviewer, centre, channel=Channel.VISIT, call_id="", duration_minutes=0)
    assert visit.channel == Channel.VISIT


def test_a_call_id_is_recorded_once_per_office(reviewer, centre):
    record(reviewer, centre, call_id="H1")
    with pytest.raises(ValidationError) as error:
        record(reviewer, centre, call_id="H1")
    assert "call_id" in error.value.error_dict


def test_unknown_category_bad_phone_and_empty_question_are_refused(reviewer, centre):
    with pytest.raises(ValidationError) as error:
        record(reviewer, centre, category="no_such", caller_phone="12", question="  ")
    assert {"category", "caller_phone", "question"} <= set(error.value.error_dict)


def test_a_mediation_committee_does_not_record_consultations(cast, centre):
    committee = make_committee(cast.township_a1)
    with pytest.raises(ValidationError) as error:
        record(cast.county_supervisor, committee)
    assert "office" in error.value.error_dict


def test_a_person_out_of_sight_cannot_be_linked(cast, reviewer, centre):
    stranger = make_person(cast.county_b)
    with pytest.raises(ValidationError) as error:
        record(reviewer, centre, person=stranger)
    assert "person" in error.value.error_dict


def test_recording_needs_edit_on_the_office(cast, centre):
    with pytest.raises(Http404):
        record(cast.sibling_clerk, centre)
    with pytest.raises(PermissionDenied):
        record(cast.city_leader, centre)


def test_follow_up_dates_are_checked(reviewer, consultation):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        actions.consultation_follow_up(
            actor=reviewer, consultation=consultation, on=today + datetime.timedelta(days=1)
        )
    assert_invalid(exc, "on", "回访日期不能晚于今天。")
    with pytest.raises(ValidationError) as exc:
        actions.consultation_follow_up(
            actor=reviewer, consultation=consultation, on=today - datetime.timedelta(days=30)
        )
    assert_invalid(exc, "on", "回访日期不能早于咨询日期。")
    actions.consultation_follow_up(
        actor=reviewer, consultation=consultation, on=today, satisfaction=Satisfaction.SATISFIED
    )
    consultation.refresh_from_db()
    assert consultation.followed_up_on == today
    assert consultation.satisfaction == Satisfaction.SATISFIED


def test_the_phone_reveal_is_logged_and_needs_the_reveal_capability(cast, reviewer, centre):
    call = record(reviewer, centre)
    assert actions.consultation_reveal_phone(actor=reviewer, consultation=call, ip_address=None)
    log = AccessLog.objects.get()
    assert (log.model, log.object_id, log.field) == (
        "legalaid.Consultation",
        str(call.pk),
        "caller_phone",
    )
    clerk = UserFactory(username="centre_clerk")
    grant(clerk, centre, "jo_staff")  # view and edit, no reveal
    with pytest.raises(PermissionDenied):
        actions.consultation_reveal_phone(actor=clerk, consultation=call, ip_address=None)
    with pytest.raises(Http404):
        actions.consultation_reveal_phone(
            actor=cast.sibling_clerk, consultation=call, ip_address=None
        )
    assert AccessLog.objects.count() == 1


def _respondent():
    return PartyInput(role=PartyRole.RESPONDENT, kind=PartyKind.LEGAL, organisation="某建筑公司")


def test_turning_a_consultation_into_a_mediation_case_keeps_the_link_both_ways(cast, centre):
    supervisor = cast.county_supervisor  # edits both the centre and the committee
    committee = make_committee(cast.township_a1)
    call = record(supervisor, centre)
    with pytest.raises(ValidationError) as exc:  # no registered person yet
        actions.consultation_to_mediation_case(
            actor=supervisor,
            consultation=call,
            committee=committee,
            dispute_type="labour",
            source="other_department",
            respondents=[_respondent()],
        )
    assert_invalid(exc, "__all__", "请先登记或选择咨询人，再转人民调解。")
    person = make_person(centre, name="张三")
    actions.consultation_link_person(actor=supervisor, consultation=call, person=person)
    case = actions.consultation_to_mediation_case(
        actor=supervisor,
        consultation=call,
        committee=committee,
        dispute_type="labour",
        source="other_department",
        respondents=[_respondent()],
    )
    call.refresh_from_db()
    assert call.mediation_case == case
    assert call.referral == Referral.MEDIATION
    assert list(case.legal_aid_consultations.all()) == [call]
    assert case.facts == call.question
    assert case.referred_by == centre.name
    applicants = [p.person for p in case.parties.all() if p.role == PartyRole.APPLICANT]
    assert applicants == [person]
    with pytest.raises(ValidationError) as exc:  # only once
        actions.consultation_to_mediation_case(
            actor=supervisor,
            consultation=call,
            committee=committee,
            dispute_type="labour",
            source="other_department",
            respondents=[_respondent()],
        )
    assert_invalid(exc, "__all__", "该咨询已转为人民调解案件。")


def test_a_refused_mediation_case_leaves_the_consultation_unchanged(cast, centre):
    supervisor = cast.county_supervisor
    call = record(supervisor, centre, person=make_person(centre))
    with pytest.raises(ValidationError) as error:
        actions.consultation_to_mediation_case(
            actor=supervisor,
            consultation=call,
            committee=make_committee(cast.township_a1),
            dispute_type="no_such_type",
            source="other_department",
            respondents=[_respondent()],
        )
    assert "dispute_type" in error.value.error_dict
    call.refresh_from_db()
    assert call.mediation_case is None and call.referral == Referral.ANSWERED


# ---------------------------------------------------------------------------------------------
# Selectors


def test_list_filters_by_channel_category_satisfaction_period_and_office(cast, reviewer, centre):
    hotline = record(reviewer, centre, satisfaction=Satisfaction.DISSATISFIED)
    visit = record(
        reviewer,
        centre,
        channel=Channel.VISIT,
        call_id="",
        category="marriage_family",
        consulted_at=timezone.now() - datetime.timedelta(days=10),
    )
    everything = set(selectors.consultation_list(actor=reviewer))
    assert everything == {hotline, visit}

    def pks(**filters):
        return set(selectors.consultation_list(actor=reviewer, **filters))

    assert pks(channel=Channel.VISIT) == {visit}
    assert pks(category="labour") == {hotline}
    assert pks(satisfaction=Satisfaction.DISSATISFIED) == {hotline}
    assert pks(follow_up=selectors.FOLLOW_UP_PENDING) == {hotline}
    # The hotline call's own local day: 30 minutes ago is yesterday just after midnight.
    call_day = timezone.localdate(hotline.consulted_at)
    assert pks(consulted_from=call_day, consulted_to=call_day) == {hotline}
    visit_day = timezone.localdate(visit.consulted_at)
    assert pks(consulted_to=visit_day) == {visit}
    assert pks(office=centre) == everything
    assert pks(office=cast.township_a1) == set()
    assert set(selectors.consultation_list(actor=cast.county_supervisor)) == everything
    assert not selectors.consultation_list(actor=cast.sibling_clerk).exists()


# ---------------------------------------------------------------------------------------------
# Views


def _pages(consultation):
    return [
        reverse("legalaid:consultation_detail", args=[consultation.pk]),
        reverse("legalaid:consultation_edit", args=[consultation.pk]),
        reverse("legalaid:consultation_follow_up", args=[consultation.pk]),
        reverse("legalaid:consultation_link_person", args=[consultation.pk]),
    ]


def test_pages_own_office_and_parent_see_them_sibling_does_not(cast, reviewer, consultation, login):
    for user in (reviewer, cast.county_supervisor):
        client = login(user)
        for url in _pages(consultation):
            assert client.get(url).status_code == 200, (user, url)
    client = login(cast.township_clerk)  # township A1: a sibling of the centre
    for url in _pages(consultation):
        assert client.get(url).status_code == 404, url
    reveal = reverse("legalaid:consultation_reveal_phone", args=[consultation.pk])
    assert client.post(reveal).status_code == 404
    assert not AccessLog.objects.exists()


def test_edit_pages_are_forbidden_without_edit(cast, consultation, login):
    client = login(cast.city_leader)
    assert client.get(_pages(consultation)[0]).status_code == 200
    for url in _pages(consultation)[1:]:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("legalaid:consultation_register")).status_code == 403


def test_list_trio_and_export(cast, reviewer, consultation, login):
    url = reverse("legalaid:consultation_list")
    for user in (reviewer, cast.county_supervisor):
        content = login(user).get(url).content.decode()
        assert consultation.call_id in content
        assert PHONE not in content and "138****5678" in content
    sibling = login(cast.township_clerk).get(url)
    assert sibling.status_code == 200 and consultation.call_id not in sibling.content.decode()
    assert login(cast.public_user).get(url).status_code == 403

    response = login(reviewer).get(reverse("legalaid:consultation_export"), {"channel": "hotline"})
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "咨询时间"
    assert len(rows) == 2
    assert "138****5678" in rows[1] and PHONE not in rows[1]
    empty = login(reviewer).get(reverse("legalaid:consultation_export"), {"channel": "letter"})
    assert len(list(load_workbook(BytesIO(empty.content)).worksheets[0].iter_rows())) == 1


def test_detail_masks_the_phone_and_the_reveal_shows_and_logs_it(reviewer, consultation, login):
    client = login(reviewer)
    detail = client.get(reverse("legalaid:consultation_detail", args=[consultation.pk]))
    assert PHONE not in detail.content.decode()
    assert "138****5678" in detail.content.decode()
    reveal = reverse("legalaid:consultation_reveal_phone", args=[consultation.pk])
    assert f'hx-post="{reveal}"' in detail.content.decode()  # the 显示 button posts there
    assert client.get(reveal).status_code == 405
    response = client.post(reveal, HTTP_HX_REQUEST="true")
    assert PHONE in response.content.decode()
    assert AccessLog.objects.filter(object_id=str(consultation.pk)).count() == 1


def test_register_a_hotline_call_through_the_form(reviewer, centre, login):
    client = login(reviewer)
    assert client.get(reverse("legalaid:consultation_register")).status_code == 200
    data = {
        "office": centre.pk,
        "channel": "hotline",
        "consulted_at": timezone.localtime(minutes_ago(5)).strftime("%Y-%m-%dT%H:%M"),
        "call_id": "",
        "duration_minutes": "0",
        "category": "contract",
        "question": "合同违约怎么办？",
        "referral": "answered",
        "satisfaction": "dissatisfied",
    }
    refused = client.post(reverse("legalaid:consultation_register"), data)
    assert refused.status_code == 200
    assert "12348热线来电须填写话务流水号或通话时长" in refused.content.decode()
    assert not Consultation.objects.exists()
    data["call_id"] = "H9"
    response = client.post(reverse("legalaid:consultation_register"), data)
    created = Consultation.objects.get()
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert created.follow_up_required


def test_the_application_button_asks_for_the_person_first(reviewer, centre, consultation, login):
    client = login(reviewer)
    detail_url = reverse("legalaid:consultation_detail", args=[consultation.pk])
    link_url = reverse("legalaid:consultation_link_person", args=[consultation.pk])
    assert client.get(detail_url).context["application_url"] == f"{link_url}?next=application"
    person = make_person(centre, name="李四")
    actions.consultation_link_person(actor=reviewer, consultation=consultation, person=person)
    try:
        register = reverse("legalaid:application_register")
    except NoReverseMatch:
        register = None
    expected = f"{register}?consultation={consultation.pk}" if register else ""
    assert client.get(detail_url).context["application_url"] == expected


def test_to_mediation_through_the_views(cast, centre, login):
    supervisor = cast.county_supervisor
    committee = make_committee(cast.township_a1)
    call = record(supervisor, centre)
    client = login(supervisor)
    url = reverse("legalaid:consultation_to_mediation", args=[call.pk])
    response = client.get(url)  # no person yet: pick or register one first
    link_url = reverse("legalaid:consultation_link_person", args=[call.pk])
    assert response.status_code == 302 and response.url == f"{link_url}?next=mediation"
    actions.consultation_link_person(
        actor=supervisor, consultation=call, person=make_person(centre)
    )
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "committee": committee.pk,
            "received_on": timezone.localdate().isoformat(),
            "source": "other_department",
            "dispute_type": "labour",
            "amount": "0",
            "respondent-role": "respondent",
            "respondent-kind": "legal",
            "respondent-organisation": "某建筑公司",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.mediation_case is not None
    detail = client.get(reverse("legalaid:consultation_detail", args=[call.pk]))
    assert call.mediation_case.number in detail.content.decode()
    # The other side of the link: the case page shows the consultation to whoever may see it,
    # and not to a committee mediator outside the centre's subtree.
    case_page = client.get(reverse("mediation:case_detail", args=[call.mediation_case.pk]))
    assert reverse("legalaid:consultation_detail", args=[call.pk]) in case_page.content.decode()
    clerk_page = login(cast.township_clerk).get(
        reverse("mediation:case_detail", args=[call.mediation_case.pk])
    )
    assert clerk_page.status_code == 200
    assert 'data-testid="legal-aid-links"' not in clerk_page.content.decode()
