"""The client address (`client_ip`) for the login log, the lockout, the audit and the API log:
X-Forwarded-For is believed only from a trusted reverse proxy (SIFA_TRUSTED_PROXIES)."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from sifa.accounts.events import client_ip
from sifa.audit.models import AuthEvent

PROXY = "10.0.0.5"


def request(remote_addr: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_forged_header_is_ignored():
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(SIFA_TRUSTED_PROXIES=(PROXY,))
def test_a_client_that_is_no_proxy_cannot_name_another_address():
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(SIFA_TRUSTED_PROXIES=(PROXY,))
def test_behind_the_proxy_the_client_is_the_address_it_forwards():
    assert client_ip(request(PROXY, "203.0.113.9")) == "203.0.113.9"


@override_settings(SIFA_TRUSTED_PROXIES=("10.0.0.0/24",))
def test_the_chain_is_read_from_the_right_past_every_trusted_proxy():
    # The client put a forged address first; the proxies appended what they saw.
    chain = "192.0.2.66, 203.0.113.9, 10.0.0.7"
    assert client_ip(request(PROXY, chain)) == "203.0.113.9"


@override_settings(SIFA_TRUSTED_PROXIES=(PROXY,))
@pytest.mark.parametrize("chain", ["not-an-address", "203.0.113.9, <script>"])
def test_a_malformed_chain_gives_an_unknown_address(chain):
    assert client_ip(request(PROXY, chain)) is None


@override_settings(SIFA_TRUSTED_PROXIES=(PROXY,))
def test_a_proxy_without_the_header_is_itself_the_client():
    assert client_ip(request(PROXY)) == PROXY


def test_a_peer_that_is_no_address_is_unknown():
    assert client_ip(request("unix:/run/sifa.sock")) is None


@pytest.mark.django_db
@override_settings(SIFA_TRUSTED_PROXIES=(PROXY,))
def test_the_login_log_records_the_forwarded_client(cast):
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    client.post(
        reverse("accounts:login"), {"username": "township_clerk", "password": "Wrong-Password-1"}
    )
    event = AuthEvent.objects.filter(username="township_clerk").latest("at")
    assert event.ip_address == "203.0.113.9"
