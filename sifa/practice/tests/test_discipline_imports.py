"""The go-live import of complaints with their outcome and sanction: through the discipline
actions (events, deadline, sanction dates), all or nothing, refusals by row and column, the
same file again unchanged, only the supervising bureau."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.practice.constants_discipline import (
    Authority,
    ComplaintStatus,
    SanctionKind,
    SanctionStatus,
)
from sifa.practice.imports.discipline import COMPLAINTS
from sifa.practice.models import Complaint, ComplaintEvent, Sanction
from sifa.practice.selectors.registers import supervising_office
from sifa.practice.tests.conftest import register_lawyer
from tests import imports

D = datetime.date


def cells(**values) -> dict:
    header = {f.key: f.header for f in COMPLAINTS.fields}
    return {header[key]: value for key, value in values.items()}


def letter(key) -> str:
    return column_letter([f.key for f in COMPLAINTS.fields].index(key))


def at(line: int, key: str, message: str) -> str:
    return f"第{line}行 {letter(key)}列（{COMPLAINTS.field(key).header}）：{message}"


def run(actor, rows, office=None):
    file = imports.xlsx(COMPLAINTS, rows)
    batch, _plan, _changes = batches.import_now(
        COMPLAINTS, actor=actor, office=office, content=file.read(), name=file.name
    )
    return batch.created_count, batch.updated_count, batch.unchanged_count


def refused(actor, rows, office=None) -> list[str]:
    with pytest.raises(ValidationError) as error:
        run(actor, rows, office)
    return error.value.messages


CONCLUDED = {
    "handler": "周科员",
    "investigated_on": "2026-03-05",
    "outcome": "投诉成立",
    "findings": "经查属实",
    "concluded_on": "2026-04-20",
}


@pytest.fixture
def lawyer(practice):
    return register_lawyer(practice.section, practice.firm_a, name="被投诉律师")


def good_rows(practice, lawyer) -> list[dict]:
    return [
        # A lawyer complained of by a named complainant, substantiated, warned.
        cells(
            number="投〔2026〕1号",
            office_code=practice.firm_a.office.code,
            licence_number=lawyer.licence_number,
            received_on="2026-03-02",
            channel="来信",
            complainant_name="赵敏",
            complainant_id=imports.resident_id("19800101"),
            content="收取代理费后未按约出庭",
            **CONCLUDED,
            authority="行政处罚",
            kind="警告",
            act_on="2026-02-10",
            facts="无正当理由拒绝履行代理职责",
            decision_number="罚〔2026〕3号",
            decided_on="2026-05-08",
        ),
        # A firm complained of anonymously, still under investigation.
        cells(
            number="投〔2026〕2号",
            office_code=practice.firm_a2.office.code,
            received_on="2026-03-10",
            channel="电话",
            content="拒绝出具收费票据",
            handler="钱科员",
            investigated_on="2026-03-12",
        ),
        # A firm complained of, substantiated, closed for rectification for two months.
        cells(
            number="投〔2026〕3号",
            office_code=practice.firm_b.office.code,
            received_on="2026-01-05",
            channel="来访",
            content="以不正当手段承揽业务",
            **CONCLUDED,
            authority="行政处罚",
            kind="停业整顿",
            months=2,
            act_on="2025-12-01",
            facts="以支付介绍费方式承揽业务",
            decided_on="2026-05-10",
            starts_on="2026-05-15",
        ),
        # Not substantiated, nothing else.
        cells(
            number="投〔2026〕4号",
            office_code=practice.service_office.office.code,
            received_on="2026-02-01",
            channel="网络（12348平台等）",
            content="服务态度差",
            handler="孙科员",
            investigated_on="2026-02-02",
            outcome="投诉不成立",
            findings="查无实据",
            concluded_on="2026-02-20",
        ),
    ]


def test_complaints_and_their_sanctions_come_in_through_the_actions_and_again_unchanged(
    practice, lawyer
):
    rows = good_rows(practice, lawyer)
    assert run(practice.section, rows) == (4, 0, 0)
    first = Complaint.objects.get(number="投〔2026〕1号")
    assert first.status == ComplaintStatus.SUBSTANTIATED
    assert first.practitioner == lawyer and first.complainant.name == "赵敏"
    assert first.office == supervising_office(practice.firm_a.office)
    assert first.due_on > first.received_on  # the deadline rule ran
    steps = ComplaintEvent.objects.filter(complaint=first).values_list("to_status", flat=True)
    assert list(steps) == [
        ComplaintStatus.RECEIVED,
        ComplaintStatus.INVESTIGATING,
        ComplaintStatus.SUBSTANTIATED,
    ]
    warning = Sanction.objects.get(complaint=first)
    assert (warning.kind, warning.status, warning.practitioner) == (
        SanctionKind.WARNING,
        SanctionStatus.DECIDED,
        lawyer,
    )
    assert warning.institution == practice.firm_a
    assert warning.starts_on == warning.ends_on == D(2026, 5, 8)
    second = Complaint.objects.get(number="投〔2026〕2号")
    assert second.anonymous and second.status == ComplaintStatus.INVESTIGATING
    closure = Sanction.objects.get(complaint__number="投〔2026〕3号")
    assert closure.of_institution and closure.institution == practice.firm_b
    assert (closure.kind, closure.authority) == (SanctionKind.CLOSURE, Authority.ADMINISTRATIVE)
    assert (closure.starts_on, closure.ends_on) == (D(2026, 5, 15), D(2026, 7, 14))
    assert Complaint.objects.get(number="投〔2026〕4号").status == (
        ComplaintStatus.NOT_SUBSTANTIATED
    )
    # The same file again changes nothing.
    assert run(practice.section, rows) == (0, 0, 4)
    assert Complaint.objects.count() == 4 and Sanction.objects.count() == 2


def test_bad_rows_are_named_by_column_and_nothing_is_written(practice, lawyer):
    base = {
        "office_code": practice.firm_a.office.code,
        "received_on": "2026-03-02",
        "channel": "来信",
        "content": "投诉",
    }
    rows = [
        cells(number="投〔2026〕1号", **base),  # good on its own
        cells(number="投〔2026〕5号", **base, licence_number="13301201510019999"),
        cells(number="投〔2026〕6号", **base, outcome="投诉成立", findings="属实"),
        cells(number="投〔2026〕7号", **base, kind="警告", authority="行政处罚"),
        cells(
            number="投〔2026〕8号",
            **{**base, "office_code": practice.firm_b.office.code},
            **CONCLUDED,
            authority="行政处罚",
            kind="停止执业",
            months=3,
            act_on="2026-01-01",
            facts="违规",
        ),
        cells(
            number="投〔2026〕9号",
            **base,
            handler="周科员",
            investigated_on="2026-03-05",
            outcome="投诉不成立",
            findings="查无实据",
            concluded_on="2026-04-01",
            authority="行政处罚",
            kind="警告",
            act_on="2026-01-01",
            facts="违规",
        ),
        cells(number="投〔2026〕10号", **base, complainant_name="无号码"),
        cells(number="投〔2026〕11号", **{**base, "received_on": "2099-01-01"}),
        cells(number="投〔2026〕1号", **base),
    ]
    messages = refused(practice.section, rows)
    assert at(3, "licence_number", "该机构没有这个执业证号的执业人员。") in messages
    assert at(4, "handler", "填写了“处理结果”的，须填写“承办人”。") in messages
    assert at(4, "concluded_on", "填写了“处理结果”的，须填写“办结日期”。") in messages
    assert at(5, "outcome", "填写了“处罚种类”的，须填写“处理结果”。") in messages
    assert at(6, "kind", "停止执业是对执业人员的处罚；执业机构适用停业整顿。") in messages
    assert at(7, "outcome", "只有成立的投诉才能引起处罚。") in messages
    assert (
        at(8, "complainant_id", "投诉人须同时填写姓名和身份证号码；匿名投诉两项都留空。")
        in messages
    )
    assert at(9, "received_on", "日期不能晚于今天。") in messages
    assert any(m.startswith("第10行") and "与第2行重复" in m for m in messages)
    assert not Complaint.objects.exists() and not Sanction.objects.exists()


def test_a_registered_number_with_other_content_is_refused(practice, lawyer):
    rows = good_rows(practice, lawyer)[1:2]
    assert run(practice.section, rows) == (1, 0, 0)
    changed = [{**rows[0], COMPLAINTS.field("content").header: "另一件事"}]
    assert refused(practice.section, changed) == [
        at(2, "number", "该投诉登记号已登记且内容不同，投诉的办理请在投诉页面进行。")
    ]
    # A complaint that went on since (concluded on its page) no longer matches the file.
    assert Complaint.objects.get().content == "拒绝出具收费票据"


def test_an_institutions_account_cannot_import_complaints(practice, lawyer):
    rows = good_rows(practice, lawyer)[:1]
    messages = refused(practice.firm_a_admin, rows, practice.firm_a.office)
    assert messages == [
        at(2, "office_code", "投诉由执业机构的主管司法局登记，您不能为该机构导入。")
    ]
    assert not Complaint.objects.exists()
