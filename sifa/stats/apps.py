from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "sifa.stats"
    label = "stats"
    verbose_name = _("统计")

    def ready(self):
        # Every app declares its figures in <app>/indicators.py.
        autodiscover_modules("indicators")
