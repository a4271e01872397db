"""Append-only logs: who revealed which sensitive field, and every login, logout and failure.

Change history of business records is kept by django-simple-history (a `history` table per
model); these two tables complete the audit trail. Nobody — the system administrator
included — can change or delete a row through the application: the model and queryset
refuse it. Only `manage.py purge_audit` removes rows, and only those older than the
retention period (settings.SIFA_AUDIT_RETENTION_DAYS, at least 184 days).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sifa.core.clock import minute_text
from sifa.core.models import kept_link, user_link


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit rows cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit rows cannot be deleted")

    def _purge(self):
        """Delete for the retention purge only (see purge_audit)."""
        return super().delete()


class AppendOnlyModel(models.Model):
    """A log row: stamped when written, listed newest first, never changed or deleted."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-at"]
        # Rows are only ever added by the application: no add/change/delete permissions exist.
        default_permissions = ("view",)

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise AppendOnlyError("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit rows cannot be deleted")


class AccessLog(AppendOnlyModel):
    """One reveal of a sensitive field (明文查看记录)."""

    user = kept_link(settings.AUTH_USER_MODEL, _("用户"))
    model = models.CharField(_("记录类型"), max_length=100)
    object_id = models.CharField(_("记录编号"), max_length=64)
    object_repr = models.CharField(_("记录"), max_length=200, blank=True)
    field = models.CharField(_("字段"), max_length=64)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = verbose_name_plural = _("敏感信息查看记录")

    def __str__(self):
        return f"{minute_text(self.at)} {self.user} {self.model}#{self.object_id}.{self.field}"


class AuthEvent(AppendOnlyModel):
    """A login, logout, failed login or lockout (登录日志)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录成功")
        LOGOUT = "logout", _("退出登录")
        FAILURE = "failure", _("登录失败")
        LOCKOUT = "lockout", _("账户锁定")
        ADDRESS_LOCKOUT = "address_lockout", _("来源地址锁定")
        IDLE_TIMEOUT = "idle_timeout", _("空闲超时退出")
        OTP_FAILURE = "otp_failure", _("动态口令错误")

    kind = models.CharField(_("事件"), max_length=16, choices=Kind.choices)
    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    user = user_link(_("用户"))
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = verbose_name_plural = _("登录日志")

    def __str__(self):
        return f"{minute_text(self.at)} {self.username} {self.get_kind_display()}"


class AuditPurge(AppendOnlyModel):
    """One run of `manage.py purge_audit` that removed rows (审计记录清理记录)."""

    before = models.DateField(_("清理此日期以前的记录"))
    retention_days = models.PositiveIntegerField(_("保存期限（天）"))
    counts = models.JSONField(_("各表删除条数"), default=dict)  # {"audit_accesslog": 3, ...}
    run_by = models.CharField(_("执行账户"), max_length=150, blank=True)  # the server account

    class Meta(AppendOnlyModel.Meta):
        verbose_name = verbose_name_plural = _("审计记录清理记录")

    def __str__(self):
        return f"{minute_text(self.at)} {self.before} {sum(self.counts.values())}"
