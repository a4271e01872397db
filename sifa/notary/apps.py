from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotaryConfig(AppConfig):
    name = "sifa.notary"
    label = "notary"
    verbose_name = _("公证")

    def ready(self):
        from sifa.notary import deadlines, indicators  # noqa: F401  (rules, figures)
