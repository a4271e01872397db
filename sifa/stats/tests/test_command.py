"""`manage.py indicators`: system-scope values as a table or JSON, and Chinese errors."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sifa.stats import registry
from sifa.stats.management.commands.indicators import json_number, json_value
from sifa.stats.registry import Scope
from sifa.stats.tests.helpers import APPOINTED, END, SERVING, START

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_indicators")]

PERIOD = ["--from", START.isoformat(), "--to", END.isoformat()]


def run(*args) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def expected_json(indicator, scope):
    return {
        "key": indicator.key,
        "label": str(indicator.label),
        "unit": str(indicator.unit),
        "kind": indicator.kind,
        "value": json_number(registry.value(indicator, scope)),
        "breakdowns": {
            b.key: [
                {"value": json_value(stored), "label": label, "count": json_number(v)}
                for stored, label, v in registry.breakdown_values(indicator, scope, b.key)
            ]
            for b in indicator.breakdowns
        },
    }


class TestJson:
    def test_every_indicator_equals_the_registry_for_the_whole_tree(self, cast, roster):
        data = json.loads(run(*PERIOD, "--json"))

        scope = Scope(cast.city, START, END)  # the root, no user: every record
        assert data == [expected_json(i, scope) for i in registry.all_indicators()]
        by_key = {item["key"]: item for item in data}
        appointed = by_key[APPOINTED.key]
        assert appointed["kind"] == "flow" and by_key[SERVING.key]["kind"] == "stock"
        assert appointed["value"] == len(
            [s for s in roster if START <= s.start_date <= END]
        )  # system scope: all records of the subtree
        posts = {row["value"]: row for row in appointed["breakdowns"]["post"]}
        assert posts["mediator"]["label"] == "调解员"
        assert sum(row["count"] for row in appointed["breakdowns"]["post"]) == appointed["value"]

    def test_an_office_by_code(self, cast, roster):
        data = json.loads(run(*PERIOD, "--office", cast.county_a.code, "--json"))

        scope = Scope(cast.county_a, START, END)
        assert data == [expected_json(i, scope) for i in registry.all_indicators()]

    def test_output_is_utf8_not_escaped(self, cast, roster):
        output = run(*PERIOD, "--json")
        assert "新任工作人员数" in output
        assert "\\u" not in output

    def test_numbers(self):
        assert json_number(3) == 3
        assert json_number(Decimal("12.00")) == 12
        assert isinstance(json_number(Decimal("12.00")), int)
        assert json_number(Decimal("12.50")) == "12.5"  # plain, without trailing zeros (issue 15.3)
        assert json_value(date(2026, 1, 31)) == "2026-01-31"
        assert json_value(None) is None
        assert json_value(True) is True
        assert json_value(Decimal("0.5")) == "0.5"


class TestTable:
    def test_lists_key_label_value_and_unit(self, cast, roster):
        output = run(*PERIOD)

        lines = output.splitlines()
        assert cast.city.name in lines[0] and "2026-01-01" in lines[0]
        assert lines[1].split()[:4] == ["指标编码", "指标", "数值", "单位"]
        scope = Scope(cast.city, START, END)
        for indicator in registry.all_indicators():
            (line,) = [ln for ln in lines if ln.startswith(indicator.key + " ")]
            assert str(indicator.label) in line
            assert line.split()[-2:] == [
                str(registry.value(indicator, scope)),
                str(indicator.unit),
            ]

    def test_defaults_to_the_year_to_date(self, cast):
        output = run()
        assert f"{timezone.localdate().year}-01-01" in output.splitlines()[0]


class TestErrors:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--from", "2026-02-30"], "日期格式错误：2026-02-30"),
            (["--to", "昨天"], "日期格式错误：昨天"),
            (["--from", "2026-07-01", "--to", "2026-06-30"], "开始日期不能晚于截止日期。"),
            (["--office", "NOPE"], "未找到机构编码为 NOPE 的机构。"),
        ],
    )
    def test_chinese_messages(self, cast, args, message):
        with pytest.raises(CommandError, match=message):
            run(*args)

    def test_an_empty_tree(self, no_cast):
        with pytest.raises(CommandError, match="尚无任何机构"):
            run()
