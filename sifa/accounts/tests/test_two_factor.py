"""Two-factor authentication (双因素认证): setup, the code at login, roles that require it."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sifa.accounts import two_factor
from sifa.accounts.tests.helpers import (
    CLIENT_IP,
    device_code,
    is_logged_in,
    post_login,
    totp_code,
    wrong_code,
)
from sifa.audit.models import AuthEvent
from sifa.orgs.models import Role

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
HOME = reverse("shell:home")


def require_two_factor_for(role_key):
    Role.objects.filter(key=role_key).update(requires_two_factor=True)


def give_device(user):
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


def verify(client, code, **data):
    return client.post(VERIFY, {"code": code, **data})


class TestRoleRequiringTwoFactor:
    def test_forces_setup_before_anything_else(self, cast, visitor, password):
        require_two_factor_for("jo_staff")
        post_login(visitor, "township_clerk", password)

        response = visitor.get(reverse("accounts:password_change"))
        assert response.status_code == 302
        assert response["Location"] == f"{SETUP}?next=%2Faccounts%2Fpassword%2F"
        assert visitor.get(HOME)["Location"] == f"{SETUP}?next=%2F"
        # Only the two-factor pages, logout and static files are reachable.
        assert visitor.get(SETUP).status_code == 200
        assert visitor.get("/static/no-such-file.css").status_code == 404

    def test_htmx_requests_are_redirected_with_a_header(self, cast, visitor, password):
        require_two_factor_for("jo_staff")
        post_login(visitor, "township_clerk", password)

        response = visitor.get(HOME, headers={"HX-Request": "true"})

        assert response["HX-Redirect"] == SETUP

    def test_setup_shows_a_qr_code_and_the_secret(self, cast, visitor, password):
        require_two_factor_for("jo_staff")
        post_login(visitor, "township_clerk", password)

        content = visitor.get(SETUP).content.decode()

        assert "<svg" in content
        assert "您的角色要求使用双因素认证" in content
        secret = visitor.session[two_factor.SETUP_SECRET_SESSION_KEY]
        assert two_factor.secret_for_display(TOTPDevice(key=secret)) in content
        # A GET shows the same secret again until it is confirmed.
        visitor.get(SETUP)
        assert visitor.session[two_factor.SETUP_SECRET_SESSION_KEY] == secret

    def test_wrong_setup_code_creates_no_device(self, cast, visitor, password):
        require_two_factor_for("jo_staff")
        post_login(visitor, "township_clerk", password)
        visitor.get(SETUP)
        secret = visitor.session[two_factor.SETUP_SECRET_SESSION_KEY]

        response = visitor.post(SETUP, {"code": wrong_code(secret)})

        assert response.status_code == 200
        assert "动态口令不正确" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=cast.township_clerk).exists()
        assert visitor.get(HOME)["Location"].startswith(SETUP)

    def test_setup_then_login_asks_for_the_code(self, cast, visitor, password):
        require_two_factor_for("jo_staff")
        post_login(visitor, "township_clerk", password)
        visitor.get(SETUP)
        secret = visitor.session[two_factor.SETUP_SECRET_SESSION_KEY]

        response = visitor.post(SETUP, {"code": totp_code(secret), "next": "/"})

        # The recovery codes are shown once, then the user goes on where they were going.
        assert response["Location"] == f"{reverse('accounts:recovery_codes')}?next=%2F"
        device = TOTPDevice.objects.get(user=cast.township_clerk, confirmed=True)
        assert device.key == secret
        assert visitor.get(HOME).status_code == 200  # this session passed the code

        visitor.post(reverse("accounts:logout"))
        response = post_login(visitor, "township_clerk", password)

        assert response["Location"] == VERIFY
        assert not is_logged_in(visitor)
        assert visitor.get(HOME)["Location"].startswith(reverse("accounts:login"))
        logins_before_code = AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN).count()

        response = verify(visitor, device_code(device))

        assert response["Location"] == HOME
        assert is_logged_in(visitor)
        assert visitor.get(HOME).status_code == 200
        assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN).count() == logins_before_code + 1


class TestLoginWithADevice:
    def test_wrong_code_is_refused_and_logged(self, cast, visitor, password):
        device = give_device(cast.township_clerk)
        post_login(visitor, "township_clerk", password)

        response = verify(visitor, wrong_code(device.key))

        assert response.status_code == 200
        content = response.content.decode()
        assert "动态口令不正确" in content
        assert "is-invalid" in content  # the message is visible, not just present
        assert not is_logged_in(visitor)
        failure = AuthEvent.objects.get(kind=AuthEvent.Kind.OTP_FAILURE)
        assert failure.user == cast.township_clerk
        assert failure.ip_address == CLIENT_IP
        assert not AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN).exists()

    def test_codes_right_after_a_wrong_one_are_throttled(self, cast, visitor, password):
        device = give_device(cast.township_clerk)
        post_login(visitor, "township_clerk", password)
        verify(visitor, wrong_code(device.key))

        response = verify(visitor, device_code(device))

        assert "次数过多" in response.content.decode()
        assert not is_logged_in(visitor)
        device.refresh_from_db()
        device.throttle_reset()
        assert verify(visitor, device_code(device))["Location"] == HOME
        assert is_logged_in(visitor)

    def test_right_code_logs_in_verified_and_goes_to_next(self, cast, visitor, password):
        device = give_device(cast.township_clerk)
        response = post_login(visitor, "township_clerk", password, next="/people/")
        assert response["Location"] == VERIFY

        response = verify(visitor, device_code(device))

        assert response["Location"] == "/people/"
        assert visitor.session["otp_device_id"] == device.persistent_id
        login = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGIN)
        assert (login.user, login.ip_address) == (cast.township_clerk, CLIENT_IP)

    def test_a_used_code_cannot_be_replayed(self, cast, visitor, password):
        device = give_device(cast.township_clerk)
        post_login(visitor, "township_clerk", password)
        code = device_code(device)
        verify(visitor, code)
        visitor.post(reverse("accounts:logout"))

        post_login(visitor, "township_clerk", password)
        response = verify(visitor, code)

        assert response.status_code == 200
        assert not is_logged_in(visitor)

    def test_the_password_step_expires(self, cast, visitor, password):
        device = give_device(cast.township_clerk)
        post_login(visitor, "township_clerk", password)
        session = visitor.session
        pending = session[two_factor.PENDING_LOGIN_SESSION_KEY]
        pending["since"] = int(time.time()) - two_factor.PENDING_LOGIN_MAX_AGE_SECONDS - 1
        session[two_factor.PENDING_LOGIN_SESSION_KEY] = pending
        session.save()

        response = verify(visitor, device_code(device))

        assert response["Location"] == reverse("accounts:login")
        assert not is_logged_in(visitor)

    def test_verify_page_without_a_password_goes_to_login(self, cast):
        assert Client().get(VERIFY)["Location"] == reverse("accounts:login")

    def test_other_login_paths_still_need_the_code(self, cast, login):
        """Whatever logged the session in (the admin's login page, say), a user with a
        device reaches nothing before passing a code."""
        device = give_device(cast.township_clerk)
        client = login(cast.township_clerk)

        assert client.get(HOME)["Location"] == f"{VERIFY}?next=%2F"
        response = verify(client, device_code(device), next="/")
        assert response["Location"] == "/"
        assert client.get(HOME).status_code == 200


def test_setup_page_of_a_user_with_a_device_says_it_is_enabled(cast, login):
    device = give_device(cast.township_clerk)
    client = login(cast.township_clerk)
    verify(client, device_code(device))

    response = client.get(SETUP)

    assert "双因素认证已启用" in response.content.decode()
    assert TOTPDevice.objects.filter(user=cast.township_clerk).count() == 1


def test_users_without_device_or_requirement_are_not_asked(cast, visitor, password):
    post_login(visitor, "township_clerk", password)
    assert visitor.get(HOME).status_code == 200
    assert visitor.get(SETUP).status_code == 200  # optional setup stays available


def test_a_requirement_on_someone_elses_role_does_not_apply(cast, visitor, password):
    require_two_factor_for("leader")
    post_login(visitor, "township_clerk", password)
    assert visitor.get(HOME).status_code == 200


class TestTwoFactorByRole:
    """Which roles must use an authenticator app (issue 14, item 2): the administrator, the
    auditor and the bureau leader by name, and every role that can reveal ID numbers, manage
    accounts or read the audit trail (SIFA_TWO_FACTOR_ROLES, SIFA_TWO_FACTOR_CAPABILITIES)."""

    @pytest.mark.parametrize(
        ("key", "demands"),
        [
            ("sysadmin", True),
            ("auditor", True),
            ("leader", True),
            ("section", True),  # reveals ID numbers
            ("jo_head", True),
            ("la_reviewer", True),
            ("cc_worker", True),
            ("jo_staff", False),
            ("mediator", False),
            ("public", False),
        ],
    )
    def test_the_default_roles(self, key, demands):
        assert two_factor.role_demands_two_factor(Role.objects.get(key=key)) is demands

    def test_the_settings_decide(self, settings):
        settings.SIFA_TWO_FACTOR_ROLES = ("mediator",)
        settings.SIFA_TWO_FACTOR_CAPABILITIES = ()
        assert two_factor.role_demands_two_factor(Role.objects.get(key="mediator"))
        assert not two_factor.role_demands_two_factor(Role.objects.get(key="section"))

    def test_a_supervisor_is_led_to_enrolment_and_nothing_else(self, cast, visitor, password):
        response = post_login(visitor, "county_supervisor", password)
        assert response.status_code == 302
        for page in (reverse("shell:home"), reverse("people:person_list")):
            answer = visitor.get(page)
            assert answer.status_code == 302
            assert answer["Location"].startswith(reverse("accounts:two_factor_setup"))
