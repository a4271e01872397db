from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sifa.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from django.core import checks

        from sifa.core import lines
        from sifa.core.numbering import check_numbering

        checks.register(check_numbering)

        # Every app is loaded by now: collect the lines' line.py and register their providers
        # (afresh: ready() runs again when a test changes INSTALLED_APPS).
        lines.clear_cache()
        lines.install(lines.lines())
        lines.connect_signals()
