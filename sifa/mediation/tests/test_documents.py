"""人民调解协议书 and 受理登记表 (.docx): parsed back with python-docx, checked field by field."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from sifa.audit.models import AccessLog
from sifa.core import docx as layout
from sifa.core.masking import mask_id_number
from sifa.mediation import documents
from sifa.mediation.actions.cases import PartyInput, agreement_record
from sifa.mediation.constants import AgreementForm, PartyKind, PartyRole
from sifa.mediation.tests.factories import make_case_in_mediation, make_committee, make_mediator
from sifa.people.actions import person_register
from sifa.people.models import DocumentType

APPLICANT_ID = "11010519491231002X"
APPLICANT_PHONE = "13800138000"


def _text(document) -> str:
    """Every paragraph of the body and of every table cell, one per line."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def _parse(content: bytes):
    return Document(BytesIO(content))


@pytest.fixture
def world(cast):
    """A case in committee of township A1 with a registered natural person and a company."""
    clerk = cast.township_clerk
    committee = make_committee(cast.township_a1)
    mediator = make_mediator(committee, name="李调解")
    applicant = person_register(
        actor=clerk,
        office=committee,
        name="张三",
        doc_type=DocumentType.RESIDENT_ID,
        id_number=APPLICANT_ID,
        phone=APPLICANT_PHONE,
        address="甲一镇幸福村3组",
    )
    parties = [
        PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=applicant),
        PartyInput(
            role=PartyRole.RESPONDENT,
            kind=PartyKind.LEGAL,
            organisation="青川市某物业服务有限公司",
            agent="王经理",
        ),
    ]
    today = timezone.localdate()
    case = make_case_in_mediation(
        clerk,
        committee,
        mediator=mediator,
        on=today - datetime.timedelta(days=9),
        parties=parties,
        received_on=today - datetime.timedelta(days=10),
        claims="要求赔偿维修费用。",
    )
    return cast, case, applicant, mediator


def _written_agreement(case, actor):
    today = timezone.localdate()
    return agreement_record(
        actor=actor,
        case=case,
        form=AgreementForm.WRITTEN,
        reached_on=today - datetime.timedelta(days=5),
        facts_and_issues="物业公司维修管道时损坏申请人家中地板。",
        terms="一、被申请人赔偿申请人维修费3000元。\n二、双方就此事再无其他争议。",
        performance_method="银行转账",
        performance_deadline=today + datetime.timedelta(days=20),
        amount=3000,
        parties_signed_on=today - datetime.timedelta(days=5),
        mediator_signed_on=today - datetime.timedelta(days=4),
        sealed_on=today - datetime.timedelta(days=3),
    )


def test_agreement_docx_carries_the_record(world):
    cast, case, _applicant, mediator = world
    agreement = _written_agreement(case, cast.township_clerk)

    document = _parse(documents.agreement_docx(case, actor=cast.township_clerk))
    text = _text(document)

    assert document.paragraphs[0].text == "人民调解协议书"
    assert f"编号：{case.number}" in text
    assert case.office.name in text
    assert "当事人（申请人）：张三" in text
    assert "当事人（被申请人）：青川市某物业服务有限公司" in text
    assert "委托代理人：王经理" in text
    assert "物业公司维修管道时损坏申请人家中地板。" in text
    assert "一、被申请人赔偿申请人维修费3000元。" in text
    assert "二、双方就此事再无其他争议。" in text
    assert "银行转账" in text
    # Effective on the latest of the three dates (人民调解法 第29条), printed in Chinese form.
    assert f"本协议生效日期：{layout.chinese_date(agreement.effective_on)}" in text
    assert "第二十九条" in text
    assert "本协议一式三份" in text
    assert mediator.person.name in text


