"""历史案件导入: a good file imports every row through the case actions, a re-import skips
them, one bad row imports nothing and names its row and column, the template round-trips,
and the page follows the access rules."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from sifa.core import importing
from sifa.mediation import importer
from sifa.mediation.actions.imports import case_import
from sifa.mediation.constants import AgreementForm, CaseStatus, PartyKind, PartyRole
from sifa.mediation.models import Agreement, CaseEvent, MediationCase
from sifa.mediation.tests.factories import make_committee, make_mediator
from sifa.people.actions import person_register
from sifa.people.models import DocumentType, Person
from tests import imports

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
HEADERS = [c.header for c in importer.COLUMNS]
LETTER = {c.header: chr(ord("A") + i) for i, c in enumerate(importer.COLUMNS)}


def resident_id(first17: str) -> str:
    """A valid 18-digit 身份证号码 (GB 11643 MOD 11-2 check character)."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


ID_1 = resident_id("33010219800101001")
ID_2 = resident_id("33010219850505002")
ID_3 = resident_id("33010219900909003")
ID_4 = resident_id("33010219700707004")


@pytest.fixture
def committee(cast):
    committee = make_committee(cast.township_a1)
    make_mediator(committee, start_date=datetime.date(2020, 1, 1))
    return committee


def row(committee, **cells) -> dict:
    """One data row (header → value): an open case with two natural parties, unless changed."""
    values = {
        "案件编号": "",
        "调解组织编码": committee.code,
        "受理日期": "2025-03-01",
        "纠纷来源": "依申请",
        "纠纷类型": "邻里纠纷",
        "纠纷简要情况": "双方因排水沟堵塞发生争执。",
        "当事人请求": "疏通排水沟",
        "涉及金额": "1200.50",
        "涉及人数": "3",
        "申请人": "张三",
        "申请人证件号码": ID_1,
        "被申请人": "李四",
        "被申请人证件号码": ID_2,
        "结果": "",
        "调结日期": "",
        "协议形式": "",
    }
    values.update(cells)
    return values


def xlsx(rows: list[dict], headers=HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = importer.DATA_SHEET
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h, "") for h in headers])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("cases.xlsx", buffer.getvalue())


def good_rows(committee) -> list[dict]:
    return [
        row(
            committee,
            **{
                "案件编号": "LS-2025-0001",
                "结果": "调解成功",
                "调结日期": "2025-03-10",
                "协议形式": "书面",
            },
        ),
        row(
            committee,
            **{
                "案件编号": "LS-2025-0002",
                "受理日期": datetime.date(2025, 4, 2),  # a real Excel date cell
                "纠纷类型": "合同纠纷",
                "申请人": "王五",
                "申请人证件号码": ID_3,
                "被申请人": "青川某建材有限公司",
                "被申请人证件号码": "",
                "结果": "调解不成",
                "调结日期": "2025-04-20",
            },
        ),
        row(
            committee,
            **{
                "纠纷简要情况": "口头协议的邻里纠纷。",
                "结果": "调解成功",
                "调结日期": "2025-03-05",
                "协议形式": "口头",
            },
        ),
        row(
            committee,
            **{"纠纷简要情况": "尚在调解中的纠纷。", "申请人": "赵六", "申请人证件号码": ID_4},
        ),
    ]


def error_messages(excinfo) -> list[str]:
    return excinfo.value.messages


# ---------------------------------------------------------------------------------------------
# The import action


def test_good_file_imports_every_row_with_parties_agreements_and_statuses(cast, committee):
    existing = person_register(
        actor=cast.township_clerk,
        office=committee,
        name="李四",
        doc_type=DocumentType.RESIDENT_ID,
        id_number=ID_2,
    )
    people_before = Person.objects.count()

    result = case_import(actor=cast.township_clerk, file=xlsx(good_rows(committee)))

    assert len(result.created) == 4 and result.skipped == 0
    assert MediationCase.objects.filter(office=committee).count() == 4
    written = MediationCase.objects.get(number="LS-2025-0001")
    assert written.status == CaseStatus.AGREED
    assert written.closed_on == datetime.date(2025, 3, 10)
    assert written.amount == 1200.50 and written.persons_involved == 3
    assert written.dispute_type == "neighbourhood" and written.source == "application"
    agreement = written.agreement
    assert agreement.form == AgreementForm.WRITTEN
    assert agreement.parties_signed_on == agreement.sealed_on == datetime.date(2025, 3, 10)
    assert agreement.effective_on == datetime.date(2025, 3, 10)
    assert written.mediators.count() == 1
    respondent = written.parties.get(role=PartyRole.RESPONDENT)
    assert respondent.person == existing  # reused by ID number, not registered twice
    applicant = written.parties.get(role=PartyRole.APPLICANT)
    assert applicant.person.name == "张三" and applicant.person.office == committee

    failed = MediationCase.objects.get(number="LS-2025-0002")
    assert failed.status == CaseStatus.FAILED
    assert failed.received_on == datetime.date(2025, 4, 2)
    assert failed.closed_on == datetime.date(2025, 4, 20)
    organisation = failed.parties.get(role=PartyRole.RESPONDENT)
    assert organisation.kind == PartyKind.LEGAL
    assert organisation.organisation == "青川某建材有限公司"

    oral = MediationCase.objects.get(office=committee, facts="口头协议的邻里纠纷。")
    assert oral.status == CaseStatus.AGREED
    assert oral.agreement.form == AgreementForm.ORAL
    assert oral.closed_on == datetime.date(2025, 3, 5)
    # Rows without a number are numbered by SIFA_NUMBERING; typed numbers stay as they are.
    assert oral.number == "330102-TJ-2025-0001"
    open_case = MediationCase.objects.get(office=committee, facts="尚在调解中的纠纷。")
    assert open_case.number == "330102-TJ-2025-0002"
    assert open_case.status == CaseStatus.IN_MEDIATION and open_case.closed_on is None

    # Every status change went through the actions and left its event.
    assert list(CaseEvent.objects.filter(case=written).values_list("to_status", flat=True)) == [
        CaseStatus.REGISTERED,
        CaseStatus.IN_MEDIATION,
        CaseStatus.AGREED,
    ]
    # 张三 (rows 1 and 3), 王五 and 赵六 are new; 李四 was reused in rows 1, 3 and 4.
    assert Person.objects.count() == people_before + 3


