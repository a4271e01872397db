"""Issue 15.3: amounts with separators and two decimals on screen, numbers with a 元 number
format in Excel, plain strings without trailing zeros in JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.settings import api_settings

from sifa.core.amounts import AMOUNT_FORMAT, amount_text, plain_decimal
from sifa.core.excel import workbook_bytes
from sifa.mediation.tests.factories import make_case, make_committee

LONG = Decimal("2879680.2600000000")  # what an aggregate may hand back


def test_plain_decimal_drops_trailing_zeros_and_never_uses_an_exponent():
    assert plain_decimal(LONG) == "2879680.26"
    assert plain_decimal(Decimal("100.00")) == "100"
    assert plain_decimal(Decimal("0E-10")) == "0"
    assert plain_decimal(Decimal("12.50")) == "12.5"


def test_amount_text_has_separators_and_two_decimals():
    assert amount_text(LONG) == "2,879,680.26"
    assert amount_text(Decimal("5")) == "5.00"
    assert amount_text(None) == ""


def test_the_api_renders_a_decimal_as_a_plain_string():
    renderer = api_settings.DEFAULT_RENDERER_CLASSES[0]()
    body = json.loads(renderer.render({"value": LONG, "none": None}))
    assert body == {"value": "2879680.26", "none": None}


def test_an_excel_amount_column_holds_numbers_with_the_yuan_format():
    content = workbook_bytes(
        sheet_title="t",
        headers=["案件编号", "涉及金额（元）", "涉及人数"],
        rows=[["A1", LONG, 3]],
    )
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    amount, people = sheet["B2"], sheet["C2"]
    assert amount.value == pytest.approx(2879680.26)
    assert amount.number_format == AMOUNT_FORMAT
    assert people.number_format == "General"  # a count is no amount


@pytest.fixture
def case_with_amount(cast):
    committee = make_committee(cast.township_a1)
    return make_case(cast.township_clerk, committee, amount=Decimal("1234567.50"))


def test_case_page_and_export_show_the_amount_as_an_amount(cast, case_with_amount, login):
    client = login(cast.township_clerk)
    page = client.get(reverse("mediation:case_detail", args=[case_with_amount.pk]))
    assert "1,234,567.50" in page.content.decode()

    export = client.get(reverse("mediation:case_export"))
    sheet = load_workbook(BytesIO(export.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("涉及金额（元）") + 1)
    assert cell.value == pytest.approx(1234567.5)
    assert cell.number_format == AMOUNT_FORMAT


def test_an_indicator_value_in_yuan_shows_as_an_amount():
    from sifa.core.templatetags.page_kit import figure

    assert figure(LONG, "元") == "2,879,680.26"
    assert figure(12, "件") == 12
