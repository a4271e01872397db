"""通知辩护/代理 through the API: register, learn the assigned lawyer, scope, purpose, retries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sifa.api.models import ApiRequestLog
from sifa.legalaid.actions.assignments import assignment_make
from sifa.legalaid.constants import CriminalStage, Matter, NotifyingOrgan, Origin, Status
from sifa.legalaid.models import Application
from sifa.legalaid.tests.factories import make_centre, make_handler, make_reviewer
from sifa.people.models import Person, id_number_index
from sifa.resettlement.tests.factories import make_person, resident_id

pytestmark = pytest.mark.django_db

LIST = reverse("api:defence_notifications")
NOTIFIED_ON = datetime.date(2026, 3, 2)


def detail(number: str) -> str:
    return reverse("api:defence_notification", args=[number])


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def police(make_client, caller, cast):
    """甲县公安局: scoped to county A, notifying legal aid only."""
    client, token = make_client(
        cast.county_a, ["notify_defence"], name="甲县公安局", agency_kind="police"
    )
    agency = caller(token)
    agency.client = client
    return agency


def notice(centre, **overrides):
    body = {
        "office_code": centre.code,
        "notice_number": "甲公（刑）通援字〔2026〕12号",
        "notified_on": NOTIFIED_ON.isoformat(),
        "criminal_stage": CriminalStage.INVESTIGATION,
        "notification_ground": "犯罪嫌疑人系未成年人",
        "facts": "涉嫌盗窃罪，2026年2月在甲县某商场盗窃手机两部。",
        "name": "李小明",
        "id_number": resident_id(birth="20100301"),
        "phone": "13800001111",
    }
    body.update(overrides)
    return body


def assign_lawyer(centre, application, *, on=NOTIFIED_ON):
    """A clerk of the centre assigns a lawyer in Sifa, as on the case page."""
    clerk = make_reviewer(centre)
    provider, handler = make_handler(centre, name="王律师", juvenile_experience=True, provider=None)
    provider.phone = "0571-88880000"
    provider.save()
    handler.person.set_phone("13900002222")
    handler.person.save()
    assignment_make(
        actor=clerk,
        application=Application.objects.get(pk=application.pk),
        provider=provider,
        handler=handler,
        assigned_on=on,
    )
    return provider, handler


# --- the exchange ---------------------------------------------------------------------------


def test_a_notice_is_registered_through_the_action(police, centre, cast):
    body = notice(centre)
    response = police.post(LIST, body)

    assert response.status_code == 201, response.json()
    application = Application.objects.get()
    assert application.office == centre
    assert application.origin == Origin.NOTIFICATION
    assert application.created_by == police.client.user
    assert application.status == Status.GRANTED  # accepted on the day of the notice
    assert application.accepted_on == application.received_on == NOTIFIED_ON
    assert application.notifying_organ == NotifyingOrgan.POLICE  # from the client's kind
    assert application.notifying_organ_name == "甲县公安局"  # the client's name by default
    assert application.criminal_stage == CriminalStage.INVESTIGATION
    assert application.matter == Matter.CRIMINAL_DEFENCE
    assert application.notice_number == "甲公（刑）通援字〔2026〕12号"
    assert application.facts.startswith("涉嫌盗窃罪")
    assert application.assignment_due_on is not None
    # The person is registered at the centre, as the clerk's form registers them.
    person = application.applicant
    assert (person.name, person.office) == ("李小明", centre)
    assert person.id_number_hash == id_number_index(body["id_number"])

    assert application.number == "330102-FY-2026-0001"  # SIFA_NUMBERING's default
    data = response.json()
    assert data == {
        "number": application.number,
        "notice_number": "甲公（刑）通援字〔2026〕12号",
        "office_code": centre.code,
        "office_name": centre.name,
        "notified_on": "2026-03-02",
        "status": "granted",
        "status_label": "决定给予",
        "decision": "granted",
        "decided_on": "2026-03-02",
        "assignment_due_on": application.assignment_due_on.isoformat(),
        "assignment": None,
    }


def test_a_registered_person_is_found_by_id_number(police, centre, cast):
    known = make_person(centre, name="赵大", id_number=resident_id(birth="19900101"))
    body = notice(centre, id_number=known.id_number, name="")
    del body["name"]

    assert police.post(LIST, body).status_code == 201
    assert Application.objects.get().applicant == known
    assert Person.objects.count() == 1


def test_the_organ_learns_the_assigned_lawyer_and_nothing_else(police, centre):
    created = police.post(LIST, notice(centre)).json()
    application = Application.objects.get(number=created["number"])
    provider, _handler = assign_lawyer(centre, application, on=datetime.date(2026, 3, 3))

    response = police.get(detail(created["number"]))

    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["status_label"]) == ("assigned", "已指派")
    assert data["assignment"] == {
        "handler_name": "王律师",
        "provider_name": provider.name,
        "handler_phone": "13900002222",
        "provider_phone": "0571-88880000",
        "assigned_on": "2026-03-03",
    }
    # Field minimisation: no facts, no person, no ID number, no conflict note.
    text = response.content.decode()
    for secret in ("涉嫌盗窃", "李小明", application.applicant.id_number, "利益冲突"):
        assert secret not in text


def test_a_reassignment_shows_the_new_lawyer(police, centre):
    created = police.post(LIST, notice(centre)).json()
    application = Application.objects.get(number=created["number"])
    assign_lawyer(centre, application, on=datetime.date(2026, 3, 3))
    _provider, second = make_handler(centre, name="钱律师", juvenile_experience=True)
    assignment_make(
        actor=make_reviewer(centre),
        application=Application.objects.get(pk=application.pk),
        provider=second.provider,
        handler=second,
        assigned_on=datetime.date(2026, 3, 5),
    )

    data = police.get(detail(created["number"])).json()
    assert data["assignment"]["handler_name"] == "钱律师"
    assert data["assignment"]["assigned_on"] == "2026-03-05"


def test_the_client_lists_its_own_notifications_paginated(
    police, centre, make_client, caller, cast
):
    for n in range(3):
        body = notice(centre, notice_number=f"通援字第{n}号", id_number=resident_id())
        assert police.post(LIST, body).status_code == 201
    _other, token = make_client(cast.county_a, ["notify_defence"], agency_kind="court")
    assert caller(token).post(LIST, notice(centre, notice_number="法院1号")).status_code == 201

    first = police.get(LIST, {"page_size": 2})
    second = police.get(LIST, {"page_size": 2, "page": 2})

    assert first.status_code == second.status_code == 200
    assert first.json()["count"] == 3  # the court's notification is not this client's
    numbers = [r["notice_number"] for r in first.json()["results"] + second.json()["results"]]
    assert sorted(numbers) == ["通援字第0号", "通援字第1号", "通援字第2号"]
    assert police.get(LIST, {"page": 9}).status_code == 404
    page_two = ApiRequestLog.objects.get(client=police.client, path__endswith="page=2")
    assert len(page_two.records) == 1  # the notification on that page


# --- validation -----------------------------------------------------------------------------


def test_missing_and_wrong_fields_are_named_in_chinese(police, centre):
    body = notice(centre, id_number="330102198001010000", criminal_stage="arrest")
    del body["notice_number"]
    response = police.post(LIST, body)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"notice_number", "id_number", "criminal_stage"}
    assert errors["notice_number"] == ["该字段是必填项。"]
    assert "校验位" in errors["id_number"][0]
    assert "不是合法选项" in errors["criminal_stage"][0]
    assert not Application.objects.exists()


def test_the_actions_rules_come_back_under_the_api_field_names(police, centre, cast):
    # A justice bureau is no legal-aid centre (the action's rule), and a future date.
    body = notice(centre, office_code=cast.county_a.code, notified_on="2099-01-01")
    response = police.post(LIST, body)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "法律援助中心" in errors["office_code"][0]
    assert "今天" in errors["notified_on"][0]
    assert not Application.objects.exists()
    assert not Person.objects.exists()  # the registration rolled back with the notice


def test_an_implausible_notice_date_is_refused(police, centre):
    response = police.post(LIST, notice(centre, notified_on="1990-01-01"))
    assert response.status_code == 400
    assert "2000-01-01" in response.json()["errors"]["notified_on"][0]


def test_an_unknown_person_needs_a_name(police, centre):
    body = notice(centre)
    del body["name"]
    response = police.post(LIST, body)
    assert response.status_code == 400
    assert "姓名" in response.json()["errors"]["name"][0]


def test_a_name_that_differs_from_the_registry_is_refused(police, centre):
    known = make_person(centre, name="赵大")
    response = police.post(LIST, notice(centre, id_number=known.id_number, name="赵二"))
    assert response.status_code == 400
    assert "赵大" in response.json()["errors"]["name"][0]


def test_an_organ_kind_is_needed_when_the_client_is_no_organ(make_client, caller, cast, centre):
    _client, token = make_client(cast.county_a, ["notify_defence"], agency_kind="other")
    response = caller(token).post(LIST, notice(centre))
    assert response.status_code == 400
    assert "通知机关类别" in response.json()["errors"]["notifying_organ"][0]
    ok = caller(token).post(LIST, notice(centre, notifying_organ="procuratorate"))
    assert ok.status_code == 201


# --- scope, purpose, credentials ------------------------------------------------------------


def test_a_centre_outside_the_scope_is_404(police, cast):
    centre_b = make_centre(cast.county_b)
    response = police.post(LIST, notice(centre_b))
    assert response.status_code == 404
    assert not Application.objects.exists()
    assert police.post(LIST, notice(centre_b, office_code="NO-SUCH")).status_code == 404


def test_a_notification_of_another_scope_or_client_is_404(police, make_client, caller, cast):
    centre_b = make_centre(cast.county_b)
    _b, token_b = make_client(cast.county_b, ["notify_defence"], agency_kind="police")
    created = caller(token_b).post(LIST, notice(centre_b)).json()

    assert police.get(detail(created["number"])).status_code == 404
    assert caller(token_b).get(detail(created["number"])).status_code == 200


def test_without_the_purpose_403_without_a_token_401(make_client, caller, cast, centre, client):
    _stats, token = make_client(cast.county_a, ["read_statistics"])
    assert caller(token).post(LIST, notice(centre)).status_code == 403
    assert caller(token).get(LIST).status_code == 403
    assert client.post(LIST, notice(centre), content_type="application/json").status_code == 401
    assert client.get(detail("x")).status_code == 401
    assert not Application.objects.exists()


# --- retries --------------------------------------------------------------------------------


def test_the_same_notice_again_answers_the_registered_one(police, centre):
    first = police.post(LIST, notice(centre))
    again = police.post(LIST, notice(centre, facts="重复发送", id_number=resident_id()))

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]
    assert Application.objects.count() == 1
    # Another notice number of the same organ is another notification.
    assert police.post(LIST, notice(centre, notice_number="另一号")).status_code == 201
    assert Application.objects.count() == 2


def test_an_idempotency_key_makes_retries_safe(police, centre):
    body = notice(centre)
    headers = {"HTTP_IDEMPOTENCY_KEY": "notice-12"}
    first = police.post(LIST, body, headers=headers)
    again = police.post(LIST, body, headers=headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1

    other = police.post(LIST, notice(centre, notice_number="另一号"), headers=headers)
    assert other.status_code == 409
    assert "幂等键" in other.json()["error"]
    assert Application.objects.count() == 1


def test_the_request_log_names_the_records(police, centre):
    data = police.post(LIST, notice(centre)).json()
    application = Application.objects.get(number=data["number"])
    log = ApiRequestLog.objects.get(method="POST")
    assert (log.client, log.purpose, log.status) == (police.client, "notify_defence", 201)
    assert f"legalaid.application:{application.pk}" in log.records
    assert f"people.person:{application.applicant_id}" in log.records

    police.get(detail(data["number"]))
    read = ApiRequestLog.objects.filter(method="GET").get()
    assert read.records == [f"legalaid.application:{application.pk}"]


@pytest.mark.parametrize("malformed", ["a/b", "a%0Ab", "a%00b"])
def test_a_malformed_number_is_this_apis_json_404(police, malformed):
    response = police.get(f"{LIST}{malformed}/")
    assert response.status_code == 404
    assert "未找到" in response.json()["error"]
