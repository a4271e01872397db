from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "sifa.accounts"
    label = "accounts"
    verbose_name = _("账户")

    def ready(self):
        from sifa.accounts import signals

        signals.connect()


class SifaAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Sifa's site (who may enter: sifa.orgs.duties)."""

    default = False

    default_site = "sifa.accounts.admin_site.SifaAdminSite"
