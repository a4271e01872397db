from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """月报表, 上报与冻结, 一致性核查, 领导驾驶舱, 工作总结: all read from the indicators."""

    name = "sifa.reports"
    label = "reports"
    verbose_name = _("报表")

    def ready(self):
        from sifa.core import todos
        from sifa.core.navigation import NavItem, register
        from sifa.orgs.access import Cap
        from sifa.reports.todos import returned_reports_todos

        todos.register("reports.returned", returned_reports_todos, line_name=_("月报上报"))

        # A line may declare tailored report forms in <app>/report_forms.py; a line that
        # declares none gets a default form of all its indicators (sifa/reports/definitions.py).
        autodiscover_modules("report_forms")
        # Edit pages warn before a record inside a submitted month is changed.
        from sifa.core import report_months
        from sifa.reports.selectors_submissions import submitted_months_of

        report_months.register(submitted_months_of)
        checks.register(check_report_forms)
        # Backups: the figures a restore must reproduce, and the drill's consistency check.
        from sifa.core import backup
        from sifa.reports import backup_fingerprints as fp

        backup.register_fingerprints("reports.snapshots", fp.snapshot_fingerprints)
        backup.register_fingerprints("reports.indicators", fp.indicator_fingerprints)
        backup.register_drill_check("reports.consistency", fp.consistency_check)
        register(
            "reports",
            _("报表与总结"),
            70,
            NavItem(_("领导驾驶舱"), "reports:dashboard", Cap.STATS, icon="speedometer2"),
            NavItem(_("月报表"), "reports:form_index", Cap.STATS, icon="table"),
            NavItem(_("月报上报"), "reports:submission_list", Cap.STATS, icon="send-check"),
            NavItem(_("数据一致性核查"), "reports:consistency", Cap.STATS, icon="check2-all"),
            NavItem(_("工作总结"), "reports:summary_index", Cap.STATS, icon="file-earmark-text"),
            icon="clipboard-data",
        )


def check_report_forms(app_configs=None, **kwargs):
    """`manage.py check`: every declared report form names indicators and breakdowns that exist."""
    from sifa.reports import definitions

    return [
        checks.Error(f"{form.key}: {problem}", obj=form.key, id="reports.E001")
        for form in definitions.all_forms()
        for problem in definitions.problems(form)
    ]
