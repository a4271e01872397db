"""Password policy (密码策略): length and character classes, on every form that sets one."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

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
