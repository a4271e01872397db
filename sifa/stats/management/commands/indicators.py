"""`manage.py indicators`: every registered indicator's value for an office and a period.

System scope (no user): all records of the office's subtree. Plain output is a table;
`--json` prints a list of objects for scripts (see docs/indicators.md for the format).
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sifa.core.amounts import plain_decimal
from sifa.stats import registry, selectors
from sifa.stats.command_arguments import date_argument, office_argument
from sifa.stats.registry import Indicator, Scope


class Command(BaseCommand):
    help = "计算全部指标在某机构、某期间的数值（系统口径，含下级机构全部记录）。"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="开始日期 YYYY-MM-DD（默认当年1月1日）")
        parser.add_argument("--to", dest="end", help="截止日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--office", help="机构编码（默认机构树的根）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        default_start, default_end = selectors.default_period()
        start = date_argument(options["start"], default_start)
        end = date_argument(options["end"], default_end)
        if start > end:
            raise CommandError(_("开始日期不能晚于截止日期。"))
        office = office_argument(options["office"])
        scope = Scope(office, start, end)
        results = [_result(indicator, scope) for indicator in registry.all_indicators()]
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            self._print_table(office, start, end, results)

    def _print_table(self, office, start, end, results) -> None:
        self.stdout.write(
            _("%(office)s（%(code)s）%(start)s 至 %(end)s")
            % {"office": office.name, "code": office.code, "start": start, "end": end}
        )
        headings = [_("指标编码"), _("指标"), _("数值"), _("单位")]
        rows = [[r["key"], r["label"], str(r["value"]), r["unit"]] for r in results]
        columns = zip(headings, *rows, strict=True)
        widths = [max(_width(cell) for cell in column) for column in columns]
        for row in [headings, *rows]:
            cells = [
                _pad(cell, width, right=(i == 2))
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())


def _result(indicator: Indicator, scope: Scope) -> dict:
    result = registry.figures(indicator, scope)
    return {
        "key": indicator.key,
        "label": str(indicator.label),
        "unit": str(indicator.unit),
        "kind": indicator.kind,
        "value": json_number(result.value),
        "breakdowns": {
            key: [
                {"value": json_value(stored), "label": label, "count": json_number(v)}
                for stored, label, v in rows
            ]
            for key, rows in result.breakdowns.items()
        },
    }


def json_number(number):
    """Counts and integral sums as JSON numbers; a fractional Decimal as a plain string
    ("12.5", `sifa.core.amounts.plain_decimal`) so no cent is lost to binary floating point."""
    if isinstance(number, Decimal):
        return int(number) if number == number.to_integral_value() else plain_decimal(number)
    return number


def json_value(stored):
    """A breakdown's stored value in JSON: dates as YYYY-MM-DD, Decimals as above."""
    if isinstance(stored, date):
        return stored.isoformat()
    if isinstance(stored, Decimal):
        return json_number(stored)
    if stored is None or isinstance(stored, bool | int | float | str):
        return stored
    return str(stored)


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _pad(text: str, width: int, *, right: bool = False) -> str:
    padding = " " * (width - _width(text))
    return padding + text if right else text + padding
