"""`manage.py draft_summary`: draft the work summary (工作总结) of an office and period to a file.

    python manage.py draft_summary --from 2026-01-01 --to 2026-06-30 [--office CODE]
        [--template KIND_OR_ID] --out FILE

The format follows the file's suffix: .docx (GB/T 9704 layout), .html (every number a link to
its drill-down) or .txt. System scope (no user): every record of the office's subtree. Without
--template, the office's active template of the period's kind (a month → monthly, a year →
annual, otherwise half-year), else the built-in default; --template takes a kind
(half_year / annual / monthly) or a template id.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from sifa.reports import actions_summary, summary
from sifa.reports.models import SummaryTemplate
from sifa.reports.summary_docx import summary_docx
from sifa.stats.command_arguments import date_argument, office_argument

SUFFIXES = (".docx", ".html", ".txt")


class Command(BaseCommand):
    help = "按模板生成某机构、某期间的工作总结（.docx / .html / .txt，按文件后缀）。"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="开始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD")
        parser.add_argument("--office", help="机构编码（默认机构树的根）")
        parser.add_argument(
            "--template", help="模板类型（half_year / annual / monthly）或模板编号（默认按期间）"
        )
        parser.add_argument("--out", required=True, help="输出文件（.docx、.html 或 .txt）")

    def handle(self, *args, **options):
        with translation.override("zh-hans"):
            out = Path(options["out"])
            if out.suffix.lower() not in SUFFIXES:
                raise CommandError(
                    _("不支持的输出格式“%(suffix)s”：文件名须以 .docx、.html 或 .txt 结尾。")
                    % {"suffix": out.suffix or out.name}
                )
            start, end = date_argument(options["start"]), date_argument(options["end"])
            if start > end:
                raise CommandError(_("开始日期不能晚于截止日期。"))
            office = office_argument(options["office"])
            template = _template(office, options["template"], start, end)
            try:
                rendered = summary.render(template.title, template.body, office, start, end)
            except summary.TemplateSyntaxError as exc:
                raise CommandError(_("模板有错误：") + "；".join(exc.messages)) from None
            _write(out, rendered)
            for warning in rendered.warnings:
                self.stderr.write(warning)
            self.stdout.write(
                _("已生成 %(file)s（%(office)s，%(start)s 至 %(end)s）。")
                % {"file": out, "office": office.name, "start": start, "end": end}
            )


def _write(out: Path, rendered: summary.Rendered) -> None:
    suffix = out.suffix.lower()
    if suffix == ".docx":
        out.write_bytes(summary_docx(rendered))
    elif suffix == ".html":
        out.write_text(summary.standalone_html(rendered), encoding="utf-8")
    else:
        out.write_text(rendered.text(), encoding="utf-8")


def _template(office, choice: str | None, start: date, end: date):
    if not choice:
        return actions_summary.template_for_period(office, start, end)
    if choice in SummaryTemplate.Kind.values:
        return actions_summary.template_to_use(office, choice)
    if choice.isdigit():
        template = SummaryTemplate.objects.filter(pk=int(choice)).first()
        if template is not None:
            return template
    raise CommandError(
        _("未找到模板“%(choice)s”：请写模板类型（half_year、annual、monthly）或模板编号。")
        % {"choice": choice}
    )
