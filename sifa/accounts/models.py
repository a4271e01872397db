"""The custom user (from the first migration, so it can grow without a painful switch), the
change history of users and two-factor devices, and the two-person removal of a device."""

import simple_history
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import HistoricalRecords

from sifa.core.clock import minute_text
from sifa.core.models import kept_link, loose_link, user_link


class AccountHistory(HistoricalRecords):
    """simple-history that leaves out saves which change nothing an auditor needs to see:

    * `quiet_fields`: a save touching only these (`update_fields`) writes no row — the user's
      `last_login`, saved at every login, is in the login log instead;
    * `record_updates=False`: only creation and deletion are recorded — a two-factor device is
      saved at every code it accepts (its counter and throttle), and the admin cannot change it.
    """

    def __init__(self, *args, quiet_fields=(), record_updates=True, **kwargs):
        self.quiet_fields = frozenset(quiet_fields)
        self.record_updates = record_updates
        super().__init__(*args, **kwargs)

    def post_save(self, instance, created, using=None, **kwargs):
        if not created:
            update_fields = kwargs.get("update_fields")
            if not self.record_updates:
                return
            if update_fields and set(update_fields) <= self.quiet_fields:
                return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    """A staff member or a member of the public. What they may do comes from Membership rows."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # Set when an administrator sets the password (accounts.admin); the user must choose their
    # own before anything else (accounts.middleware.RequirePasswordChangeMiddleware).
    password_change_required = models.BooleanField(_("须修改密码"), default=False)
    # Every change by an administrator (or the user) is kept for the security auditor; the
    # password appears only as "changed" (sifa.audit.history.SECRET_FIELDS).
    history = AccountHistory(excluded_fields=["last_login"], quiet_fields=["last_login"])

    class Meta:
        verbose_name = verbose_name_plural = _("用户")

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
        verbose_name = verbose_name_plural = _("历史密码")
        ordering = ["-set_at", "-id"]

    def __str__(self):
        return f"{self.user} @ {minute_text(self.set_at)}"


# Enrolment (creation) and removal of a two-factor device are kept for the auditor; the secret
# and the counters are not copied into the history.
simple_history.register(
    TOTPDevice,
    app="sifa.accounts",
    records_class=AccountHistory,
    record_updates=False,
    excluded_fields=[
        "key",
        "step",
        "t0",
        "digits",
        "tolerance",
        "drift",
        "last_t",
        "throttling_failure_timestamp",
        "throttling_failure_count",
        "created_at",
        "last_used_at",
    ],
)


# Recovery codes (django-otp's static device): each making of codes replaces the device
# (accounts.actions.recovery_codes_generate), so the history shows when codes were made; the
# codes themselves (StaticToken, keyed hashes) are not copied into it.
simple_history.register(
    StaticDevice,
    app="sifa.accounts",
    records_class=AccountHistory,
    record_updates=False,
    excluded_fields=[
        "throttling_failure_timestamp",
        "throttling_failure_count",
        "created_at",
        "last_used_at",
    ],
)


class TwoFactorRemoval(models.Model):
    """A two-person removal of a two-factor device (删除双因素认证设备): one administrator asks
    for it, another confirms it, and only then is the device deleted (sifa.accounts.actions)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        DONE = "done", _("已删除")

    device_user = kept_link("accounts.User", _("设备所属用户"))
    device = loose_link(TOTPDevice, _("双因素认证设备"))
    device_name = models.CharField(_("设备名称"), max_length=64, blank=True)
    reason = models.CharField(_("原因"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_by = kept_link("accounts.User", _("申请人"))
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    confirmed_by = user_link(_("确认人"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("双因素认证设备删除申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device"],
                condition=models.Q(status="pending"),
                name="accounts_one_pending_removal_per_device",
            )
        ]

    def __str__(self):
        return f"{self.device_user}：{self.device_name}"