def test_reimporting_the_same_file_skips_every_row(cast, committee):
    rows = good_rows(committee)
    case_import(actor=cast.township_clerk, file=xlsx(rows))
    counts = (MediationCase.objects.count(), Person.objects.count(), Agreement.objects.count())

    result = case_import(actor=cast.township_clerk, file=xlsx(rows))

    assert result.created == [] and result.skipped == len(rows)
    assert (
        MediationCase.objects.count(),
        Person.objects.count(),
        Agreement.objects.count(),
    ) == counts


def test_a_number_used_by_a_different_case_is_a_row_error(cast, committee):
    case_import(actor=cast.township_clerk, file=xlsx(good_rows(committee)[:1]))
    changed = row(committee, **{"案件编号": "LS-2025-0001", "受理日期": "2025-03-02"})

    with pytest.raises(ValidationError) as excinfo:
        case_import(actor=cast.township_clerk, file=xlsx([changed]))

    assert error_messages(excinfo) == [
        "第2行 A列（案件编号）：案件编号“LS-2025-0001”已被另一案件使用（调解组织或受理日期不同）。"
    ]


def test_one_bad_row_imports_nothing_and_names_row_and_column(cast, committee):
    rows = good_rows(committee)
    rows[2]["受理日期"] = "2025年13月01日"
    cases_before, people_before = MediationCase.objects.count(), Person.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        case_import(actor=cast.township_clerk, file=xlsx(rows))

    letter = LETTER["受理日期"]
    assert f"第4行 {letter}列（受理日期）：日期格式应为 年-月-日。" in error_messages(excinfo)
    assert MediationCase.objects.count() == cases_before
    assert Person.objects.count() == people_before


def test_unknown_code_names_are_row_errors(cast, committee):
    bad = row(committee, **{"纠纷来源": "路上捡来", "纠纷类型": "星际纠纷"})

    with pytest.raises(ValidationError) as excinfo:
        case_import(actor=cast.township_clerk, file=xlsx([bad]))

    messages = error_messages(excinfo)
    assert any(
        m.startswith(f"第2行 {LETTER['纠纷来源']}列（纠纷来源）") and "路上捡来" in m
        for m in messages
    )
    assert any(
        m.startswith(f"第2行 {LETTER['纠纷类型']}列（纠纷类型）") and "星际纠纷" in m
        for m in messages
    )


def test_a_committee_outside_the_users_scope_reads_like_an_unknown_code(cast, committee):
    sibling_committee = make_committee(cast.township_a2, name="甲二村机密调委会")
    make_mediator(sibling_committee, start_date=datetime.date(2020, 1, 1))
    rows = [row(sibling_committee), row(committee, **{"调解组织编码": "NO-SUCH-CODE"})]

    with pytest.raises(ValidationError) as excinfo:
        case_import(actor=cast.township_clerk, file=xlsx(rows))

    letter = LETTER["调解组织编码"]
    assert error_messages(excinfo) == [
        f"第2行 {letter}列（调解组织编码）：调解组织编码“{sibling_committee.code}”"
        "不存在或不在您的管理范围内。",
        f"第3行 {letter}列（调解组织编码）：调解组织编码“NO-SUCH-CODE”不存在或不在您的管理范围内。",
    ]
    assert not MediationCase.objects.exists()