def test_agreement_docx_is_in_full_for_the_clerk_of_the_case_and_logged(world):
    """SIFA_DOCUMENTS_FULL_ID_NUMBERS lists mediation.agreement: the clerk who handles the case
    (edit, no people.reveal) prints the numbers the signed 协议书 needs, and it is logged."""
    cast, case, applicant, _mediator = world
    _written_agreement(case, cast.township_clerk)

    text = _text(_parse(documents.agreement_docx(case, actor=cast.township_clerk)))

    assert f"公民身份号码：{APPLICANT_ID}" in text
    log = AccessLog.objects.get()
    assert (log.user, log.object_id, log.field) == (
        cast.township_clerk,
        str(applicant.pk),
        "id_number",
    )
    assert log.purpose == f"生成人民调解协议书（案件 {case.number}）"


def test_a_template_left_out_of_the_setting_masks_numbers_for_everyone(world, settings):
    cast, case, _applicant, _mediator = world
    _written_agreement(case, cast.township_clerk)
    settings.SIFA_DOCUMENTS_FULL_ID_NUMBERS = ("mediation.confirmation_application",)

    for user in (cast.township_clerk, cast.county_supervisor):
        text = _text(_parse(documents.agreement_docx(case, actor=user)))
        assert APPLICANT_ID not in text
        assert mask_id_number(APPLICANT_ID) in text
    assert not AccessLog.objects.exists()  # nothing revealed, nothing logged


def test_agreement_docx_prints_full_numbers_for_reveal_and_logs_it(world):
    cast, case, applicant, _mediator = world
    _written_agreement(case, cast.township_clerk)
    supervisor = cast.county_supervisor  # 业务科室 holds people.reveal

    text = _text(_parse(documents.agreement_docx(case, actor=supervisor, ip_address="10.0.0.8")))

    assert f"公民身份号码：{APPLICANT_ID}" in text
    log = AccessLog.objects.get()
    assert (log.user, log.model, log.object_id, log.field) == (
        supervisor,
        "people.person",
        str(applicant.pk),
        "id_number",
    )
    assert case.number in log.purpose
    assert log.ip_address == "10.0.0.8"


def test_agreement_docx_without_actor_is_masked(world):
    cast, case, _applicant, _mediator = world
    _written_agreement(case, cast.township_clerk)

    text = _text(_parse(documents.agreement_docx(case)))

    assert APPLICANT_ID not in text


def test_agreement_docx_sets_east_asian_fonts(world):
    cast, case, _applicant, _mediator = world
    _written_agreement(case, cast.township_clerk)

    document = _parse(documents.agreement_docx(case))
    title = document.paragraphs[0].runs[0]
    body = next(p for p in document.paragraphs if p.text.startswith("当事人（申请人）")).runs[0]

    assert title.bold
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == layout.SONG
    assert body._element.rPr.rFonts.get(qn("w:eastAsia")) == layout.FANGSONG


def test_oral_agreement_prints_the_oral_record(world):
    cast, case, _applicant, _mediator = world
    reached = timezone.localdate() - datetime.timedelta(days=2)
    agreement_record(
        actor=cast.township_clerk,
        case=case,
        form=AgreementForm.ORAL,
        reached_on=reached,
        terms="被申请人当场赔偿500元。",
    )

    text = _text(_parse(documents.agreement_docx(case)))

    assert "人民调解口头协议记录" in text
    assert "第三十条" in text
    assert f"本协议生效日期：{layout.chinese_date(reached)}" in text


def test_registration_docx_is_a_bordered_table_of_the_case(world):
    cast, case, _applicant, mediator = world

    document = _parse(documents.registration_docx(case, actor=cast.township_clerk))
    text = _text(document)

    assert document.paragraphs[0].text == "人民调解受理登记表"
    assert len(document.tables) == 1
    assert document.tables[0].style.name == "Table Grid"
    for expected in (
        case.number,
        layout.chinese_date(case.received_on),
        "依申请",
        "邻里纠纷",
        "张三",
        "青川市某物业服务有限公司",
        case.facts,
        "要求赔偿维修费用。",
        mediator.person.name,
        str(cast.township_clerk),
    ):
        assert expected in text
    assert APPLICANT_PHONE not in text
    assert mask_id_number(APPLICANT_ID) in text


