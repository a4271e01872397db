"""manage.py purge_audit (--before YYYY-MM-DD | --expired) [--dry-run]

Removes audit rows older than a date: every append-only log (AccessLog, AuthEvent, the API's
ApiRequestLog — every AppendOnlyModel but AuditPurge) and the change history (every
simple-history table of the project). It refuses a date
younger than the retention period (settings.SIFA_AUDIT_RETENTION_DAYS, at least 184 days,
i.e. six months as 网络安全法 第21条 asks of network logs), so no row still under retention
can be removed. `--expired` removes everything past retention: the scheduler runs it
nightly (SIFA_SCHEDULE); it is the only way rows leave the append-only tables.
Each run that removes rows leaves an AuditPurge row (date, retention, counts per table, the
server account that ran it), itself append-only. On PostgreSQL the tables' trigger
(sifa/audit/protection.py) refuses any DELETE of a row younger than 180 days, whoever sends it.
"""

import getpass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.audit import history
from sifa.audit.models import AppendOnlyModel, AuditPurge


def latest_purgeable_date() -> date:
    """The youngest `--before` date allowed today."""
    return timezone.localdate() - timedelta(days=sifa_setting("SIFA_AUDIT_RETENTION_DAYS"))


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("日期格式应为 YYYY-MM-DD，例如 2025-01-01。")) from None


def append_only_logs() -> list[type[AppendOnlyModel]]:
    """Every append-only log of the project but the record of purges itself."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel) and model is not AuditPurge
    ]


def server_account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a bare container)
        return ""


class Command(BaseCommand):
    help = _("清理保存期限以前的审计记录（登录日志、敏感信息查看记录、数据修改记录）。")

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--before", help=_("删除此日期（不含）以前的记录，格式 YYYY-MM-DD。"))
        which.add_argument(  # the nightly scheduled run (SIFA_SCHEDULE, docs/jobs.md)
            "--expired", action="store_true", help=_("删除已超过保存期限的全部记录。")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("只统计将删除的条数，不删除。")
        )

    def handle(self, *args, before, expired, dry_run, **options):
        before_date = latest_purgeable_date() if expired else parse_date(before)
        latest = latest_purgeable_date()
        if before_date > latest:
            raise CommandError(
                _(
                    "审计记录至少保存 %(days)s 天：只能清理 %(latest)s 及更早的日期，"
                    "不能清理 %(before)s 以前的记录。未删除任何记录。"
                )
                % {
                    "days": sifa_setting("SIFA_AUDIT_RETENTION_DAYS"),
                    "latest": latest,
                    "before": before,
                }
            )
        cutoff = timezone.make_aware(datetime.combine(before_date, time.min))
        counts = {}
        with transaction.atomic():
            for model, label, count in self.purge(cutoff, dry_run=dry_run):
                self.stdout.write(f"{label}：{count}")
                counts[model._meta.db_table] = count
            if not dry_run and any(counts.values()):
                AuditPurge.objects.create(
                    before=before_date,
                    retention_days=sifa_setting("SIFA_AUDIT_RETENTION_DAYS"),
                    counts=counts,
                    run_by=server_account(),
                )
        if dry_run:
            self.stdout.write(_("试运行：未删除任何记录。"))
        else:
            self.stdout.write(
                self.style.SUCCESS(_("已清理 %(date)s 以前的审计记录。") % {"date": before_date})
            )

    def purge(self, cutoff: datetime, *, dry_run: bool):
        """Yield (model, table description, number of rows older than the cutoff) per table."""
        # The append-only models refuse delete(); _purge() is their escape hatch for this
        # command alone.
        for model in append_only_logs():
            old_rows = model.objects.filter(at__lt=cutoff)
            count = old_rows.count()
            if count and not dry_run:
                old_rows._purge()
            yield model, self.describe(model), count
        for history_model in history.history_models():
            old_rows = history_model._default_manager.filter(history_date__lt=cutoff)
            count = old_rows.count()
            if count and not dry_run:
                old_rows.delete()
            yield history_model, self.describe(history_model), count

    @staticmethod
    def describe(model) -> str:
        business_model = getattr(model, "instance_type", None)
        if business_model is not None:
            name = _("%(model)s修改记录") % {"model": business_model._meta.verbose_name}
        else:
            name = str(model._meta.verbose_name)
        return f"{model._meta.db_table}（{name}）"
