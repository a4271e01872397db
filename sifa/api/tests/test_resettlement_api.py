"""Prisons' release notices through the API: a record opened once, its status, scope, retries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sifa.api.models import ApiRequestLog
from sifa.people.models import Person, id_number_index
from sifa.resettlement.actions.persons import connect
from sifa.resettlement.constants import Source, Status
from sifa.resettlement.models import ReleasedPerson
from sifa.resettlement.tests.factories import make_person, resident_id

pytestmark = pytest.mark.django_db

LIST = reverse("api:release_notices")
OLD_TOKEN = "prison-token-0123456789"


def detail(pk: int) -> str:
    return reverse("api:release_notice", args=[pk])


@pytest.fixture
def prison(make_client, caller, cast):
    """浙江省第一监狱's client, scoped to county A, sending release notices only."""
    client, token = make_client(
        cast.county_a, ["notify_release"], name="浙江省第一监狱", agency_kind="prison"
    )
    agency = caller(token)
    agency.client = client
    return agency


def notice(office, **overrides):
    body = {
        "office_code": office.code,
        "name": "张三",
        "id_number": resident_id(),
        "released_on": "2026-03-20",
        "prison": "浙江省第一监狱",
        "crime": "盗窃罪",
        "original_sentence": "有期徒刑三年",
        "certificate_number": "(2026)释字第8号",
        "key_person": True,
    }
    body.update(overrides)
    return body


def test_a_notice_opens_a_resettlement_record_through_the_action(prison, cast):
    body = notice(cast.township_a1)
    response = prison.post(LIST, body)

    assert response.status_code == 201, response.json()
    released = ReleasedPerson.objects.get()
    assert response.json() == {
        "id": released.pk,
        "status": "notified",
        "status_label": "已收到释放通知",
        "created": True,
        "warnings": [],
    }
    assert released.office == cast.township_a1
    assert released.source == Source.PRISON
    assert released.status == Status.NOTIFIED
    assert released.released_on == datetime.date(2026, 3, 20)
    assert (released.crime, released.prison) == ("盗窃罪", "浙江省第一监狱")
    assert released.key_person and released.key_reason == "监狱通知列为重点帮教对象"
    person = released.person
    assert person.name == "张三" and person.office == cast.township_a1
    assert person.id_number_hash == id_number_index(body["id_number"])


def test_the_prison_learns_the_status_only(prison, cast):
    created = prison.post(LIST, notice(cast.township_a1)).json()
    released = ReleasedPerson.objects.get(pk=created["id"])
    connect(
        actor=cast.township_clerk,
        released=released,
        connected_on=datetime.date(2026, 3, 21),
        met_at_gate=True,  # a key person is met at the gate (必接必送)
        met_by="甲一镇司法所 李四",
    )

    response = prison.get(detail(created["id"]))

    assert response.status_code == 200
    assert response.json() == {"id": released.pk, "status": "connected", "status_label": "已衔接"}


