"""Next year's holidays: the administrators' warning from 1 December and `load_holidays`."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from sifa.core.calendar import is_working_day, unloaded_next_year
from sifa.core.holidays import package_knows
from sifa.core.models import CalendarDay

pytestmark = pytest.mark.django_db

# 2099: a year no release of chinese_calendar will know in this project's lifetime.
NOTICE_2099 = [
    {"date": "2099-01-01", "kind": "holiday", "name": "元旦"},
    {"date": "2099-01-02", "kind": "法定节假日", "name": "元旦"},
    {"date": "2099-01-03", "kind": "调休上班日", "name": "元旦"},  # a Saturday worked
]


def load(*args) -> str:
    out = StringIO()
    call_command("load_holidays", *args, stdout=out)
    return out.getvalue()


def write_json(tmp_path, data) -> str:
    path = tmp_path / "2099.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def write_xlsx(tmp_path, rows, sheet="节假日") -> str:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(["日期", "类型", "名称"])
    for row in rows:
        ws.append(row)
    path = tmp_path / "2099.xlsx"
    workbook.save(path)
    return str(path)


def test_warning_from_the_first_of_december_until_next_year_is_loaded():
    assert unloaded_next_year(date(2098, 11, 30)) is None
    assert unloaded_next_year(date(2098, 12, 1)) == 2099
    assert unloaded_next_year(date(2098, 12, 31)) == 2099
    CalendarDay.objects.create(date=date(2099, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    assert unloaded_next_year(date(2098, 12, 1)) is None
    # A year the package knows needs nothing.
    assert unloaded_next_year(date(2025, 12, 1)) is None


def test_admin_home_warns_the_administrator_in_december(cast, login):
    today = timezone.localdate()
    next_year = today.year + 1
    CalendarDay.objects.filter(date__year=next_year).delete()
    page = login(cast.sysadmin).get("/admin/").content.decode()
    expected = today.month == 12 and not package_knows(next_year)
    assert ('id="holidays-missing"' in page) == expected
    if expected:
        assert f"{next_year}年法定节假日和调休上班日尚未录入" in page
        assert "load_holidays" in page
    # Once the year is loaded the warning is gone, whatever the day.
    CalendarDay.objects.create(date=date(next_year, 1, 1), kind=CalendarDay.Kind.HOLIDAY)
    assert 'id="holidays-missing"' not in login(cast.sysadmin).get("/admin/").content.decode()


def test_load_json_is_idempotent_and_feeds_the_calendar(tmp_path):
    path = write_json(tmp_path, {"days": NOTICE_2099})
    assert "新增3天，更新0天，未变0天" in load("--file", path)
    assert not is_working_day(date(2099, 1, 2))  # a Friday off
    assert is_working_day(date(2099, 1, 3))  # a Saturday worked
    assert unloaded_next_year(date(2098, 12, 1)) is None
    assert "新增0天，更新0天，未变3天" in load("--file", path)
    assert CalendarDay.objects.filter(date__year=2099).count() == 3
    # A corrected name updates the row (its history keeps the old one).
    corrected = [dict(NOTICE_2099[0], name="元旦节"), *NOTICE_2099[1:]]
    assert "新增0天，更新1天，未变2天" in load("--file", write_json(tmp_path, corrected))
    assert CalendarDay.objects.get(date=date(2099, 1, 1)).name == "元旦节"


def test_load_json_refuses_the_whole_file_naming_item_and_key(tmp_path):
    bad = [*NOTICE_2099, {"date": "2099-02-30", "kind": "holiday"}, {"date": "2099-03-01"}]
    with pytest.raises(CommandError) as error:
        load("--file", write_json(tmp_path, bad))
    message = str(error.value)
    assert "未导入任何数据" in message
    assert "第4项“date”：日期格式应为 2027-01-01。" in message
    assert "第5项“kind”：类型应为“法定节假日”或“调休上班日”，而不是“”。" in message
    assert not CalendarDay.objects.filter(date__year=2099).exists()


def test_load_excel_names_sheet_row_and_column_and_saves_nothing(tmp_path):
    rows = [["2099-01-01", "法定节假日", "元旦"], ["2099-01-02", "放假日", "元旦"]]
    with pytest.raises(CommandError) as error:
        load("--file", write_xlsx(tmp_path, rows))
    assert "工作表“节假日”第3行 B列（类型）：类型应为“法定节假日”或“调休上班日”" in str(error.value)
    assert not CalendarDay.objects.filter(date__year=2099).exists()
    rows[1][1] = "调休上班日"
    rows.append([date(2099, 1, 4), "休", ""])  # a real date cell
    assert "新增3天" in load("--file", write_xlsx(tmp_path, rows))
    assert CalendarDay.objects.get(date=date(2099, 1, 2)).kind == CalendarDay.Kind.WORKDAY
    assert CalendarDay.objects.get(date=date(2099, 1, 4)).kind == CalendarDay.Kind.HOLIDAY


def test_a_date_given_twice_with_different_kinds_is_refused(tmp_path):
    twice = [*NOTICE_2099, {"date": "2099-01-03", "kind": "holiday", "name": "元旦"}]
    with pytest.raises(CommandError, match="2099-01-03 出现两次且内容不同"):
        load("--file", write_json(tmp_path, twice))
    assert not CalendarDay.objects.exists()


def test_from_package_loads_a_known_year_and_refuses_an_unknown_one():
    out = load("--from-package", "--year", "2026")
    assert "已导入2026年节假日" in out
    spring = CalendarDay.objects.get(date=date(2026, 2, 17))
    assert (spring.kind, spring.name) == (CalendarDay.Kind.HOLIDAY, "春节")
    assert CalendarDay.objects.filter(date__year=2026, kind=CalendarDay.Kind.WORKDAY).exists()
    assert "未变" in load("--from-package", "--year", "2026")
    with pytest.raises(CommandError, match="chinese_calendar 软件包尚无2099年的节假日数据"):
        load("--from-package", "--year", "2099")
