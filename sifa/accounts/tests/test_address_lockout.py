"""Lockout by client address (sifa.accounts.lockout): many failures from one address, on any
accounts, stop logins from that address; a township office's NAT address survives its typos."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from sifa.accounts import lockout
from sifa.accounts.tests.helpers import CLIENT_IP, is_logged_in, post_login
from sifa.audit.models import AuthEvent

pytestmark = pytest.mark.django_db

ADDRESS_LIMIT = 6  # small for the test; the account limit (5) stays as configured


@pytest.fixture(autouse=True)
def _address_limit(settings):
    settings.SIFA_LOCKOUT_ADDRESS_FAILURES = ADDRESS_LIMIT


def spray(client, usernames, tries_each: int = 2) -> None:
    """Password spraying: a few guesses on each account, never enough to lock one."""
    for username in usernames:
        for n in range(tries_each):
            assert post_login(client, username, f"Spring-2026-{n}").status_code == 200


def test_spraying_from_one_address_stops_every_login_from_it(cast, visitor, password):
    spray(visitor, ["township_clerk", "sibling_clerk", "no_such_user"])  # 6 failures

    response = post_login(visitor, "county_supervisor", password)  # the right password

    assert response.status_code == 200 and not is_logged_in(visitor)
    page = response.content.decode()
    assert "从您所在网络地址登录失败的次数过多，该地址已暂停登录30分钟" in page
    assert "用户名或密码不正确" not in page
    refused = AuthEvent.objects.get(kind=AuthEvent.Kind.ADDRESS_LOCKOUT)
    assert (refused.username, refused.ip_address) == ("county_supervisor", CLIENT_IP)
    # No single account reached its own limit: the lock is the address's.
    assert not AuthEvent.objects.filter(kind=AuthEvent.Kind.LOCKOUT).exists()


def test_the_admin_login_is_refused_from_a_locked_address(cast, visitor, password):
    spray(visitor, ["township_clerk", "sibling_clerk", "no_such_user"])
    response = visitor.post(reverse("admin:login"), {"username": "sysadmin", "password": password})
    assert response.status_code == 200 and not is_logged_in(visitor)
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.ADDRESS_LOCKOUT).count() == 1


def test_other_addresses_and_fewer_failures_are_not_locked(cast, visitor, password):
    spray(visitor, ["township_clerk", "sibling_clerk"], tries_each=2)  # 4 < 6
    assert post_login(visitor, "county_supervisor", password).status_code == 302

    spray(Client(REMOTE_ADDR=CLIENT_IP), ["township_clerk", "no_such_user"])  # now 8 in all
    elsewhere = Client(REMOTE_ADDR="192.0.2.77")
    assert post_login(elsewhere, "township_clerk", password).status_code == 302


def test_the_lock_ends_with_the_window_and_trying_on_does_not_prolong_it(cast, visitor, password):
    spray(visitor, ["township_clerk", "sibling_clerk", "no_such_user"])
    for n in range(3):  # refused while locked: logged, not counted
        post_login(visitor, "county_supervisor", f"Still-Guessing-{n}")
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.ADDRESS_LOCKOUT).count() == 3

    last_failure = AuthEvent.objects.filter(kind=AuthEvent.Kind.FAILURE).latest("at").at
    assert lockout.address_locked(CLIENT_IP)
    assert lockout.address_locked(CLIENT_IP, now=last_failure + timedelta(minutes=29))
    assert not lockout.address_locked(CLIENT_IP, now=last_failure + timedelta(minutes=30))


def test_zero_switches_the_address_lock_off(cast, visitor, password, settings):
    settings.SIFA_LOCKOUT_ADDRESS_FAILURES = 0
    spray(visitor, ["township_clerk", "sibling_clerk", "no_such_user"], tries_each=3)
    assert post_login(visitor, "county_supervisor", password).status_code == 302
