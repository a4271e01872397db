"""The administration pages of the agency clients (接口客户端管理) and the request log."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from sifa.api.models import ApiClient, ApiRequestLog

pytestmark = pytest.mark.django_db

LIST = reverse("api_admin:client_list")
CREATE = reverse("api_admin:client_create")
LOG = reverse("api_admin:request_log")
INFO = reverse("api:client")


def edit_url(client):
    return reverse("api_admin:client_edit", args=[client.pk])


def rotate_url(client):
    return reverse("api_admin:client_rotate", args=[client.pk])


def revoke_url(client):
    return reverse("api_admin:client_revoke", args=[client.pk])


def create_data(cast, **changes):
    data = {
        "name": "甲县人民法院",
        "agency_kind": "court",
        "office": cast.county_a.pk,
        "purposes": ["commission_assessment", "notify_judgment"],
        "rate_per_minute": "60",
        "contact": "张法官 0571-88880000",
    }
    data.update(changes)
    return data


def issued_token(response) -> str:
    """The token on the page that issued it (the read-only input)."""
    html = response.content.decode()
    start = html.index('id="api-token" value="') + len('id="api-token" value="')
    return html[start : html.index('"', start)]


# --- who may enter ----------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["city_leader", "township_clerk", "county_supervisor", "auditor"])
def test_a_business_user_or_the_auditor_is_refused(cast, login, make_client, user):
    client, _token = make_client(cast.county_a)
    http = login(getattr(cast, user))
    for url in [LIST, CREATE, LOG, edit_url(client), rotate_url(client), revoke_url(client)]:
        assert http.get(url).status_code == 403, url
    for url in [CREATE, edit_url(client), rotate_url(client), revoke_url(client)]:
        assert http.post(url, {}).status_code == 403, url
    client.refresh_from_db()
    assert client.active and client.revoked_at is None


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_menu_shows_the_pages_to_the_administrator_only(cast, login):
    admin_home = login(cast.sysadmin).get(reverse("shell:home")).content.decode()
    assert f'href="{LIST}"' in admin_home and f'href="{LOG}"' in admin_home
    leader_home = login(cast.city_leader).get(reverse("shell:home")).content.decode()
    assert LIST not in leader_home and LOG not in leader_home


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_every_client_without_its_token(cast, login, make_client, caller):
    used, used_token = make_client(cast.county_a, ["notify_defence"], name="甲县公安局")
    quiet, quiet_token = make_client(cast.county_b, ["notify_release"], name="乙县监狱")
    caller(used_token).get(INFO)
    response = login(cast.sysadmin).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["甲县公安局", "乙县监狱", "甲县司法局", "乙县司法局", "公安机关", "通知法律援助"]:
        assert text in html
    assert used.token_prefix in html and quiet.token_prefix in html
    assert used_token not in html and quiet_token not in html
    assert "从未调用" in html  # 乙县监狱 never called
    last = ApiRequestLog.objects.get(client=used).at
    assert timezone.localtime(last).strftime("%Y-%m-%d %H:%M") in html


# --- create: the token shown once -------------------------------------------------------------


def test_the_administrator_creates_a_client_and_sees_its_token_once(cast, login, caller):
    admin = login(cast.sysadmin)
    form = admin.get(CREATE)
    assert form.status_code == 200
    assert "甲县司法局" in form.content.decode()  # the office picker
    response = admin.post(CREATE, create_data(cast))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = issued_token(response)
    assert token.startswith("sifa_")
    assert "只显示这一次" in response.content.decode()
    assert 'id="api-token-copy"' in response.content.decode()  # the copy button
    client = ApiClient.objects.get()
    assert (client.name, client.agency_kind) == ("甲县人民法院", "court")
    assert client.office == cast.county_a
    assert client.purposes == ["commission_assessment", "notify_judgment"]
    assert (client.rate_per_minute, client.contact) == (60, "张法官 0571-88880000")
    assert caller(token).get(INFO).status_code == 200  # the token shown works

    # Neither the list, the log, the edit page nor a reload (re-post) shows it again.
    for url in [LIST, LOG, edit_url(client), rotate_url(client)]:
        assert token not in admin.get(url).content.decode(), url
    again = admin.post(CREATE, create_data(cast))
    assert token not in again.content.decode()
    assert "已有同名的接口客户端" in again.content.decode()
    assert ApiClient.objects.count() == 1
    history = "".join(str(h.__dict__) for h in client.history.all())
    assert token not in history


def test_a_wrong_form_keeps_the_input_and_names_the_field(cast, login):
    admin = login(cast.sysadmin)
    response = admin.post(
        CREATE, create_data(cast, purposes=[], rate_per_minute="0", contact="李四 123")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "请至少选择一项用途" in html
    assert "1" in html and 'name="rate_per_minute"' in html
    assert 'value="甲县人民法院"' in html  # the name typed is kept
    assert 'value="李四 123"' in html
    assert ApiClient.objects.count() == 0


def test_only_offices_the_administrator_manages_are_offered(cast, login, make_client):
    from tests.factories import grant

    grant(cast.county_supervisor, cast.county_a, "sysadmin")  # an administrator of one county
    admin = login(cast.county_supervisor)
    html = admin.get(CREATE).content.decode()
    assert "甲县司法局" in html and "乙县司法局" not in html
    response = admin.post(CREATE, create_data(cast, office=cast.county_b.pk))
    assert "请选择您有权管理的机构" in response.content.decode()
    assert ApiClient.objects.count() == 0
    # The other county's client is not in sight: not listed, and its pages are 404.
    other, _token = make_client(cast.county_b, name="乙县法院")
    assert "乙县法院" not in admin.get(LIST).content.decode()
    assert admin.get(edit_url(other)).status_code == 404
    assert admin.post(revoke_url(other), {"token_prefix": other.token_prefix}).status_code == 404


# --- edit -------------------------------------------------------------------------------------


def test_the_administrator_changes_purposes_rate_and_contact(cast, login, make_client, caller):
    client, token = make_client(cast.county_a, ["notify_defence"])
    admin = login(cast.sysadmin)
    page = admin.get(edit_url(client)).content.decode()
    assert re.search(r'value="notify_defence" id="id_purposes_\d+" checked', page)
    response = admin.post(
        edit_url(client),
        {
            "purposes": ["notify_release", "read_statistics"],
            "rate_per_minute": "30",
            "contact": "王",
        },
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.purposes == ["notify_release", "read_statistics"]
    assert (client.rate_per_minute, client.contact) == (30, "王")
    assert caller(token).get(INFO).json()["purposes"] == ["notify_release", "read_statistics"]


def test_an_edit_with_errors_keeps_the_input(cast, login, make_client):
    client, _token = make_client(cast.county_a, ["notify_defence"])
    response = login(cast.sysadmin).post(
        edit_url(client), {"purposes": ["read_statistics"], "rate_per_minute": "99999"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="99999"' in html
    assert re.search(r'value="read_statistics" id="id_purposes_\d+" checked', html)
    client.refresh_from_db()
    assert client.purposes == ["notify_defence"]


# --- rotate and revoke ------------------------------------------------------------------------


def test_rotation_shows_the_new_token_once_and_the_old_one_stops(cast, login, make_client, caller):
    client, old = make_client(cast.county_a)
    admin = login(cast.sysadmin)
    confirm = admin.get(rotate_url(client))
    assert confirm.status_code == 200 and "确认轮换" in confirm.content.decode()
    assert caller(old).get(INFO).status_code == 200  # the GET changed nothing
    response = admin.post(rotate_url(client), {"token_prefix": client.token_prefix})
    assert response.status_code == 200
    new = issued_token(response)
    assert new != old
    assert caller(old).get(INFO).status_code == 401
    assert caller(new).get(INFO).status_code == 200
    # A reload re-posts the old confirmation: nothing is rotated, no token is shown.
    again = admin.post(rotate_url(client), {"token_prefix": client.token_prefix}, follow=True)
    assert new not in again.content.decode()
    assert "不会再次显示" in again.content.decode()
    assert caller(new).get(INFO).status_code == 200
    assert new not in admin.get(LIST).content.decode()


def test_revocation_stops_the_token(cast, login, make_client, caller):
    client, token = make_client(cast.county_a)
    admin = login(cast.sysadmin)
    assert "确认吊销" in admin.get(revoke_url(client)).content.decode()
    response = admin.post(revoke_url(client), {"token_prefix": client.token_prefix})
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.revoked_at is not None and not client.active
    assert caller(token).get(INFO).status_code == 401
    assert "已吊销" in admin.get(LIST).content.decode()


def test_a_revoked_client_cannot_be_rotated(cast, login, make_client, caller):
    client, token = make_client(cast.county_a)
    admin = login(cast.sysadmin)
    admin.post(revoke_url(client), {"token_prefix": client.token_prefix})
    response = admin.post(rotate_url(client), {"token_prefix": client.token_prefix}, follow=True)
    assert "已吊销的客户端不能轮换令牌" in response.content.decode()
    assert 'id="api-token"' not in response.content.decode()
    assert caller(token).get(INFO).status_code == 401


# --- the request log --------------------------------------------------------------------------


def log_rows(response) -> int:
    return response.content.decode().count('class="api-log-row"')


def test_the_request_log_lists_and_filters(cast, login, make_client, caller):
    court, court_token = make_client(cast.county_a, ["notify_defence"], name="甲县法院")
    police, police_token = make_client(cast.county_b, ["notify_defence"], name="乙县公安")
    ten_days_earlier = timezone.now() - timedelta(days=10)
    with mock.patch("django.utils.timezone.now", return_value=ten_days_earlier):
        caller(police_token).get(INFO)  # 200, ten days ago (the log is append-only)
    caller(court_token).get(INFO)  # 200
    caller(court_token).get(INFO)  # 200
    caller("sifa_wrong").get(INFO)  # 401, no client
    caller(police_token).post(INFO, {"x": 1})  # 405

    admin = login(cast.sysadmin)
    everything = admin.get(LOG)
    assert everything.status_code == 200
    assert log_rows(everything) == 5
    html = everything.content.decode()
    assert "（未认证）" in html and f"api.apiclient:{court.pk}" in html
    assert court_token not in html and police_token not in html

    assert log_rows(admin.get(LOG, {"client": court.pk})) == 2
    assert log_rows(admin.get(LOG, {"status_class": "2xx"})) == 3
    assert log_rows(admin.get(LOG, {"status_class": "4xx"})) == 2
    assert log_rows(admin.get(LOG, {"status_class": "5xx"})) == 0
    today = timezone.localdate().isoformat()
    assert log_rows(admin.get(LOG, {"date_from": today})) == 4
    ten_days_ago = timezone.localtime(ten_days_earlier).date().isoformat()
    assert log_rows(admin.get(LOG, {"date_from": ten_days_ago, "date_to": ten_days_ago})) == 1
    assert log_rows(admin.get(LOG, {"client": police.pk, "status_class": "4xx"})) == 1
    wrong = admin.get(LOG, {"date_from": today, "date_to": ten_days_ago})
    assert "结束日期不能早于开始日期" in wrong.content.decode()


def test_the_request_log_is_paginated(cast, login, make_client, caller):
    _client, token = make_client(cast.county_a, rate_per_minute=1000)
    agency = caller(token)
    for _ in range(55):
        agency.get(INFO)
    admin = login(cast.sysadmin)
    assert log_rows(admin.get(LOG)) == 50
    assert log_rows(admin.get(LOG, {"page": 2})) == 5


def test_a_county_administrator_sees_only_its_clients_in_the_log(cast, login, make_client, caller):
    from tests.factories import grant

    _mine, mine = make_client(cast.county_a, name="甲县法院")
    _other, other = make_client(cast.county_b, name="乙县法院")
    caller(mine).get(INFO)
    caller(other).get(INFO)
    caller("sifa_wrong").get(INFO)  # no client: only a whole-tree administrator sees it
    grant(cast.county_supervisor, cast.county_a, "sysadmin")
    response = login(cast.county_supervisor).get(LOG)
    assert log_rows(response) == 1
    assert "甲县法院" in response.content.decode()
