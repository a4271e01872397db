"""Password policy (密码策略): length and character classes, on every form that sets one."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from sifa.accounts.models import UsedPassword
from sifa.accounts.tests.helpers import is_logged_in, post_login
from sifa.accounts.validators import CharacterClassValidator, character_classes
from sifa.core.testing import assert_invalid

User = get_user_model()


def policy_errors(password, user=None):
    try:
        validate_password(password, user=user or User(username="clerk"))
    except ValidationError as error:
        return error
    return None


@pytest.mark.parametrize(
    ("password", "code", "message"),
    [
        ("Ab1!x", "password_too_short", "密码太短，至少需要8个字符。"),
        ("abcdefgh12", "password_too_simple", "密码只包含2类字符"),
        ("zhangsanfeng", "password_too_simple", "密码只包含1类字符"),
        ("Qingshan-2026", None, None),
        ("qingshan#2026", None, None),  # lower, symbol, digit: three classes
        ("法治qingshan26", None, None),  # Chinese characters count as "other"
    ],
)
def test_policy_table(password, code, message):
    error = policy_errors(password)
    if code is None:
        assert error is None
    else:
        assert code in [e.code for e in error.error_list]
        assert any(message in m for m in error.messages)


def test_common_and_similar_passwords_are_refused_in_chinese():
    assert "该密码过于常见，容易被猜到。" in policy_errors("Password1!").messages
    similar = policy_errors("Wangxiaoming1", User(username="wangxiaoming1"))
    assert "密码与用户名过于相似。" in similar.messages


def test_character_classes_are_counted_per_class():
    assert character_classes("") == 0
    assert character_classes("ABC") == 1
    assert character_classes("ABCabc") == 2
    assert character_classes("ABCabc123") == 3
    assert character_classes("ABCabc123 ") == 4


@override_settings(SIFA_PASSWORD_MIN_CLASSES=4)
def test_class_count_defaults_to_the_setting():
    validator = CharacterClassValidator()
    assert validator.min_classes == 4
    with pytest.raises(ValidationError) as exc:
        validator.validate("Qingshan2026")
    assert_invalid(exc, "__all__", "类字符，须包含大写字母、小写字母、数字、符号中的至少")
    validator.validate("Qingshan-2026")


@pytest.mark.django_db
class TestPasswordChange:
    def change(self, client, old, new, again=None):
        return client.post(
            reverse("accounts:password_change"),
            {"old_password": old, "new_password1": new, "new_password2": again or new},
        )

    def test_needs_login(self, cast, client):
        response = client.get(reverse("accounts:password_change"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_weak_password_is_refused_and_the_old_one_still_works(self, cast, visitor, password):
        post_login(visitor, "township_clerk", password)

        response = self.change(visitor, password, "abcdefgh12")

        assert response.status_code == 200
        assert "密码只包含2类字符" in response.content.decode()
        cast.township_clerk.refresh_from_db()
        assert cast.township_clerk.check_password(password)

    def test_wrong_old_password_and_mismatch_are_explained(self, cast, visitor, password):
        post_login(visitor, "township_clerk", password)

        content = self.change(visitor, "Wrong-Old-1", "Qingshan-2026").content.decode()
        assert "原密码不正确" in content

        content = self.change(visitor, password, "Qingshan-2026", "Qingshan-2027").content.decode()
        assert "两次输入的新密码不一致" in content

    def test_policy_compliant_password_is_set_and_session_kept(self, cast, visitor, password):
        post_login(visitor, "township_clerk", password)

        response = self.change(visitor, password, "Qingshan-2026")

        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_change_done")
        assert is_logged_in(visitor)
        visitor.post(reverse("accounts:logout"))
        assert post_login(visitor, "township_clerk", "Qingshan-2026").status_code == 302


@pytest.mark.django_db
class TestPasswordHistory:
    """GB/T 22239 password management: none of the last five passwords again (issue 14)."""

    PASSWORDS = [
        "Qingshan-2021",
        "Qingshan-2022",
        "Qingshan-2023",
        "Qingshan-2024",
        "Qingshan-2025",
    ]

    def change(self, client, old, new):
        return client.post(
            reverse("accounts:password_change"),
            {"old_password": old, "new_password1": new, "new_password2": new},
        )

    def test_the_last_five_are_refused_on_the_form(self, cast, visitor, password):
        post_login(visitor, "township_clerk", password)
        current = password
        for new in self.PASSWORDS:
            assert self.change(visitor, current, new).status_code == 302
            current = new

        for old in self.PASSWORDS:
            response = self.change(visitor, current, old)
            assert response.status_code == 200
            assert "不能使用最近5次用过的密码。" in response.content.decode()
        cast.township_clerk.refresh_from_db()
        assert cast.township_clerk.check_password(current)

        # The first password is now older than the last five: it may come back.
        assert self.change(visitor, current, password).status_code == 302

    def test_only_the_newest_hashes_are_kept(self, cast):
        user = cast.township_clerk
        for new in [*self.PASSWORDS, "Qingshan-2026", "Qingshan-2027"]:
            user.set_password(new)
            user.save()
        kept = list(user.used_passwords.values_list("password", flat=True))
        assert len(kept) == 5
        assert all(used.startswith("md5$") or "$" in used for used in kept)
        assert "Qingshan-2027" not in "".join(kept)  # hashes, never the password

    def test_a_user_without_history_is_checked_against_the_current_password(self, cast, password):
        with pytest.raises(ValidationError) as exc:
            validate_password(password, user=cast.township_clerk)
        assert_invalid(exc, "__all__", "不能使用最近5次用过的密码。")

    @override_settings(SIFA_PASSWORD_HISTORY=0)
    def test_the_history_can_be_switched_off(self, cast, password):
        validate_password(password, user=cast.township_clerk)


@pytest.mark.django_db
def test_the_migration_starts_every_history_with_the_current_password(cast):
    migration = import_module("sifa.accounts.migrations.0002_used_password")
    UsedPassword.objects.all().delete()
    cast.public_user.set_unusable_password()
    cast.public_user.save()
    UsedPassword.objects.all().delete()

    migration.keep_current_passwords(django_apps, None)

    kept = dict(UsedPassword.objects.values_list("user__username", "password"))
    assert kept["township_clerk"] == User.objects.get(username="township_clerk").password
    assert "public_user" not in kept  # no usable password, nothing to keep
