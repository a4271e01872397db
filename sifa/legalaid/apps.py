from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "sifa.legalaid"
    label = "legalaid"
    verbose_name = _("法律援助")

    def ready(self):
        from sifa.legalaid import deadlines, indicators  # noqa: F401  (rules and figures)
