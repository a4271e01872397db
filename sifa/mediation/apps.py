from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "sifa.mediation"
    label = "mediation"
    verbose_name = _("人民调解")

    def ready(self):
        from sifa.mediation import deadlines  # noqa: F401  (registers the PM-20 and PM-22 rules)
