"""The mediation register import (issue 17): every outcome, the agreement amount, performance,
司法确认 and 回访 through the line's rules; the preview's counts; re-import and corrected
re-import by natural key; roll-back and its refusals; scoping; the historic mark; a file over
the background limit as a job; GBK CSV and Excel serial dates; and the round trip to the
indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sifa.core.imports import batches
from sifa.core.models import ImportBatch, Job
from sifa.mediation.actions.cases import follow_up_record
from sifa.mediation.actions.imports import case_import
from sifa.mediation.constants import (
    AgreementForm,
    CaseStatus,
    ConfirmationDecision,
    Performance,
)
from sifa.mediation.imports.cases import CASES
from sifa.mediation.models import Agreement, FollowUp, MediationCase
from sifa.mediation.tests.factories import make_committee, make_mediator
from sifa.mediation.todos import mediation_todos
from sifa.people.models import Person
from sifa.stats import registry
from tests import imports

URL = "mediation:case_import"
HEADER = {f.key: f.header for f in CASES.fields}
LETTER = {}


def _letters():
    from sifa.core.imports.engine import column_letter

    return {f.key: column_letter(i) for i, f in enumerate(CASES.fields)}


LETTER = _letters()


@pytest.fixture
def committee(cast):
    committee = make_committee(cast.township_a1)
    make_mediator(committee, start_date=datetime.date(2020, 1, 1), name="钱调解")
    return committee


def case_row(committee, **values) -> dict:
    """One register row by field key (an open case with a natural respondent unless changed)."""
    row = {
        "office_code": committee.code,
        "received_on": "2025-03-01",
        "source": "依申请",
        "dispute_type": "邻里纠纷",
        "facts": "双方因排水沟堵塞发生争执。",
        "amount": "1,200.50",
        "persons_involved": "2",
        "applicant": "张三",
        "applicant_id": imports.resident_id("19800101"),
        "respondent": "李四",
        "respondent_id": imports.resident_id("19850505"),
    }
    row.update(values)
    return {HEADER[key]: value for key, value in row.items()}


def register(committee) -> list[dict]:
    """Every outcome the line knows, with the agreement's amount, performance, 司法确认, 回访."""
    return [
        case_row(
            committee,
            number="LS-2025-0001",
            result="调解成功",
            closed_on="2025-03-10",
            agreement_form="书面",
            agreement_amount="8,000元",
            performance_deadline="2025-04-10",
            performance="已履行",
            performed_on="2025年3月20日",
            amount_performed="8000",
            confirmation_applied_on="2025/3/15",
            confirmation_court="甲县人民法院",
            confirmation_decision="确认有效",
            confirmation_decided_on="2025.3.25",
            court_case_number="(2025)甲0102民特12号",
            follow_up_on="2025-04-01",
            follow_up_method="电话",
            satisfied="是",
            archived_on="2025-05-01",
        ),
        case_row(
            committee,
            number="LS-2025-0002",
            result="调解成功",
            closed_on="2025-03-05",
            agreement_form="口头协议",
            agreement_amount="300",
        ),
        case_row(
            committee,
            number="LS-2025-0003",
            result="调解不成",
            closed_on="2025-04-20",
            closing_note="已告知可向人民法院起诉。",
            respondent="青川某建材有限公司",
            respondent_id="",
        ),
        case_row(committee, number="LS-2025-0004", result="当事人拒绝调解", closed_on="2025-03-02"),
        case_row(committee, number="LS-2025-0005", result="终止调解", closed_on="2025-03-08"),
        case_row(
            committee,
            number="LS-2025-0006",
            result="不予受理",
            closed_on="2025-03-01",
            not_mediable_matter="already_handled",  # by its code
            closing_note="告知当事人向人民法院申请。",
        ),
        case_row(committee, number="LS-2025-0007", result="已受理"),
        case_row(committee, number="LS-2025-0008"),  # blank: 调解中
    ]


def confirmed(client_or_user, rows, committee=None, **kwargs):
    """Import `rows` in one step (validate and apply) as a user: the result."""
    return case_import(actor=client_or_user, file=imports.xlsx(CASES, rows), **kwargs)


def messages_of(excinfo) -> list[str]:
    return excinfo.value.messages


# --- every outcome -----------------------------------------------------------------------------


