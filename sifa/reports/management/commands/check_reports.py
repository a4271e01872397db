"""`manage.py check_reports`: the nightly consistency check of submitted monthly reports.

Recomputes the current snapshot of every SUBMITTED or ACCEPTED submission (or those of one
office's subtree and/or one month), stores a ConsistencyCheck for each and prints the offices
whose submitted figures no longer equal their records. One recompute per submission: the
figures of all indicators in one grouped pass per set of indicators sharing records, and one
query per indicator for the records behind it. Exit status 0 even when differences are found
(they are findings, not failures); a bad argument exits with an error.

Cron example: `15 2 * * * cd /srv/sifa && .venv/bin/python manage.py check_reports`
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.reports import consistency
from sifa.reports import selectors_submissions as selectors
from sifa.stats.command_arguments import office_argument


class Command(BaseCommand):
    help = "核查已上报月报：重新计算冻结的数值与记录，列出上报数据与业务记录不一致的机构。"

    def add_arguments(self, parser):
        parser.add_argument("--office", help="机构编码：只核查该机构及其下级机构的月报")
        parser.add_argument("--year", type=int, help="年度（与 --month 一起使用）")
        parser.add_argument("--month", type=int, help="月份 1-12（与 --year 一起使用）")

    def handle(self, *args, **options):
        year, month = options["year"], options["month"]
        if (year is None) != (month is None):
            raise CommandError(_("--year 与 --month 须同时指定。"))
        if month is not None and not 1 <= month <= 12:
            raise CommandError(_("月份应为 1 至 12。"))
        office = office_argument(options["office"], default_root=False)
        submissions = list(selectors.submissions_to_check(office, year, month))
        checks = consistency.check_submissions(submissions, now=timezone.now())
        differing = [c for c in checks if not c.consistent]
        self.stdout.write(
            _("已核查%(count)s份月报，%(differing)s份与业务记录不一致。")
            % {"count": len(checks), "differing": len(differing)}
        )
        for check in differing:
            self.stdout.write(self._line(check))

    def _line(self, check) -> str:
        submission = check.snapshot.submission
        labels = "、".join(_difference_text(item) for item in check.detail)
        return _(
            "%(office)s（%(code)s）%(year)s年%(month)s月：%(count)s项指标不一致（%(labels)s）"
        ) % {
            "office": submission.office.name,
            "code": submission.office.code,
            "year": submission.year,
            "month": submission.month,
            "count": check.differences,
            "labels": labels,
        }


def _difference_text(item: dict) -> str:
    """ "受理调解纠纷数 23→22" when the value moved, else "调结数（记录已变更）"."""
    if item["frozen"] != item["current"]:
        return f"{item['label']} {item['frozen']}→{item['current']}"
    return _("%(label)s（记录已变更）") % {"label": item["label"]}
