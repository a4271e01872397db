"""The custom user (from the first migration, so it can grow without a painful switch)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member or a member of the public. What they may do comes from Membership rows."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # Set when an administrator sets the password (accounts.admin); the user must choose their
    # own before anything else (accounts.middleware.RequirePasswordChangeMiddleware).
    password_change_required = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username


class UsedPassword(models.Model):
    """A password a user has set (口令历史), kept as its hash: the last
    `SIFA_PASSWORD_HISTORY` cannot be chosen again (accounts.validators.PasswordHistoryValidator).
    """

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="used_passwords"
    )
    password = models.CharField(_("密码（散列）"), max_length=128)
    set_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-set_at", "-id"]

    def __str__(self):
        return f"{self.user} @ {self.set_at:%Y-%m-%d %H:%M}"
