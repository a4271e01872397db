"""The 人民调解工作情况月报表 grouped as the official form and fitted to A4 landscape (issue 15,
item 14): grouped headings in HTML and Excel, the print stylesheet, the print zoom."""

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from sifa.mediation.tests.factories import make_case, make_committee
from sifa.reports.definitions import Column, ReportForm
from sifa.reports.selectors_forms import PRINT_PAGE_PX, print_zoom

pytestmark = pytest.mark.django_db

KEY = "mediation.monthly"


@pytest.fixture
def march_form(cast, login):
    committee = make_committee(cast.township_a1)
    for day in (3, 9, 20):
        make_case(cast.township_clerk, committee, received_on=date(2026, 3, day))
    url = f"{reverse('reports:form', args=[KEY])}?office={cast.township_a1.pk}&month=2026-03"
    return login(cast.township_clerk), url


def header_rows(html: str) -> list[list[tuple[str, str]]]:
    """Each header row as (attributes, text) of its <th>."""
    thead = html[html.index("<thead>") : html.index("</thead>")]
    return [
        re.findall(r'<th scope="col"([^>]*)>([^<]*)</th>', row)
        for row in re.findall(r"<tr>(.*?)</tr>", thead, re.S)
    ]


def test_monthly_form_groups_its_columns_as_the_official_form(march_form):
    client, url = march_form
    html = client.get(url).content.decode()
    top, middle, measures = header_rows(html)
    assert top == [
        (' rowspan="3"', "单位"),
        (' colspan="16"', "调解纠纷"),
        (' colspan="8"', "调解协议"),
        (' colspan="4" rowspan="2"', "涉及人数（人）"),
        (' colspan="8"', "矛盾纠纷排查"),
    ]
    assert [text for _attrs, text in middle] == [
        "受理（件）",
        "调结（件）",
        "成功（件）",
        "不成（件）",
        "协议数（件）",
        "涉及金额（元）",
        "排查次数（次）",
        "发现纠纷（件）",
    ]
    assert all(attrs == ' colspan="4"' for attrs, _text in middle)
    assert [text for _attrs, text in measures[:4]] == ["本月", "本年累计", "同比", "环比"]
    assert len(measures) == 36


def test_the_excel_form_has_the_same_groups(march_form):
    client, url = march_form
    sheet = load_workbook(BytesIO(client.get(url + "&format=xlsx").content)).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.cell(3, 2).value == "调解纠纷" and "B3:Q3" in merged
    assert sheet.cell(4, 2).value == "受理（件）" and "B4:E4" in merged
    assert sheet.cell(5, 2).value == "本月"


def test_the_print_stylesheet_sets_a4_landscape_and_the_zoom(march_form):
    client, url = march_form
    html = client.get(url).content.decode()
    assert '<link rel="stylesheet" href="/static/css/report-print.css">' in html
    zoom = float(re.search(r'--sifa-print-zoom: ([\d.]+)"', html).group(1))
    assert 0.5 < zoom <= 1  # small figures fit at 7 pt; a city's are scaled (below)
    css = (Path(settings.BASE_DIR) / "static/css/report-print.css").read_text()
    print_block = css[css.index("@media print") :]
    assert re.search(r"@page\s*\{\s*size:\s*A4 landscape;\s*margin:\s*10mm;", print_block)
    assert "zoom: var(--sifa-print-zoom, 1);" in print_block
    assert "display: table-header-group" in print_block


def test_print_zoom_is_one_when_the_form_fits():
    from sifa.reports.selectors_forms import DisplayCell, DisplayRow, Layout

    class Table:
        subcolumns = [object()] * 2
        measures = ("period",)

    cell = DisplayCell(12, "12", "", "", False)
    narrow = Layout(Table(), rows=[DisplayRow("total", None, "合计", [cell, cell], False)])
    assert print_zoom(narrow) == 1.0
    # A city's 人民调解工作情况月报表: 36 figures such as 12,345 and +123.4 %.
    Table.subcolumns = [object()] * 36
    big, pct = DisplayCell(0, "12,345", "", "", False), DisplayCell(0, "+123.4%", "", "", True)
    cells = [big, big, pct, pct] * 9
    wide = Layout(Table(), rows=[DisplayRow("total", None, "青川市司法局本级", cells, False)])
    assert 0.6 < print_zoom(wide) < 1.0
    assert PRINT_PAGE_PX == 1047  # 277 mm: A4 landscape less 2 × 10 mm


def test_a_column_with_a_breakdown_cannot_be_grouped():
    with pytest.raises(ValueError, match="cannot be grouped"):
        Column("mediation.cases_accepted", "type", group="调解纠纷")
    assert ReportForm  # the form definitions stay importable with groups