def test_every_outcome_with_amounts_performance_confirmation_and_follow_up(cast, committee):
    result = confirmed(cast.township_clerk, register(committee))
    assert len(result.created) == 8
    cases = {c.number: c for c in MediationCase.objects.filter(office=committee)}
    agreed = cases["LS-2025-0001"]
    assert agreed.status == CaseStatus.ARCHIVED and agreed.archived_on == datetime.date(2025, 5, 1)
    assert agreed.amount == Decimal("1200.50")
    agreement = agreed.agreement
    assert agreement.amount == Decimal("8000") and agreement.form == AgreementForm.WRITTEN
    assert agreement.effective_on == datetime.date(2025, 3, 10)
    assert agreement.performance == Performance.PERFORMED
    assert agreement.performed_on == datetime.date(2025, 3, 20)
    assert agreement.amount_performed == Decimal("8000")
    assert agreement.performance_deadline == datetime.date(2025, 4, 10)
    confirmation = agreement.confirmations.get()
    assert confirmation.decision == ConfirmationDecision.CONFIRMED
    assert confirmation.applied_on == datetime.date(2025, 3, 15)
    assert confirmation.decided_on == datetime.date(2025, 3, 25)
    assert confirmation.applicant_consented and confirmation.respondent_consented
    follow_up = FollowUp.objects.get(case=agreed)
    assert (follow_up.method, follow_up.satisfied) == ("电话", True)
    assert list(agreed.events.values_list("to_status", flat=True)) == [
        CaseStatus.REGISTERED,
        CaseStatus.IN_MEDIATION,
        CaseStatus.AGREED,
        CaseStatus.ARCHIVED,
    ]
    assert agreed.mediators.get().person.name == "钱调解"

    assert cases["LS-2025-0002"].agreement.form == AgreementForm.ORAL
    assert cases["LS-2025-0002"].agreement.amount == 300
    failed = cases["LS-2025-0003"]
    assert failed.status == CaseStatus.FAILED and failed.closing_note == "已告知可向人民法院起诉。"
    refused = cases["LS-2025-0004"]
    assert refused.status == CaseStatus.CLOSED_REFUSED
    assert list(refused.events.values_list("to_status", flat=True)) == [
        CaseStatus.REGISTERED,
        CaseStatus.CLOSED_REFUSED,
    ]
    terminated = cases["LS-2025-0005"]
    assert terminated.status == CaseStatus.CLOSED_REFUSED
    assert CaseStatus.IN_MEDIATION in terminated.events.values_list("to_status", flat=True)
    not_accepted = cases["LS-2025-0006"]
    assert not_accepted.status == CaseStatus.CLOSED_NOT_ACCEPTED
    assert not_accepted.not_mediable_matter
    assert cases["LS-2025-0007"].status == CaseStatus.REGISTERED
    assert not cases["LS-2025-0007"].mediators.exists()
    assert cases["LS-2025-0008"].status == CaseStatus.IN_MEDIATION
    # Each new person once, registered at the committee; the history names the importer.
    parties = Person.objects.filter(office=committee).exclude(name="钱调解")
    assert parties.count() == 2 * 8 - 1  # eight applicants, seven natural respondents
    history = MediationCase.history.filter(number="LS-2025-0001").get()
    assert history.history_user == cast.township_clerk


# --- bad rows -----------------------------------------------------------------------------------


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(cast, committee):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        case_row(committee, dispute_type="星际纠纷"),  # 2: unknown code
        case_row(committee, applicant_id="330102198001010010"),  # 3: bad check character
        case_row(committee, received_on=tomorrow.isoformat()),  # 4: in the future
        case_row(committee, result="调解不成", closed_on="2025-02-01"),  # 5: end before start
        case_row(committee, number="DUP-1"),  # 6
        case_row(committee, number="DUP-1", facts="另一件"),  # 7: duplicate in the file
        case_row(
            committee,
            result="调解成功",
            closed_on="2025-03-10",
            agreement_form="书面",
            confirmation_applied_on="2025-05-01",  # 8: after the 30-day window
            confirmation_court="甲县人民法院",
        ),
    ]
    with pytest.raises(ValidationError) as excinfo:
        confirmed(cast.township_clerk, rows)
    messages = messages_of(excinfo)
    unknown = "未知的纠纷类型“星际纠纷”，请从下拉列表中选择。"
    assert f"第2行 {LETTER['dispute_type']}列（纠纷类型）：{unknown}" in messages
    assert any(
        m.startswith(f"第3行 {LETTER['applicant_id']}列（申请人证件号码）：校验位错误")
        for m in messages
    )
    assert f"第4行 {LETTER['received_on']}列（受理日期）：日期不能晚于今天。" in messages
    assert f"第5行 {LETTER['closed_on']}列（调结日期）：调结日期不能早于受理日期。" in messages
    assert f"第7行 {LETTER['number']}列（案件编号）：案件编号“DUP-1”与第6行重复。" in messages
    assert any(
        m.startswith(
            f"第8行 {LETTER['confirmation_applied_on']}列（司法确认申请日期）："
            "应自调解协议生效之日起30日内"
        )
        for m in messages
    )
    assert not MediationCase.objects.exists()
    assert not Person.objects.filter(name="张三").exists()