def test_the_same_release_again_answers_the_existing_record(prison, cast):
    body = notice(cast.township_a1)
    first = prison.post(LIST, body)
    again = prison.post(LIST, {**body, "certificate_number": "另一号", "name": "张叁"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["created"] is False
    assert "姓名" in again.json()["warnings"][0]  # matched by ID number, name differs
    assert ReleasedPerson.objects.count() == 1
    assert Person.objects.count() == 1


def test_an_idempotency_key_makes_retries_safe(prison, cast):
    body = notice(cast.township_a1)
    headers = {"HTTP_IDEMPOTENCY_KEY": "release-0001"}
    first = prison.post(LIST, body, headers=headers)
    again = prison.post(LIST, body, headers=headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert ReleasedPerson.objects.count() == 1

    other = prison.post(LIST, notice(cast.township_a1), headers=headers)
    assert other.status_code == 409
    assert ReleasedPerson.objects.count() == 1


def test_validation_errors_name_the_field_in_chinese(prison, cast):
    body = notice(cast.township_a1, released_on="2026-13-40", id_number="12345")
    del body["crime"]
    response = prison.post(LIST, body)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"released_on", "crime"}
    assert errors["crime"] == ["该字段是必填项。"]
    assert "日期" in errors["released_on"][0]
    # The action's own rules: the ID number's structure, a 司法所 as the target.
    response = prison.post(LIST, notice(cast.township_a1, id_number="12345"))
    assert set(response.json()["errors"]) == {"id_number"}
    response = prison.post(LIST, notice(cast.county_a))
    assert response.status_code == 400
    assert "司法所" in response.json()["errors"]["office_code"][0]
    for implausible in ("1900-01-01", "9999-12-31"):
        response = prison.post(LIST, notice(cast.township_a1, released_on=implausible))
        assert "释放日期应在" in response.json()["errors"]["released_on"][0]
    assert not ReleasedPerson.objects.exists()


def test_an_office_outside_the_scope_is_404(prison, cast):
    assert prison.post(LIST, notice(cast.township_b1)).status_code == 404
    assert prison.post(LIST, notice(cast.township_b1, office_code="000000")).status_code == 404
    assert not ReleasedPerson.objects.exists()


def test_a_record_outside_the_scope_is_404(prison, make_client, caller, cast):
    _b, token_b = make_client(cast.county_b, ["notify_release"], agency_kind="prison")
    created = caller(token_b).post(LIST, notice(cast.township_b1)).json()
    assert prison.get(detail(created["id"])).status_code == 404
    assert caller(token_b).get(detail(created["id"])).status_code == 200


def test_a_release_registered_outside_the_scope_is_not_disclosed(prison, cast):
    """The person is looked up in the client's scope only (issue 14, items 8 and 9): the
    release registered in county B is not found, and the notice is received as a new one."""
    person = make_person(cast.township_b1)
    elsewhere = ReleasedPerson.objects.create(
        office=cast.township_b1,
        person=person,
        source=Source.PRISON,
        crime="诈骗罪",
        released_on=datetime.date(2026, 3, 20),
        assistance_end=datetime.date(2031, 3, 20),
    )
    body = notice(cast.township_a1, id_number=person.id_number, name=person.name)

    response = prison.post(LIST, body)

    assert response.status_code == 201
    assert response.json()["id"] != elsewhere.pk and response.json()["warnings"] == []
    assert cast.township_b1.name not in response.content.decode()
    received = ReleasedPerson.objects.get(pk=response.json()["id"])
    assert received.office == cast.township_a1 and received.person.office == cast.township_a1


def test_without_the_purpose_403_without_a_token_401(make_client, caller, cast, client):
    _police, token = make_client(cast.county_a, ["notify_defence"], agency_kind="police")
    assert caller(token).post(LIST, notice(cast.township_a1)).status_code == 403
    assert caller(token).get(detail(1)).status_code == 403
    body = notice(cast.township_a1)
    assert client.post(LIST, body, content_type="application/json").status_code == 401
    assert not ReleasedPerson.objects.exists()


def test_the_request_log_names_the_records(prison, cast):
    created = prison.post(LIST, notice(cast.township_a1)).json()
    released = ReleasedPerson.objects.get(pk=created["id"])
    log = ApiRequestLog.objects.get()
    assert (log.client, log.purpose, log.status) == (prison.client, "notify_release", 201)
    assert log.records == [
        f"resettlement.releasedperson:{released.pk}",
        f"people.person:{released.person_id}",
    ]


def test_the_older_endpoint_keeps_working(client, cast, settings):
    settings.SIFA_RELEASE_NOTICE_TOKEN = OLD_TOKEN
    response = client.post(
        reverse("resettlement:api_release_notice"),
        notice(cast.township_a1),
        content_type="application/json",
        HTTP_X_SIFA_TOKEN=OLD_TOKEN,
    )
    assert response.status_code == 201
    assert ReleasedPerson.objects.count() == 1


@pytest.mark.parametrize("malformed", ["abc", "-1", "1.5", "１２"])
def test_a_malformed_record_id_is_this_apis_json_404(prison, malformed):
    response = prison.get(f"{LIST}{malformed}/")
    assert response.status_code == 404
    assert "未找到" in response.json()["error"]
