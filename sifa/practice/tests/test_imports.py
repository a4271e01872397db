"""The business-register import (业务登记台账): through `matter_save`, all or nothing, bad rows
named by row and column, re-import idempotent, an institution's account limited to its own."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.core.models import ImportBatch
from sifa.practice.imports.matters import MATTERS
from sifa.practice.models import Matter
from sifa.practice.tests.conftest import register_lawyer
from tests import imports

HEADER = {f.key: f.header for f in MATTERS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(MATTERS.fields)}


def row(institution, **values) -> dict:
    cells = {
        "office_code": institution.office.code,
        "number": "2026诉0001",
        "category": "诉讼",
        "litigation_type": "民事",
        "client": "青川市某纺织有限公司",
        "client_kind": "企业",
        "cause": "买卖合同纠纷",
        "subject_amount": "150,000",
        "recovered_amount": "80000",
        "fee": "6000元",
        "accepted_on": "2026/3/2",
    }
    cells.update(values)
    return {HEADER[key]: value for key, value in cells.items()}


def run(actor, rows, office=None):
    file = imports.xlsx(MATTERS, rows)
    batch, _plan, _changes = batches.import_now(
        MATTERS, actor=actor, office=office, content=file.read(), name=file.name
    )
    return batch.created_count, batch.updated_count, batch.unchanged_count


def refused(actor, rows, office=None) -> list[str]:
    with pytest.raises(ValidationError) as error:
        run(actor, rows, office)
    return error.value.messages


def test_a_register_is_imported_and_the_same_file_again_changes_nothing(practice):
    lawyer = register_lawyer(practice.section, practice.firm_a)
    rows = [
        row(practice.firm_a, handler_licence=lawyer.licence_number),
        row(
            practice.firm_a,
            number="2026顾0001",
            category="常年法律顾问",
            litigation_type="",
            client="桃园村村民委员会",
            client_kind="村(社区)",
            subject_amount="",
            recovered_amount="",
            fee="20000",
            closed_on="2027-03-01",
        ),
    ]
    assert run(practice.firm_a_admin, rows, practice.firm_a.office) == (2, 0, 0)
    first = Matter.objects.get(number="2026诉0001")
    assert (first.subject_amount, first.fee, first.handler) == (
        Decimal("150000"),
        Decimal("6000"),
        lawyer,
    )
    assert run(practice.firm_a_admin, rows, practice.firm_a.office) == (0, 0, 2)
    assert Matter.objects.count() == 2

    corrected = [row(practice.firm_a, handler_licence=lawyer.licence_number, fee="7000"), rows[1]]
    assert run(practice.firm_a_admin, corrected, practice.firm_a.office) == (0, 1, 1)
    assert Matter.objects.get(number="2026诉0001").fee == Decimal("7000")


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_imported(practice):
    rows = [
        row(practice.firm_a),
        row(practice.firm_a, number="2026诉0002", litigation_type=""),
        row(practice.firm_a, number="2026诉0003", accepted_on="2026-13-01"),
        row(practice.firm_a, number="2026诉0004", handler_licence="13301201510199999"),
        row(practice.firm_a, number="2026诉0001"),
    ]
    messages = refused(practice.section, rows, practice.firm_a.office)
    missing_type = "诉讼业务须填写诉讼类别（民事、刑事或行政）。"
    assert f"第3行 {LETTER['litigation_type']}列（诉讼类别）：{missing_type}" in messages
    assert any(m.startswith(f"第4行 {LETTER['accepted_on']}列（收案日期）") for m in messages)
    assert (
        f"第5行 {LETTER['handler_licence']}列（承办人执业证号）：该执业证号不是本机构的执业人员。"
        in messages
    )
    assert any(m.startswith("第6行") and "与第2行重复" in m for m in messages)
    assert not Matter.objects.exists()


def test_an_institutions_account_imports_into_its_own_register_only(practice):
    messages = refused(practice.firm_a_admin, [row(practice.firm_a2)], practice.firm_a.office)
    assert messages == [
        f"第2行 {LETTER['office_code']}列（机构编码）："
        "机构编码不是您所选机构范围内的律师事务所或基层法律服务所。"
    ]
    assert not Matter.objects.exists()


def test_the_upload_page_round_trip(login, practice):
    client = login(practice.firm_a_admin)
    url = reverse("imports:upload", args=[MATTERS.key])
    file = imports.xlsx(MATTERS, [row(practice.firm_a)])
    response, batch = imports.import_file(client, url, file, office=practice.firm_a.office.pk)
    assert batch.status == ImportBatch.Status.APPLIED, response.content.decode()[:1000]
    assert Matter.objects.get().created_by == practice.firm_a_admin
