from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "sifa.hotline"
    label = "hotline"
    verbose_name = _("12345工单")
