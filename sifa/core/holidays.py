"""Loading a year's official holidays (国务院办公厅 节假日安排通知) into the holiday table.

The working-day calendar (sifa/core/calendar.py) reads `core.CalendarDay` before the
`chinese_calendar` package, so loading a year here is how a bureau gets next year's holidays
and make-up working days (调休上班日) before the package has them. Three sources:

* an Excel file: the sheet “节假日” (or the first sheet) with the columns 日期, 类型, 名称;
* a JSON file: a list of {"date": "2027-01-01", "kind": "holiday", "name": "元旦"} (or an
  object whose "days" is that list);
* the package's own data for a year it knows (`from_package`).

类型 / kind: 法定节假日 (holiday, 放假, 休) or 调休上班日 (workday, 上班, 班).

A file is loaded all or nothing: every row is checked first and any error (named by sheet, row
and column, or by item and key) refuses the whole file. Loading is idempotent: a day already in
the table with the same values is left alone, one with other values is updated (with its
history), so loading the same file twice changes nothing. Rows of the table that the file does
not mention are kept (an administrator's correction is not undone).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import chinese_calendar
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core.excel import Column, cell_date, cell_text, open_workbook
from sifa.core.importing import read_sheet
from sifa.core.models import CalendarDay

SHEET_NAME = "节假日"
COLUMNS = (
    Column("date", "日期", required=True, note="如 2027-01-01"),
    Column("kind", "类型", required=True, note="法定节假日 或 调休上班日"),
    Column("name", "名称", note="如 元旦、春节"),
)
KIND_WORDS = {
    "holiday": CalendarDay.Kind.HOLIDAY,
    "法定节假日": CalendarDay.Kind.HOLIDAY,
    "节假日": CalendarDay.Kind.HOLIDAY,
    "放假": CalendarDay.Kind.HOLIDAY,
    "休": CalendarDay.Kind.HOLIDAY,
    "workday": CalendarDay.Kind.WORKDAY,
    "调休上班日": CalendarDay.Kind.WORKDAY,
    "上班": CalendarDay.Kind.WORKDAY,
    "班": CalendarDay.Kind.WORKDAY,
}
NAME_MAX = CalendarDay._meta.get_field("name").max_length


@dataclass(frozen=True)
class HolidayEntry:
    day: date
    kind: str  # CalendarDay.Kind
    name: str = ""


class HolidayFileError(Exception):
    """The file cannot be loaded; `messages` says where and why (nothing was saved)."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    years: tuple[int, ...]


# --- reading ----------------------------------------------------------------------------------


def _kind(text: str) -> str:
    kind = KIND_WORDS.get(text.strip().lower()) or KIND_WORDS.get(text.strip())
    if kind is None:
        raise ValueError(
            _("类型应为“法定节假日”或“调休上班日”，而不是“%(text)s”。") % {"text": text}
        )
    return kind


def _name(text: str) -> str:
    if len(text) > NAME_MAX:
        raise ValueError(_("名称不能超过%(n)d个字。") % {"n": NAME_MAX})
    return text


def read_excel(path: str | Path) -> list[HolidayEntry]:
    """The entries of an Excel file; HolidayFileError naming sheet, row and column."""
    with open(path, "rb") as file:
        workbook = open_workbook(file)
        if workbook is None:
            raise HolidayFileError([_("无法读取文件，请使用 .xlsx 格式的 Excel 文件。")])
        names = workbook.sheetnames
        sheet = SHEET_NAME if SHEET_NAME in names else names[0]
        workbook.close()
        file.seek(0)
        plan = read_sheet(file, sheet_name=SHEET_NAME, columns=COLUMNS, read_row=_read_row)
    if plan.errors:
        raise HolidayFileError(
            [_("工作表“%(sheet)s”") % {"sheet": sheet} + str(e) for e in plan.errors]
        )
    return plan.rows


