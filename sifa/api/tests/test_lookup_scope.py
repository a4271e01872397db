"""Lookups by ID number or record number are scoped to the caller's offices (issue 14, items 8
and 9): an agency client of county B fed county A's identifiers — the ID number of a person
registered in county A, the number of a subject there, a release registered there — gets the
answer it would get for a number that exists nowhere: the same status, the same message, the
same body (but the new record's own identifiers). So the answer never says whether county A
holds that number, and nothing of county A's records comes back."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sifa.corrections.models import CheckIn, Geofence
from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.legalaid.tests.factories import make_centre
from sifa.people.models import Person
from sifa.resettlement.models import ReleasedPerson
from sifa.resettlement.tests.factories import make_person, make_released, resident_id

pytestmark = pytest.mark.django_db

RELEASED_ON = datetime.date(2026, 3, 20)
LEGACY_RELEASE = "/resettlement/api/release-notices/"
LEGACY_CHECK_INS = "/corrections/api/check-ins/"
# The new record's own identifiers differ between two registrations, and so do the document
# numbers each request sent (a second notice under the first one's number is a repeat);
# nothing else may.
OWN_IDENTIFIERS = {
    "id",
    "number",
    "id_number_masked",
    "commission_number",
    "notice_number",
    "judgment_number",
}


def same_answer(unknown, existing) -> None:
    """The two answers agree in status and body, but the identifiers of the record made."""
    assert existing.status_code == unknown.status_code, (unknown.json(), existing.json())
    strip = lambda body: {k: v for k, v in body.items() if k not in OWN_IDENTIFIERS}  # noqa: E731
    assert strip(existing.json()) == strip(unknown.json())


@pytest.fixture
def county_a_person(cast):
    """Someone registered by a 司法所 of county A, under another name than B will send."""
    return make_person(cast.township_a1, name="甲县登记人")


@pytest.fixture
def agency_b(make_client, caller, cast):
    """An agency of county B holding every exchange's purpose."""
    _client, token = make_client(
        cast.county_b,
        [
            "notify_release",
            "commission_assessment",
            "notify_judgment",
            "notify_defence",
            "submit_checkin",
        ],
        name="乙县政法机关",
        agency_kind="court",
    )
    return caller(token)


def release_notice(office, id_number, **overrides) -> dict:
    return {
        "office_code": office.code,
        "name": "乙县通知人",
        "id_number": id_number,
        "released_on": RELEASED_ON.isoformat(),
        "prison": "浙江省第一监狱",
        "crime": "盗窃罪",
        **overrides,
    }


class TestReleaseNotices:
    def test_a_number_registered_in_another_county_answers_as_an_unknown_one(
        self, agency_b, cast, county_a_person
    ):
        unknown = agency_b.post(
            reverse("api:release_notices"), release_notice(cast.township_b1, resident_id())
        )
        existing = agency_b.post(
            reverse("api:release_notices"),
            release_notice(cast.township_b1, county_a_person.id_number),
        )
        assert unknown.status_code == 201
        same_answer(unknown, existing)
        assert "甲县登记人" not in existing.content.decode()
        # The notice is kept by county B's 司法所 on a registration of its own.
        record = ReleasedPerson.objects.get(pk=existing.json()["id"])
        assert record.person != county_a_person
        assert (record.person.office, record.person.name) == (cast.township_b1, "乙县通知人")

    def test_a_release_registered_in_another_county_answers_as_an_unknown_one(
        self, agency_b, cast, county_a_person
    ):
        make_released(
            cast.township_clerk,
            cast.township_a1,
            person=county_a_person,
            released_on=RELEASED_ON,
        )
        unknown = agency_b.post(
            reverse("api:release_notices"), release_notice(cast.township_b1, resident_id())
        )
        existing = agency_b.post(
            reverse("api:release_notices"),
            release_notice(cast.township_b1, county_a_person.id_number),
        )
        same_answer(unknown, existing)
        assert existing.json()["created"] is True

    def test_the_shared_token_endpoint_answers_alike(self, client, settings, cast, county_a_person):
        settings.SIFA_RELEASE_NOTICE_TOKEN = "prison-token"
        make_released(
            cast.township_clerk,
            cast.township_a1,
            person=county_a_person,
            released_on=RELEASED_ON,
        )

        def send(number):
            return client.post(
                LEGACY_RELEASE,
                release_notice(cast.township_b1, number),
                content_type="application/json",
                HTTP_X_SIFA_TOKEN="prison-token",
            )

        unknown, existing = send(resident_id()), send(county_a_person.id_number)
        assert unknown.status_code == 201
        same_answer(unknown, existing)
        assert existing.json()["id"] not in ReleasedPerson.objects.filter(
            office=cast.township_a1
        ).values_list("pk", flat=True)


def test_a_defence_notification_with_another_countys_number_answers_as_an_unknown_one(
    agency_b, cast, county_a_person
):
    centre = make_centre(cast.county_b)

    def send(number, n):
        return agency_b.post(
            reverse("api:defence_notifications"),
            {
                "office_code": centre.code,
                "notice_number": f"乙公（刑）通援字〔2026〕{n}号",
                "notified_on": "2026-03-02",
                "criminal_stage": "investigation",
                "notification_ground": "经济困难",
                "facts": "涉嫌盗窃罪。",
                "name": "乙县通知人",
                "id_number": number,
            },
        )

    unknown, existing = send(resident_id(), 1), send(county_a_person.id_number, 2)
    assert unknown.status_code == 201, unknown.json()
    same_answer(unknown, existing)


