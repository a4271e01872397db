"""Recovery codes (恢复码, issue 14 item 2): offered when the authenticator is set up, shown once,
each passing the code page once instead of the app's code, made anew from the two-factor page
(which ends the old ones), the number left shown, and logged in the login log as a TOTP login."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sifa.accounts import two_factor
from sifa.accounts.tests.helpers import device_code, is_logged_in, post_login, totp_code
from sifa.audit.models import AuthEvent
from sifa.orgs.models import Role

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
CODES = reverse("accounts:recovery_codes")
HOME = reverse("shell:home")
SHOWN = re.compile(r"<li class=\"col\">([a-z2-7]{4}-[a-z2-7]{4})</li>")


def shown_codes(response) -> list[str]:
    return SHOWN.findall(response.content.decode())


@pytest.fixture
def enrolled(cast, visitor, password):
    """The township clerk, whose role demands two-factor, sets the app up at first login;
    returns the codes shown on the way."""
    Role.objects.filter(key="jo_staff").update(requires_two_factor=True)
    post_login(visitor, "township_clerk", password)
    visitor.get(SETUP)
    secret = visitor.session[two_factor.SETUP_SECRET_SESSION_KEY]
    confirmed = visitor.post(SETUP, {"code": totp_code(secret), "next": "/"})
    assert confirmed["Location"] == f"{CODES}?next=%2F"
    page = visitor.get(confirmed["Location"])
    codes = shown_codes(page)
    visitor.post(reverse("accounts:logout"))
    return codes


def login_with(visitor, password, code):
    post_login(visitor, "township_clerk", password)
    return visitor.post(VERIFY, {"code": code})


def test_setup_shows_ten_codes_once_and_keeps_none_readable(cast, visitor, password):
    Role.objects.filter(key="jo_staff").update(requires_two_factor=True)
    post_login(visitor, "township_clerk", password)
    visitor.get(SETUP)
    secret = visitor.session[two_factor.SETUP_SECRET_SESSION_KEY]
    visitor.post(SETUP, {"code": totp_code(secret), "next": "/"})

    page = visitor.get(CODES + "?next=/")
    codes = shown_codes(page)
    assert len(set(codes)) == 10
    assert "只显示这一次" in page.content.decode()
    assert 'href="/"' in page.content.decode()  # continue where the user was going
    # Shown once: the page does not show them again, the two-factor page gives the count.
    assert visitor.get(CODES)["Location"] == SETUP
    assert "剩余可用恢复码：10 个" in visitor.get(SETUP).content.decode()
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {code.replace("-", "") for code in codes}


def test_a_recovery_code_logs_in_once_instead_of_the_apps_code(cast, visitor, password, enrolled):
    logins = AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN).count()

    response = login_with(visitor, password, enrolled[0].upper())  # as typed, any case

    assert response["Location"] == HOME
    assert is_logged_in(visitor) and visitor.get(HOME).status_code == 200
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN).count() == logins + 1
    assert "剩余可用恢复码：9 个" in visitor.get(SETUP).content.decode()

    visitor.post(reverse("accounts:logout"))
    failures = AuthEvent.objects.filter(kind=AuthEvent.Kind.OTP_FAILURE).count()
    again = login_with(visitor, password, enrolled[0])
    assert again.status_code == 200
    assert again.context["form"].errors == {"code": ["恢复码不正确或已使用过。"]}
    assert not is_logged_in(visitor)
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.OTP_FAILURE).count() == failures + 1


def test_a_made_up_recovery_code_is_refused(cast, visitor, password, enrolled):
    response = login_with(visitor, password, "abcd-2345")
    assert response.context["form"].errors == {"code": ["恢复码不正确或已使用过。"]}
    assert not is_logged_in(visitor)
    shapeless = login_with(visitor, password, "12345")
    assert shapeless.context["form"].errors == {
        "code": ["请输入6位数字动态口令，或8位恢复码（如 abcd-2345）。"]
    }


def test_new_codes_from_the_two_factor_page_end_the_old_ones(cast, visitor, password, enrolled):
    device = TOTPDevice.objects.get(user=cast.township_clerk)
    login_with(visitor, password, device_code(device))

    made = visitor.post(CODES)
    fresh = shown_codes(visitor.get(made["Location"]))

    assert len(fresh) == 10 and not set(fresh) & set(enrolled)
    assert "剩余可用恢复码：10 个" in visitor.get(SETUP).content.decode()
    visitor.post(reverse("accounts:logout"))
    assert login_with(visitor, password, fresh[0])["Location"] == HOME
    visitor.post(reverse("accounts:logout"))
    refused = login_with(visitor, password, enrolled[1])
    assert refused.context["form"].errors == {"code": ["恢复码不正确或已使用过。"]}
    assert not is_logged_in(visitor)


def test_the_password_alone_cannot_make_new_codes(cast, visitor, password, enrolled):
    """A session that has not passed a code (the password typed, e.g. through another login
    page) is sent to the code page; the old codes stay the only ones."""
    visitor.force_login(cast.township_clerk, backend="sifa.accounts.backends.RolePermissionBackend")

    response = visitor.post(CODES)

    assert response["Location"].startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=cast.township_clerk).count() == 10
    assert login_with(visitor, password, enrolled[2])["Location"] == HOME