def test_registration_docx_is_masked_by_default_even_for_reveal(world):
    cast, case, _applicant, _mediator = world

    text = _text(_parse(documents.registration_docx(case, actor=cast.county_supervisor)))

    assert APPLICANT_ID not in text and APPLICANT_PHONE not in text
    assert mask_id_number(APPLICANT_ID) in text
    assert not AccessLog.objects.exists()


def test_registration_docx_set_to_full_logs_id_and_phone(world, settings):
    cast, case, _applicant, _mediator = world
    settings.SIFA_DOCUMENTS_FULL_ID_NUMBERS = ("mediation.registration",)

    text = _text(_parse(documents.registration_docx(case, actor=cast.county_supervisor)))

    assert APPLICANT_ID in text and APPLICANT_PHONE in text
    assert set(AccessLog.objects.values_list("field", flat=True)) == {"id_number", "phone"}


def _confirmation(case, actor):
    from sifa.mediation.actions.cases import confirmation_apply

    agreement = _written_agreement(case, actor)
    return confirmation_apply(
        actor=actor,
        agreement=agreement,
        applied_on=timezone.localdate(),
        court="青川市人民法院",
        applicant_consented=True,
        respondent_consented=True,
    )


def test_confirmation_application_docx_goes_to_court_with_full_numbers(world):
    """司法确认申请书: both parties apply (人民调解法 第33条) with 身份证明 and 联系方式."""
    cast, case, applicant, _mediator = world
    confirmation = _confirmation(case, cast.township_clerk)

    content = documents.confirmation_application_docx(
        confirmation, actor=cast.township_clerk, ip_address="10.0.0.9"
    )
    text = _text(_parse(content))

    assert _parse(content).paragraphs[0].text == "司法确认申请书"
    assert "申请人（申请人）：张三" in text
    assert "申请人（被申请人）：青川市某物业服务有限公司" in text
    assert f"公民身份号码：{APPLICANT_ID}" in text
    assert f"联系电话：{APPLICANT_PHONE}" in text
    assert "一、被申请人赔偿申请人维修费3000元。" in text
    assert "第三十三条" in text
    assert "青川市人民法院" in text
    logs = AccessLog.objects.filter(user=cast.township_clerk, object_id=str(applicant.pk))
    assert set(logs.values_list("field", flat=True)) == {"id_number", "phone"}
    assert all(log.purpose == f"生成司法确认申请书（案件 {case.number}）" for log in logs)


def test_confirmation_application_download_own_office_and_sibling(world, login):
    cast, case, _applicant, _mediator = world
    confirmation = _confirmation(case, cast.township_clerk)
    url = reverse("mediation:case_confirmation_application_docx", args=[confirmation.pk])

    assert login(cast.sibling_clerk).get(url).status_code == 404
    response = login(cast.township_clerk).get(url)
    assert response.status_code == 200
    assert APPLICANT_ID in _text(_parse(response.content))
    detail = login(cast.township_clerk).get(reverse("mediation:case_detail", args=[case.pk]))
    assert url in detail.content.decode()


def test_generated_document_converts_with_libreoffice(world, tmp_path: Path):
    """The .docx parses back; when LibreOffice is installed it also converts to PDF.

    LibreOffice is not installed on CI, so only the conversion step depends on it: the parse
    check always runs, and the PDF assertion runs wherever `soffice`/`libreoffice` exists.
    """
    cast, case, _applicant, _mediator = world
    _written_agreement(case, cast.township_clerk)
    source = tmp_path / "agreement.docx"
    source.write_bytes(documents.agreement_docx(case))
    assert _parse(source.read_bytes()).paragraphs[0].text == "人民调解协议书"

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        subprocess.run(  # noqa: S603 - fixed arguments, the program found by shutil.which
            [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            check=True,
            timeout=120,
            capture_output=True,
        )
        pdf = tmp_path / "agreement.pdf"
        assert pdf.exists() and pdf.stat().st_size > 0


def test_chinese_date_and_blank():
    assert layout.chinese_date(datetime.date(2026, 3, 9)) == "2026年3月9日"
    assert layout.chinese_date(None) == layout.BLANK_DATE
