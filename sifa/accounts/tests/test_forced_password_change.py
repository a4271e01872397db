"""A password an administrator sets must be changed at the next login (issue 14, item 2): the
user reaches only the password change page until they have chosen their own."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from sifa.accounts.tests.helpers import post_login

pytestmark = pytest.mark.django_db

User = get_user_model()
SET_BY_ADMIN = "Qingshan-2026"
OWN = "Zhiyou-Wo-2026"


@pytest.fixture
def admin_client(cast, login):
    superuser = User.objects.create_superuser("root", password="Root-Pass-2026")
    return login(superuser)


def add_user(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new_clerk",
            "full_name": "新书记员",
            "usable_password": "true",
            "password1": SET_BY_ADMIN,
            "password2": SET_BY_ADMIN,
        },
    )
    assert response.status_code == 302
    return User.objects.get(username="new_clerk")


def test_a_user_the_administrator_added_must_change_the_password_first(admin_client):
    user = add_user(admin_client)
    assert user.password_change_required
    client = Client()  # the new user's own browser

    post_login(client, "new_clerk", SET_BY_ADMIN)
    for page in (reverse("shell:home"), reverse("people:person_list")):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_change")
    notice = client.get(reverse("accounts:password_change")).content.decode()
    assert "您的密码由管理员设置" in notice

    changed = client.post(
        reverse("accounts:password_change"),
        {"old_password": SET_BY_ADMIN, "new_password1": OWN, "new_password2": OWN},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert not user.password_change_required
    assert client.get(reverse("shell:home")).status_code == 200


def test_a_password_the_administrator_resets_must_be_changed_too(cast, admin_client):
    clerk = cast.township_clerk
    assert not clerk.password_change_required
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[clerk.pk]),
        {"usable_password": "true", "password1": SET_BY_ADMIN, "password2": SET_BY_ADMIN},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.password_change_required and clerk.check_password(SET_BY_ADMIN)


def test_logout_stays_reachable(admin_client):
    add_user(admin_client)
    client = Client()
    post_login(client, "new_clerk", SET_BY_ADMIN)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session
