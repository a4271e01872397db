from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sifa.audit"
    label = "audit"
    verbose_name = _("审计")

    def ready(self):
        from sifa.core.navigation import NavItem, register
        from sifa.orgs.access import Cap

        # Last in the menu; only the security auditor (安全审计员) holds audit.read.
        register(
            "audit",
            _("安全审计"),
            900,
            NavItem(_("登录日志"), "audit:auth_events", Cap.AUDIT_READ, icon="box-arrow-in-right"),
            NavItem(_("敏感信息查看记录"), "audit:access_logs", Cap.AUDIT_READ, icon="eye"),
            NavItem(_("数据修改记录"), "audit:changes", Cap.AUDIT_READ, icon="clock-history"),
            icon="shield-check",
        )
