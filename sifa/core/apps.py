from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sifa.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from sifa.core import lines, navigation, todos
        from sifa.core.todos_calendar import holiday_table_todos

        todos.register("core.holiday_table", holiday_table_todos)
        # Every app is loaded by now: collect the lines' line.py and register their providers
        # (afresh: ready() runs again when a test changes INSTALLED_APPS).
        lines.clear_cache()
        lines.install(lines.lines())
        lines.connect_signals()

        navigation.register(
            "home",
            _("工作台"),
            0,
            navigation.NavItem(_("待办事项"), "core:home", icon="list-check"),
            navigation.NavItem(_("全局搜索"), "core:search", icon="search"),
            icon="house",
        )
