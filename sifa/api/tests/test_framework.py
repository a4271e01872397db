"""The API's machinery: tokens, rotation and revocation, purposes, limits, the request log."""

import pytest
from django.urls import reverse

from sifa.api import actions
from sifa.api.models import ApiClient, ApiRequestLog

pytestmark = pytest.mark.django_db

INFO = reverse("api:client")


def test_the_client_sees_its_own_information(make_client, caller, cast):
    client, token = make_client(cast.county_a, ["notify_defence"], name="甲县公安局")
    response = caller(token).get(INFO)
    assert response.status_code == 200
    assert response.json()["name"] == "甲县公安局"
    assert response.json()["office_code"] == cast.county_a.code
    assert response.json()["purposes"] == ["notify_defence"]
    log = ApiRequestLog.objects.get()
    assert (log.client, log.method, log.status) == (client, "GET", 200)
    assert log.records == [f"api.apiclient:{client.pk}"]


def test_only_the_hash_of_the_token_is_stored(make_client):
    client, token = make_client()
    assert token not in str(ApiClient.objects.filter(pk=client.pk).values().get())
    assert client.user.has_usable_password() is False  # the service account never logs in


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer sifa_wrong", "Token sifa_x", "bearer x"],
)
def test_missing_or_wrong_credentials_are_401_in_chinese(client, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(INFO, **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["error"])
    assert ApiRequestLog.objects.get().client is None


def test_rotation_and_revocation(make_client, caller, cast):
    client, old = make_client()
    new = actions.client_rotate(actor=cast.sysadmin, client=client)
    assert caller(old).get(INFO).status_code == 401
    assert caller(new).get(INFO).status_code == 200
    actions.client_revoke(actor=cast.sysadmin, client=client)
    assert caller(new).get(INFO).status_code == 401


def test_only_an_administrator_manages_clients(make_client, cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.client_create(
            actor=cast.city_leader,
            office=cast.city,
            name="x",
            agency_kind="court",
            purposes=["notify_defence"],
        )
    with pytest.raises(Exception) as error:
        make_client(purposes=["no_such_purpose"])
    assert "purposes" in error.value.message_dict


def test_the_rate_limit_is_per_client(make_client, caller):
    _limited, token = make_client(rate_per_minute=2)
    _other, other = make_client()
    agency = caller(token)
    assert [agency.get(INFO).status_code for _ in range(3)] == [200, 200, 429]
    assert "\u4e00" <= agency.get(INFO).json()["error"][0] <= "\u9fff"
    assert caller(other).get(INFO).status_code == 200


def test_a_body_over_the_limit_is_413(make_client, caller, settings):
    settings.SIFA_API_MAX_BODY_BYTES = 100
    _client, token = make_client()
    response = caller(token).post(INFO, {"padding": "x" * 200})
    assert response.status_code == 413
    assert "上限" in response.json()["error"]


def test_the_schema_and_the_chinese_documentation_are_served(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "司法行政数据共享接口" in schema.content.decode()
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()  # vendored assets only (closed intranets)


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v1/nothing/deeper/", "/api/v1/a%0Ab"])
def test_an_unknown_api_address_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/v1/docs/" in response.json()["error"]


def test_a_body_that_is_not_json_is_415_and_documented(make_client, cast, client):
    _client, token = make_client(cast.county_a, ["submit_checkin"])
    response = client.post(
        "/api/v1/check-ins/",
        "subject=1",
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 415
    assert response.json()["error"]
    schema = client.get(reverse("api:schema") + "?format=json").json()
    assert "415" in schema["paths"]["/api/v1/check-ins/"]["post"]["responses"]
