from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "sifa.stats"
    label = "stats"
    verbose_name = _("统计")

    def ready(self):
        from sifa.core.navigation import NavItem, register
        from sifa.orgs.access import Cap

        # Every app declares its figures in <app>/indicators.py (see docs/indicators.md).
        autodiscover_modules("indicators")
        # Record changes renew the cached figures of their office chain (docs/caching.md).
        from sifa.stats import figure_cache

        figure_cache.connect()
        checks.register(check_indicators)
        # The data-quality rules of the lines and the person registry, counted as indicators,
        # and the office head's to-do before each report deadline (docs/data-quality.md).
        from sifa.core import todos
        from sifa.stats import data_quality

        data_quality.register_indicators()
        todos.register(data_quality.TODO_KEY, data_quality.quality_todos, line_name=_("数据质量"))
        register(
            "stats",
            _("统计分析"),
            80,
            NavItem(_("指标目录"), "stats:catalogue", Cap.STATS, icon="journal-text"),
            NavItem(_("数据质量"), "stats:quality", Cap.STATS, icon="clipboard2-pulse"),
            icon="bar-chart-line",
        )


def check_indicators(app_configs=None, **kwargs):
    """`manage.py check`: every declared indicator names fields its model really has."""
    from sifa.stats import registry

    return [
        checks.Error(f"{indicator.key}: {problem}", obj=indicator.key, id="stats.E001")
        for indicator in registry.all_indicators()
        for problem in registry.problems(indicator)
    ]
