from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "sifa.publicity"
    label = "publicity"
    verbose_name = _("普法与依法治理")

    def ready(self):
        from sifa.publicity import indicators  # noqa: F401  (figures)