def test_row_checks_dates_results_ids_and_amounts(cast, committee):
    rows = [
        row(committee, **{"结果": "调解成功", "调结日期": "2025-02-01", "协议形式": "书面"}),
        row(committee, **{"申请人证件号码": "330102198001010010"}),
        row(committee, **{"结果": "调解成功", "调结日期": "2025-03-09"}),
        row(committee, **{"涉及金额": "-5"}),
    ]

    with pytest.raises(ValidationError) as excinfo:
        case_import(actor=cast.township_clerk, file=xlsx(rows))

    messages = error_messages(excinfo)
    assert f"第2行 {LETTER['调结日期']}列（调结日期）：调结日期不能早于受理日期。" in messages
    assert any(
        m.startswith(f"第3行 {LETTER['申请人证件号码']}列（申请人证件号码）") for m in messages
    )
    assert any(m.startswith(f"第4行 {LETTER['协议形式']}列（协议形式）") for m in messages)
    assert any(m.startswith(f"第5行 {LETTER['涉及金额']}列（涉及金额）") for m in messages)
    assert not MediationCase.objects.exists()


def test_a_row_refused_while_writing_rolls_back_the_earlier_rows(cast, committee):
    no_mediator = make_committee(cast.township_a1)
    rows = [row(committee), row(no_mediator, **{"申请人证件号码": ID_3})]

    with pytest.raises(ValidationError) as excinfo:
        case_import(actor=cast.township_clerk, file=xlsx(rows))

    assert error_messages(excinfo) == [
        f"第3行 {LETTER['调解组织编码']}列（调解组织编码）："
        "该调委会在受理日期2025-03-01没有在任的人民调解员。"
    ]
    assert not MediationCase.objects.exists()
    assert not Person.objects.filter(name="张三").exists()


# ---------------------------------------------------------------------------------------------
# Template and page


def test_template_downloads_with_lists_and_reads_back(cast, committee, login):
    client = login(cast.township_clerk)
    response = client.get(reverse("mediation:case_import_template"))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == [
        importer.DATA_SHEET,
        importing.OPTIONS_SHEET,
        importing.HELP_SHEET,
    ]
    sheet = workbook[importer.DATA_SHEET]
    assert [c.value for c in sheet[1]] == HEADERS
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    for header in ("纠纷来源", "纠纷类型", "结果", "协议形式"):
        assert f"{LETTER[header]}2" in validated
    assert "依申请" in [c.value for c in workbook[importing.OPTIONS_SHEET]["A"]]

    # Filled in and uploaded, the template itself imports.
    for column, value in enumerate(row(committee).values(), start=1):
        sheet.cell(row=2, column=column, value=value)
    buffer = BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("filled.xlsx", buffer.getvalue())
    preview, batch = imports.upload(client, reverse("mediation:case_import"), upload)
    assert "将新增0条" not in preview.content.decode()
    response = imports.confirm(client, batch)
    assert response.status_code == 200
    assert "导入完成：新增1条，更新0条，未变0条。" in response.content.decode()
    assert MediationCase.objects.filter(office=committee).count() == 1


def test_page_own_office_and_parent_import(cast, committee, login):
    for user in (cast.township_clerk, cast.county_supervisor):
        client = login(user)
        assert client.get(reverse("mediation:case_import")).status_code == 200
    client = login(cast.county_supervisor)
    url = reverse("mediation:case_import")
    response, _batch = imports.import_file(client, url, xlsx(good_rows(committee)))
    assert "导入完成：新增4条，更新0条，未变0条。" in response.content.decode()
    response, _batch = imports.import_file(client, url, xlsx(good_rows(committee)))
    assert "导入完成：新增0条，更新0条，未变4条。" in response.content.decode()


def test_page_from_the_sibling_office_cannot_import_into_the_committee(cast, committee, login):
    client = login(cast.sibling_clerk)
    url = reverse("mediation:case_import")
    response, _batch = imports.upload(client, url, xlsx([row(committee)]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "不存在或不在您的管理范围内" in content
    assert committee.name not in content
    assert not MediationCase.objects.exists()


def test_page_and_template_need_edit_rights_somewhere(cast, login):
    for user in (cast.public_user, cast.auditor):
        client = login(user)
        assert client.get(reverse("mediation:case_import")).status_code == 403
        assert client.get(reverse("mediation:case_import_template")).status_code == 403


def test_a_person_registered_outside_the_users_scope_is_imported_as_a_new_one(cast, committee):
    """Issue 14, item 8: the import neither refuses nor names the other office's entry."""
    theirs = person_register(
        actor=cast.sibling_clerk,
        office=cast.township_a2,
        name="张三",
        doc_type=DocumentType.RESIDENT_ID,
        id_number=ID_1,
    )

    case_import(actor=cast.township_clerk, file=xlsx([row(committee)]))

    assert MediationCase.objects.count() == 1
    mine = Person.objects.exclude(pk=theirs.pk).get(id_number_hash=theirs.id_number_hash)
    assert mine.office != cast.township_a2


def test_a_closing_date_in_the_future_is_refused_by_the_action_and_named(cast, committee):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    late = row(committee, **{"结果": "调解不成", "调结日期": tomorrow.isoformat()})

    with pytest.raises(ValidationError) as excinfo:
        case_import(actor=cast.township_clerk, file=xlsx([late]))

    [message] = error_messages(excinfo)
    assert message.startswith(f"第2行 {LETTER['调结日期']}列（调结日期）：")
    assert not MediationCase.objects.exists()
