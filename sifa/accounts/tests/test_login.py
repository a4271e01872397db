"""Login, logout and the login log, through real POSTs to the login view."""

import pytest
from django.urls import reverse

from sifa.accounts.tests.helpers import CLIENT_IP, USER_AGENT, is_logged_in, post_login
from sifa.audit.models import AuthEvent

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese(visitor):
    response = visitor.get(reverse("accounts:login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "用户名" in content
    assert "密码" in content
    assert 'name="username"' in content


def test_login_succeeds_and_is_logged_with_address(cast, visitor, password):
    response = post_login(visitor, "township_clerk", password)

    assert response.status_code == 302
    assert response["Location"] == reverse("shell:home")
    assert is_logged_in(visitor)
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGIN)
    assert event.user == cast.township_clerk
    assert event.username == "township_clerk"
    assert event.ip_address == CLIENT_IP
    assert event.user_agent == USER_AGENT


def test_login_goes_to_a_safe_next_page_only(cast, visitor, password):
    response = post_login(visitor, "township_clerk", password, next="/people/")
    assert response["Location"] == "/people/"

    visitor.post(reverse("accounts:logout"))
    response = post_login(visitor, "township_clerk", password, next="https://evil.example/")
    assert response["Location"] == reverse("shell:home")


def test_wrong_password_is_refused_and_logged(cast, visitor):
    response = post_login(visitor, "township_clerk", "Not-The-Password-1")

    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert not is_logged_in(visitor)
    failure = AuthEvent.objects.get(kind=AuthEvent.Kind.FAILURE)
    assert failure.username == "township_clerk"
    assert failure.user == cast.township_clerk
    assert failure.ip_address == CLIENT_IP
    assert not AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN).exists()


def test_unknown_username_is_logged_as_typed(cast, visitor, password):
    post_login(visitor, "no-such-clerk", password)

    failure = AuthEvent.objects.get(kind=AuthEvent.Kind.FAILURE)
    assert failure.username == "no-such-clerk"
    assert failure.user is None
    assert failure.ip_address == CLIENT_IP


def test_inactive_account_cannot_log_in(cast, visitor, password):
    cast.township_clerk.is_active = False
    cast.township_clerk.save()

    response = post_login(visitor, "township_clerk", password)

    assert response.status_code == 200
    assert not is_logged_in(visitor)
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.FAILURE).count() == 1


def test_logout_is_post_only_and_logged(cast, visitor, password):
    post_login(visitor, "township_clerk", password)

    assert visitor.get(reverse("accounts:logout")).status_code == 405
    assert is_logged_in(visitor)

    response = visitor.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(visitor)
    logout = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGOUT)
    assert logout.user == cast.township_clerk
    assert logout.ip_address == CLIENT_IP


def test_logged_in_user_visiting_login_goes_home(cast, visitor, password):
    post_login(visitor, "township_clerk", password)
    response = visitor.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("shell:home")
