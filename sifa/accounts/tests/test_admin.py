"""User admin: the password policy on "add user", and granting roles through the inline."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sifa.orgs.models import Membership, Role

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def admin_client(cast, login):
    superuser = User.objects.create_superuser("root", password="Root-Pass-2026")
    return login(superuser)


def add_user(client, password):
    return client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new_clerk",
            "full_name": "新书记员",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )


def test_add_user_refuses_a_password_against_the_policy(admin_client):
    response = add_user(admin_client, "abcdefgh12")

    assert response.status_code == 200
    assert "密码只包含2类字符" in response.content.decode()
    assert not User.objects.filter(username="new_clerk").exists()


def test_add_user_with_a_good_password(admin_client):
    response = add_user(admin_client, "Qingshan-2026")

    assert response.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert user.full_name == "新书记员"
    assert user.check_password("Qingshan-2026")


def test_roles_are_granted_on_the_user_page(cast, admin_client):
    user = User.objects.create_user("new_clerk", password="Qingshan-2026")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "任职授权" in page.content.decode()

    role = Role.objects.get(key="jo_staff")
    response = admin_client.post(
        url,
        {
            "username": "new_clerk",
            "full_name": "新书记员",
            "email": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-office": str(cast.township_a1.pk),
            "memberships-0-role": str(role.pk),
        },
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert (membership.office, membership.role) == (cast.township_a1, role)
    assert membership.created_by.username == "root"


def test_admin_never_shows_a_two_factor_secret(cast, admin_client):
    device = TOTPDevice.objects.create(user=cast.township_clerk, name="手机", confirmed=True)

    change_page = admin_client.get(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    ).content.decode()
    list_page = admin_client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()

    assert str(cast.township_clerk) in list_page
    assert device.key not in change_page
    assert "qrcode" not in list_page
