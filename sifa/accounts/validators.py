"""Password policy (密码策略): a minimum length, a minimum number of character classes, no
common password, nothing like the user's own names, and none of the last five passwords.

Both numbers come from settings (SIFA_PASSWORD_MIN_LENGTH, SIFA_PASSWORD_MIN_CLASSES, read
from environment variables of the same names) and are used by every form that sets a
password: password change, the admin's "add user" and "change password" forms.

Django's own validators are subclassed only to give their messages Chinese msgids, like
every other user-facing string of the project.
"""

import string

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.accounts.models import UsedPassword, User

CHARACTER_CLASSES = (
    set(string.ascii_uppercase),
    set(string.ascii_lowercase),
    set(string.digits),
)


def character_classes(password: str) -> int:
    """How many of the four classes occur: upper case, lower case, digits, other characters.

    "Other" is everything that is not an ASCII letter or digit: punctuation, spaces, and
    also Chinese characters, which are as hard to guess as a symbol.
    """
    letters_and_digits = set().union(*CHARACTER_CLASSES)
    found = [bool(set(password) & chars) for chars in CHARACTER_CLASSES]
    found.append(any(c not in letters_and_digits for c in password))
    return sum(found)


class CharacterClassValidator:
    """At least `min_classes` of: upper case letters, lower case letters, digits, symbols."""

    def __init__(self, min_classes: int | None = None):
        if min_classes is None:
            min_classes = sifa_setting("SIFA_PASSWORD_MIN_CLASSES")
        if not 1 <= min_classes <= 4:
            raise ValueError("SIFA_PASSWORD_MIN_CLASSES must be between 1 and 4")
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = character_classes(password)
        if found < self.min_classes:
            raise ValidationError(
                _(
                    "密码只包含%(found)d类字符，须包含大写字母、小写字母、数字、符号中的"
                    "至少%(min_classes)d类。"
                ),
                code="password_too_simple",
                params={"found": found, "min_classes": self.min_classes},
            )

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少%(min_classes)d类。") % {
            "min_classes": self.min_classes
        }


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def __init__(self, min_length: int | None = None):
        super().__init__(
            sifa_setting("SIFA_PASSWORD_MIN_LENGTH") if min_length is None else min_length
        )

    def get_error_message(self):
        return _("密码太短，至少需要%(min_length)d个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码长度至少%(min_length)d个字符。") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "full_name", "email")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self):
        return _("密码与%(verbose_name)s过于相似。")

    def get_help_text(self):
        return _("密码不能与用户名、姓名等个人信息相似。")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("该密码过于常见，容易被猜到。")

    def get_help_text(self):
        return _("不能使用常见密码。")


class PasswordHistoryValidator:
    """The new password is none of the user's last `count` passwords (SIFA_PASSWORD_HISTORY).

    Django calls `password_changed` after a user with a new password is saved; the hash is
    kept then, and only the newest `count` are kept. A user without history rows (set before
    this rule: migration 0002 gives each one row, its password then) is checked against the
    current password alone.
    """

    def __init__(self, count: int | None = None):
        self._count = count

    @property
    def count(self) -> int:
        # Read when used: Django builds the validators once per process.
        return sifa_setting("SIFA_PASSWORD_HISTORY") if self._count is None else self._count

    def validate(self, password, user=None):
        if user is None or user.pk is None or self.count < 1:
            return
        if any(check_password(password, used) for used in self._recent(user)):
            raise ValidationError(
                _("不能使用最近%(count)d次用过的密码。"),
                code="password_reused",
                params={"count": self.count},
            )

    def password_changed(self, password, user):
        if user.pk is None or self.count < 1:
            return
        UsedPassword.objects.create(user=user, password=user.password)
        stale = UsedPassword.objects.filter(user=user).values_list("pk", flat=True)[self.count :]
        UsedPassword.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return _("不能使用最近%(count)d次用过的密码。") % {"count": self.count}

    def _recent(self, user) -> list[str]:
        used = list(user.used_passwords.values_list("password", flat=True)[: self.count])
        if not used:
            used = list(User.objects.filter(pk=user.pk).values_list("password", flat=True))
        return used
