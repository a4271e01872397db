from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The page around every line: the workbench, global search, the menu and the header.

    It sits on top of the shared apps (docs/architecture.md): it reads every registry and may
    import any shared app; nothing imports it.
    """

    name = "sifa.shell"
    label = "shell"
    verbose_name = _("工作台")

    def ready(self):
        from sifa.core import navigation, todos
        from sifa.shell.holiday_table import holiday_table_todos

        todos.register("core.holiday_table", holiday_table_todos, line_name=_("系统管理"))
        navigation.register(
            "home",
            _("工作台"),
            0,
            navigation.NavItem(_("待办事项"), "shell:home", icon="list-check"),
            navigation.NavItem(_("全局搜索"), "shell:search", icon="search"),
            navigation.NavItem(_("我的任务"), "jobs:list", icon="hourglass-split"),
            # Shown to those the page's gate lets in: someone who may use an import.
            navigation.NavItem(_("数据导入"), "imports:hub", icon="cloud-upload"),
            icon="house",
        )