def _read_row(plan, line: int, cells: dict) -> HolidayEntry | None:
    values = {}
    for key, read in (("date", cell_date), ("kind", lambda v: _kind(cell_text(v)))):
        if not cell_text(cells.get(key)):
            plan.add(line, key, _("不能为空。"))
            continue
        try:
            values[key] = read(cells[key])
        except ValueError as error:
            message = str(error) if key == "kind" else _("日期格式应为 2027-01-01。")
            plan.add(line, key, message)
    try:
        values["name"] = _name(cell_text(cells.get("name")))
    except ValueError as error:
        plan.add(line, "name", str(error))
    if len(values) < 3:
        return None
    return HolidayEntry(values["date"], values["kind"], values["name"])


def read_json(path: str | Path) -> list[HolidayEntry]:
    """The entries of a JSON file; HolidayFileError naming the item and key."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HolidayFileError([_("无法读取 JSON 文件：%(error)s") % {"error": error}]) from error
    items = data.get("days") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise HolidayFileError([_("JSON 文件应为日期列表，或含“days”列表的对象，且不能为空。")])
    entries, errors = [], []
    for number, item in enumerate(items, start=1):
        where = _("第%(n)d项") % {"n": number}
        if not isinstance(item, dict):
            errors.append(where + _("：应为含 date、kind、name 的对象。"))
            continue
        try:
            day = date.fromisoformat(str(item.get("date", "")))
        except ValueError:
            errors.append(where + _("“date”：日期格式应为 2027-01-01。"))
            day = None
        try:
            kind = _kind(str(item.get("kind", "")))
        except ValueError as error:
            errors.append(where + "“kind”：" + str(error))
            kind = None
        try:
            name = _name(str(item.get("name", "")).strip())
        except ValueError as error:
            errors.append(where + "“name”：" + str(error))
            name = None
        if day and kind and name is not None:
            entries.append(HolidayEntry(day, kind, name))
    if errors:
        raise HolidayFileError(errors)
    return entries


def read_file(path: str | Path) -> list[HolidayEntry]:
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return read_json(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_excel(path)
    raise HolidayFileError([_("只能读取 .xlsx 或 .json 文件。")])


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def from_package(year: int) -> list[HolidayEntry]:
    """The holidays and make-up working days of `year` in the `chinese_calendar` package."""
    if not package_knows(year):
        raise HolidayFileError(
            [
                _("chinese_calendar 软件包尚无%(year)d年的节假日数据，请从文件导入。")
                % {"year": year}
            ]
        )
    chinese = {h.value: h.chinese for h in chinese_calendar.Holiday}
    entries = [
        HolidayEntry(day, CalendarDay.Kind.HOLIDAY, chinese.get(name, name))
        for day, name in chinese_calendar.holidays.items()
        if day.year == year
    ]
    entries += [
        HolidayEntry(day, CalendarDay.Kind.WORKDAY, chinese.get(name, name))
        for day, name in chinese_calendar.workdays.items()
        if day.year == year
    ]
    return sorted(entries, key=lambda e: e.day)


# --- saving -----------------------------------------------------------------------------------


def _check(entries: list[HolidayEntry]) -> None:
    seen: dict[date, HolidayEntry] = {}
    errors = []
    for entry in entries:
        other = seen.setdefault(entry.day, entry)
        if other is not entry and other != entry:
            errors.append(_("%(date)s 出现两次且内容不同。") % {"date": entry.day.isoformat()})
    if errors:
        raise HolidayFileError(errors)


@transaction.atomic
def save(entries: list[HolidayEntry]) -> LoadResult:
    """Write `entries` into the holiday table, all or nothing (see the module docstring)."""
    _check(entries)
    unique = {entry.day: entry for entry in entries}
    existing = CalendarDay.objects.in_bulk(list(unique), field_name="date")
    created = updated = unchanged = 0
    for day, entry in sorted(unique.items()):
        row = existing.get(day)
        if row is None:
            CalendarDay.objects.create(date=day, kind=entry.kind, name=entry.name)
            created += 1
        elif (row.kind, row.name) != (entry.kind, entry.name):
            row.kind, row.name = entry.kind, entry.name
            row.save(update_fields=["kind", "name"])
            updated += 1
        else:
            unchanged += 1
    years = tuple(sorted({day.year for day in unique}))
    return LoadResult(created, updated, unchanged, years)
