from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForensicConfig(AppConfig):
    name = "sifa.forensic"
    label = "forensic"
    verbose_name = _("司法鉴定")

    def ready(self):
        from sifa.forensic import deadlines, indicators, report_forms  # noqa: F401
