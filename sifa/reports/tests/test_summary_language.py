"""The work-summary template language: placeholders, breakdowns, ratios, last year and 同比,
conditions, words, number formatting, errors by line, layout, warnings and the single grid.

Figures come from the stats test indicators over the `roster` (sifa/stats/tests/conftest.py):
in 2026-01-01..06-30 the city appoints 6 staff (4 mediators, 1 head, 1 without post; 2 full
time) and 6 serve at 30 June; `last_year_staff` adds 4 appointed at 甲一镇 on 2025-03-01 and
1 at 乙县 on 2025-06-01, all still serving.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sifa.reports import summary
from sifa.reports.summary_defaults import default_template, kind_of_period
from sifa.stats import registry
from sifa.stats.tests.helpers import END, START, add_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_indicators", "roster")]


@pytest.fixture
def last_year_staff(cast):
    for n in range(4):
        add_staff(cast.township_a1, start=date(2025, 3, 1), name=f"去年{n}")
    add_staff(cast.county_b, start=date(2025, 6, 1), name="去年乙")


@pytest.fixture
def share_ratio():
    ratio = registry.register_ratio(
        registry.Ratio(
            key="test.appointed_share",
            label="新任占在岗比例",
            numerator="test.staff_appointed",
            denominator="test.staff_serving",
            definition="新任工作人员数 ÷ 在岗工作人员数 × 100%",
            line="测试业务",
        )
    )
    yield ratio
    registry._ratios.pop(ratio.key, None)


def text_of(body, office, start=START, end=END, title="标题", user=None):
    rendered = summary.render(title, body, office, start, end, user=user)
    return "\n".join(p.text for p in rendered.paragraphs[1:])


# --- placeholders -------------------------------------------------------------------------------


def test_an_indicator_placeholder_is_its_value(cast):
    assert text_of(
        "新任{{ test.staff_appointed }}人，在岗{{test.staff_serving}}人。", cast.city
    ) == ("新任6人，在岗6人。")


def test_a_breakdown_placeholder_is_one_row(cast):
    body = (
        "调解员{{ test.staff_appointed[post=mediator] }}，"
        "所长{{ test.staff_appointed[post=head] }}，"
        "专职{{ test.staff_appointed[full_time=True] }}，未填{{ test.staff_appointed[post=] }}，"
        "无此岗位{{ test.staff_appointed[post=driver] }}"
    )
    assert text_of(body, cast.city) == "调解员4，所长1，专职2，未填1，无此岗位0"


def test_the_office_subtree_decides(cast):
    # 甲一镇 and its village: rows 1, 2 (甲一镇) and 3 (甲一村).
    assert text_of("{{ test.staff_appointed }}", cast.township_a1) == "3"


def test_last_year_and_yoy(cast, last_year_staff):
    body = (
        "{{ test.staff_appointed.last_year }}/{{ test.staff_appointed.yoy }}/"
        "{{ test.staff_serving.last_year }}/{{ test.staff_serving.yoy }}"
    )
    # appointed 6 vs 5: +20.0 %; serving 11 vs 5: +120.0 %
    assert text_of(body, cast.city) == "5/20.0/5/120.0"
    # 甲一镇: appointed 3 vs 4: −25.0 %, and its absolute value
    body = "{{ test.staff_appointed.yoy }} {{ test.staff_appointed.yoy_abs }}"
    assert text_of(body, cast.township_a1) == "-25.0 25.0"


def test_yoy_without_a_base_prints_a_dash_and_warns(cast):
    rendered = summary.render("t", "\n同比{{ test.staff_appointed.yoy }}%", cast.city, START, END)
    assert rendered.paragraphs[1].text == "同比—%"
    assert rendered.warnings == [
        "第2行：“test.staff_appointed.yoy”上年同期为0或无数据，无法计算同比。"
    ]


def test_a_ratio_is_the_rate_and_its_yoy_in_points(cast, last_year_staff, share_ratio):
    # 6 / 11 = 54.55 %; last year 5 / 5 = 100 %; change −45.45 points → −45.5
    body = (
        "{{ test.appointed_share }}|{{ test.appointed_share.last_year }}|"
        "{{ test.appointed_share.yoy }}"
    )
    assert text_of(body, cast.city) == "54.55|100|-45.5"


def test_words(cast):
    body = "{{ office }}|{{ area }}|{{ year }}|{{ period }}"
    assert text_of(body, cast.city) == "测试市司法局|全市|2026|上半年"
    assert text_of(body, cast.county_a).endswith("|全县|2026|上半年")
    assert text_of(body, cast.township_a1).split("|")[1] == "全镇"
    assert text_of(body, cast.village_a1).split("|")[1] == "本单位"


@pytest.mark.parametrize(
    ("start", "end", "word"),
    [
        (date(2026, 1, 1), date(2026, 6, 30), "上半年"),
        (date(2026, 7, 1), date(2026, 12, 31), "下半年"),
        (date(2026, 1, 1), date(2026, 12, 31), "全年"),
        (date(2026, 1, 1), date(2026, 9, 30), "1-9月"),
        (date(2026, 3, 1), date(2026, 3, 31), "3月"),
        (date(2026, 3, 5), date(2026, 4, 10), "3月5日至4月10日"),
    ],
)
def test_period_word(start, end, word):
    assert summary.period_word(start, end) == word


@pytest.mark.parametrize(
    ("name", "kind", "word"),
    [
        ("青川市司法局", "justice_bureau", "全市"),
        ("某某县司法局", "justice_bureau", "全县"),
        ("某某区司法局", "justice_bureau", "全区"),
        ("某某自治县司法局", "justice_bureau", "全县"),
        ("某某省司法厅", "justice_bureau", "全省"),
        ("样本省司法厅", "justice_bureau", "全省"),
        ("某某自治区司法厅", "justice_bureau", "全区"),
        ("城关街道司法所", "judicial_office", "全街道"),
        ("某某乡司法所", "judicial_office", "全乡"),
        ("第一司法所", "judicial_office", "本所"),
    ],
)
def test_area_word(name, kind, word):
    assert summary.area_word(SimpleNamespace(name=name, kind=kind)) == word


# --- conditions ---------------------------------------------------------------------------------

GROWTH = (
    "同比{% if test.staff_appointed.yoy >= 0 %}增长{% else %}下降{% endif %}"
    "{{ test.staff_appointed.yoy_abs }}%"
)


def test_a_condition_picks_by_the_sign(cast, last_year_staff):
    assert text_of(GROWTH, cast.city) == "同比增长20.0%"
    assert text_of(GROWTH, cast.township_a1) == "同比下降25.0%"


def test_elif_and_else(cast):
    body = (
        "{% if test.staff_appointed > 10 %}多{% elif test.staff_appointed > 5 %}中"
        "{% elif test.staff_appointed > 0 %}少{% else %}无{% endif %}"
    )
    assert text_of(body, cast.city) == "中"  # 6
    assert text_of(body, cast.township_a1) == "少"  # 3
    assert text_of(body, cast.township_b1, end=date(2026, 1, 31)) == "无"


def test_nested_conditions_and_numbers_on_both_sides(cast):
    body = (
        "{% if test.staff_serving == 6 %}A{% if test.staff_appointed[post=head] != 1 %}B"
        "{% else %}C{% endif %}D{% endif %}{% if 2 < 1 %}E{% endif %}"
        "{% if test.staff_appointed <= test.staff_serving %}F{% endif %}"
    )
    assert text_of(body, cast.city) == "ACDF"


def test_a_comparison_with_no_base_is_false(cast):
    body = (
        "{% if test.staff_appointed.yoy >= 0 %}增{% elif test.staff_appointed.yoy < 0 %}减"
        "{% else %}无基数{% endif %}"
    )
    assert text_of(body, cast.city) == "无基数"


def test_a_browsers_crlf_lines_count_as_lines(cast):
    body = "一、概况\r\n共{{ test.staff_appointed }}人。\r\n{{ test.nothing }}"
    assert summary.validate(body) == ["第3行：未知的指标或比率“test.nothing”。"]
    assert text_of(body.rpartition("\r\n")[0], cast.city) == "一、概况\n共6人。"


def test_conditions_spanning_lines_leave_no_blank_paragraph(cast):
    body = "一、概况\n{% if test.staff_appointed > 0 %}\n有新任人员。\n{% endif %}\n其他。"
    assert text_of(body, cast.city) == "一、概况\n有新任人员。\n其他。"


# --- errors, each with its line -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("第一行\n{{ test.nothing }}", "第2行：未知的指标或比率“test.nothing”。"),
        (
            "\n\n{{ test.staff_appointed[rank=1] }}",
            "第3行：指标“test.staff_appointed”没有分组“rank”。",
        ),
        ("{{ test.staff appointed }}", "第1行：无法识别的占位符“test.staff appointed”。"),
        (
            "a\n{{ test.staff_appointed.mom }}",
            "第2行：“test.staff_appointed”没有“.mom”这种写法，可用 .last_year、.yoy、.yoy_abs。",
        ),
        ("a\nb {{ test.staff_appointed", "第2行：“{{”没有配对（占位符或条件未闭合）。"),
        ("x }} y", "第1行：“}}”没有配对（占位符或条件未闭合）。"),
        ("a\n{% if test.staff_appointed > 1 %}\nb", "第2行：{% if %} 缺少对应的 {% endif %}。"),
        ("a\n\n{% endif %}", "第3行：{% endif %} 前没有对应的 {% if %}。"),
        ("{% else %}", "第1行：{% else %} 前没有对应的 {% if %}。"),
        (
            "{% if 1 > 0 %}a{% else %}b\n{% elif 1 > 0 %}c{% endif %}",
            "第2行：{% elif %} 不能写在 {% else %} 之后。",
        ),
        (
            "\n{% if test.staff_appointed %}a{% endif %}",
            "第2行：无法识别的条件“test.staff_appointed”，"
            "应写作“指标 比较符 数值”，如 a.b.yoy >= 0。",
        ),
        (
            "{% if test.staff_appointed => 1 %}a{% endif %}",
            "第1行：无法识别的条件“test.staff_appointed => 1”，"
            "应写作“指标 比较符 数值”，如 a.b.yoy >= 0。",
        ),
        ("\n{% for x in y %}", "第2行：未知的标记“{% for x in y %}”。"),
        ("{{ office.yoy }}", "第1行：“office”不能带分组或同比后缀。"),
        ("{% if area > 1 %}{% endif %}", "第1行：条件中不能比较“area”。"),
        (
            "{{ test.appointed_share[post=head] }}",
            "第1行：比率“test.appointed_share”不能按分组取值。",
        ),
    ],
)
def test_errors_name_their_line(body, message, share_ratio):
    assert summary.validate(body) == [message]
    with pytest.raises(summary.TemplateSyntaxError) as caught:
        summary.parse(body)
    assert caught.value.messages == [message]


def test_a_placeholder_does_not_run_across_lines():
    assert summary.validate("a\nb {{ test.staff_appointed\n}} c") == [
        "第2行：“{{”没有配对（占位符或条件未闭合）。",
        "第3行：“}}”没有配对（占位符或条件未闭合）。",
    ]


def test_every_problem_is_listed_in_line_order_and_the_title_is_named():
    body = "{{ test.nope }}\n正常\n{% if 1 > 0 %}"
    assert summary.validate(body, title="{{ office }}{{ test.bad }}") == [
        "标题：未知的指标或比率“test.bad”。",
        "第1行：未知的指标或比率“test.nope”。",
        "第3行：{% if %} 缺少对应的 {% endif %}。",
    ]


def test_a_sound_template_has_no_problems():
    assert (
        summary.validate(GROWTH + "\n{{ test.staff_serving[post=head].last_year }}", "{{ office }}")
        == []
    )


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (9020, "9020"),
        (0, "0"),
        (Decimal("493330.00"), "493330"),
        (Decimal("1234567.50"), "1234567.5"),
        (Decimal("0.00"), "0"),
        (Decimal("98.43"), "98.43"),
        (Decimal("100.00"), "100"),
        (None, "—"),
    ],
)
def test_format_number(value, text):
    assert summary.format_number(value) == text


def test_a_change_keeps_one_decimal():
    assert summary.format_number(Decimal("20.0"), decimals=1) == "20.0"


def test_a_sum_indicator_prints_plainly(cast):
    # test.children_total sums numchild: the city 2, each county 1 or 2, ... (hand count below)
    children = {
        cast.city: 2,  # 甲县, 乙县
        cast.county_a: 2,  # 甲一镇, 甲二镇
        cast.county_b: 1,
        cast.township_a1: 1,  # 甲一村
    }
    assert text_of("{{ test.children_total }}", cast.city) == str(sum(children.values()))


@pytest.mark.parametrize(
    ("value", "scale", "decimals", "text"),
    [
        (Decimal("422000000.00"), "亿", None, "4.22"),
        (Decimal("229000000"), "亿", None, "2.29"),
        (Decimal("422500000"), "亿", 1, "4.2"),  # 4.225 → 4.2 at one decimal
        (Decimal("425000000"), "亿", 1, "4.3"),  # half up
        (Decimal("5690000.00"), "万", None, "569"),
        (Decimal("5695000"), "万", None, "570"),  # half up
        (Decimal("38000"), "万", 1, "3.8"),
        (1249, "万", 2, "0.12"),
        (0, "亿", None, "0.00"),
        (Decimal("-150000"), "万", None, "-15"),
        (None, "万", None, "—"),
    ],
)
def test_format_scaled(value, scale, decimals, text):
    assert summary.format_scaled(value, scale, decimals) == text


def test_a_unit_states_the_value_in_it_and_keeps_the_raw_value(cast):
    body = (
        "新任{{ test.staff_appointed|万:4 }}万人，"
        "在岗{{ test.staff_serving[post=head] | 万:3 }}万人，"
        "去年{{ test.staff_appointed.last_year|亿:4 }}亿人。"
    )
    assert summary.validate(body) == []
    rendered = summary.render("标题", body, cast.city, START, END)
    assert rendered.paragraphs[1].text == "新任0.0006万人，在岗0.000万人，去年0.0000亿人。"
    number = rendered.numbers["test.staff_appointed|万:4"]
    assert number.value == 6 and number.text == "0.0006"
    assert number.label.endswith("（单位：万人）")
    assert rendered.values["test.staff_serving[post=head]|万:3"] == "0.000"
    # The same figure with and without a unit are two numbers, each linking to the records.
    both = summary.render(
        "标题", "{{ test.staff_appointed }}、{{ test.staff_appointed|万 }}", cast.city, START, END
    )
    assert both.paragraphs[1].text == "6、0"
    assert both.html().count('<a class="summary-number"') == 2


def test_a_sum_in_a_unit(cast):
    # test.children_total sums numchild (see test_a_sum_indicator_prints_plainly): 6 in 万, 4 places
    assert text_of("{{ test.children_total|万:4 }}万", cast.city) == "0.0006万"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{{ test.staff_appointed|千 }}",
            "第1行：“test.staff_appointed|千”：未知的单位“千”，可用 |亿、|万。",
        ),
        (
            "{{ test.staff_appointed|万:5 }}",
            "第1行：“test.staff_appointed|万:5”：小数位数最多4位。",
        ),
        (
            "{{ test.staff_appointed.yoy|万 }}",
            "第1行：“test.staff_appointed.yoy|万”：同比是百分数，不能换算单位。",
        ),
        (
            "{{ test.appointed_share|万 }}",
            "第1行：比率“test.appointed_share”是百分数，不能换算单位。",
        ),
        ("{{ office|万 }}", "第1行：“office”不是数值，不能换算单位。"),
        (
            "{% if test.staff_appointed|万 > 1 %}a{% endif %}",
            "第1行：条件中不能换算单位（“test.staff_appointed|万”）：比较的是数值本身。",
        ),
        (
            "{{ test.staff_appointed|万|亿 }}",
            "第1行：无法识别的占位符“test.staff_appointed|万|亿”。",
        ),
    ],
)
def test_a_unit_s_errors_name_their_line(body, message, share_ratio):
    assert summary.validate(body) == [message]


# --- layout, html, warnings ---------------------------------------------------------------------


def test_paragraph_kinds(cast):
    body = (
        "开头段落。\n一、总体情况\n（一）人民调解\n(二)法律援助\n1.具体事项\n"
        "一是规范化。二是实战化。\n\n　　　缩进的正文"
    )
    rendered = summary.render("{{ office }}总结", body, cast.city, START, END)
    assert [(p.kind, p.text) for p in rendered.paragraphs] == [
        (summary.TITLE, "测试市司法局总结"),
        (summary.BODY, "开头段落。"),
        (summary.HEADING_1, "一、总体情况"),
        (summary.HEADING_2, "（一）人民调解"),
        (summary.HEADING_2, "(二)法律援助"),
        (summary.HEADING_3, "1.具体事项"),
        (summary.BODY, "一是规范化。二是实战化。"),
        (summary.BODY, "缩进的正文"),
    ]
    assert rendered.text().splitlines()[0] == "测试市司法局总结"


def test_html_links_every_number_to_its_records(cast, share_ratio):
    body = "新任{{ test.staff_appointed[post=mediator] }}人，占比{{ test.appointed_share }}%。"
    rendered = summary.render("<总结>", body, cast.city, START, END)
    html = rendered.html()
    assert '<h1 class="summary-title">&lt;总结&gt;</h1>' in html
    assert (
        '<a class="summary-number" href="/stats/indicators/test.staff_appointed/records/?office='
        f"{cast.city.pk}&amp;from=2026-01-01&amp;to=2026-06-30"
        '&amp;breakdown=post&amp;value=mediator" '
        'title="新任工作人员数（调解员）">4</a>'
    ) in html
    # a ratio links its numerator's records, titled by the ratio
    assert (
        f'<a class="summary-number" href="/stats/indicators/test.staff_appointed/records/?office='
        f'{cast.city.pk}&amp;from=2026-01-01&amp;to=2026-06-30" title="新任占在岗比例">100</a>'
    ) in html
    assert rendered.values == {
        "test.staff_appointed[post=mediator]": "4",
        "test.appointed_share": "100",
    }


def test_hand_typed_numbers_are_warned_except_dates_hotlines_and_numbering():
    text = (
        "2026年6月30日，1-6月共办理{{ test.staff_appointed }}件，另有35件。\n"
        "1.拨打12348或12345热线\n（2）第二项\n增长{{ test.staff_appointed.yoy }}%，约3.5倍"
    )
    assert summary.hand_typed_numbers(text) == [
        "第1行：“35”：正文中的数字不是由数据生成的。",
        "第4行：“3.5”：正文中的数字不是由数据生成的。",
    ]


def test_the_rendered_warnings_include_hand_typed_numbers(cast):
    rendered = summary.render("2026年总结", "共有15人。", cast.city, START, END)
    assert rendered.warnings == ["第1行：“15”：正文中的数字不是由数据生成的。"]


# --- speed: one grid for the whole document -----------------------------------------------------


def test_one_figures_grid_call_for_the_whole_document(cast, last_year_staff, share_ratio):
    body = (
        "{{ test.staff_appointed }}{{ test.staff_appointed[post=mediator] }}"
        "{{ test.staff_appointed.yoy }}{{ test.staff_serving.last_year }}{{ test.appointed_share }}"
        "{% if test.staff_serving.yoy > 0 %}{{ test.children_total }}{% endif %}"
    )
    with mock.patch.object(registry, "figures_grid", wraps=registry.figures_grid) as grid:
        summary.render("t", body, cast.city, START, END)
    assert grid.call_count == 1
    (indicators, _scope, periods), _kwargs = grid.call_args
    assert sorted(i.key for i in indicators) == [
        "test.children_total",
        "test.staff_appointed",
        "test.staff_serving",
    ]
    assert periods == [(START, END), (date(2025, 1, 1), date(2025, 6, 30))]


def test_more_placeholders_on_the_same_records_cost_no_more_queries(cast, last_year_staff):
    one = "{{ test.staff_appointed.yoy }}"
    many = (
        "{{ test.staff_appointed }}{{ test.staff_appointed.last_year }}"
        "{{ test.staff_appointed.yoy }}"
        "{{ test.staff_appointed.yoy_abs }}{{ test.staff_appointed[post=head] }}"
        "{% if test.staff_appointed > 1 %}{{ test.staff_appointed[post=mediator].yoy }}{% endif %}"
    )
    counts = []
    for body in (one, many):
        with CaptureQueriesContext(connection) as queries:
            summary.render("t", body, cast.city, START, END)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_user_scope_counts_only_what_the_user_may_see(cast):
    # The 甲一镇 clerk sees 甲一镇 and its village only, even for the city (rows 1, 2, 3).
    assert text_of("{{ test.staff_appointed }}", cast.city, user=cast.township_clerk) == "3"


def test_a_plain_title_fills_the_words_only(cast):
    title = "{{ office }}{{ year }}年{{ period }}工作总结"
    assert summary.plain_title(title, cast.city, START, END) == "测试市司法局2026年上半年工作总结"
    with_figure = "共{{ test.staff_appointed }}人"
    assert summary.plain_title(with_figure, cast.city, START, END) == with_figure
    assert summary.plain_title("{{ bad", cast.city, START, END) == "{{ bad"


@pytest.mark.parametrize("kind", ["half_year", "annual", "monthly"])
def test_the_built_in_templates_are_sound_and_type_no_numbers(kind):
    template = default_template(kind)
    assert summary.validate(template.body, template.title) == []
    assert summary.hand_typed_numbers(template.body) == []
    assert summary.hand_typed_numbers(template.title, title=True) == []


@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        (date(2026, 1, 1), date(2026, 6, 30), "half_year"),
        (date(2026, 1, 1), date(2026, 12, 31), "annual"),
        (date(2026, 3, 1), date(2026, 3, 31), "monthly"),
        (date(2026, 1, 1), date(2026, 9, 30), "half_year"),
    ],
)
def test_the_kind_a_period_calls_for(start, end, kind):
    assert kind_of_period(start, end) == kind