def test_a_commission_with_another_countys_number_answers_as_an_unknown_one(
    agency_b, cast, county_a_person
):
    def send(number, n):
        return agency_b.post(
            reverse("api:investigations"),
            {
                "office_code": cast.county_b.code,
                "commission_number": f"（2026）乙法委{n}号",
                "commissioning_body": "court",
                "commissioning_name": "乙县人民法院",
                "stage": "pre_trial",
                "person": {"id_number": number, "name": "乙县通知人"},
                "crime": "盗窃罪",
                "proposed_sentence": "有期徒刑一年，缓刑二年",
            },
        )

    unknown, existing = send(resident_id(), 1), send(county_a_person.id_number, 2)
    assert unknown.status_code == 201, unknown.json()
    same_answer(unknown, existing)
    assert "甲县登记人" not in existing.content.decode()


def test_a_judgment_notice_with_another_countys_number_answers_as_an_unknown_one(
    agency_b, cast, county_a_person
):
    effective = timezone.localdate() - datetime.timedelta(days=3)

    def send(number, n):
        return agency_b.post(
            reverse("api:judgment_notices"),
            {
                "office_code": cast.township_b1.code,
                "person": {"id_number": number, "name": "乙县通知人"},
                "sentence_type": "probation",
                "crime": "危险驾驶罪",
                "original_sentence": "拘役三个月，缓刑六个月",
                "sentence_months": 6,
                "decision_organ": "court",
                "decision_organ_name": "乙县人民法院",
                "judgment_number": f"（2026）乙刑初{n}号",
                "judgment_effective_on": effective.isoformat(),
            },
        )

    unknown, existing = send(resident_id(), 1), send(county_a_person.id_number, 2)
    assert unknown.status_code == 201, unknown.json()
    same_answer(unknown, existing)


class TestCheckInGateway:
    """The shared-token gateway reaches only the subjects of its office's subtree."""

    @pytest.fixture
    def subject_a(self, cast):
        Geofence.objects.create(
            office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
        )
        return make_active_subject(make_worker(cast.county_a), cast.township_a1)

    def send(self, client, number):
        return client.post(
            LEGACY_CHECK_INS,
            {
                "subject": number,
                "at": (timezone.now() - datetime.timedelta(minutes=1)).isoformat(),
                "latitude": 30.28,
                "longitude": 120.16,
                "accuracy_m": 10,
            },
            content_type="application/json",
            HTTP_X_SIFA_TOKEN="device-token",
        )

    def test_a_subject_outside_the_gateways_office_is_not_found(
        self, client, settings, cast, subject_a
    ):
        settings.SIFA_CHECKIN_TOKEN = "device-token"
        settings.SIFA_CHECKIN_TOKEN_OFFICE = cast.county_b.code
        unknown = self.send(client, "330103001-2026-9999")
        foreign = self.send(client, subject_a.number)
        assert unknown.status_code == foreign.status_code == 404
        assert foreign.json() == {
            "error": unknown.json()["error"].replace("330103001-2026-9999", subject_a.number)
        }
        assert not CheckIn.objects.exists()

        settings.SIFA_CHECKIN_TOKEN_OFFICE = cast.county_a.code
        assert self.send(client, subject_a.number).status_code == 201


def test_registering_a_number_held_by_an_office_out_of_sight_proceeds_as_a_new_one(
    cast, login, county_a_person
):
    """The web form: a clerk of the sibling township sees the same thing for either number."""
    clerk = login(cast.sibling_clerk)

    def register(number):
        return clerk.post(
            reverse("people:person_create"),
            {
                "office": cast.township_a2.pk,
                "name": "乙县登记人",
                "doc_type": "resident_id",
                "id_number": number,
            },
            follow=True,
        )

    unknown, existing = register(resident_id()), register(county_a_person.id_number)
    assert [code for _, code in existing.redirect_chain] == [
        code for _, code in unknown.redirect_chain
    ]
    assert existing.status_code == unknown.status_code == 200
    messages = lambda r: [str(m) for m in r.context["messages"]]  # noqa: E731
    assert messages(existing) == messages(unknown)
    assert Person.objects.filter(office=cast.township_a2, name="乙县登记人").count() == 2
    assert Person.objects.get(pk=county_a_person.pk).name == "甲县登记人"


def test_a_release_of_a_person_in_scope_registered_out_of_sight_is_refused_without_names(
    make_client, caller, cast
):
    """The person is the client's (county A), but a county B office registered the same release:
    the notice is refused (one release, one record) without naming that office or record."""
    _client, token = make_client(cast.county_a, ["notify_release"], agency_kind="prison")
    person = make_person(cast.township_a1, name="甲县登记人")
    theirs = ReleasedPerson.objects.create(
        office=cast.township_b1,
        person=person,
        crime="诈骗罪",
        released_on=RELEASED_ON,
        assistance_end=RELEASED_ON.replace(year=RELEASED_ON.year + 5),
    )

    response = caller(token).post(
        reverse("api:release_notices"), release_notice(cast.township_a1, person.id_number)
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": "该人员的本次释放已由其他机构登记为安置帮教对象，请与司法行政机关联系。"
    }
    assert str(theirs.pk) not in response.content.decode()
    assert ReleasedPerson.objects.count() == 1
