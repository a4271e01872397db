from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The data-sharing API for other agencies (数据共享接口), /api/v1/ (docs/api.md)."""

    name = "sifa.api"
    label = "api"
    verbose_name = _("数据共享接口")

    def ready(self):
        from sifa.api import framework  # noqa: F401  (registers the OpenAPI security scheme)
