from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

# Every select Django builds (model forms, the admin site, ModelChoiceField) says “请选择”, not
# Django's “- Select an option -”. Set when this module is imported — while the app registry
# reads the app configs, before any app's ready() (the admin's autodiscover builds forms).
fields.BLANK_CHOICE_LABEL = _("请选择")


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
