from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "sifa.frontdesk"
    label = "frontdesk"
    verbose_name = _("公共法律服务中心")

    def ready(self):
        from sifa.frontdesk import indicators  # noqa: F401  (figures)
