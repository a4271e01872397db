"""The prisons' release-notice API (RA-2): token, validation, find-or-register, idempotence."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from sifa.people.models import Person, id_number_index
from sifa.resettlement.constants import Source, Status
from sifa.resettlement.models import ReleasedPerson
from sifa.resettlement.tests.factories import make_person, resident_id

pytestmark = pytest.mark.django_db

TOKEN = "prison-token-0123456789"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.SIFA_RELEASE_NOTICE_TOKEN = TOKEN


def url():
    return reverse("resettlement:api_release_notice")


def notice(cast, **overrides):
    body = {
        "office_code": cast.township_a1.code,
        "name": "张三",
        "id_number": resident_id(),
        "released_on": "2026-12-20",
        "prison": "浙江省第一监狱",
        "crime": "盗窃罪",
        "original_sentence": "有期徒刑三年",
        "certificate_number": "(2026)释字第8号",
        "key_person": False,
    }
    body.update(overrides)
    return body


def post(client, body, token=TOKEN, raw=None):
    headers = {"HTTP_X_SIFA_TOKEN": token} if token is not None else {}
    data = raw if raw is not None else json.dumps(body, ensure_ascii=False)
    return client.post(url(), data=data, content_type="application/json", **headers)


def test_creates_a_notified_record_and_registers_the_person(cast, client):
    body = notice(cast)
    response = post(client, body)
    assert response.status_code == 201
    data = response.json()
    released = ReleasedPerson.objects.get(pk=data["id"])
    assert data["created"] is True and data["status"] == Status.NOTIFIED
    assert released.source == Source.PRISON
    assert released.office == cast.township_a1
    assert released.released_on == datetime.date(2026, 12, 20)
    assert released.assistance_end == datetime.date(2031, 12, 20)
    assert released.prison == "浙江省第一监狱"
    assert released.notice_received_on is not None
    assert released.created_by is None
    person = released.person
    assert person.office == cast.township_a1 and person.name == "张三"
    assert person.id_number == body["id_number"]


def test_is_idempotent(cast, client):
    body = notice(cast)
    first = post(client, body)
    second = post(client, body)
    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["id"] == first.json()["id"] and second.json()["created"] is False
    assert ReleasedPerson.objects.count() == 1 and Person.objects.count() == 1
    other_release = post(client, {**body, "released_on": "2027-01-05"})
    assert other_release.status_code == 201
    assert Person.objects.count() == 1


def test_finds_the_person_registered_by_the_addressed_office(cast, client):
    number = resident_id()
    existing = make_person(cast.township_a1, name="李四", id_number=number)
    response = post(client, notice(cast, id_number=number.lower(), name="李肆"))
    assert response.status_code == 201
    released = ReleasedPerson.objects.get()
    assert released.person == existing
    assert released.office == cast.township_a1
    assert response.json()["warnings"]  # the name differs from the registry's
    existing.refresh_from_db()
    assert existing.name == "李四"  # never overwritten


def test_a_person_registered_by_another_office_is_neither_used_nor_mentioned(cast, client):
    """Issue 14, items 8 and 9: the shared token acts for the addressed 司法所 only."""
    number = resident_id()
    elsewhere = make_person(cast.township_b1, name="李四", id_number=number)
    response = post(client, notice(cast, id_number=number, name="李肆"))
    assert response.status_code == 201
    assert "warnings" not in response.json()
    released = ReleasedPerson.objects.get()
    assert released.person != elsewhere
    assert (released.person.office, released.person.name) == (cast.township_a1, "李肆")


def test_key_person_gets_a_reason(cast, client):
    response = post(client, notice(cast, key_person=True))
    assert response.status_code == 201
    released = ReleasedPerson.objects.get()
    assert released.key_person and released.key_reason


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "110105194912310021"}, "id_number"),  # bad check character
        ({"id_number": ""}, "id_number"),
        ({"name": " "}, "name"),
        ({"released_on": "2026-13-01"}, "released_on"),
        ({"released_on": None}, "released_on"),
        ({"prison": ""}, "prison"),
        ({"crime": ""}, "crime"),
        ({"office_code": "999999999"}, "office_code"),
        ({"office_code": "330102"}, "office_code"),  # a bureau, not a 司法所
        ({"key_person": "yes"}, "key_person"),
        ({"name": 12}, "name"),
    ],
)
def test_validation(cast, client, overrides, field):
    response = post(client, notice(cast, **overrides))
    assert response.status_code == 400
    data = response.json()
    assert data["error"] == "通知内容有误。"
    assert field in data["errors"]
    assert not ReleasedPerson.objects.exists()
    assert not Person.objects.filter(id_number_hash=id_number_index("110105194912310021")).exists()


def test_inactive_office_is_refused(cast, client):
    cast.township_a2.is_active = False
    cast.township_a2.save()
    response = post(client, notice(cast, office_code=cast.township_a2.code))
    assert response.status_code == 400 and "office_code" in response.json()["errors"]


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"text"'])
def test_bad_json(cast, client, raw):
    response = post(client, None, raw=raw)
    assert response.status_code == 400
    assert response.json()["error"]


def test_token_required(cast, client):
    assert post(client, notice(cast), token=None).status_code == 401
    response = post(client, notice(cast), token="wrong")
    assert response.status_code == 401
    assert response.json()["error"] == "接口令牌无效。"
    assert not ReleasedPerson.objects.exists()


def test_unconfigured_token_switches_the_api_off(cast, client, settings):
    settings.SIFA_RELEASE_NOTICE_TOKEN = ""
    response = post(client, notice(cast), token="")
    assert response.status_code == 503
    del settings.SIFA_RELEASE_NOTICE_TOKEN
    assert post(client, notice(cast)).status_code == 503


def test_only_post(cast, client):
    assert client.get(url(), HTTP_X_SIFA_TOKEN=TOKEN).status_code == 405


def test_logged_in_session_does_not_replace_the_token(cast, login):
    client = login(cast.township_clerk)
    assert post(client, notice(cast), token=None).status_code == 401


def test_notice_shows_up_for_the_office(cast, client, login):
    post(client, notice(cast, released_on="2026-01-02"))
    released = ReleasedPerson.objects.get()
    clerk = login(cast.township_clerk)
    response = clerk.get(reverse("resettlement:person_detail", args=[released.pk]))
    assert response.status_code == 200
    sibling = login(cast.sibling_clerk)
    assert sibling.get(reverse("resettlement:person_detail", args=[released.pk])).status_code == 404
