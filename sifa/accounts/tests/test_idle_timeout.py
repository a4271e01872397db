"""Idle timeout (空闲超时): a session without a request for the configured time is logged out."""

import time

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from sifa.accounts.signals import LAST_ACTIVITY_SESSION_KEY
from sifa.accounts.tests.helpers import CLIENT_IP, is_logged_in, post_login
from sifa.audit.models import AuthEvent

pytestmark = pytest.mark.django_db

NOTICE = "长时间未操作，已自动退出，请重新登录。"


def idle_for(client, minutes):
    session = client.session
    session[LAST_ACTIVITY_SESSION_KEY] = int(time.time()) - int(minutes * 60)
    session.save()


@pytest.fixture
def clerk_client(cast, visitor, password):
    post_login(visitor, "township_clerk", password)
    return visitor


def test_idle_session_is_logged_out_logged_and_told_why(cast, clerk_client):
    idle_for(clerk_client, settings.SIFA_IDLE_TIMEOUT_MINUTES + 1)

    response = clerk_client.get(reverse("shell:home"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2F"
    assert not is_logged_in(clerk_client)
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.IDLE_TIMEOUT)
    assert event.user == cast.township_clerk
    assert event.ip_address == CLIENT_IP
    assert not AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGOUT).exists()

    login_page = clerk_client.get(response["Location"])
    assert NOTICE in login_page.content.decode()
    # Said once: the next visit to the login page is a plain one.
    assert NOTICE not in clerk_client.get(reverse("accounts:login")).content.decode()


def test_active_session_stays(cast, clerk_client):
    idle_for(clerk_client, settings.SIFA_IDLE_TIMEOUT_MINUTES - 1)

    assert clerk_client.get(reverse("shell:home")).status_code == 200
    assert is_logged_in(clerk_client)
    # The request renewed the clock.
    assert time.time() - clerk_client.session[LAST_ACTIVITY_SESSION_KEY] < 60


@override_settings(SIFA_IDLE_TIMEOUT_MINUTES=5)
def test_timeout_follows_the_setting(cast, clerk_client):
    idle_for(clerk_client, 6)

    assert clerk_client.get(reverse("shell:home")).status_code == 302
    assert not is_logged_in(clerk_client)


def test_htmx_request_is_told_to_redirect_the_page(cast, clerk_client):
    idle_for(clerk_client, settings.SIFA_IDLE_TIMEOUT_MINUTES + 1)

    response = clerk_client.get(
        reverse("shell:home"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/people/?q=1"},
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('accounts:login')}?next=%2Fpeople%2F%3Fq%3D1"
    assert not is_logged_in(clerk_client)
