"""manage.py load_holidays --file 2027.xlsx | --file 2027.json | --from-package --year 2027

Loads a year's statutory holidays and make-up working days (国务院办公厅 notice) into the
holiday table (系统管理 › 节假日调整), which the working-day calendar reads first. All or
nothing; idempotent; see sifa/core/holidays.py for the file formats and docs/deadlines.md.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sifa.core import holidays


class Command(BaseCommand):
    help = "Load official holidays and make-up working days from an Excel/JSON file or the package"

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--file", help="an .xlsx (sheet 节假日: 日期, 类型, 名称) or .json file"
        )
        source.add_argument(
            "--from-package",
            action="store_true",
            help="the chinese_calendar package's data for --year",
        )
        parser.add_argument("--year", type=int, help="the year (required with --from-package)")

    def handle(self, *args, file=None, from_package=False, year=None, **options):
        try:
            if from_package:
                if year is None:
                    raise CommandError(_("使用 --from-package 时请用 --year 指定年份。"))
                entries = holidays.from_package(year)
            else:
                entries = holidays.read_file(file)
                if year is not None and any(e.day.year != year for e in entries):
                    raise holidays.HolidayFileError(
                        [_("文件中有不属于%(year)d年的日期。") % {"year": year}]
                    )
            result = holidays.save(entries)
        except holidays.HolidayFileError as error:
            raise CommandError(_("未导入任何数据：") + "\n" + "\n".join(error.messages)) from error
        self.stdout.write(
            _(
                "已导入%(years)s年节假日：新增%(created)d天，更新%(updated)d天，未变%(unchanged)d天。"
            )
            % {
                "years": "、".join(str(y) for y in result.years),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        )