def test_a_missing_required_column_stops_the_file(cast, committee):
    headers = [f.header for f in CASES.fields if f.key != "received_on"]
    file = imports.xlsx(CASES, [case_row(committee)], headers=headers)
    with pytest.raises(ValidationError) as excinfo:
        case_import(actor=cast.township_clerk, file=file)
    assert messages_of(excinfo) == ["第1行：缺少“受理日期”列。"]


def test_a_number_of_another_case_in_the_database_is_refused(cast, committee):
    confirmed(cast.township_clerk, [case_row(committee, number="LS-1")])
    other = make_committee(cast.township_a1)
    make_mediator(other, start_date=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        confirmed(cast.township_clerk, [case_row(other, number="LS-1")])
    assert messages_of(excinfo) == [
        f"第2行 {LETTER['number']}列（案件编号）："
        "案件编号“LS-1”已被另一案件使用（调解组织或受理日期不同）。"
    ]


def test_the_lines_own_rules_refuse_what_a_clerk_could_not_enter(cast, committee):
    rows = [
        # 书面协议: performed before it took effect.
        case_row(
            committee,
            result="调解成功",
            closed_on="2025-03-10",
            agreement_form="书面",
            agreement_amount="100",
            performance="部分履行",
            performed_on="2025-03-09",
            amount_performed="50",
        ),
        # More performed than agreed.
        case_row(
            committee,
            applicant_id=imports.resident_id("19700101"),
            result="调解成功",
            closed_on="2025-03-10",
            agreement_form="口头",
            agreement_amount="100",
            performance="已履行",
            performed_on="2025-03-12",
            amount_performed="150",
        ),
        # 确认有效 without the court's case number.
        case_row(
            committee,
            applicant_id=imports.resident_id("19710101"),
            result="调解成功",
            closed_on="2025-03-10",
            agreement_form="口头",
            confirmation_applied_on="2025-03-12",
            confirmation_court="甲县人民法院",
            confirmation_decision="确认有效",
            confirmation_decided_on="2025-03-20",
        ),
    ]
    with pytest.raises(ValidationError) as excinfo:
        confirmed(cast.township_clerk, rows)
    assert messages_of(excinfo) == [
        f"第2行 {LETTER['performed_on']}列（履行日期）：履行日期不能早于协议生效日期。",
        f"第3行 {LETTER['amount_performed']}列（已履行金额）：已履行金额不能超过协议涉及金额。",
        f"第4行 {LETTER['court_case_number']}列（调确字案号）：请填写法院的调确字案号。",
    ]


# --- the preview, re-import, corrected re-import ----------------------------------------------


def test_preview_counts_then_reimport_changes_nothing_and_a_corrected_file_updates_one(
    cast, committee, login
):
    client = login(cast.township_clerk)
    url = reverse(URL)
    rows = register(committee)
    preview, batch = imports.upload(client, url, imports.xlsx(CASES, rows))
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (8, 0, 0)
    page = preview.content.decode()
    assert 'data-testid="count-created">8<' in page and 'data-testid="confirm"' in page
    assert not MediationCase.objects.exists()  # the preview writes nothing
    imports.confirm(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    stamps = dict(MediationCase.objects.values_list("number", "updated_at"))
    history = MediationCase.history.count()

    _page, again = imports.import_file(client, url, imports.xlsx(CASES, rows))
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 8)
    assert dict(MediationCase.objects.values_list("number", "updated_at")) == stamps
    assert MediationCase.history.count() == history

    rows[1][HEADER["agreement_amount"]] = "350"  # the amount was typed wrong
    rows[6][HEADER["result"]] = "调解中"  # 已受理 → 调解中: the case went on
    rows.append(case_row(committee, number="LS-2025-0009"))
    preview, corrected = imports.upload(client, url, imports.xlsx(CASES, rows))
    assert (corrected.created_count, corrected.updated_count, corrected.unchanged_count) == (
        1,
        2,
        6,
    )
    assert "协议涉及金额（元）：300.00 → 350" in preview.content.decode()
    imports.confirm(client, corrected)
    assert Agreement.objects.get(case__number="LS-2025-0002").amount == Decimal("350")
    assert MediationCase.objects.get(number="LS-2025-0007").status == CaseStatus.IN_MEDIATION
    unchanged = MediationCase.objects.exclude(number__in=["LS-2025-0007", "LS-2025-0009"])
    assert {c.number: c.updated_at for c in unchanged} == {
        number: stamp for number, stamp in stamps.items() if number != "LS-2025-0007"
    }


def test_an_outcome_recorded_cannot_be_changed_by_a_file(cast, committee):
    failed = case_row(committee, number="X1", result="调解不成", closed_on="2025-03-09")
    confirmed(cast.township_clerk, [failed])
    agreed = {**failed, HEADER["result"]: "调解成功", HEADER["agreement_form"]: "口头"}
    with pytest.raises(ValidationError) as excinfo:
        confirmed(cast.township_clerk, [agreed])
    assert messages_of(excinfo) == [
        f"第2行 {LETTER['result']}列（结果）："
        "系统中该案件已是“调解不成”，导入文件不能改为“调解成功”。"
    ]


# --- roll-back ----------------------------------------------------------------------------------


def _applied(client, rows):
    _page, batch = imports.import_file(client, reverse(URL), imports.xlsx(CASES, rows))
    assert batch.status == ImportBatch.Status.APPLIED, batch.errors
    return batch


def test_rollback_removes_what_the_batch_created_and_restores_what_it_changed(
    cast, committee, login
):
    client = login(cast.township_clerk)
    rows = register(committee)[:2]
    first = _applied(client, rows)
    people = Person.objects.count()
    rows[1][HEADER["agreement_amount"]] = "999"
    rows.append(case_row(committee, number="LS-NEW", applicant_id=imports.resident_id("19660101")))
    second = _applied(client, rows)
    assert Agreement.objects.get(case__number="LS-2025-0002").amount == 999

    response = client.post(reverse("imports:rollback", args=[second.pk]), follow=True)
    assert "已撤销该批次导入的全部数据。" in response.content.decode()
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.ROLLED_BACK
    assert second.rolled_back_by == cast.township_clerk
    assert Agreement.objects.get(case__number="LS-2025-0002").amount == 300
    assert not MediationCase.objects.filter(number="LS-NEW").exists()
    assert Person.objects.count() == people  # the new applicant went with the case
    # The first batch can now be rolled back too: every case and person it made goes.
    batches.rollback(first, actor=cast.township_clerk)
    assert not MediationCase.objects.exists()
    assert not Person.objects.filter(office=committee).exclude(name="钱调解").exists()


def test_rollback_is_refused_while_a_later_record_depends_on_the_batch(cast, committee, login):
    client = login(cast.township_clerk)
    batch = _applied(
        client, [case_row(committee, number="F1", result="调解不成", closed_on="2025-03-09")]
    )
    case = MediationCase.objects.get(number="F1")
    follow_up_record(
        actor=cast.township_clerk, case=case, visited_on=datetime.date(2025, 4, 1), method="上门"
    )
    response = client.post(reverse("imports:rollback", args=[batch.pk]), follow=True)
    content = response.content.decode()
    assert "不能撤销：导入之后已登记了依附于本批次记录的回访记录1条" in content
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert MediationCase.objects.filter(number="F1").exists()


def test_rollback_is_refused_when_a_later_batch_changed_the_records(cast, committee, login):
    client = login(cast.township_clerk)
    rows = [case_row(committee, number="R1", result="已受理")]
    first = _applied(client, rows)
    rows[0][HEADER["result"]] = "调解中"
    second = _applied(client, rows)
    with pytest.raises(ValidationError) as excinfo:
        batches.rollback(first, actor=cast.township_clerk)
    assert f"#{second.pk}" in messages_of(excinfo)[0]
    assert "请先撤销这些批次" in messages_of(excinfo)[0]


# --- scoping ------------------------------------------------------------------------------------


def test_an_office_imports_only_into_its_subtree(cast, committee, login):
    theirs = make_committee(cast.township_a2)
    make_mediator(theirs, start_date=datetime.date(2020, 1, 1))
    # The county supervisor chooses township A1 as the scope: A2's committee is outside it.
    client = login(cast.county_supervisor)
    file = imports.xlsx(CASES, [case_row(committee, number="S1"), case_row(theirs, number="S2")])
    _page, batch = imports.upload(client, reverse(URL), file, office=cast.township_a1.pk)
    assert batch.office == cast.township_a1
    assert [e["message"] for e in batch.errors] == [
        f"调解组织编码“{theirs.code}”不存在或不在您的管理范围内。"
    ]
    # An office the user has no right in cannot be chosen at all.
    response = login(cast.township_clerk).post(
        reverse(URL), {"file": file, "office": cast.township_a2.pk}
    )
    assert response.status_code == 200  # the form refuses a choice it did not offer
    assert "导入范围" in response.content.decode() and "is-invalid" in response.content.decode()
    assert not ImportBatch.objects.filter(office=cast.township_a2).exists()
    # A batch is not found by a user outside its office's scope.
    sibling = login(cast.sibling_clerk)
    assert sibling.get(reverse("imports:batch", args=[batch.pk])).status_code == 404


# --- the historic mark --------------------------------------------------------------------------


def test_a_deadline_past_before_the_import_is_historic_not_overdue(cast, committee):
    from sifa.mediation.tests.factories import make_case

    confirmed(cast.township_clerk, [case_row(committee, number="H1", received_on="2025-03-01")])
    typed = make_case(cast.township_clerk, committee, received_on=datetime.date(2025, 3, 1))
    titles = [todo.title for todo in mediation_todos(cast.township_clerk)]
    assert any(typed.number in title for title in titles)  # entered by hand: overdue
    assert not any("H1" in title for title in titles)  # imported long after: historic


def row_of(html: str, text: str) -> str:
    """The table row (<tr>…</tr>) of a list page that shows `text`."""
    [row] = [part.split("</tr>")[0] for part in html.split("<tr")[1:] if text in part]
    return row


def test_the_case_pages_show_a_target_past_before_the_import_as_historic(cast, committee, login):
    from sifa.mediation.tests.factories import make_case

    result = confirmed(cast.township_clerk, [case_row(committee, number="H1")])
    [imported] = result.created
    typed = make_case(cast.township_clerk, committee, received_on=datetime.date(2025, 3, 1))
    client = login(cast.township_clerk)

    listed = client.get(reverse("mediation:case_list")).content.decode()
    assert "导入前已届满" in row_of(listed, "H1") and "已超期" not in row_of(listed, "H1")
    assert "已超期" in row_of(listed, typed.number)  # entered by hand: overdue

    detail = client.get(reverse("mediation:case_detail", args=[imported.pk])).content.decode()
    assert "一个月调结期限导入前已届满" in detail and "已超过一个月调结期限" not in detail
    detail = client.get(reverse("mediation:case_detail", args=[typed.pk])).content.decode()
    assert "已超过一个月调结期限" in detail


# --- file formats -------------------------------------------------------------------------------


def test_gbk_csv_and_excel_serial_dates(cast, committee):
    row = case_row(committee, number="C1", received_on="45717")  # 45717 = 2025-03-01
    row[HEADER["result"]] = "调解成功"
    row[HEADER["closed_on"]] = 45726  # a date cell read as a number: 2025-03-10
    row[HEADER["agreement_form"]] = "书面"
    file = imports.csv_file(CASES, [row], encoding="gbk")
    result = case_import(actor=cast.township_clerk, file=file)
    [case] = result.created
    assert case.received_on == datetime.date(2025, 3, 1)
    assert case.closed_on == datetime.date(2025, 3, 10)
    assert case.parties.get(role="applicant").person.name == "张三"

    bom = imports.csv_file(CASES, [case_row(committee, number="C2")], encoding="utf-8-sig")
    assert len(case_import(actor=cast.township_clerk, file=bom).created) == 1


# --- a large file runs as a job -----------------------------------------------------------------


def test_a_file_over_the_limit_is_checked_and_applied_as_background_jobs(cast, committee, login):
    rows = [
        case_row(
            committee,
            number=f"B{n:04d}",
            facts=f"第{n}件纠纷。",
            applicant_id=imports.resident_id(sequence=n % 999 + 1),
        )
        for n in range(1001)
    ]
    client = login(cast.township_clerk)
    response = client.post(reverse(URL), {"file": imports.xlsx(CASES, rows)})
    check = Job.objects.get(user=cast.township_clerk)
    assert response["Location"] == check.get_absolute_url()
    assert check.status == Job.Status.SUCCEEDED and check.total == 1001 and check.done == 1001
    batch = ImportBatch.objects.get()
    assert batch.created_count == 1001 and check.result_url == batch.get_absolute_url()

    response = client.post(reverse("imports:confirm", args=[batch.pk]))
    load = Job.objects.exclude(pk=check.pk).get()
    assert response["Location"] == load.get_absolute_url()
    assert load.status == Job.Status.SUCCEEDED and "新增1001条" in load.message
    assert MediationCase.objects.count() == 1001


# --- the round trip to the indicators -----------------------------------------------------------


def test_template_filled_and_imported_counts_exactly_in_the_indicators(cast, committee, login):
    """Download the template, fill it with the register, import it: the mediation indicators
    count the imported cases exactly (the expected figures are counted from the rows here)."""
    from io import BytesIO

    from openpyxl import load_workbook

    client = login(cast.township_clerk)
    template = client.get(reverse("mediation:case_import_template")).content
    workbook = load_workbook(BytesIO(template))
    sheet = workbook[CASES.sheet]
    headers = [c.value for c in sheet[1]]
    rows = register(committee)
    for number, row in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=number, column=column, value=row.get(header, ""))
    buffer = BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    imports.import_file(client, reverse(URL), SimpleUploadedFile("filled.xlsx", buffer.getvalue()))

    def expected(predicate, value=lambda r: 1):
        return sum(value(r) for r in rows if predicate(r))

    def amount(text):
        return Decimal(str(text).replace(",", "").replace("元", "") or 0)

    result = {h: h for h in HEADER}
    succeeded = lambda r: r.get(HEADER["result"]) == "调解成功"  # noqa: E731
    failed = lambda r: r.get(HEADER["result"]) == "调解不成"  # noqa: E731
    figures = {
        "mediation.cases_accepted": expected(lambda r: True),
        "mediation.cases_succeeded": expected(succeeded),
        "mediation.cases_failed": expected(failed),
        "mediation.cases_closed": expected(lambda r: succeeded(r) or failed(r)),
        "mediation.agreements": expected(succeeded),
        "mediation.agreement_amount": expected(
            succeeded, lambda r: amount(r[HEADER["agreement_amount"]])
        ),
        "mediation.persons_involved": expected(
            lambda r: True, lambda r: int(r[HEADER["persons_involved"]])
        ),
        "mediation.performed": expected(lambda r: r.get(HEADER["performance"]) == "已履行"),
        "mediation.judicial_confirmations": expected(
            lambda r: bool(r.get(HEADER["confirmation_applied_on"]))
        ),
        "mediation.follow_ups": expected(lambda r: bool(r.get(HEADER["follow_up_on"]))),
    }
    assert result  # every header is known
    scope = registry.Scope(
        office=cast.city, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)
    )
    measured = {key: registry.value(registry.get(key), scope) for key in figures}
    assert measured == figures


def test_a_confirm_refused_because_the_database_changed_keeps_the_file_and_says_why(
    cast, committee, login
):
    """The preview was clean; before 确认导入 another committee's case took the number: the
    confirm writes nothing, and the batch lists the new error with its annotated file."""
    client = login(cast.township_clerk)
    _page, batch = imports.upload(
        client, reverse(URL), imports.xlsx(CASES, [case_row(committee, number="LATE-1")])
    )
    assert batch.status == ImportBatch.Status.READY
    other = make_committee(cast.township_a1)
    make_mediator(other, start_date=datetime.date(2020, 1, 1))
    confirmed(cast.township_clerk, [case_row(other, number="LATE-1")])

    page = imports.confirm(client, batch).content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.INVALID
    message = "案件编号“LATE-1”已被另一案件使用（调解组织或受理日期不同）。"
    assert [e["message"] for e in batch.errors] == [message]
    assert message in page and 'data-testid="annotated"' in page
    assert MediationCase.objects.filter(number="LATE-1").get().office == other
    annotated = client.get(reverse("imports:annotated", args=[batch.pk]))
    assert annotated.status_code == 200 and annotated["Cache-Control"] == "no-store"
