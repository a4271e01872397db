"""Lockout (账户锁定) by django-axes: 5 failures lock the account, whatever the address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse

from sifa.accounts.tests.helpers import CLIENT_IP, is_logged_in, post_login
from sifa.audit.models import AuthEvent

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
LOCK_MINUTES = int(settings.AXES_COOLOFF_TIME * 60)


def fail_until_locked(client, username):
    responses = [post_login(client, username, f"Wrong-Password-{n}") for n in range(LIMIT)]
    return responses[-1]


def events(kind, username="township_clerk"):
    return AuthEvent.objects.filter(kind=kind, username=username)


def test_reaching_the_limit_locks_and_the_right_password_is_then_refused(cast, visitor, password):
    last_failure = fail_until_locked(visitor, "township_clerk")
    assert last_failure.status_code == 429

    response = post_login(visitor, "township_clerk", password)

    assert response.status_code == 429
    content = response.content.decode()
    assert "账户已锁定" in content
    assert f"连续{LIMIT}次登录失败" in content
    assert f"锁定{LOCK_MINUTES}分钟" in content
    assert not is_logged_in(visitor)
    # Every attempt is a failure; the lock, and the attempt refused while locked, are lockouts.
    assert events(AuthEvent.Kind.FAILURE).count() == LIMIT + 1
    assert events(AuthEvent.Kind.LOCKOUT).count() == 2
    assert set(events(AuthEvent.Kind.LOCKOUT).values_list("ip_address", flat=True)) == {CLIENT_IP}
    assert not events(AuthEvent.Kind.LOGIN).exists()


def test_fewer_failures_than_the_limit_do_not_lock(cast, visitor, password):
    for n in range(LIMIT - 1):
        post_login(visitor, "township_clerk", f"Wrong-Password-{n}")

    response = post_login(visitor, "township_clerk", password)

    assert response.status_code == 302
    assert is_logged_in(visitor)
    assert not events(AuthEvent.Kind.LOCKOUT).exists()


def test_lock_is_by_account_not_by_address(cast, visitor, password):
    """A township office shares one NAT address: one clerk's lock must not lock colleagues,
    and moving to another address must not escape the lock."""
    fail_until_locked(visitor, "township_clerk")

    colleague = Client(REMOTE_ADDR=CLIENT_IP)
    assert post_login(colleague, "sibling_clerk", password).status_code == 302

    elsewhere = Client(REMOTE_ADDR="192.0.2.77")
    assert post_login(elsewhere, "township_clerk", password).status_code == 429
    assert not is_logged_in(elsewhere)


def test_login_works_again_after_the_cool_off(cast, visitor, password):
    fail_until_locked(visitor, "township_clerk")
    AccessAttempt.objects.filter(username="township_clerk").update(
        attempt_time=F("attempt_time") - timedelta(minutes=LOCK_MINUTES, seconds=1)
    )

    response = post_login(visitor, "township_clerk", password)

    assert response.status_code == 302
    assert is_logged_in(visitor)
    assert events(AuthEvent.Kind.LOGIN).count() == 1


def test_attempts_while_locked_do_not_prolong_the_lock(cast, visitor, password):
    fail_until_locked(visitor, "township_clerk")
    locked_at = AccessAttempt.objects.get(username="township_clerk").attempt_time

    post_login(visitor, "township_clerk", "Wrong-Again-1")

    assert AccessAttempt.objects.get(username="township_clerk").attempt_time == locked_at


def test_successful_login_clears_earlier_failures(cast, visitor, password):
    for n in range(LIMIT - 1):
        post_login(visitor, "township_clerk", f"Wrong-Password-{n}")
    post_login(visitor, "township_clerk", password)
    visitor.post(reverse("accounts:logout"))

    # The count starts again: LIMIT - 1 new failures do not lock.
    for n in range(LIMIT - 1):
        post_login(visitor, "township_clerk", f"Wrong-Password-{n}")
    assert post_login(visitor, "township_clerk", password).status_code == 302
