from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "sifa.practice"
    label = "practice"
    verbose_name = _("律师和基层法律服务")
