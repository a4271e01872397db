from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The data-sharing API for other agencies (数据共享接口), /api/v1/ (docs/api.md)."""

    name = "sifa.api"
    label = "api"
    verbose_name = _("数据共享接口")

    def ready(self):
        from sifa.api import (
            client_cache,
            framework,  # noqa: F401  (registers the OpenAPI security scheme)
        )
        from sifa.core.navigation import NavItem, register
        from sifa.orgs.access import Cap

        # The agencies' clients are accounts: the system administrator manages them.
        register(
            "api",
            _("数据共享接口"),
            850,
            NavItem(_("接口客户端"), "api_admin:client_list", Cap.ACCOUNTS_MANAGE, icon="key"),
            NavItem(
                _("接口调用日志"), "api_admin:request_log", Cap.ACCOUNTS_MANAGE, icon="journal-text"
            ),
            icon="share",
        )
        # A changed client, account, membership, role or office: cached clients are stale.
        client_cache.connect()
