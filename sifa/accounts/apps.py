from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sifa.accounts"
    label = "accounts"
    verbose_name = _("账户")

    def ready(self):
        from sifa.accounts import signals

        signals.connect()
